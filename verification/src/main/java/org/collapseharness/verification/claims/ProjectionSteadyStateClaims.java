package org.collapseharness.verification.claims;

import org.collapseharness.numerics.ArrayOps;
import org.collapseharness.numerics.BiasSubspace;
import org.collapseharness.numerics.OdeAlgorithm;
import org.collapseharness.numerics.ParticleLayout;
import org.collapseharness.numerics.ProjectionMoments;
import org.collapseharness.numerics.ProjectionSimulator;
import org.collapseharness.numerics.TimeGrid;
import org.collapseharness.theory.Bindings;
import org.collapseharness.theory.ProjectionTheory;
import org.collapseharness.verification.Evidence;
import org.collapseharness.verification.Measure;
import org.collapseharness.verification.Thresholds;
import org.collapseharness.verification.Tolerances;

/**
 * Claim 4.2-f: with stop-gradient the §4 flow at n = 10³ per class reaches a steady state (exact moment reduction,
 * Rodas4), with the derived protected value on the bias span; DP853 on small n is the independent witness of the
 * integrator setting used.
 */
public final class ProjectionSteadyStateClaims {
    /** Measurement {@code relativeFieldResidual}. */
    public static final Measure RELATIVE_FIELD_RESIDUAL = Measure.of("relativeFieldResidual");
    /** Measurement {@code relativeFieldResidualAtT40}. */
    public static final Measure RELATIVE_FIELD_RESIDUAL_AT_T40 = Measure.of("relativeFieldResidualAtT40");
    /** Measurement {@code witnessMaxAbsDiff}. */
    public static final Measure WITNESS_MAX_ABS_DIFF = Measure.of("witnessMaxAbsDiff");
    /** Large-n case: K, n, m, d (ρ = 0.2). */
    static final int[] LARGE = {3, 1000, 250, 3};
    /** Small-n witness case: K, n, m, d (ρ = 0.2). */
    static final int[] SMALL = {3, 40, 10, 3};
    static final long SEED = 1;
    static final double T_END = 2000;
    static final double T_EARLY = 40;
    /** The stiff integrator at the default tolerance of ./harness projection; its accuracy is what the DP853 witness checks. */
    static final OdeAlgorithm LARGE_N = OdeAlgorithm.rodas(1e-6, 1e-8);


    private ProjectionSteadyStateClaims() {
    }

    /** Slow-tier case n = 10⁴ per class: K, n, m, d (ρ = 0.2), its end time and tolerance. */
    static final int[] HUGE = {3, 10000, 2500, 3};
    static final double T_END_HUGE = 4000;
    static final OdeAlgorithm HUGE_N = OdeAlgorithm.rodas(1e-8, 1e-10);

    static void steadyStateLargeN(Evidence e) {
        steadyState(e, LARGE, T_END, LARGE_N);
    }

    static void steadyStateN1e4(Evidence e) {
        steadyState(e, HUGE, T_END_HUGE, HUGE_N);
    }

    static void steadyState(Evidence e, int[] size, double tEnd, OdeAlgorithm integ) {
        ProjectionTheory th = ProjectionRuns.sg();
        ParticleLayout l = new ParticleLayout(size[0], size[1], size[2], size[3]);
        double rho = l.model().rho();
        double mu = th.protectedValue().at(Bindings.of("rho", rho));
        double[] times = merge(TimeGrid.mixed(tEnd, 1e-2, 10, 10), T_EARLY);
        ProjectionSimulator.Result r = ProjectionSimulator.simulate(l, true, SEED, times,
                ProjectionSimulator.Representation.MOMENTS, integ, ProjectionRuns.jacobians(l.dim(), true));
        if (!ProjectionRuns.ok(e, r, "sg n=" + l.clean())) {
            return;
        }
        ProjectionMoments mo = new ProjectionMoments(l.model(), true);
        double pairs = l.clean() + l.shared();
        double relRes = r.residual() / pairs;
        double early = Double.NaN;
        for (int i = 0; i < r.times().length; i++) {
            if (r.times()[i] == T_EARLY) {
                early = ArrayOps.norm(mo.computeDerivatives(0, r.solution().states()[i])) / pairs;
            }
        }
        double minL2 = ArrayOps.last(r.minL2());
        BiasSubspace bs = BiasSubspace.of(r.finalLabels(), th.biasOperator().at(r.finalW()));
        double[][] spec = bs.spectrum();
        int best = -1;
        for (int i = 0; i < spec.length; i++) {
            if (best < 0 || Math.abs(spec[i][0] - mu) < Math.abs(spec[best][0] - mu)) {
                best = i;
            }
        }
        double others = 1;
        for (int i = 0; i < spec.length; i++) {
            if (i != best && Math.abs(spec[i][0] - 1) >= Math.abs(others - 1)) {
                others = spec[i][0];
            }
        }
        e.param("case (K, n, m, d)", java.util.Arrays.toString(size)).param("seed", SEED).param("tEnd", tEnd)
                .param("integrator", integ + " on the exact moment reduction, Jacobian derived by Symja");
        e.measure("fieldResidual", r.residual()).measure(RELATIVE_FIELD_RESIDUAL, relRes)
                .measure(RELATIVE_FIELD_RESIDUAL_AT_T40, early).measure("minL2Final", minL2)
                .measure("biasSubspaceSpectrum", java.util.Arrays.deepToString(spec))
                .measure("invarianceResidual", bs.invarianceResidual())
                .measure("evaluations", r.solution().evaluations());
        if (best < 0) {
            e.fail("empty bias span at the end state");
            return;
        }
        e.require("MinL2 at the end (finite separation)", minL2, Thresholds.SEPARATED, 10,
                "a separation of 10");
        e.bound("relative field residual ‖field‖/(n+m) at t = " + tEnd, relRes, Thresholds.STEADY_RESIDUAL);
        e.control("the same residual bound on the transient state at t = " + T_EARLY + " must fail", early,
                Tolerances.STEADY_RELATIVE_RESIDUAL.value(), !(early <= Tolerances.STEADY_RELATIVE_RESIDUAL.value()));
        e.compare("eigenvalue of W² on the bias span nearest the protected value vs derived 1 − ρ", spec[best][0], mu,
                Tolerances.STEADY_PROTECTED);
        if (spec.length > 1) {
            e.compare("other W² eigenvalues on the bias span (mean sector) vs 1 (farthest)", others, 1, Tolerances.STEADY_MEAN_SECTOR);
            e.note("the bias span is " + spec.length + "-dimensional at t = " + tEnd + ": one direction at the "
                    + "protected value, the others in the W² = 1 sector where the biases are still decaying slowly");
        }
        e.bound("invariance residual of the bias span under W²", bs.invarianceResidual(), Thresholds.STEADY_INVARIANCE);

        // Independent witness: the same integrator setting vs DP853 on small n.
        ParticleLayout s = new ParticleLayout(SMALL[0], SMALL[1], SMALL[2], SMALL[3]);
        double[] tw = TimeGrid.uniform(20, 20);
        var a = ProjectionSimulator.simulate(s, true, SEED, tw, ProjectionSimulator.Representation.MOMENTS,
                integ, ProjectionRuns.jacobians(s.dim(), true));
        var b = ProjectionSimulator.simulate(s, true, SEED, tw, ProjectionSimulator.Representation.MOMENTS,
                ProjectionRuns.EXPLICIT);
        if (!ProjectionRuns.ok(e, a, integ.name() + " witness") || !ProjectionRuns.ok(e, b, "DP853 witness")) {
            return;
        }
        double diff = 0;
        for (int i = 0; i < tw.length; i++) {
            diff = Math.max(diff, Math.max(ArrayOps.maxAbsDiff(a.labels()[i], b.labels()[i]),
                    ArrayOps.maxAbsDiff(a.w()[i], b.w()[i])));
        }
        e.param("witness case (K, n, m, d)", java.util.Arrays.toString(SMALL));
        e.measure(WITNESS_MAX_ABS_DIFF, diff).measure("witnessDp853Evaluations", b.solution().evaluations())
                .measure("witnessIntegratorEvaluations", a.solution().evaluations());
        e.compare(integ.name() + " (rtol " + integ.control().relTol() + ") vs DP853 (rtol 1e-10) on the moments, labels and W, t <= 20", diff, 0,
                Tolerances.STEADY_WITNESS, 0.1, "a discrepancy of 0.1");
    }

    static double[] merge(double[] grid, double t) {
        java.util.TreeSet<Double> s = new java.util.TreeSet<>();
        for (double g : grid) {
            s.add(g);
        }
        s.add(t);
        return s.stream().mapToDouble(Double::doubleValue).toArray();
    }

}
