package org.collapseharness.verification.claims;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.collapseharness.numerics.ParticleLayout;
import org.collapseharness.numerics.ReturnCode;
import org.collapseharness.numerics.variant.VariantFlow;
import org.collapseharness.numerics.variant.VariantRun;
import org.collapseharness.theory.nonlinear.FieldChecks;
import org.collapseharness.theory.nonlinear.NonlinearDerivation;
import org.collapseharness.theory.nonlinear.NonlinearDerivation.Derived;
import org.collapseharness.theory.nonlinear.NonlinearDerivation.Term;
import org.collapseharness.theory.symbolic.SymjaWitness;
import org.collapseharness.theory.variant.LossVariant;
import org.collapseharness.verification.Claim;
import org.collapseharness.verification.ClaimSpec;
import org.collapseharness.verification.Evidence;
import org.collapseharness.verification.Threshold;
import org.collapseharness.verification.Tolerance;

/**
 * The generic checks of a nonlinear variant (cos, norms, Exp/Log, label-pair, contrast and statistic terms), derived by
 * {@link NonlinearDerivation} and integrated by {@link VariantRun}; results beyond the paper. Rows {@code V/NAME/...}:
 * {@code field} (compiled field vs the un-compiled graph and vs central differences of the written-out loss with
 * sg held, compiled Jacobian vs differences of the field and vs forward mode), {@code symja} (slow: Symja's D of the
 * written-out loss at d = 2 vs the compiled field and Jacobian, {@link SymjaWitness}), {@code dynamics} (Rodas4 with the derived Jacobian to T = 200,
 * its outcome, DP853 as witness), {@code stability} (Newton fixed point from the end state: zero field, Jacobian
 * spectrum, the late-time decay of the field vs the slowest nonzero eigenvalue; only for runs that reach no singular
 * set), {@code ablation} (sg removed), {@code labels-ablation} (the label-pair term removed).
 */
public final class NonlinearVariantClaims {
    static final long SEED = VariantClaims.SEED;
    /** Dimension of the Symja witness (the written-out head terms grow as d^4 in the Jacobian). */
    static final int SYMJA_DIM = 2;
    static final double T_END = 200;
    static final int POINTS = 200;
    static final double RTOL = 1e-8;
    static final Tolerance COMPILED = Tolerance.absolute("compiled-vs-graph", 1e-12,
            "the compiled program and the graph walk evaluate the same operations in a different order");
    static final Tolerance DIFFERENCES = Tolerance.absolute("central-differences", 1e-6,
            "central differences with step 1e-5 have truncation error ~1e-10 |f'''| and round-off ~1e-11/1e-5");
    static final Tolerance SYMJA = Tolerance.absolute("compiled-vs-symja", 1e-10,
            "two exact derivations evaluated in double precision in different orders (errors relative to max(1, |f|))");
    static final Tolerance SLOW_MODE = Tolerance.relative("slowest-mode-rate", 0.05,
            "a fitted exponential rate over a window where the next mode has decayed by the settle criterion (5 %)");
    static final Tolerance WITNESS = Tolerance.absolute("variant-witness", 1e-4,
            "Rodas4 at rtol 1e-8 (atol 1e-11) and DP853 at the same tolerance, compared over t in [0, 200]");
    static final Tolerance STOP_TIME = Tolerance.relative("singular-stop-time", 0.01,
            "the stop time is where a trial state first crosses the floor; the integrators' trial states differ");
    static final Threshold ZERO_FIELD = Threshold.atMost("fixed-point-residual", 1e-9,
            "Newton's tolerance is 1e-10 max(1, |u|)");
    static final Threshold SINGULAR_BEFORE_END = Threshold.atMost("singular-before-end", T_END,
            "a run that reaches a singular set stops before t-end");
    static final Threshold FLOW_DIFFERS = Threshold.atLeast("ablation-changes-the-field", 1e-3,
            "removing the ablated ingredient (sg, or the label-pair term) must change the field by more than the "
                    + "differences' error");
    static final Threshold SG_NO_OP = Threshold.atMost("sg-no-op", 1e-12,
            "two compiled programs of the same function differ by round-off only");

    private NonlinearVariantClaims() {
    }

    public static List<Claim> forVariant(LossVariant v) {
        String src = NonlinearVariantClaims.class.getName();
        String sec = "variant " + v.name() + " (beyond the paper)";
        String p = "V/" + v.name() + "/";
        List<Claim> claims = new ArrayList<>();
        claims.add(new Claim(new ClaimSpec(p + "field", sec, "Derived field and Jacobian of " + v.name(),
                "The compiled field equals the un-compiled graph and the central differences of the written-out loss "
                        + "(stop-gradients held at their values); the compiled Jacobian equals differences of the field "
                        + "and the forward-mode Jacobian the integrator uses.",
                List.of(), false, src), e -> field(e, v)));
        claims.add(new Claim(new ClaimSpec(p + "symja", sec, "Symja witness of the derivation of " + v.name(),
                "Symja's D of the written-out loss (sg semantics, d = 2) equals the compiled field, and D of that field "
                        + "the compiled Jacobian (the second, independent route of the derivation; Symja starts in "
                        + "about 2 s, hence slow).",
                List.of(p + "field"), true, src), e -> symja(e, v)));
        claims.add(new Claim(new ClaimSpec(p + "dynamics", sec, "Outcome of " + v.name() + " under frustration",
                "Rodas4 with the derived Jacobian, witnessed by DP853: collapse, separation, or a singular set "
                        + "(dimensional collapse of the head, a vanishing norm) reached at a reported time.",
                List.of(p + "field"), false, src), e -> dynamics(e, v)));
        claims.add(new Claim(new ClaimSpec(p + "stability", sec, "Fixed point and stability of " + v.name(),
                "Newton on the derived field from the end state finds a zero of the field; the Jacobian spectrum "
                        + "there predicts (in)stability, and the field of the run decays at the rate of the slowest "
                        + "nonzero eigenvalue (zero modes are symmetry directions along a manifold of fixed points).",
                List.of(p + "dynamics"), false, src), e -> stability(e, v)));
        if (v.usesStopGradient()) {
            claims.add(new Claim(new ClaimSpec(p + "ablation", sec, "Stop-gradient ablation for " + v.name(),
                    "Removing the sg markers changes the derived field; whether the outcome changes is reported.",
                    List.of(p + "field"), false, src), e -> ablation(e, v)));
        }
        if (!v.extra().labels().isEmpty()) {
            claims.add(new Claim(new ClaimSpec(p + "labels-ablation", sec, "Label-pair term ablation for " + v.name(),
                    "Removing the label-pair term changes the field; the outcome with and without it is reported "
                            + "(does the term prevent collapse under frustration?).",
                    List.of(p + "dynamics"), false, src), e -> labelsAblation(e, v)));
        }
        return claims;
    }

    static Derived derive(LossVariant v) {
        int[] s = v.checkSizes();
        return NonlinearDerivation.derive(v, s[3], s[0], 0);
    }

    static VariantFlow flow(LossVariant v, Derived d) {
        int[] s = v.checkSizes();
        return new VariantFlow(new ParticleLayout(s[0], s[1], s[2], s[3]), d);
    }

    static void describe(Evidence e, LossVariant v) {
        e.param("variant", v.name()).param("file", VariantClaims.displayPath(v.source()))
                .param("K,n,m,d", Arrays.toString(v.checkSizes()))
                .param("cleanTerm", v.loss().cleanTerm()).param("parameters", v.loss().parameters().asMap().toString());
        LossVariant.Extra x = v.extra();
        if (!x.labels().isEmpty()) {
            e.param("labelsTerm", x.labels());
        }
        if (!x.contrast().isEmpty()) {
            e.param("contrastTerm", x.contrast());
        }
        if (!x.statistic().isEmpty()) {
            e.param("statistic", x.statistic());
        }
        e.note("beyond the paper: a loss the paper does not analyse, run through the generic nonlinear pipeline");
    }

    static void field(Evidence e, LossVariant v) {
        describe(e, v);
        Derived d = derive(v);
        e.measure("derivationSeconds", d.seconds()).measure("compiledInstructions", d.instructions());
        double graph = 0;
        double loss = 0;
        double jac = 0;
        double fwd = 0;
        for (Term t : d.terms()) {
            double[][] pts = FieldChecks.points(t.inputs(), 5, SEED);
            graph = Math.max(graph, FieldChecks.fieldVsGraph(t, pts));
            loss = Math.max(loss, FieldChecks.fieldVsLoss(t, t, pts));
            jac = Math.max(jac, FieldChecks.jacobianVsField(t, pts));
            fwd = Math.max(fwd, FieldChecks.forwardVsProgram(t, pts));
        }
        e.compare("compiled field vs graph walk (max relative error, every term, 5 random states)", graph, 0,
                COMPILED);
        e.compare("compiled field vs -(central differences of the loss, sg held)", loss, 0, DIFFERENCES);
        e.compare("compiled Jacobian vs central differences of the compiled field", jac, 0, DIFFERENCES);
        e.compare("forward-mode Jacobian of the compiled field (what the integrator uses) vs the compiled Jacobian",
                fwd, 0, COMPILED);
        if (v.usesStopGradient()) {
            Derived plain = derive(v.withoutStopGradient());
            double worst = 0;
            for (int i = 0; i < d.terms().size(); i++) {
                Term t = d.terms().get(i);
                double[][] pts = FieldChecks.points(t.inputs(), 5, SEED);
                worst = Math.max(worst, FieldChecks.fieldVsLoss(t, plain.terms().get(i), pts));
            }
            e.control("the sg field against differences of the loss without sg (sg ignored)", worst,
                    DIFFERENCES.value(), !DIFFERENCES.accepts(worst, 0));
        }
        e.note("not derived: " + String.join("; ", NonlinearDerivation.NOT_DERIVED));
    }

    /** The second route: Symja's D of the written-out loss (d = 2, the check's K) against the compiled programs. */
    static void symja(Evidence e, LossVariant v) {
        describe(e, v);
        long start = System.nanoTime();
        Derived small = NonlinearDerivation.derive(v, SYMJA_DIM, v.checkSizes()[0], 0);
        double[] err = SymjaWitness.maxError(small, small, 3, SEED, false);
        double[] wired = SymjaWitness.maxError(small, small, 1, SEED, true);
        e.param("symjaDim", SYMJA_DIM).measure("symjaSeconds", (System.nanoTime() - start) / 1e9);
        e.compare("compiled field vs Symja D of the written-out loss (sg semantics, d = " + SYMJA_DIM
                + ", 3 random states)", err[0], 0, SYMJA);
        e.compare("compiled Jacobian vs Symja D of that field (d = " + SYMJA_DIM + ")", err[1], 0, SYMJA);
        e.control("Symja's field evaluated at mis-wired inputs (reversed order)", wired[0], 0,
                !SYMJA.accepts(wired[0], 0));
    }

    static VariantRun.Result run(LossVariant v, Derived d, long seed, boolean newton) {
        VariantFlow f = flow(v, d);
        return VariantRun.run(f, VariantRun.initialState(f, seed), T_END, POINTS, VariantRun.rodas(RTOL), newton);
    }

    static void dynamics(Evidence e, LossVariant v) {
        describe(e, v);
        Derived d = derive(v);
        VariantFlow f = flow(v, d);
        double[] u0 = VariantRun.initialState(f, SEED);
        VariantRun.Result r = VariantRun.run(f, u0, T_END, POINTS, VariantRun.rodas(RTOL), false);
        e.param("tEnd", T_END).param("seed", SEED).param("integrator", "rodas (derived Jacobian), rtol " + RTOL);
        e.measure("outcome", r.outcome().text()).measure("returnCode", r.code().name())
                .measure("minL2Initial", r.minL2()[0]).measure("minL2Final", r.minL2()[r.minL2().length - 1])
                .measure("rodasSteps", r.steps()).measure("rodasSeconds", r.wallSeconds());
        if (r.outcome() == VariantRun.Outcome.FAILED) {
            e.fail("integration " + r.code() + ": " + r.message());
            return;
        }
        boolean singular = r.code() == ReturnCode.SINGULAR_SET;
        if (singular) {
            e.measure("stopTime", r.stopTime()).note("stopped: " + r.message());
            // The witness runs to 0.9 of the stop (DP853 grinds on the approach) and must agree there.
            double tw = 0.9 * r.stopTime();
            VariantRun.Result a = VariantRun.run(f, u0, tw, 20, VariantRun.rodas(RTOL), false);
            VariantRun.Result w = VariantRun.run(f, u0, tw, 20, VariantRun.dp853(RTOL), false);
            witness(e, a, w, f, u0, tw);
            e.note("finding: " + v.name() + " reaches " + r.outcome().text() + " at t = " + r.stopTime()
                    + "; the loss is singular there (a normalised vector or the head loses rank), so this is where "
                    + "the gradient flow ends");
        } else {
            VariantRun.Result w = VariantRun.run(f, u0, T_END, POINTS, VariantRun.dp853(RTOL), false);
            witness(e, r, w, f, u0, T_END);
            e.measure("lateTimeRate", r.rate().ok() ? r.rate().rate() : Double.NaN);
            e.note("finding: " + v.name() + " " + r.outcome().text() + " under frustration (K, n, m, d = "
                    + Arrays.toString(v.checkSizes()) + "), MinL2 " + r.minL2()[0] + " -> "
                    + r.minL2()[r.minL2().length - 1]);
        }
    }

    private static void witness(Evidence e, VariantRun.Result r, VariantRun.Result w, VariantFlow f, double[] u0,
                                double t) {
        if (w.code() != ReturnCode.SUCCESS || r.code() != ReturnCode.SUCCESS) {
            e.fail("witness run to t = " + t + ": rodas " + r.code() + ", dp853 " + w.code() + " " + w.message());
            return;
        }
        double diff = maxDiff(r.last(), w.last());
        double[] other = VariantRun.initialState(f, SEED + 1);
        VariantRun.Result o = VariantRun.run(f, other, t, 20, VariantRun.dp853(RTOL), false);
        double wrong = o.code() == ReturnCode.SUCCESS ? maxDiff(r.last(), o.last()) : Double.POSITIVE_INFINITY;
        e.measure("witnessTime", t);
        e.compare("max |rodas - dp853| at t = " + t, diff, 0, WITNESS);
        e.control("rodas against a DP853 run from another seed", wrong, 0, !WITNESS.accepts(wrong, 0));
    }

    static void stability(Evidence e, LossVariant v) {
        describe(e, v);
        Derived d = derive(v);
        VariantRun.Result r = run(v, d, SEED, true);
        if (r.code() == ReturnCode.SINGULAR_SET) {
            e.measure("stopTime", r.stopTime());
            e.require("time of the singular stop (before t-end: no end state to start Newton from)", r.stopTime(),
                    SINGULAR_BEFORE_END, 0, "a stop at t = 0 (a singular initial state) is not what happened");
            e.note("no fixed point: the run ends on the singular set (" + r.outcome().text() + ")");
            return;
        }
        VariantRun.FixedPoint fp = r.fixedPoint();
        if (fp == null || !fp.converged() || fp.spectrum() == null) {
            e.fail("Newton from the end state did not converge" + (fp == null ? "" : " (residual " + fp.residual()
                    + " after " + fp.iterations() + " iterations)"));
            return;
        }
        var sp = fp.spectrum();
        e.measure("newtonIterations", fp.iterations()).measure("distanceFromEndState", fp.distance())
                .measure("zeroModes", sp.zeroModes()).measure("maxRealNonzero", sp.maxRealNonzero())
                .measure("rightmostNonzero", Arrays.toString(Arrays.copyOf(sp.real(), Math.min(sp.real().length,
                        sp.zeroModes() + 3))));
        e.require("max |field| at the Newton fixed point", fp.residual(), ZERO_FIELD, 1e-14,
                "a residual bound of 1e-14 (below round-off) is not met");
        double observed = fp.approach() != null && fp.approach().ok() ? fp.approach().rate() : Double.NaN;
        e.measure("observedApproachRate", observed);
        // Stability as predicted: a stable spectrum (up to its zero modes) and an observed approach to the fixed point.
        e.requireEqual("predicted stable (largest nonzero real part < 0) = observed approach (late rate < 0)",
                sp.stable() == observed < 0 ? 1 : 0, 1);
        e.control("the spectrum negated (predicting instability) against the observed approach", observed,
                -sp.maxRealNonzero(), (-sp.maxRealNonzero() < 0) != (observed < 0));
        e.measure("gapRateOverSlowestMode", observed / sp.maxRealNonzero());
        if (fp.fieldDecay() == null || !fp.fieldDecay().ok()) {
            e.fail("no late-time decay of the field to fit (" + (fp.fieldDecay() == null ? "none"
                    : fp.fieldDecay().message()) + ")");
            return;
        }
        double decay = fp.fieldDecay().rate();
        e.measure("fieldDecayWindow", "[" + fp.fieldDecay().tStart() + ", " + fp.fieldDecay().tEnd() + "]");
        e.compare("late-time decay rate of max|field(u(t))| vs the slowest nonzero eigenvalue at the fixed point",
                decay, sp.maxRealNonzero(), SLOW_MODE);
        if (sp.zeroModes() > 0) {
            e.note(sp.zeroModes() + " zero modes (symmetries: rotations of the whole configuration, and with "
                    + "normalised terms the norm of every normalised vector): the fixed points form a manifold, and the "
                    + "run converges to a point of it other than Newton's (max|u(t) - u*| levels off, its rate is "
                    + (observed / sp.maxRealNonzero()) + " of the slowest mode); the field vanishes on the whole "
                    + "manifold, so its decay measures the distance to the manifold and follows the slowest nonzero "
                    + "mode");
        }
    }

    static void ablation(Evidence e, LossVariant v) {
        describe(e, v);
        Derived d = derive(v);
        LossVariant plain = v.withoutStopGradient();
        Derived p = derive(plain);
        double diff = maxFieldChange(d, p, 1);
        if (SG_NO_OP.holds(diff)) {
            e.bound("max |field with sg - field without sg| at 5 random states (sg is a no-op for this loss)", diff,
                    SG_NO_OP);
            e.controlFails("the same comparison of the field with twice itself (a real change)",
                    maxFieldChange(d, d, 2), SG_NO_OP);
            e.measure("fieldChange", diff);
            e.note("removing sg does not change the field: for a symmetric term f(s, y) = f(y, s), each side's "
                    + "gradient through its own argument is the whole gradient");
            return;
        }
        e.bound("max |field with sg - field without sg| at 5 random states", diff, FLOW_DIFFERS);
        e.controlFails("the same comparison with sg kept on both sides (no ablation)", maxFieldChange(d, d, 1),
                FLOW_DIFFERS);
        VariantRun.Result with = run(v, d, SEED, false);
        VariantRun.Result without = run(plain, p, SEED, false);
        e.measure("outcomeWithSg", with.outcome().text()).measure("outcomeWithoutSg", without.outcome().text())
                .measure("outcomeChanges", with.outcome() != without.outcome());
        if (without.code() == ReturnCode.SINGULAR_SET) {
            e.measure("stopTimeWithoutSg", without.stopTime());
        }
        e.note("with sg: " + with.outcome().text() + (with.code() == ReturnCode.SINGULAR_SET ? " at t = "
                + with.stopTime() : "") + "; without sg: " + without.outcome().text()
                + (without.code() == ReturnCode.SINGULAR_SET ? " at t = " + without.stopTime() : ""));
    }

    /** max |a's term fields − scale · b's term fields| at 5 seeded random inputs per term. */
    static double maxFieldChange(Derived a, Derived b, double scale) {
        double diff = 0;
        for (int i = 0; i < a.terms().size(); i++) {
            Term t = a.terms().get(i);
            for (double[] x : FieldChecks.points(t.inputs(), 5, SEED)) {
                double[] fb = b.terms().get(i).field().evaluate(x);
                for (int k = 0; k < fb.length; k++) {
                    fb[k] *= scale;
                }
                diff = Math.max(diff, maxDiff(t.field().evaluate(x), fb));
            }
        }
        return diff;
    }

    static void labelsAblation(Evidence e, LossVariant v) {
        describe(e, v);
        Derived d = derive(v);
        LossVariant plain = v.withoutLabelPairTerm();
        Derived p = derive(plain);
        VariantFlow fw = flow(v, d);
        VariantFlow fo = flow(plain, p);
        double[] u0 = VariantRun.initialState(fw, SEED);
        double diff = maxDiff(fw.computeDerivatives(0, u0), fo.computeDerivatives(0, u0));
        e.bound("max |field with the label-pair term - field without| at the seeded initial state", diff,
                FLOW_DIFFERS);
        e.controlFails("the same comparison with the label-pair term kept on both sides (no ablation)",
                maxDiff(fw.computeDerivatives(0, u0), flow(v, d).computeDerivatives(0, u0)), FLOW_DIFFERS);
        VariantRun.Result with = run(v, d, SEED, false);
        VariantRun.Result without = run(plain, p, SEED, false);
        e.measure("outcomeWithLabelPairTerm", with.outcome().text())
                .measure("outcomeWithoutLabelPairTerm", without.outcome().text())
                .measure("outcomeChanges", with.outcome() != without.outcome())
                .measure("minL2FinalWith", with.minL2()[with.minL2().length - 1])
                .measure("minL2FinalWithout", without.minL2()[without.minL2().length - 1]);
        e.note("finding: with the label-pair term " + with.outcome().text() + ", without it " + without.outcome().text()
                + (with.outcome() != without.outcome() ? ": the term decides the outcome under frustration" : ""));
    }

    private static double maxDiff(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return Double.isNaN(m) ? Double.POSITIVE_INFINITY : m;
    }
}
