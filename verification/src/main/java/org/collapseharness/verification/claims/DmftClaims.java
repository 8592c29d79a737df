package org.collapseharness.verification.claims;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.collapseharness.numerics.BiasSubspace;
import org.collapseharness.numerics.DmftSolver;
import org.collapseharness.numerics.OdeAlgorithm;
import org.collapseharness.numerics.OdeProblem;
import org.collapseharness.numerics.OdeSolution;
import org.collapseharness.numerics.OdeSolver;
import org.collapseharness.numerics.ParticleLayout;
import org.collapseharness.numerics.ProjectionFlow;
import org.collapseharness.numerics.ProjectionMoments;
import org.collapseharness.numerics.ProjectionSimulator;
import org.collapseharness.theory.Bindings;
import org.collapseharness.theory.Mat;
import org.collapseharness.theory.ProjectionTheory;
import org.collapseharness.verification.Claim;
import org.collapseharness.verification.ClaimSpec;
import org.collapseharness.verification.Evidence;
import org.collapseharness.verification.Tolerance;

/** Claims of paper §4.3: the DMFT-style trajectory fixed point for the stop-gradient dynamics vs the particles. */
public final class DmftClaims {

    /** Iteration options of the convergence claim: windows of length 0.25, damping 0.5 (adaptive), tol 1e-10. */
    static final double TOL = 1e-10;

    static final Tolerance EXACTNESS = Tolerance.absolute("dmft-vs-particles", 5e-5,
            "DMFT trajectory at t = 1 (second-order causal scheme, h = 0.005 and 0.0025, Richardson-extrapolated: remaining "
                    + "error O(h^3), measured ~1e-6..2e-5 on moments of size ~10 with stiff rates ~30-60) vs full "
                    + "particles (DP853 rtol 1e-10, error ~1e-9)");
    static final Tolerance ORDER = Tolerance.absolute("dmft-order", 0.35,
            "observed order log2(e(h)/e(h/2)) of a second-order scheme at h = 0.005 on a stiff start (rates ~30-60): "
                    + "pre-asymptotic by up to ~0.3");
    static final Tolerance LATE = Tolerance.absolute("dmft-late-time", 1e-4,
            "W² on the bias span of the DMFT end state vs the protected value: second-order discretisation error at "
                    + "h = 0.05 (~1e-5 relative on W at the fixed point, where the exact relation holds for any h "
                    + "only up to the scheme's error) plus the distance to the fixed point at t = 400");

    static final Tolerance LATE_MINL2 = Tolerance.relative("dmft-late-minl2", 1e-2,
            "the end state lies on a 5-dimensional family of fixed points; which member is reached depends on the "
                    + "trajectory, which the h = 0.05 scheme follows with an O(h^2) ~ 1e-3 relative error");

    private DmftClaims() {
    }

    public static List<Claim> claims() {
        String src = DmftClaims.class.getName();
        return List.of(
                new Claim(new ClaimSpec("4.3-a", "§4.3", "The DMFT iteration converges",
                        "The trajectory-space fixed point (guess G(t) = WᵀW -> propagators, means, covariances -> "
                                + "W(t)) converges with damping: residual below tolerance and monotone after damping, "
                                + "on the §4.2 parameter grid.", List.of("4.2-c"), false, src), DmftClaims::convergence),
                new Claim(new ClaimSpec("4.3-b", "§4.3", "DMFT is exact against the particles",
                        "Seeded from the realised moments of a particle run, the DMFT trajectory matches the full "
                                + "particle integration to integration tolerance (the reduction is exact); dropping the "
                                + "memory term or freezing the medium does not.", List.of("4.3-a"), false, src),
                        DmftClaims::exactness),
                new Claim(new ClaimSpec("4.3-c", "§4.3", "Mean-field DMFT converges to the particles as N grows",
                        "Seeded from the expected moments of the random initialisation, the DMFT discrepancy with the "
                                + "particles (mean over seeds) decreases with N at a fitted rate (CLT: N^-1/2).",
                        List.of("4.3-b"), true, src), DmftClaims::meanField),
                new Claim(new ClaimSpec("4.3-d", "§4.3", "Late-time DMFT reproduces the §4.2 outcome",
                        "Solved to t = 400, the DMFT solution keeps finite MinL2 and W² on the span of the class "
                                + "biases has the protected spectrum 1 − ρ, as the particles do.", List.of("4.3-a",
                        "4.2-c"), true, src), DmftClaims::lateTime));
    }

    static double[] momentsOf(ParticleLayout l, long seed, ProjectionMoments mo) {
        return mo.fromParticles(l, ProjectionSimulator.initialState(l, seed));
    }

    static void convergence(Evidence e) {
        double tEnd = 10;
        DmftSolver.Options opt = new DmftSolver.Options(400, 200, 0.5, false, TOL, 200);
        double worstRes = 0;
        int worstIt = 0;
        int totalIt = 0;
        boolean allConverged = true;
        boolean allMonotone = true;
        List<String> rows = new ArrayList<>();
        for (int[] g : ProjectionClaims.SG_GRID) {
            ParticleLayout l = new ParticleLayout(g[0], g[1], g[2], g[3]);
            ProjectionMoments mo = new ProjectionMoments(g[0], g[1], g[2], g[3], true);
            DmftSolver.Result r = new DmftSolver(mo, true).solve(momentsOf(l, 1, mo), tEnd, opt, DmftSolver.Variant.FULL);
            rows.add(Arrays.toString(g) + ": " + r.status() + ", " + r.iterations() + " iterations (worst window "
                    + r.worstIterations() + "), final residual " + r.finalResidual() + ", monotone "
                    + r.monotoneAfterDamping());
            allConverged &= r.converged();
            allMonotone &= r.monotoneAfterDamping();
            worstRes = Math.max(worstRes, r.finalResidual());
            worstIt = Math.max(worstIt, r.worstIterations());
            totalIt += r.iterations();
            if (g == ProjectionClaims.SG_GRID[0]) {
                e.measure("residualHistoryFirstWindow", Arrays.toString(r.residualHistory()));
            }
        }
        e.param("grid (K, n, m, d)", Arrays.deepToString(ProjectionClaims.SG_GRID)).param("seed", 1).param("tEnd", tEnd)
                .param("options", opt.toString());
        e.measure("runs", String.join("; ", rows)).measure("worstFinalResidual", worstRes)
                .measure("worstWindowIterations", worstIt).measure("totalIterations", totalIt);
        if (!allConverged) {
            e.fail("DMFT iteration did not converge: " + String.join("; ", rows));
            return;
        }
        e.requireAtMost("worst final trajectory residual", worstRes, TOL, worstRes / 10,
                "a tolerance ten times below the reached residual is not met");
        e.requireEqual("every window's residual monotone after damping (1 = yes)", allMonotone ? 1 : 0, 1);
        // controls: the stopping rule can fail, and the undamped iteration on one long window is not monotone.
        ParticleLayout l = new ParticleLayout(3, 4, 1, 2);
        ProjectionMoments mo = new ProjectionMoments(3, 4, 1, 2, true);
        DmftSolver.Result few = new DmftSolver(mo, true).solve(momentsOf(l, 1, mo), tEnd,
                new DmftSolver.Options(400, 200, 0.5, false, TOL, 3), DmftSolver.Variant.FULL);
        e.control("the same iteration capped at 3 iterations per window is reported NOT_CONVERGED (status "
                + few.status() + ")", few.finalResidual(), TOL, few.status() != DmftSolver.Status.CONVERGED);
        DmftSolver.Result undamped = new DmftSolver(mo, true).solve(momentsOf(l, 1, mo), tEnd,
                new DmftSolver.Options(400, 40, 0.5, false, TOL, 200), DmftSolver.Variant.FULL);
        e.control("the same iteration on windows five times longer (0.25): residual history not monotone (monotone = "
                + undamped.monotoneAfterDamping() + ", status " + undamped.status() + ")", undamped.finalResidual(), TOL,
                !undamped.monotoneAfterDamping());
    }

    static final Tolerance MF_SLOPE = Tolerance.absolute("mean-field-slope", 0.25,
            "log-log slope fitted to 4 values of N with 8 seeds each: the seed spread of the error is ~50 %, "
                    + "which moves a 4-point slope over a factor 64 in N by ~0.2");

    static void meanField(Evidence e) {
        int k = 3;
        int d = 2;
        double tEnd = 0.01;
        int[] ns = {32, 128, 512, 2048};
        int seeds = 8;
        double[] logN = new double[ns.length];
        double[] logErr = new double[ns.length];
        List<String> rows = new ArrayList<>();
        double worstDisc = 0;
        double lastMean = 0;
        for (int a = 0; a < ns.length; a++) {
            int n = ns[a];
            int m = n / 4;
            ParticleLayout l = new ParticleLayout(k, n, m, d);
            ProjectionMoments mo = new ProjectionMoments(k, n, m, d, true);
            int steps = (int) Math.ceil(tEnd * (n + m) * k / 0.05);
            steps += steps % 2;
            DmftSolver.Options opt = new DmftSolver.Options(steps, steps / 2, 0.5, false, 1e-10, 300);
            double sum = 0;
            double sumSq = 0;
            long t0 = System.nanoTime();
            double dmftWall = 0;
            for (long seed = 1; seed <= seeds; seed++) {
                double[] real = mo.fromParticles(l, ProjectionSimulator.initialState(l, seed));
                double[] expected = real.clone();
                // expected moments of the i.i.d. N(0,1) embeddings: means 0, Cx = K (n-1) I, Cz = (m-1) I; labels and
                // W (K + d^2 numbers, not averaged over N) stay realised.
                for (int i = 0; i < mo.label(0); i++) {
                    expected[i] = 0;
                }
                for (int p = 0; p < d; p++) {
                    for (int q = 0; q < d; q++) {
                        expected[mo.cx() + p * d + q] = p == q ? k * (n - 1.0) : 0;
                        expected[mo.cz() + p * d + q] = p == q ? m - 1.0 : 0;
                    }
                }
                DmftSolver.Result r = new DmftSolver(mo, true).solve(expected, tEnd, opt, DmftSolver.Variant.FULL);
                DmftSolver.Result rr = new DmftSolver(mo, true).solve(real, tEnd, opt, DmftSolver.Variant.FULL);
                if (!r.converged() || !rr.converged()) {
                    e.fail("DMFT did not converge at n = " + n + ", seed " + seed + ": " + r.status() + "/" + rr.status());
                    return;
                }
                dmftWall += r.wallSeconds();
                OdeSolution p = OdeSolver.solve(new OdeProblem("particles (exact moments)", mo, real,
                        new double[] {0, tEnd}), OdeAlgorithm.dp853(1e-10, 1e-12));
                if (!p.success()) {
                    e.fail("particle-moment run failed: " + p.code());
                    return;
                }
                double err = maxDiff(r.last(), p.last(), mo.wOffset(), mo.getDimension());
                worstDisc = Math.max(worstDisc, maxDiff(rr.last(), p.last(), mo.wOffset(), mo.getDimension()));
                sum += err;
                sumSq += err * err;
            }
            double mean = sum / seeds;
            double sd = Math.sqrt(Math.max(0, sumSq / seeds - mean * mean));
            lastMean = mean;
            logN[a] = Math.log(k * n + m);
            logErr[a] = Math.log(mean);
            rows.add("N = " + (k * n + m) + ": mean |W_DMFT − W_particles| = " + mean + " ± " + sd + " (seed sd), "
                    + steps + " steps, DMFT wall " + dmftWall / seeds + " s per seed");
        }
        double mx = Arrays.stream(logN).average().orElse(0);
        double my = Arrays.stream(logErr).average().orElse(0);
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < logN.length; i++) {
            sxy += (logN[i] - mx) * (logErr[i] - my);
            sxx += (logN[i] - mx) * (logN[i] - mx);
        }
        double slope = sxy / sxx;
        e.param("model", "K = 3, d = 2, m = n/4, n = " + Arrays.toString(ns)).param("seeds", "1.." + seeds)
                .param("tEnd", tEnd).param("grid", "h (n+m) K = 0.05, windows of 2 steps")
                .param("particles", "exact moment reduction from the realised moments, DP853 rtol 1e-10 (equal to the "
                        + "full particles, 4.3-b)");
        e.measure("rows", String.join("; ", rows)).measure("fittedSlope", slope)
                .measure("worstDiscretisationErrorRealised", worstDisc).measure("meanErrorLargestN", lastMean);
        e.note("t = 0.01 is fixed in physical time; the fast rates grow like (n+m)K, so this is 1 to 60 fast time "
                + "units: the window in which the initial fluctuations still drive W");
        e.compare("fitted log-log slope of the mean-field discrepancy vs N", slope, -0.5, MF_SLOPE, 0.0,
                "no mean-field convergence (slope 0)");
        e.control("the realised-moment DMFT (exact route) error is more than 10x below the mean-field error (worst "
                + worstDisc + " vs " + lastMean + "): the discrepancy is the initial-moment fluctuation, not "
                + "discretisation", worstDisc, lastMean, worstDisc < 0.1 * lastMean);
    }

    static double maxDiff(double[] a, double[] b, int from, int to) {
        double m = 0;
        for (int i = from; i < to; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    static void exactness(Evidence e) {
        double tEnd = 1;
        double worstOrderDev = 0;
        int[][] layouts = {{3, 4, 1, 2}, {2, 6, 2, 3}};
        double worst = 0;
        double bestNoMemory = Double.POSITIVE_INFINITY;
        double bestFrozen = Double.POSITIVE_INFINITY;
        List<String> rows = new ArrayList<>();
        for (int[] g : layouts) {
            ParticleLayout l = new ParticleLayout(g[0], g[1], g[2], g[3]);
            ProjectionMoments mo = new ProjectionMoments(g[0], g[1], g[2], g[3], true);
            double[] u0 = ProjectionSimulator.initialState(l, 1);
            double[] s0 = mo.fromParticles(l, u0);
            OdeSolution p = OdeSolver.solve(new OdeProblem("particles", new ProjectionFlow(l, true), u0,
                    new double[] {0, tEnd}), OdeAlgorithm.dp853(1e-10, 1e-12));
            if (!p.success()) {
                e.fail("particle run failed: " + p.code());
                return;
            }
            double[] target = mo.fromParticles(l, p.last());
            DmftSolver solver = new DmftSolver(mo, true);
            double[] fine = null;
            double[] coarse = null;
            for (int steps : new int[] {200, 400}) {
                DmftSolver.Result r = solver.solve(s0, tEnd, new DmftSolver.Options(steps, steps / 2, 0.5, false, 1e-12, 300),
                        DmftSolver.Variant.FULL);
                if (!r.converged()) {
                    e.fail("DMFT did not converge at " + steps + " steps: " + r.status() + " residual " + r.finalResidual()
                            + " history " + Arrays.toString(r.residualHistory()));
                    return;
                }
                coarse = fine;
                fine = r.last();
            }
            double[] rich = new double[fine.length];
            for (int i = 0; i < fine.length; i++) {
                rich[i] = (4 * fine[i] - coarse[i]) / 3;
            }
            double err = maxDiff(rich, target, 0, target.length);
            double errPlain = maxDiff(fine, target, 0, target.length);
            double errCoarse = maxDiff(coarse, target, 0, target.length);
            double order = Math.log(errCoarse / errPlain) / Math.log(2);
            worstOrderDev = Math.max(worstOrderDev, Math.abs(order - 2));
            worst = Math.max(worst, err);
            double noMem = maxDiff(solver.solve(s0, tEnd, new DmftSolver.Options(200, 100, 0.5, false, 1e-12, 300),
                    DmftSolver.Variant.NO_MEMORY).last(), target, 0, target.length);
            double frozen = maxDiff(solver.solve(s0, tEnd, new DmftSolver.Options(200, 100, 0.5, false, 1e-12, 300),
                    DmftSolver.Variant.FROZEN_MEDIUM).last(), target, 0, target.length);
            bestNoMemory = Math.min(bestNoMemory, noMem);
            bestFrozen = Math.min(bestFrozen, frozen);
            rows.add(Arrays.toString(g) + ": |DMFT - particles| = " + err + " (Richardson), " + errPlain + " (h = "
                    + tEnd / 400 + "), " + errCoarse + " (h = " + tEnd / 200 + "), observed order " + order + "; no-memory " + noMem + ", frozen medium " + frozen);
        }
        e.param("layouts (K, n, m, d)", Arrays.deepToString(layouts)).param("seed", 1).param("tEnd", tEnd)
                .param("particles", "full ProjectionFlow, DP853 rtol 1e-10");
        e.measure("rows", String.join("; ", rows)).measure("worstError", worst)
                .measure("bestNoMemoryError", bestNoMemory).measure("bestFrozenMediumError", bestFrozen);
        e.measure("worstOrderDeviation", worstOrderDev);
        e.compare("worst |observed order − 2| of the DMFT-vs-particles discrepancy", worstOrderDev, 0, ORDER, 1.0,
                "a first-order discrepancy (order off by 1)");
        e.compare("max |DMFT moments − particle moments| at t = 1 (means, labels, Cx, Cz, W)", worst, 0, EXACTNESS,
                0.01, "a discrepancy of 0.01");
        e.control("the iteration without the memory (fluctuation feedback) term misses the particles (best error "
                + bestNoMemory + ")", bestNoMemory, EXACTNESS.value(), bestNoMemory > EXACTNESS.value());
        e.control("the iteration with the medium frozen at G(0) misses the particles (best error " + bestFrozen + ")",
                bestFrozen, EXACTNESS.value(), bestFrozen > EXACTNESS.value());
    }

    static void lateTime(Evidence e) {
        ProjectionTheory th = ProjectionClaims.sg();
        int[] g = {3, 4, 1, 3};
        double rho = (double) g[2] / (g[1] + g[2]);
        double mu = th.protectedValue().at(Bindings.of("rho", rho));
        double tEnd = ProjectionClaims.T_END;
        ParticleLayout l = new ParticleLayout(g[0], g[1], g[2], g[3]);
        ProjectionMoments mo = new ProjectionMoments(g[0], g[1], g[2], g[3], true);
        double[] s0 = momentsOf(l, 1, mo);
        DmftSolver.Options opt = new DmftSolver.Options(8000, 1600, 0.5, true, 1e-10, 200);
        DmftSolver.Result r = new DmftSolver(mo, true).solve(s0, tEnd, opt, DmftSolver.Variant.FULL);
        e.param("model (K, n, m, d)", Arrays.toString(g)).param("seed", 1).param("tEnd", tEnd).param("options", opt.toString());
        e.measure("status", r.status().toString()).measure("iterations", r.iterations())
                .measure("finalResidual", r.finalResidual()).measure("wallSeconds", r.wallSeconds());
        if (!r.converged()) {
            e.fail("DMFT did not converge: " + r.status() + " history " + Arrays.toString(r.residualHistory()));
            return;
        }
        double[][] y = mo.labels(r.last());
        double[][] w = mo.w(r.last());
        double minL2 = ProjectionSimulator.minL2(y);
        ProjectionSimulator.Result particles = ProjectionClaims.run(l, true, 1, tEnd);
        double pMin = particles.minL2()[particles.minL2().length - 1];
        BiasSubspace bs = BiasSubspace.of(y, th.biasOperator().at(w));
        double[] spec = Arrays.stream(bs.spectrum()).mapToDouble(v -> v[0]).toArray();
        double[] exp = new double[spec.length];
        Arrays.fill(exp, mu);
        e.measure("dmftMinL2", minL2).measure("particleMinL2", pMin).measure("biasSpanSpectrum", Arrays.toString(spec))
                .measure("protectedValueDerived", mu).measure("invarianceResidual", bs.invarianceResidual());
        e.requireAtLeast("DMFT MinL2 at t = 400", minL2, ProjectionClaims.SEPARATED, minL2 * 2,
                "a threshold twice the reached MinL2");
        e.compare("DMFT MinL2 at t = 400 vs particles (moment route, DP853)", minL2, pMin, LATE_MINL2);
        if (spec.length == 0) {
            e.fail("empty bias span");
            return;
        }
        e.compareAll("W² on the span of the DMFT class biases vs derived protected value 1 − ρ", spec, exp, LATE);
        double worstSector = Arrays.stream(spec).map(v -> Math.abs(v - 1)).min().orElse(0);
        e.control("W² on the bias span equals the mean-sector value 1 (the wrong sector; closest distance "
                + worstSector + ")", worstSector, LATE.value(), worstSector > LATE.value());
    }

    static double[][] w2(double[][] w) {
        return Mat.mul(w, w);
    }
}
