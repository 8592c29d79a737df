package org.collapseharness.verification.perf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Whole-process bench case: the launcher script run as a fresh process ({@code ./harness <command> ... --json}), JVM
 * start included, timed from outside; the verdict is read from the child's JSON by a {@link ChildCheck} (for
 * {@code simulate}: its {@code maxAbsErrorVsExact} against the independent Krylov/Chebyshev witness and the fitted
 * rate; for {@code projection}: {@link #PROJECTION_PROTECTED_VALUE}). The launcher path comes from the
 * system property {@value #LAUNCHER_PROPERTY}, which {@code ./harness} sets; without it (e.g. inside Maven) the case
 * is SKIPPED and says so.
 */
public final class ProcessBenchCase implements BenchCase {
    /** System property naming the launcher script (set by ./harness). */
    public static final String LAUNCHER_PROPERTY = "harness.launcher";
    /** The reference wall time (lower end of 35–48 s) and the speed-up asked for. */
    public static final double REFERENCE_SECONDS = 35;
    public static final double TARGET_SPEEDUP = 100;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** What a check reads off the child's JSON. */
    public record Verdict(boolean ok, double error, double errorBound, String witness, long witnessEvaluations,
                          String note) {
    }

    /** Reads the verdict of one run from the child's JSON. */
    @FunctionalInterface
    public interface ChildCheck {
        Verdict read(JsonNode json);
    }

    /** ./harness simulate: error against the exact witness within {@link MinimalModelBenchCase#ERROR_BOUND}. */
    public static final ChildCheck SIMULATE = json -> {
        double err = json.path("maxAbsErrorVsExact").asDouble(Double.NaN);
        return new Verdict(err <= MinimalModelBenchCase.ERROR_BOUND, err, MinimalModelBenchCase.ERROR_BOUND,
                json.path("exactWitness").asText(), json.path("witnessRhsEvaluations").asLong(),
                String.format(Locale.ROOT, "route %s; slowRateFitted=%.10g (from the child's trajectory); speed "
                                + "target: median wall ≤ %s s (see timing.wallSeconds)",
                        json.path("parameters").path("route").asText(),
                        json.path("slowRateFitted").asDouble(Double.NaN), fmt(REFERENCE_SECONDS / TARGET_SPEEDUP)));
    };

    /** Bound on |smallest eigenvalue of W² on the bias span − derived protected value| of {@link #PROJECTION_PROTECTED_VALUE}. */
    public static final double PROJECTION_BOUND = 1e-6;

    /**
     * ./harness projection --stop-gradient: the smallest eigenvalue of W² on the span of the class biases within
     * {@link #PROJECTION_BOUND} of the derived protected value 1 − ρ (a separated end state).
     */
    public static final ChildCheck PROJECTION_PROTECTED_VALUE = json -> {
        double lo = Double.NaN;
        for (JsonNode ev : json.path("biasSubspaceSpectrum")) {
            lo = Double.isNaN(lo) ? ev.get(0).asDouble() : Math.min(lo, ev.get(0).asDouble());
        }
        double err = Math.abs(lo - json.path("protectedValueDerived").asDouble(Double.NaN));
        JsonNode s = json.path("solver");
        return new Verdict(err <= PROJECTION_BOUND, err, PROJECTION_BOUND, "derived protected value 1 - rho", 0,
                String.format(Locale.ROOT, "integrator %s (%s): %d steps, %d Jacobians, %d LU; in-process solve %.3f s",
                        json.path("parameters").path("integrator").asText(), s.path("integrator").asText(),
                        s.path("acceptedSteps").asLong(), s.path("jacobianEvaluations").asLong(),
                        s.path("luDecompositions").asLong(), json.path("wallSeconds").asDouble(Double.NaN)));
    };

    private final String id;
    private final List<String> args;
    private final int repeats;
    private final ChildCheck check;

    /** A {@code simulate} case ({@link #SIMULATE}). */
    public ProcessBenchCase(String id, List<String> args, int repeats) {
        this(id, args, repeats, SIMULATE);
    }

    public ProcessBenchCase(String id, List<String> args, int repeats, ChildCheck check) {
        this.id = id;
        this.args = List.copyOf(args);
        this.repeats = repeats;
        this.check = check;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String description() {
        return "whole process: ./harness " + String.join(" ", args) + " (JVM start included, median of " + repeats
                + " runs after one warm-up" + (check == SIMULATE ? "; target ≤ " + fmt(REFERENCE_SECONDS / TARGET_SPEEDUP)
                + " s = 100× faster than the issue's 35 s)" : ")");
    }

    @Override
    public BenchResult run() {
        String launcher = System.getProperty(LAUNCHER_PROPERTY);
        if (launcher == null || !new File(launcher).canRead()) {
            return new BenchResult(id, description(), "SKIPPED", Map.of(), "process", Double.NaN, Double.NaN, 0, "",
                    0, Double.NaN, Double.NaN, MinimalModelBenchCase.ERROR_BOUND, new double[0],
                    "not started through ./harness (system property " + LAUNCHER_PROPERTY + " unset): no launcher to "
                            + "time");
        }
        double[] walls = new double[repeats];
        JsonNode json = null;
        String failure = null;
        for (int i = -1; i < repeats && failure == null; i++) {
            long t0 = System.nanoTime();
            Outcome o = launch(launcher);
            double wall = (System.nanoTime() - t0) / 1e9;
            if (o.failure != null) {
                failure = o.failure;
            } else if (i >= 0) {
                walls[i] = wall;
                json = o.json;
            }
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("command", "./harness " + String.join(" ", args));
        p.put("repeats", repeats);
        if (failure != null || json == null) {
            return new BenchResult(id, description(), "FAIL", p, "process", Double.NaN, Double.NaN, 0, "", 0,
                    Double.NaN, Double.NaN, MinimalModelBenchCase.ERROR_BOUND, new double[0],
                    failure == null ? "no run" : failure);
        }
        double[] sorted = walls.clone();
        Arrays.sort(sorted);
        double median = sorted[repeats / 2];
        Verdict v = check.read(json);
        boolean ok = "SUCCESS".equals(json.path("returnCode").asText()) && v.ok();
        return new BenchResult(id, description(), ok ? "OK" : "FAIL", p, "process", median, Double.NaN,
                json.path("rhsEvaluations").asLong(), v.witness(), v.witnessEvaluations(), Double.NaN, v.error(),
                v.errorBound(), new double[0], v.note());
    }

    private record Outcome(JsonNode json, String failure) {
    }

    private Outcome launch(String launcher) {
        List<String> cmd = new ArrayList<>();
        cmd.add("bash");
        cmd.add(launcher);
        cmd.addAll(args);
        try {
            Process proc = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = proc.getInputStream().readAllBytes();
            if (!proc.waitFor(120, TimeUnit.SECONDS)) {
                proc.destroyForcibly();
                return new Outcome(null, "child did not finish within 120 s");
            }
            if (proc.exitValue() != 0) {
                return new Outcome(null, "child exit code " + proc.exitValue());
            }
            return new Outcome(MAPPER.readTree(new String(out, StandardCharsets.UTF_8)), null);
        } catch (java.io.IOException e) {
            return new Outcome(null, "could not run the launcher: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(null, "interrupted");
        }
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
