package org.collapseharness.numerics.variant;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.collapseharness.numerics.Metrics;
import org.collapseharness.numerics.OdeAlgorithm;
import org.collapseharness.numerics.OdeProblem;
import org.collapseharness.numerics.OdeSolution;
import org.collapseharness.numerics.OdeSolver;
import org.collapseharness.numerics.RateFit;
import org.collapseharness.numerics.ReturnCode;
import org.collapseharness.numerics.TimeGrid;
import org.ejml.data.Complex_F64;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * One run of a derived variant's particle flow, with its analysis: integration (Rodas4 with the derived Jacobian and
 * the {@link ArrowSolver}, or DP853 as a witness) in segments of the output grid; the approach to a singular set (the
 * head's smallest singular value below {@link #HEAD_FLOOR}, a sample or label norm below {@link #NORM_FLOOR} when the
 * loss normalises without ε) stops the run with {@link ReturnCode#SINGULAR_SET} and its time; the late-time rate of
 * MinL2; Newton on the derived field from the end state (shift-regularised: the symmetry directions of the field make
 * its Jacobian singular at fixed points) and the Jacobian spectrum there; the outcome: collapsed when Newton's fixed
 * point has MinL2 ≤ {@link #FIXED_POINT_COLLAPSE} MinL2(0) (without a fixed point: MinL2(T) &lt; {@link #COLLAPSE_RATIO}
 * MinL2(0)), otherwise separated.
 */
public final class VariantRun {
    /** Smallest singular value of W below which the head counts as having lost rank. */
    public static final double HEAD_FLOOR = 1e-3;
    /** Norm of a sample or label below which a normalisation counts as singular (unregularised losses only). */
    public static final double NORM_FLOOR = 1e-3;
    /** At a singular stop, σ_min(W)/σ_max(W) below this names the outcome a dimensional collapse of the head. */
    public static final double HEAD_RANK_RATIO = 0.1;
    /** Evaluation budget of the DP853 witness (it grinds on the approach to a singular set). */
    public static final long WITNESS_MAX_EVALUATIONS = 2_000_000;
    /** MinL2 at the Newton fixed point over MinL2(0) at or below which the fixed point is a collapsed one. */
    public static final double FIXED_POINT_COLLAPSE = 1e-6;
    /** MinL2(T)/MinL2(0) below which labels count as collapsed (when Newton finds no fixed point). */
    public static final double COLLAPSE_RATIO = 1e-3;
    /** Newton stops when max|field| ≤ this times max(1, max|u|). */
    public static final double NEWTON_TOL = 1e-10;
    /** Values below this fraction of their start are round-off, not signal, in the rate fits. */
    public static final double RATE_FLOOR = 1e-9;
    /** Largest system whose full Jacobian spectrum is computed. */
    public static final int SPECTRUM_MAX = 800;
    /** Segments of the output grid (a singular stop keeps the outputs of the finished segments). */
    static final int SEGMENTS = 5;

    /** How a run ended. */
    public enum Outcome {
        COLLAPSED("collapsed"), SEPARATED("separated"), HEAD_RANK_LOSS("dimensional collapse of the head"),
        VANISHING_NORM("a normalised vector vanished"), FAILED("integration failed");

        private final String text;

        Outcome(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    /**
     * The Jacobian spectrum at a fixed point.
     *
     * @param real           real parts, descending
     * @param imag           imaginary parts in the same order
     * @param zeroModes      eigenvalues with |λ| ≤ 1e-7 max|λ| (symmetry directions, conserved quantities)
     * @param maxRealNonzero largest real part among the other eigenvalues (&lt; 0: linearly stable up to symmetries)
     */
    public record Spectrum(double[] real, double[] imag, int zeroModes, double maxRealNonzero) {
        public boolean stable() {
            return maxRealNonzero < 0;
        }
    }

    /**
     * Newton from the end state.
     *
     * @param converged  residual below tolerance
     * @param iterations iterations used
     * @param residual   max|field| at the result
     * @param distance   max|u* − u(T)|
     * @param state      u*
     * @param spectrum   spectrum of the Jacobian at u* (null when not converged or the system is too large)
     * @param approach   late-time rate of max|u(t) − u*| over the run (the observed approach to u*; flattened when
     *                   u* has zero modes: the run converges to another point of the same manifold of fixed points)
     * @param fieldDecay late-time rate of max|field(u(t))| (window chosen from the dynamics above 1e-7 of its initial
     *                   value): the distance to the whole manifold of fixed points, which decays with the slowest
     *                   excited nonzero mode whatever the zero modes do
     */
    public record FixedPoint(boolean converged, int iterations, double residual, double distance, double[] state,
                             Spectrum spectrum, RateFit approach, RateFit fieldDecay) {
        FixedPoint withApproach(RateFit fit, RateFit decay) {
            return new FixedPoint(converged, iterations, residual, distance, state, spectrum, fit, decay);
        }
    }

    /** Floor (relative to its initial value) of max|field| in the field-decay fit: below it, integrator error. */
    public static final double FIELD_DECAY_FLOOR = 1e-7;
    /** Relative spread of the local slopes that counts as settled in the field-decay fit. */
    public static final double FIELD_DECAY_SETTLE = 0.05;

    /**
     * The result.
     *
     * @param code        SUCCESS, SINGULAR_SET or the integrator's failure
     * @param message     diagnostics
     * @param stopTime    time of the singular stop (NaN otherwise)
     * @param times       output times reached
     * @param states      states there
     * @param minL2       MinL2 at the output times
     * @param rate        late-time rate of MinL2 (second half of the reached times)
     * @param outcome     the outcome
     * @param algorithm   integrator name
     * @param steps       accepted steps (all segments)
     * @param evaluations right-hand-side evaluations
     * @param jacobians   Jacobian evaluations
     * @param factorisations factorisations
     * @param headMinSingularValue smallest singular value of W at the last state (NaN without a head)
     * @param fixedPoint  Newton's result (null when not attempted)
     * @param wallSeconds wall time of the integration
     */
    public record Result(ReturnCode code, String message, double stopTime, double[] times, double[][] states,
                         double[] minL2, RateFit rate, Outcome outcome, String algorithm, long steps, long evaluations,
                         long jacobians, long factorisations, double headMinSingularValue, FixedPoint fixedPoint,
                         double wallSeconds) {
        public double[] last() {
            return states[states.length - 1];
        }
    }

    private VariantRun() {
    }

    /** The Rodas4 of these runs: derived Jacobian, arrow-structured linear solves. */
    public static OdeAlgorithm rodas(double rtol) {
        return OdeAlgorithm.rodas(rtol, rtol * 1e-3).withLinearSolver(ArrowSolver.FACTORY).withDenseOutput(true);
    }

    /** The DP853 witness of these runs (budget {@link #WITNESS_MAX_EVALUATIONS}). */
    public static OdeAlgorithm dp853(double rtol) {
        return OdeAlgorithm.dp853(rtol, rtol * 1e-3).withMaxEvaluations(WITNESS_MAX_EVALUATIONS);
    }

    /**
     * The seeded initial state: every particle entry standard Gaussian; with a head W = I + 0.1·Gaussian (a
     * well-conditioned head); with a target t_c = y_c.
     */
    public static double[] initialState(VariantFlow flow, long seed) {
        double[] u = org.collapseharness.numerics.InitialStates.gaussian(flow.getDimension(), seed, 1.0);
        int d = flow.layout().dim();
        if (flow.derived().head()) {
            for (int i = 0; i < d * d; i++) {
                u[flow.wOffset() + i] *= 0.1;
            }
            for (int a = 0; a < d; a++) {
                u[flow.wOffset() + a * d + a] += 1;
            }
        }
        if (flow.derived().target()) {
            for (int c = 0; c < flow.layout().classes(); c++) {
                System.arraycopy(u, flow.layout().label(c), u, flow.tOffset() + c * d, d);
            }
        }
        return u;
    }

    /**
     * Integrates and analyses.
     *
     * @param flow      the flow (its guard is set here)
     * @param u0        initial state
     * @param tEnd      end time
     * @param points    uniform output intervals
     * @param algorithm rodas ({@link #rodas}) or dp853
     * @param newton    whether to compute the Jacobian spectrum at Newton's fixed point (Newton always runs after a
     *                  successful integration: its fixed point decides collapsed vs separated)
     */
    public static Result run(VariantFlow flow, double[] u0, double tEnd, int points, OdeAlgorithm algorithm,
                             boolean newton) {
        long start = System.nanoTime();
        boolean normalises = flow.derived().normalises();
        flow.guard(normalises && flow.derived().head() ? HEAD_FLOOR : -1,
                normalises && flow.derived().eps() == 0 ? NORM_FLOOR : -1);
        double[] grid = TimeGrid.uniform(tEnd, points);
        List<Double> times = new ArrayList<>();
        List<double[]> states = new ArrayList<>();
        times.add(0.0);
        states.add(u0.clone());
        long steps = 0;
        long evals = 0;
        long jacs = 0;
        long lus = 0;
        ReturnCode code = ReturnCode.SUCCESS;
        String message = "";
        double stopTime = Double.NaN;
        Outcome singular = null;
        int per = Math.max(1, points / SEGMENTS);
        try {
            for (int from = 0; from < points; from += per) {
                int to = Math.min(points, from + per);
                double t0 = grid[from];
                double[] rel = new double[to - from];
                for (int i = 0; i < rel.length; i++) {
                    rel[i] = grid[from + 1 + i] - t0;
                }
                flow.clock(t0);
                OdeProblem problem = new OdeProblem("variant", flow, states.get(states.size() - 1), rel)
                        .withJacobian(flow);
                OdeSolution sol;
                try {
                    sol = OdeSolver.solve(problem, algorithm);
                } catch (VariantFlow.SingularSetReached e) {
                    stopTime = e.time();
                    code = ReturnCode.SINGULAR_SET;
                    message = e.getMessage();
                    double[] at = e.state();
                    singular = flow.derived().head() && flow.headConditionInverse(at) < HEAD_RANK_RATIO
                            ? Outcome.HEAD_RANK_LOSS : Outcome.VANISHING_NORM;
                    message += "; smallest/largest singular value of W " + flow.headConditionInverse(at)
                            + ", smallest normalised norm " + flow.smallestNormalisedNorm(at);
                    // the last output is the state at which the flow met the singular set (an integrator stage
                    // within one step of the last accepted state), so the final quantities describe the stop
                    if (stopTime > times.get(times.size() - 1)) {
                        times.add(stopTime);
                        states.add(at);
                    }
                    break;
                }
                steps += Math.max(0, sol.stats().acceptedSteps());
                evals += Math.max(0, sol.stats().rhsEvaluations());
                jacs += Math.max(0, sol.stats().jacobianEvaluations());
                lus += Math.max(0, sol.stats().luDecompositions());
                for (int i = 0; i < sol.times().length; i++) {
                    times.add(t0 + sol.times()[i]);
                    states.add(sol.states()[i]);
                }
                if (!sol.success()) {
                    code = sol.code();
                    message = sol.message();
                    break;
                }
            }
        } finally {
            flow.guard(-1, -1);
            flow.clock(0);
        }
        double[] t = times.stream().mapToDouble(Double::doubleValue).toArray();
        double[][] u = states.toArray(new double[0][]);
        double[] minL2 = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            minL2[i] = Metrics.minL2(flow.layout(), u[i]);
        }
        double tLast = t[t.length - 1];
        RateFit rate = RateFit.lateTime(t, minL2, tLast / 2, RATE_FLOOR * minL2[0]);
        double wall = (System.nanoTime() - start) / 1e9;
        FixedPoint fp = code == ReturnCode.SUCCESS ? newton(flow, u[u.length - 1], newton) : null;
        Outcome outcome;
        if (singular != null) {
            outcome = singular;
        } else if (code != ReturnCode.SUCCESS) {
            outcome = Outcome.FAILED;
        } else if (fp != null && fp.converged()) {
            outcome = Metrics.minL2(flow.layout(), fp.state()) <= FIXED_POINT_COLLAPSE * minL2[0]
                    ? Outcome.COLLAPSED : Outcome.SEPARATED;
        } else {
            outcome = minL2[minL2.length - 1] < COLLAPSE_RATIO * minL2[0] ? Outcome.COLLAPSED : Outcome.SEPARATED;
        }
        if (fp != null && fp.converged()) {
            double[] gap = new double[t.length];
            for (int i = 0; i < t.length; i++) {
                double g = 0;
                for (int j = 0; j < u[i].length; j++) {
                    g = Math.max(g, Math.abs(u[i][j] - fp.state()[j]));
                }
                gap[i] = g;
            }
            double[] field = new double[t.length];
            for (int i = 0; i < t.length; i++) {
                for (double x : flow.computeDerivatives(0, u[i])) {
                    field[i] = Math.max(field[i], Math.abs(x));
                }
            }
            fp = fp.withApproach(RateFit.lateTime(t, gap, tLast / 4, RATE_FLOOR * Math.max(gap[0], 1e-300)),
                    RateFit.auto(t, field, FIELD_DECAY_FLOOR * field[0], FIELD_DECAY_SETTLE));
        }
        return new Result(code, message, stopTime, t, u, minL2, rate, outcome, algorithm.name(), steps, evals, jacs,
                lus, flow.headSmallestSingularValue(u[u.length - 1]), fp, wall);
    }

    /**
     * Newton on the derived field from u, shift-regularised (σI − J)δ = F, then (if asked) the spectrum at the result.
     */
    public static FixedPoint newton(VariantFlow flow, double[] from, boolean withSpectrum) {
        double[] u = from.clone();
        double[] f = flow.computeDerivatives(0, u);
        double res = maxAbs(f);
        double sigma = 1e-8;
        int it = 0;
        ArrowSolver solver = ArrowSolver.of(new OdeProblem("newton", flow, u, new double[] {1}));
        while (res > NEWTON_TOL * Math.max(1, maxAbs(u)) && it < 40 && sigma < 1e6) {
            it++;
            solver.linearise(flow.jacobian(0, u));
            if (!solver.factor(sigma)) {
                sigma *= 100;
                continue;
            }
            double[] step = f.clone();
            solver.solve(step);
            double[] next = u.clone();
            for (int i = 0; i < u.length; i++) {
                next[i] += step[i];
            }
            double[] fn = flow.computeDerivatives(0, next);
            double rn = maxAbs(fn);
            if (Double.isFinite(rn) && rn < res) {
                u = next;
                f = fn;
                res = rn;
                sigma = Math.max(1e-12, sigma / 10);
            } else {
                sigma *= 100;
            }
        }
        boolean ok = res <= NEWTON_TOL * Math.max(1, maxAbs(u));
        double dist = 0;
        for (int i = 0; i < u.length; i++) {
            dist = Math.max(dist, Math.abs(u[i] - from[i]));
        }
        Spectrum spec = ok && withSpectrum && u.length <= SPECTRUM_MAX ? spectrum(flow.jacobian(0, u)) : null;
        return new FixedPoint(ok, it, res, dist, u, spec, null, null);
    }

    /** Eigenvalues of a dense matrix, summarised. */
    public static Spectrum spectrum(double[][] jac) {
        int n = jac.length;
        DMatrixRMaj m = new DMatrixRMaj(jac);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, false);
        if (!eig.decompose(m)) {
            return new Spectrum(new double[0], new double[0], 0, Double.NaN);
        }
        double[][] ev = new double[n][];
        double scale = 0;
        for (int i = 0; i < n; i++) {
            Complex_F64 c = eig.getEigenvalue(i);
            ev[i] = new double[] {c.real, c.imaginary};
            scale = Math.max(scale, Math.hypot(c.real, c.imaginary));
        }
        Arrays.sort(ev, (p, q) -> Double.compare(q[0], p[0]));
        double[] re = new double[n];
        double[] im = new double[n];
        int zeros = 0;
        double maxNonzero = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            re[i] = ev[i][0];
            im[i] = ev[i][1];
            if (Math.hypot(re[i], im[i]) <= 1e-7 * Math.max(scale, 1e-300)) {
                zeros++;
            } else {
                maxNonzero = Math.max(maxNonzero, re[i]);
            }
        }
        return new Spectrum(re, im, zeros, maxNonzero);
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return Double.isFinite(m) ? m : Double.POSITIVE_INFINITY;
    }

}
