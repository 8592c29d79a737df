package org.collapseharness.numerics.teacherstudent;

import java.util.Random;
import org.collapseharness.numerics.ExactLinearPropagator;
import org.collapseharness.numerics.JacobianProvider;
import org.collapseharness.numerics.NumericSpectrum;
import org.collapseharness.numerics.OdeAlgorithm;
import org.collapseharness.numerics.OdeProblem;
import org.collapseharness.numerics.OdeSolution;
import org.collapseharness.numerics.OdeSolver;
import org.collapseharness.numerics.RateFit;
import org.collapseharness.numerics.ReturnCode;
import org.collapseharness.numerics.SolveStats;
import org.collapseharness.theory.TeacherStudentMode;

/**
 * Trajectories of the §5 student: Hipparchus integration of {@link TeacherStudentFlow} (every mode), exact
 * eigen-propagation of the plain flow (the flow is linear in (E, y), one symmetric (D+2)×(D+2) matrix per
 * coordinate), and plain gradient descent with a step size. Observables: MinL2 = |y_+ − y_−|, accuracy in
 * representation space, loss.
 */
public final class TeacherStudentSimulator {
    private TeacherStudentSimulator() {
    }

    /**
     * A trajectory and its observables.
     *
     * @param code       SUCCESS, or how the solve failed
     * @param message    diagnostics
     * @param times      output times (for gradient descent: step × η)
     * @param states     states at those times
     * @param minL2      |y_+ − y_−|
     * @param accuracy   representation-space accuracy (NaN where not computed)
     * @param loss       loss
     * @param evaluations right-hand-side evaluations (0 for exact propagation)
     * @param steps      accepted integrator steps (−1 where not an integrator)
     * @param stats      the integrator's work counters (only the evaluations where not an integrator)
     */
    public record Trajectory(ReturnCode code, String message, double[] times, double[][] states, double[] minL2,
                             double[] accuracy, double[] loss, long evaluations, long steps, SolveStats stats) {
        public Trajectory(ReturnCode code, String message, double[] times, double[][] states, double[] minL2,
                          double[] accuracy, double[] loss, long evaluations, long steps) {
            this(code, message, times, states, minL2, accuracy, loss, evaluations, steps,
                    SolveStats.evaluationsOnly(evaluations));
        }

        public Trajectory(ReturnCode code, String message, double[] times, double[][] states, double[] minL2,
                          double[] accuracy, double[] loss, long evaluations) {
            this(code, message, times, states, minL2, accuracy, loss, evaluations, -1);
        }

        /** The same trajectory with the integrator's counters. */
        public Trajectory withStats(SolveStats s) {
            return new Trajectory(code, message, times, states, minL2, accuracy, loss, evaluations, steps, s);
        }

        public boolean success() {
            return code == ReturnCode.SUCCESS;
        }

        public double[] last() {
            return states[states.length - 1];
        }

        public double minL2Final() {
            return minL2.length == 0 ? Double.NaN : minL2[minL2.length - 1];
        }

        public double accuracyFinal() {
            return accuracy.length == 0 ? Double.NaN : accuracy[accuracy.length - 1];
        }

        /** Late-time rate of log MinL2 (window chosen from the dynamics). */
        public RateFit slowFit(double floor) {
            return RateFit.auto(times, minL2, floor, 0.01);
        }
    }

    /**
     * Seeded initial state: E entries N(0, 1/D) (so that E x is O(1)), y_± entries N(0, 1), and for the projection
     * variants W = I + N(0, 0.1²/k) entries.
     */
    public static double[] initialState(int dim, int k, TeacherStudentMode mode, long seed) {
        Random rnd = new Random(seed);
        double[] z = new double[TeacherStudentFlow.size(dim, k, mode)];
        double es = 1 / Math.sqrt(dim);
        for (int i = 0; i < dim * k; i++) {
            z[i] = es * rnd.nextGaussian();
        }
        for (int i = dim * k; i < (dim + 2) * k; i++) {
            z[i] = rnd.nextGaussian();
        }
        if (mode.hasHead()) {
            int h = (dim + 2) * k;
            for (int p = 0; p < k; p++) {
                for (int q = 0; q < k; q++) {
                    z[h + p * k + q] = (p == q ? 1 : 0) + 0.1 / Math.sqrt(k) * rnd.nextGaussian();
                }
            }
        }
        return z;
    }

    /** Exact propagator of the plain flow for this data (eigen-decomposition of the (D+2)×(D+2) operator). */
    public static ExactLinearPropagator plainPropagator(TeacherStudentData data, int k) {
        return new ExactLinearPropagator(TeacherStudentFlow.plainOperator(data), k);
    }

    /** Ascending eigenvalues of the plain per-coordinate operator (all ≤ 0). */
    public static double[] plainSpectrum(TeacherStudentData data) {
        double[] v = NumericSpectrum.symmetric(TeacherStudentFlow.plainOperator(data)).values().clone();
        java.util.Arrays.sort(v);
        return v;
    }

    /** Plain flow by exact eigen-propagation (no integrator). */
    public static Trajectory exact(TeacherStudentFlow flow, ExactLinearPropagator p, double[] z0, double[] times,
                                   boolean accuracy) {
        if (flow.mode() != TeacherStudentMode.PLAIN) {
            throw new IllegalArgumentException("exact propagation exists for the plain (linear) flow only");
        }
        double[][] states = new double[times.length][];
        for (int i = 0; i < times.length; i++) {
            states[i] = p.propagate(z0, times[i]);
        }
        return observe(flow, ReturnCode.SUCCESS, "", times, states, 0, accuracy);
    }

    /** Integration of any mode by any algorithm (the exponential one with Krylov φ₁ for large systems). */
    public static Trajectory integrate(TeacherStudentFlow flow, double[] z0, double[] times, OdeAlgorithm algorithm,
                                       boolean accuracy) {
        return integrate(flow, null, z0, times, algorithm, accuracy);
    }

    /**
     * Integration with the flow's Jacobian (e.g. {@link TeacherStudentJacobian}; null: the algorithm differences the
     * right-hand side when it needs one).
     */
    public static Trajectory integrate(TeacherStudentFlow flow, JacobianProvider jacobian, double[] z0, double[] times,
                                       OdeAlgorithm algorithm, boolean accuracy) {
        OdeProblem problem = new OdeProblem("teacher-student " + flow.mode(), flow, z0, times);
        OdeSolution sol = OdeSolver.solve(jacobian == null ? problem : problem.withJacobian(jacobian), algorithm);
        return observe(flow, sol.code(), sol.message(), sol.times(), sol.states(), sol.evaluations(), accuracy,
                sol.steps()).withStats(sol.stats());
    }

    /**
     * Gradient descent z ← z + η f(z) (f = the flow's velocity, sg semantics included) for the given number of steps;
     * records every {@code every} steps; time = step·η. A non-finite state ends the run with NON_FINITE_STATE.
     */
    public static Trajectory gradientDescent(TeacherStudentFlow flow, double[] z0, double eta, int steps, int every,
                                             boolean accuracy) {
        int records = steps / every + 1;
        double[] times = new double[records];
        double[][] states = new double[records][];
        double[] z = z0.clone();
        states[0] = z.clone();
        int rec = 1;
        ReturnCode code = ReturnCode.SUCCESS;
        String msg = "";
        long evals = 0;
        for (int s = 1; s <= steps; s++) {
            double[] f = flow.computeDerivatives(0, z);
            evals++;
            for (int i = 0; i < z.length; i++) {
                z[i] += eta * f[i];
            }
            if (!Double.isFinite(z[0]) || !Double.isFinite(z[z.length - 1])) {
                code = ReturnCode.NON_FINITE_STATE;
                msg = "non-finite state after step " + s + " (eta = " + eta + ")";
                break;
            }
            if (s % every == 0 && rec < records) {
                times[rec] = s * eta;
                states[rec] = z.clone();
                rec++;
            }
        }
        double[] t = java.util.Arrays.copyOf(times, rec);
        double[][] st = java.util.Arrays.copyOf(states, rec);
        return observe(flow, code, msg, t, st, evals, accuracy);
    }

    private static Trajectory observe(TeacherStudentFlow flow, ReturnCode code, String msg, double[] times,
                                      double[][] states, long evals, boolean accuracy) {
        return observe(flow, code, msg, times, states, evals, accuracy, -1);
    }

    private static Trajectory observe(TeacherStudentFlow flow, ReturnCode code, String msg, double[] times,
                                      double[][] states, long evals, boolean accuracy,
                                      long steps) {
        int p = states.length;
        double[] m = new double[p];
        double[] a = new double[p];
        double[] l = new double[p];
        for (int i = 0; i < p; i++) {
            m[i] = flow.minL2(states[i]);
            a[i] = accuracy ? flow.accuracy(states[i]) : Double.NaN;
            l[i] = flow.loss(states[i]);
        }
        return new Trajectory(code, msg, times.clone(), states, m, a, l, evals, steps);
    }
}
