package org.collapseharness.verification.perf;

import java.util.Locale;
import java.util.Map;
import org.collapseharness.numerics.ArrayOps;
import org.collapseharness.numerics.BorderedSolver;
import org.collapseharness.numerics.DerivedProjectionJacobian;
import org.collapseharness.numerics.OdeAlgorithm;
import org.collapseharness.numerics.OdeProblem;
import org.collapseharness.numerics.ParticleLayout;
import org.collapseharness.numerics.ProjectionFlow;
import org.collapseharness.numerics.ProjectionSimulator;
import org.collapseharness.numerics.ProjectionSimulator.Representation;
import org.collapseharness.numerics.ShiftedJacobianSolver;
import org.collapseharness.numerics.TimeGrid;
import org.collapseharness.theory.ProjectionJacobianForm;
import org.collapseharness.theory.symbolic.DerivationCache;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * §4 projection head with sg and the Jacobians derived by Symja (from the derivation cache when the launcher names
 * one; the derivation is not timed). Two kinds:
 * <ul>
 * <li>{@link Kind#MOMENTS}: one run of the moment reduction with the given algorithm (Rodas4 and the exponential
 * integrator use the derived Jacobian), after {@code warmUp} untimed runs; the timed figure is the fastest of
 * {@code repeats} runs. Witness on the same moments: DP853 at rtol 1e-11, or above {@value #EXPLICIT_WITNESS_MAX_VECTORS}
 * vectors (stiffer, where DP853 exhausts its budget) Rodas4 at rtol 1e-11 with the differenced Jacobian; error =
 * max |Δ| of W and labels at T.</li>
 * <li>{@link Kind#STEP_COST}: the linear algebra of one Rodas step on all particles (linearise, factor, six solves)
 * with the bordered solver against the dense LU at the initial state and σ = {@value #SIGMA} (the cost does not depend
 * on σ); error = max relative |Δ| of the solutions.</li>
 * </ul>
 */
public record ProjectionRodasBenchCase(String id, Kind kind, ParticleLayout layout, double tEnd,
                                       OdeAlgorithm algorithm, int warmUp, int repeats, double errorBound)
        implements BenchCase {
    /** What is timed. */
    public enum Kind { MOMENTS, STEP_COST }

    static final long SEED = 1;
    /** Largest model whose moment witness is DP853. */
    static final int EXPLICIT_WITNESS_MAX_VECTORS = 1000;
    /** Witness runs, shared by the cases of one model and end time within a JVM (the work-precision points). */
    private static final Map<String, ProjectionSimulator.Result> REFERENCES = new java.util.concurrent.ConcurrentHashMap<>();
    /** Shift of the timed linear algebra. */
    static final double SIGMA = 1000;

    @Override
    public String description() {
        String size = "K=" + layout.classes() + " n=" + layout.clean() + " m=" + layout.shared() + " d=" + layout.dim();
        return kind == Kind.MOMENTS
                ? "§4 sg moment flow " + size + " T=" + (long) tEnd + ", " + algorithm.name() + " rtol "
                        + algorithm.control().relTol() + " with the derived Jacobian (fastest of " + repeats
                        + " after " + warmUp + " warm-up runs)"
                : "§4 sg particles " + size + " (" + layout.vectors() + " vectors): one Rodas step's linear algebra, "
                        + "bordered block elimination vs dense LU";
    }

    private Map<String, Object> parameters() {
        Map<String, Object> p = ProjectionBenchCase.modelParameters(layout, tEnd);
        p.put("seed", SEED);
        if (algorithm != null) {
            p.put("algorithm", algorithm.name());
            p.put("relTol", algorithm.control().relTol());
        }
        return p;
    }

    @Override
    public BenchResult run() {
        ProjectionJacobianForm derived = DerivationCache.projection(true, layout.dim()).jacobians();
        return kind == Kind.MOMENTS ? moments(derived) : stepCost(derived);
    }

    private BenchResult moments(ProjectionJacobianForm derived) {
        double[] times = {tEnd};
        long cpu0 = MinimalModelBenchCase.processCpu();
        ProjectionSimulator.Result r = null;
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < warmUp + repeats; i++) {
            r = ProjectionSimulator.simulate(layout, true, SEED, times, Representation.MOMENTS, algorithm, derived);
            if (i >= warmUp) {
                best = Math.min(best, r.solution().wallSeconds());
            }
        }
        double cpu = (MinimalModelBenchCase.processCpu() - cpu0) / 1e9;
        boolean explicit = layout.vectors() <= EXPLICIT_WITNESS_MAX_VECTORS;
        ProjectionSimulator.Result ref = REFERENCES.computeIfAbsent(layout + "|" + tEnd, k ->
                ProjectionSimulator.simulate(layout, true, SEED, times, Representation.MOMENTS,
                        explicit ? OdeAlgorithm.dp853(1e-11, 1e-13) : OdeAlgorithm.rodas(1e-11, 1e-13), null));
        double err = Double.NaN;
        boolean ok = r.solution().success() && ref.solution().success();
        if (ok) {
            err = 0;
            for (int a = 0; a < layout.dim(); a++) {
                err = Math.max(err, ArrayOps.maxAbsDiff(r.finalW()[a], ref.finalW()[a]));
            }
            for (int c = 0; c < layout.classes(); c++) {
                err = Math.max(err, ArrayOps.maxAbsDiff(r.finalLabels()[c], ref.finalLabels()[c]));
            }
            ok = err <= errorBound;
        }
        String note = String.format(Locale.ROOT, "steps=%d jacobians=%d code=%s", r.solution().steps(),
                r.solution().stats().jacobianEvaluations(), r.solution().code());
        return new BenchResult(id, description(), ok ? "OK" : "FAIL", parameters(), "moments-" + algorithm.name(),
                best, cpu, r.solution().evaluations(), explicit ? "DP853 rtol 1e-11 on the moments"
                        : "Rodas4 rtol 1e-11, differenced Jacobian, on the moments", ref.solution().evaluations(),
                ref.solution().wallSeconds(), err, errorBound, times, note);
    }

    private BenchResult stepCost(ProjectionJacobianForm derived) {
        ProjectionFlow f = new ProjectionFlow(layout, true);
        double[] u0 = ProjectionSimulator.initialState(layout, SEED);
        DerivedProjectionJacobian jac = new DerivedProjectionJacobian(layout, derived);
        OdeProblem p = new OdeProblem("step cost", f, u0, new double[] {1}).withJacobian(jac);
        double[] b = new java.util.Random(SEED).doubles(u0.length, -1, 1).toArray();
        long cpu0 = MinimalModelBenchCase.processCpu();
        double[] xb = null;
        double bordered = Double.POSITIVE_INFINITY;
        for (int rep = 0; rep < warmUp + repeats; rep++) {
            long t0 = System.nanoTime();
            ShiftedJacobianSolver solver = BorderedSolver.FACTORY.create(p, new long[1]);
            solver.linearise(0, u0, f.computeDerivatives(0, u0));
            if (!solver.factor(SIGMA)) {
                return new BenchResult(id, description(), "FAIL", parameters(), "bordered", Double.NaN, Double.NaN, 0,
                        "", 0, Double.NaN, Double.NaN, errorBound, new double[0], "bordered: singular W");
            }
            for (int stage = 0; stage < 6; stage++) {
                xb = b.clone();
                solver.solve(xb);
            }
            if (rep >= warmUp) {
                bordered = Math.min(bordered, (System.nanoTime() - t0) / 1e9);
            }
        }
        // dense reference: the same Jacobian assembled densely, W = σI − J by EJML's LU, six solves
        double[] xd = null;
        double dense = Double.POSITIVE_INFINITY;
        int n = u0.length;
        for (int rep = 0; rep < warmUp + repeats; rep++) {
            long t0 = System.nanoTime();
            double[][] j = jac.jacobian(0, u0);
            DMatrixRMaj w = new DMatrixRMaj(n, n);
            for (int r = 0; r < n; r++) {
                for (int c = 0; c < n; c++) {
                    w.unsafe_set(r, c, (r == c ? SIGMA : 0) - j[r][c]);
                }
            }
            LinearSolverDense<DMatrixRMaj> lu = LinearSolverFactory_DDRM.lu(n);
            lu.setA(w);
            DMatrixRMaj x = new DMatrixRMaj(n, 1);
            for (int stage = 0; stage < 6; stage++) {
                lu.solve(new DMatrixRMaj(n, 1, true, b), x);
            }
            xd = x.data.clone();
            if (rep >= warmUp) {
                dense = Math.min(dense, (System.nanoTime() - t0) / 1e9);
            }
        }
        double cpu = (MinimalModelBenchCase.processCpu() - cpu0) / 1e9;
        double err = ArrayOps.maxAbsDiff(xb, xd) / ArrayOps.maxAbs(xd);
        String note = String.format(Locale.ROOT, "one step's linear algebra (Jacobian, factorisation, 6 solves) at %d "
                + "vectors, %d unknowns: bordered %.3g s, dense LU %.3g s (ratio %.3g)", layout.vectors(), n, bordered,
                dense, dense / bordered);
        return new BenchResult(id, description(), err <= errorBound ? "OK" : "FAIL", parameters(), "bordered",
                bordered, cpu, 0, "dense LU (EJML) of the same Jacobian", 0, dense, err, errorBound, new double[0],
                note);
    }
}
