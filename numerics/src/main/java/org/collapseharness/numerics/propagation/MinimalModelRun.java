package org.collapseharness.numerics.propagation;

import org.collapseharness.numerics.InitialStates;
import org.collapseharness.numerics.Metrics;
import org.collapseharness.numerics.MinimalModelFlow;
import org.collapseharness.numerics.ArrayOps;
import org.collapseharness.numerics.OdeAlgorithm;
import org.collapseharness.numerics.OdeProblem;
import org.collapseharness.numerics.OdeSolution;
import org.collapseharness.numerics.OdeSolver;
import org.collapseharness.numerics.ParticleLayout;
import org.collapseharness.numerics.RateFit;
import org.collapseharness.numerics.ReturnCode;

/**
 * One §3 simulation by a chosen route, with its error measured against a route independent of it:
 * <ul>
 *   <li>SECTOR / DENSE (exact propagators): checked against exp(tA) y0 from the hand-coded right-hand side alone:
 *       the {@link KrylovPropagator} (exact when its space becomes invariant, which the few distinct eigenvalues of
 *       the §3 flow make happen after ~10 vectors), else the {@link ChebyshevPropagator}, at
 *       {@code errorChecks} output times;</li>
 *   <li>DP853 (Hipparchus integrator): checked against the sector propagator at every output time.</li>
 * </ul>
 * MinL2 is recorded at every output time from the produced trajectory and the slow rate is fitted from it.
 */
public final class MinimalModelRun {
    public enum Route { AUTO, SECTOR, DENSE, DP853 }

    /**
     * @param route               the route that produced the trajectory
     * @param times               output times reached
     * @param minL2               MinL2 at those times (from the produced trajectory)
     * @param accuracyFinal       nearest-label accuracy at the last time reached
     * @param lossFinal           loss at the last time reached
     * @param maxAbsErrorVsExact  max |produced − witness| over the check times and all coordinates
     * @param witness             description of the independent route
     * @param errorCheckTimes     number of output times at which the error was measured
     * @param rhsEvaluations      right-hand-side evaluations of the timed route
     * @param witnessEvaluations  right-hand-side evaluations of the witness
     * @param slowFit             late-time fit of log MinL2
     * @param numericSlowRate     smallest |eigenvalue| of the numerically restricted sector-II matrix
     * @param invarianceResidual  sector invariance residual (sector route; NaN otherwise)
     * @param code                SUCCESS or the integrator's failure
     * @param message             diagnostics
     * @param routeSeconds        wall time of the route
     * @param witnessSeconds      wall time of the witness
     * @param checkTimes          the times at which the error was measured
     * @param finalState          the state at the last time reached (y0 when none was reached; null when the route could
     *                            not start)
     */
    public record Result(ParticleLayout layout, Route route, double[] times, double[] minL2, double accuracyFinal,
                         double lossFinal, double maxAbsErrorVsExact, String witness, int errorCheckTimes,
                         long rhsEvaluations, long witnessEvaluations, RateFit slowFit, double numericSlowRate,
                         double invarianceResidual, ReturnCode code, String message, double routeSeconds,
                         double witnessSeconds, double[] checkTimes, double[] finalState) {
        public boolean success() {
            return code == ReturnCode.SUCCESS;
        }
    }

    private MinimalModelRun() {
    }

    public static Result run(ParticleLayout l, long seed, double[] times, Route route, OdeAlgorithm algorithm,
                             int errorChecks) {
        return run(l, InitialStates.gaussian(l.size(), seed, 1.0), times, route, algorithm, errorChecks);
    }

    public static Result run(ParticleLayout l, double[] y0, double[] times, Route route, OdeAlgorithm algorithm,
                             int errorChecks) {
        return run(l, y0, times, route, algorithm, checkIndices(times, errorChecks), null);
    }

    /** Receives the full state at each output time reached, in time order (read-only use). */
    @FunctionalInterface
    public interface OutputStates {
        void accept(int index, double t, double[] state);
    }

    /** As {@link #run}, handing the full state at every output time reached to {@code observer}. */
    public static Result run(ParticleLayout l, double[] y0, double[] times, Route route, OdeAlgorithm algorithm,
                             int errorChecks, OutputStates observer) {
        return run(l, y0, times, route, algorithm, checkIndices(times, errorChecks), observer);
    }

    /** As {@link #run}, with the witness checking exactly at the given times (each must be an output time). */
    public static Result runWithChecks(ParticleLayout l, double[] y0, double[] times, Route route,
                                       OdeAlgorithm algorithm, double[] checkTimes) {
        int[] idx = new int[checkTimes.length];
        for (int i = 0; i < checkTimes.length; i++) {
            idx[i] = java.util.Arrays.binarySearch(times, checkTimes[i]);
            if (idx[i] < 0) {
                throw new IllegalArgumentException("check time " + checkTimes[i] + " is not an output time");
            }
        }
        return run(l, y0, times, route, algorithm, idx, null);
    }

    private static Result run(ParticleLayout l, double[] y0, double[] times, Route route, OdeAlgorithm algorithm,
                              int[] idx, OutputStates observer) {
        Route r = route == Route.AUTO ? Route.SECTOR : route;
        MinimalModelFlow flow = new MinimalModelFlow(l);
        double floor = 1e-7 * Math.max(1e-300, ArrayOps.maxAbs(y0));
        if (r == Route.DP853) {
            long t0 = System.nanoTime();
            OdeSolution sol = OdeSolver.solve(new OdeProblem("minimal model " + l, flow, y0, times), algorithm);
            double routeSeconds = (System.nanoTime() - t0) / 1e9;
            long t1 = System.nanoTime();
            SectorPropagator exact = SectorPropagator.create(l, new MinimalModelFlow(l.perCoordinate()), y0);
            int p = sol.times().length;
            double[] minL2 = new double[p];
            double err = 0;
            for (int i = 0; i < p; i++) {
                minL2[i] = Metrics.minL2(l, sol.states()[i]);
                err = Math.max(err, ArrayOps.maxAbsDiff(sol.states()[i], exact.state(sol.times()[i])));
                if (observer != null) {
                    observer.accept(i, sol.times()[i], sol.states()[i]);
                }
            }
            double witnessSeconds = (System.nanoTime() - t1) / 1e9;
            double[] last = p > 0 ? sol.last() : y0;
            return new Result(l, r, sol.times(), minL2, Metrics.accuracy(l, last), flow.loss(last),
                    p > 0 ? err : Double.NaN, "sector propagator (numeric sector matrices, every output time)", p,
                    sol.evaluations(), exact.rhsEvaluations(), RateFit.auto(sol.times(), minL2, floor, 0.01),
                    slowRate(exact), exact.invarianceResidual(), sol.code(), sol.message(), routeSeconds,
                    witnessSeconds, sol.times(), last);
        }
        long t0 = System.nanoTime();
        StatePropagator prop;
        SectorPropagator sector = null;
        if (r == Route.SECTOR) {
            sector = SectorPropagator.create(l, new MinimalModelFlow(l.perCoordinate()), y0);
            if (!sector.valid()) {
                return failed(l, r, "sector split failed its checks: invariance residual "
                        + sector.invarianceResidual() + ", reconstruction " + sector.reconstructionError());
            }
            prop = sector;
        } else {
            if (l.vectors() > DensePropagator.MAX_VECTORS) {
                return failed(l, r, "dense route limited to " + DensePropagator.MAX_VECTORS + " vectors");
            }
            prop = new DensePropagator(l, new MinimalModelFlow(l.perCoordinate()), y0);
        }
        double[] minL2 = new double[times.length];
        int k = l.classes();
        int d = l.dim();
        for (int i = 0; i < times.length; i++) {
            double[] lab = prop.labels(times[i]);
            double min = Double.POSITIVE_INFINITY;
            for (int a = 0; a < k; a++) {
                for (int b = a + 1; b < k; b++) {
                    double s = 0;
                    for (int q = 0; q < d; q++) {
                        double v = lab[a * d + q] - lab[b * d + q];
                        s += v * v;
                    }
                    min = Math.min(min, Math.sqrt(s));
                }
            }
            minL2[i] = min;
        }
        double[] last = prop.state(times[times.length - 1]);
        double routeSeconds = (System.nanoTime() - t0) / 1e9;
        for (int i = 0; observer != null && i < times.length; i++) {
            observer.accept(i, times[i], i == times.length - 1 ? last : prop.state(times[i]));
        }
        long t1 = System.nanoTime();
        double[] checkTimes = new double[idx.length];
        for (int i = 0; i < idx.length; i++) {
            checkTimes[i] = times[idx[i]];
        }
        double err = Double.NaN;
        long witnessEvaluations = 0;
        String witness = "none (no check times requested)";
        if (idx.length > 0) {
            Witness w = witness(l, y0, checkTimes, krylovBudget(y0.length));
            err = w.states() == null ? Double.NaN : 0;
            for (int i = 0; w.states() != null && i < idx.length; i++) {
                double[] y = i == idx.length - 1 && idx[i] == times.length - 1 ? last : prop.state(checkTimes[i]);
                err = Math.max(err, ArrayOps.maxAbsDiff(y, w.states()[i]));
            }
            witnessEvaluations = w.evaluations();
            witness = w.description();
        }
        double witnessSeconds = (System.nanoTime() - t1) / 1e9;
        return new Result(l, r, times.clone(), minL2, Metrics.accuracy(l, last), flow.loss(last), err, witness,
                idx.length, prop.rhsEvaluations(), witnessEvaluations, RateFit.auto(times, minL2, floor, 0.01),
                sector != null ? slowRate(sector) : Double.NaN,
                sector != null ? sector.invarianceResidual() : Double.NaN, ReturnCode.SUCCESS, "", routeSeconds,
                witnessSeconds, checkTimes, last);
    }

    /**
     * The independent witness exp(tA) y0 at the check times, from the hand-coded right-hand side only.
     *
     * @param states      the witness states at the check times (null: declined, see the description)
     * @param evaluations right-hand-side applications spent
     * @param description which route and its diagnostics
     */
    record Witness(double[][] states, long evaluations, String description) {
    }

    /**
     * Krylov first (accepted when its space is invariant or its a-posteriori error estimate at the last check time is
     * ≤ {@link #KRYLOV_ACCEPT}·max|y0|), else the Chebyshev expansion with a rigorous (or power-iteration) bound.
     */
    static Witness witness(ParticleLayout l, double[] y0, double[] checkTimes, int krylovDim) {
        return witness(l, y0, checkTimes, krylovDim, CHEBYSHEV_MAX_WORK);
    }

    /** As above with a given limit on the Chebyshev work (applications × dimension). */
    static Witness witness(ParticleLayout l, double[] y0, double[] checkTimes, int krylovDim, double maxWork) {
        MinimalModelFlow flow = new MinimalModelFlow(l);
        double tMax = checkTimes[checkTimes.length - 1];
        double accept = KRYLOV_ACCEPT * Math.max(1e-300, ArrayOps.maxAbs(y0));
        KrylovPropagator kry = KrylovPropagator.build(LinearMap.of(flow), y0, krylovDim, tMax, accept);
        double estimate = kry.errorEstimate(tMax);
        if (kry.invariant() || estimate <= accept) {
            double[][] ref = new double[checkTimes.length][];
            for (int i = 0; i < checkTimes.length; i++) {
                ref[i] = kry.propagate(checkTimes[i]);
            }
            // an invariant space is accepted whatever the bound: h_{m+1,m} is then rounding noise of A v, which the
            // bound (written for exact arithmetic) counts as a residual over the whole horizon
            return new Witness(ref, kry.applications(), String.format(java.util.Locale.ROOT,
                    "Krylov exp(tA) on the hand-coded RHS (Arnoldi, %d vectors, %s, relative h_{m+1,m} %.2g, "
                            + "a-posteriori bound %.2g at t = %s)", kry.dimension(),
                    kry.invariant() ? "invariant" : "bound below tolerance", kry.relativeBreakdown(), estimate,
                    tMax));
        }
        double bound = spectralBound(l);
        long predicted = ChebyshevPropagator.coefficients(tMax * bound / 2, 1e-16).length;
        if ((double) predicted * y0.length > maxWork) {
            return new Witness(null, kry.applications(), String.format(java.util.Locale.ROOT,
                    "none: Krylov error estimate %.2g after %d vectors (memory budget) and the Chebyshev expansion "
                            + "would need %d applications of a %d-dimensional RHS", estimate, kry.dimension(),
                    predicted, y0.length));
        }
        ChebyshevPropagator cheb = new ChebyshevPropagator(LinearMap.of(flow), bound, 1e-16);
        double[][] ref = cheb.propagate(y0, checkTimes);
        return new Witness(ref, kry.applications() + cheb.applications(), String.format(java.util.Locale.ROOT,
                "Chebyshev exp(tA) on the hand-coded RHS (spectral bound %.6g, %s; Krylov error estimate %.2g after "
                        + "%d vectors)", bound,
                l.vectors() <= GERSHGORIN_MAX_VECTORS ? "Collatz-Wielandt/Gershgorin" : "power iteration x1.25",
                estimate, kry.dimension()));
    }

    /** Largest Krylov basis of the witness (the §3 spectrum has a handful of distinct values: ~10 suffice). */
    public static final int KRYLOV_MAX_DIM = 40;

    /** Krylov basis memory budget in doubles: a third of the heap, at most 2^28 doubles (2 GiB). */
    static final long KRYLOV_BUDGET_DOUBLES = Math.min(1L << 28, Runtime.getRuntime().maxMemory() / 8 / 3);

    /** Largest Chebyshev witness work (applications × dimension) before the witness is declined (~minutes). */
    static final double CHEBYSHEV_MAX_WORK = 2e10;

    /** Accepted Krylov error estimate relative to max|y0| when the space did not become invariant. */
    static final double KRYLOV_ACCEPT = 1e-13;

    /** Krylov basis size within the memory budget (at least 2). */
    static int krylovBudget(int dimension) {
        return (int) Math.max(2, Math.min(KRYLOV_MAX_DIM, KRYLOV_BUDGET_DOUBLES / Math.max(1, dimension)));
    }

    /** Largest per-coordinate system whose spectral bound is the (rigorous) column Gershgorin bound. */
    public static final int GERSHGORIN_MAX_VECTORS = 6000;

    /** Spectral bound of the §3 flow: Gershgorin on the assembled per-coordinate matrix, else power iteration. */
    public static double spectralBound(ParticleLayout l) {
        if (l.vectors() <= GERSHGORIN_MAX_VECTORS) {
            return ChebyshevPropagator.rigorousBound(LinearMap.of(new MinimalModelFlow(l.perCoordinate())), 200);
        }
        return ChebyshevPropagator.powerBound(LinearMap.of(new MinimalModelFlow(l.perCoordinate())), 60, 1.25, 7);
    }

    /**
     * Indices of the output times at which the error is measured: none (checks < 0), all (checks = 0 or ≥ p), else the last time and
     * checks − 1 earlier times spread geometrically in t down to the first positive output time (the Chebyshev
     * witness steps from one check time to the next, so its cost stays near that of the last time alone).
     */
    public static int[] checkIndices(double[] times, int checks) {
        int p = times.length;
        if (checks < 0) {
            return new int[0];
        }
        if (checks == 0 || checks >= p) {
            int[] all = new int[p];
            for (int i = 0; i < p; i++) {
                all[i] = i;
            }
            return all;
        }
        java.util.TreeSet<Integer> s = new java.util.TreeSet<>();
        s.add(p - 1);
        int firstPos = 0;
        while (firstPos < p - 1 && !(times[firstPos] > 0)) {
            firstPos++;
        }
        double t0 = times[firstPos];
        double t1 = times[p - 1];
        for (int j = 0; j < checks - 1 && t0 > 0 && t1 > t0; j++) {
            double target = t0 * StrictMath.pow(t1 / t0, checks == 2 ? 0.5 : (double) j / (checks - 1));
            int best = firstPos;
            for (int i = firstPos; i < p; i++) {
                if (Math.abs(StrictMath.log(times[i] / target)) < Math.abs(StrictMath.log(times[best] / target))) {
                    best = i;
                }
            }
            s.add(best);
        }
        return s.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Smallest |eigenvalue| of the numerically restricted sector-II matrix (0 without shared samples). */
    static double slowRate(SectorPropagator s) {
        double[] ev = s.sectorIIEigenvalues();
        if (ev == null || ev.length == 0) {
            return Double.NaN;
        }
        double best = Double.POSITIVE_INFINITY;
        for (double v : ev) {
            best = Math.min(best, Math.abs(v));
        }
        return best;
    }

    private static Result failed(ParticleLayout l, Route r, String msg) {
        return new Result(l, r, new double[0], new double[0], Double.NaN, Double.NaN, Double.NaN, "", 0, 0, 0,
                RateFit.fit(new double[0], new double[0], 0, 0, 0), Double.NaN, Double.NaN, ReturnCode.FAILURE, msg,
                0, 0, new double[0], null);
    }
}
