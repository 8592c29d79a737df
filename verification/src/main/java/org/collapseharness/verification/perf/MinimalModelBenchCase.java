package org.collapseharness.verification.perf;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.collapseharness.numerics.InitialStates;
import org.collapseharness.numerics.OdeAlgorithm;
import org.collapseharness.numerics.ParticleLayout;
import org.collapseharness.numerics.TimeGrid;
import org.collapseharness.numerics.propagation.MinimalModelRun;

/**
 * §3 bench case: the full-particle flow by a chosen route ({@link MinimalModelRun}), error against the independent
 * route (Chebyshev witness for exact routes, sector propagator for DP853).
 */
public final class MinimalModelBenchCase implements BenchCase {
    /** Bound for OK: the target accuracy. */
    public static final double ERROR_BOUND = 1e-8;
    public static final long SEED = 20260409L;

    private final String id;
    private final ParticleLayout layout;
    private final double tEnd;
    private final int points;
    private final MinimalModelRun.Route route;
    private final double[] witnessTimes;

    /**
     * @param witnessTimes times at which the witness checks the state (null: 4 times spread geometrically up to T)
     */
    public MinimalModelBenchCase(String id, ParticleLayout layout, double tEnd, int points, MinimalModelRun.Route route,
                                 double[] witnessTimes) {
        this.id = id;
        this.layout = layout;
        this.tEnd = tEnd;
        this.points = points;
        this.route = route;
        this.witnessTimes = witnessTimes;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String description() {
        return String.format(Locale.ROOT, "§3 minimal model K=%d n=%d m=%d d=%d (%d embeddings) T=%s, route %s",
                layout.classes(), layout.clean(), layout.shared(), layout.dim(), layout.vectors(), fmt(tEnd),
                route.name().toLowerCase(Locale.ROOT));
    }

    @Override
    public BenchResult run() {
        double[] y0 = InitialStates.gaussian(layout.size(), SEED, 1.0);
        double[] times = TimeGrid.mixed(tEnd, Math.min(1e-3, tEnd / 10), 40, points);
        int checks = 4;
        if (witnessTimes != null) {
            java.util.TreeSet<Double> s = new java.util.TreeSet<>();
            for (double t : times) {
                s.add(t);
            }
            for (double t : witnessTimes) {
                s.add(t);
            }
            times = s.stream().mapToDouble(Double::doubleValue).toArray();
        }
        long cpu0 = processCpu();
        MinimalModelRun.Result r = witnessTimes == null
                ? MinimalModelRun.run(layout, y0, times, route, OdeAlgorithm.dp853(1e-10, 1e-12), checks)
                : MinimalModelRun.runWithChecks(layout, y0, times, route, OdeAlgorithm.dp853(1e-10, 1e-12),
                        witnessTimes);
        double cpu = (processCpu() - cpu0) / 1e9;
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("classes", layout.classes());
        p.put("clean", layout.clean());
        p.put("shared", layout.shared());
        p.put("dim", layout.dim());
        p.put("embeddings", layout.vectors());
        p.put("tEnd", tEnd);
        p.put("outputTimes", times.length);
        p.put("seed", SEED);
        boolean ok = r.success() && r.maxAbsErrorVsExact() <= ERROR_BOUND;
        String note = r.success() ? String.format(Locale.ROOT,
                "slowRateFitted=%.10g slowRateNumericSector=%.10g",
                r.slowFit().ok() ? -r.slowFit().rate() : Double.NaN, r.numericSlowRate()) : r.message();
        return new BenchResult(id, description(), ok ? "OK" : "FAIL", p, r.route().name().toLowerCase(Locale.ROOT),
                r.routeSeconds(), cpu, r.rhsEvaluations(), r.witness(), r.witnessEvaluations(),
                r.witnessSeconds(), r.maxAbsErrorVsExact(), ERROR_BOUND, r.checkTimes(), note);
    }

    static long processCpu() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return 0;
    }

    static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
