package org.collapseharness.verification;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects what a claim check measured. Every {@code compare} records the comparison and, automatically, its negative
 * control: the same comparison against a wrong expectation (by default off by 10 %), which must be rejected.
 */
public final class Evidence {
    /** Default size of the deliberate error of a negative control. */
    public static final double CONTROL_OFFSET = 0.10;

    private final Map<String, Object> parameters = new LinkedHashMap<>();
    private final Map<String, Object> measurements = new LinkedHashMap<>();
    private final Map<String, Double> timings = new LinkedHashMap<>();
    private final List<Comparison> comparisons = new ArrayList<>();
    private final List<NegativeControl> controls = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<Plot> plots = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private String deviation = "";
    private DeviationCheck deviationCheck;

    public Evidence param(String name, Object value) {
        parameters.put(name, value);
        return this;
    }

    public Evidence measure(String name, Object value) {
        measurements.put(name, value);
        return this;
    }

    /** Records a measurement under a typed key (its {@link Measure#key()}), the form tests read. */
    public Evidence measure(Measure key, Object value) {
        return measure(key.key(), value);
    }

    /**
     * A wall-time measurement (seconds): reported under the row's {@code timing} key, which determinism comparisons
     * ignore; never put times into {@link #measure}.
     */
    public Evidence timing(String name, double seconds) {
        timings.put(name, seconds);
        return this;
    }

    public Evidence note(String text) {
        notes.add(text);
        return this;
    }

    public Evidence plot(Plot p) {
        plots.add(p);
        return this;
    }

    /** Marks a difference from the paper's wording; the verdict becomes DEVIATION if the evidence holds. */
    public Evidence deviation(String why) {
        deviation = deviation.isEmpty() ? why : deviation + " " + why;
        return this;
    }

    /**
     * Marks a difference from the paper's wording and names the quantity that differs (shown in the report's summary
     * row); the first sentence of {@code why} is the one-line reason.
     *
     * @param quantity what differs, e.g. "sg runs that stay separated"
     * @param measured its value here
     * @param paper    what the paper's wording implies, e.g. "all runs"
     * @param why      the explanation
     */
    public Evidence deviation(String quantity, double measured, String paper, String why) {
        if (deviationCheck == null) {
            deviationCheck = new DeviationCheck(quantity, measured, paper);
        }
        return deviation(why);
    }

    /** A numerical step failed (return code, non-convergence, too few points): the verdict is FAIL with this text. */
    public Evidence fail(String diagnostics) {
        failures.add(diagnostics);
        return this;
    }

    /** Compares and runs the default negative control (expected off by 10 %). */
    public boolean compare(String quantity, double measured, double expected, Tolerance tol) {
        double wrong = expected != 0 ? expected * (1 + CONTROL_OFFSET) : CONTROL_OFFSET;
        return compare(quantity, measured, expected, tol, wrong, "expected value off by 10%");
    }

    /** Compares and runs a negative control with an explicit wrong expectation. */
    public boolean compare(String quantity, double measured, double expected, Tolerance tol, double wrong,
                           String controlDescription) {
        Comparison c = Comparison.of(quantity, measured, expected, tol);
        comparisons.add(c);
        boolean rejected = !tol.accepts(measured, wrong);
        controls.add(new NegativeControl(quantity + ": " + controlDescription, measured, wrong, rejected));
        return c.pass();
    }

    /** Element-wise comparison; records the worst element, and a control with every expectation off by 10 %. */
    public boolean compareAll(String quantity, double[] measured, double[] expected, Tolerance tol) {
        if (measured.length != expected.length) {
            fail(quantity + ": " + measured.length + " measured values against " + expected.length + " expected");
            return false;
        }
        int worst = 0;
        double worstErr = -1;
        boolean allPass = true;
        boolean controlRejected = false;
        for (int i = 0; i < measured.length; i++) {
            double err = tol.error(measured[i], expected[i]);
            if (!tol.accepts(measured[i], expected[i])) {
                allPass = false;
                err = Double.isNaN(err) ? Double.POSITIVE_INFINITY : err;
            }
            if (err > worstErr) {
                worstErr = err;
                worst = i;
            }
            double wrong = expected[i] != 0 ? expected[i] * (1 + CONTROL_OFFSET) : CONTROL_OFFSET;
            if (!tol.accepts(measured[i], wrong)) {
                controlRejected = true;
            }
        }
        if (measured.length == 0) {
            fail(quantity + ": nothing to compare");
            return false;
        }
        comparisons.add(new Comparison(quantity + " (worst of " + measured.length + ")", measured[worst],
                expected[worst], worstErr, tol, allPass));
        controls.add(new NegativeControl(quantity + ": every expected value off by 10%", measured[worst],
                expected[worst] != 0 ? expected[worst] * (1 + CONTROL_OFFSET) : CONTROL_OFFSET, controlRejected));
        return allPass;
    }

    /**
     * A one-sided requirement: the measurement must meet the threshold. The negative control is the same requirement
     * with a wrong threshold value that the measurement must not meet.
     */
    public boolean require(String quantity, double measured, Threshold threshold, double wrongThreshold,
                           String controlDescription) {
        Comparison c = Comparison.bound(quantity, measured, threshold);
        comparisons.add(c);
        boolean wrongPass = threshold.at(wrongThreshold).holds(measured);
        controls.add(new NegativeControl(quantity + ": " + controlDescription, measured, wrongThreshold, !wrongPass));
        return c.pass();
    }

    /**
     * A one-sided bound without its own control: the claim must record a meaningful {@link #control} for it (the
     * verdict requires every claim to have at least one rejected control).
     */
    public boolean bound(String quantity, double measured, Threshold threshold) {
        Comparison c = Comparison.bound(quantity, measured, threshold);
        comparisons.add(c);
        return c.pass();
    }

    /** The negative control of a threshold: the same criterion applied to a measurement that must not meet it. */
    public Evidence controlFails(String description, double measured, Threshold threshold) {
        return control(description, measured, threshold.value(), !threshold.holds(measured));
    }

    /** A custom negative control: something deliberately wrong that the check must reject. */
    public Evidence control(String description, double measured, double wrong, boolean rejected) {
        controls.add(new NegativeControl(description, measured, wrong, rejected));
        return this;
    }

    /** An exact structural fact (counts, booleans): pass iff measured == expected; control: expected ± 1 rejected. */
    public boolean requireEqual(String quantity, long measured, long expected) {
        Tolerance tol = Tolerance.absolute("exact", 0, Tolerance.INTEGER_FACT);
        comparisons.add(new Comparison(quantity, measured, expected, Math.abs(measured - expected), tol,
                measured == expected, Comparison.Kind.EXACT));
        controls.add(new NegativeControl(quantity + ": expected + 1", measured, expected + 1, measured != expected + 1));
        return measured == expected;
    }

    ClaimResult result(ClaimSpec spec, double seconds) {
        boolean evidenceHolds = failures.isEmpty() && !comparisons.isEmpty()
                && comparisons.stream().allMatch(Comparison::pass)
                && !controls.isEmpty() && controls.stream().allMatch(NegativeControl::rejected);
        Status status = !evidenceHolds ? Status.FAIL : deviation.isEmpty() ? Status.PASS : Status.DEVIATION;
        List<String> allNotes = new ArrayList<>(notes);
        if (comparisons.isEmpty()) {
            allNotes.add("no comparison was recorded: a check that compares nothing cannot pass");
        }
        controls.stream().filter(c -> !c.rejected()).forEach(c ->
                allNotes.add("negative control NOT rejected (the check could not fail): " + c.description()));
        comparisons.stream().filter(c -> !c.pass()).forEach(c ->
                allNotes.add("failed: " + c.quantity() + " measured " + c.measured() + " expected " + c.expected()
                        + " error " + c.error() + " > " + c.tolerance()));
        Tolerance primary = comparisons.isEmpty() ? null : comparisons.get(0).tolerance();
        return new ClaimResult(spec.id(), spec.section(), spec.title(), spec.statement(), spec.uses(), status, primary,
                new LinkedHashMap<>(parameters),
                new LinkedHashMap<>(measurements), List.copyOf(comparisons), List.copyOf(controls),
                List.copyOf(allNotes), deviation, deviationCheck, String.join("; ", failures), List.copyOf(plots), spec.source(),
                seconds, new LinkedHashMap<>(timings));
    }
}
