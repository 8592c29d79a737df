package org.collapseharness.numerics;

import java.util.ArrayList;
import java.util.List;
import org.collapseharness.numerics.OdeAlgorithm.Rodas4;
import org.hipparchus.ode.OrdinaryDifferentialEquation;

/**
 * The stepping of {@link Rodas4}. With W = I/(hγ) − J, J the Jacobian at (t, y) and f_t = ∂f/∂t there, the stages are
 * W k_i = f(t + α_i h, y + Σ_{j<i} a_ij k_j) + Σ_{j<i} (c_ij / h) k_j + γ_i h f_t (i = 1…6), the step
 * y₁ = y + Σ_{j≤4} a_5j k_j + k₅ + k₆ (the argument of the sixth stage plus k₆: stiffly accurate) and the embedded
 * order-3 solution y₁ − k₆, so k₆ is the error estimate. Steps end on every output time, or, with
 * {@link Rodas4#denseOutput()}, only on the end time, the output times in between taken from the dense output on
 * [t, t + h]:
 * y(t + θh) = (1 − θ) y + θ (y₁ + (1 − θ)(q₁ + θ q₂)) with q_r = Σ_{j≤5} d_rj k_j.
 *
 * <p>Coefficients: E. Hairer and G. Wanner, Solving Ordinary Differential Equations II (2nd ed., Springer 1996),
 * Section IV.7, as published in their code rodas.f (METH = 1); order 4 of the step, order 3 of the embedded solution
 * and of the dense output are checked numerically in {@code RodasTest}. Failures are return codes, never exceptions.
 */
final class RodasStepper {
    static final double GAMMA = 0.25;
    /** Stage times α_i. */
    static final double[] ALPHA = {0, 0.386, 0.21, 0.63, 1, 1};
    /** Time-derivative coefficients γ_i = Σ_j γ_ij. */
    static final double[] GAMMA_SUM = {0.25, -0.1043, 0.1035, -0.3620000000000023e-01, 0, 0};
    /** Stage arguments a_ij (row i = stage i + 1; the sixth stage's row is the step without k₆). */
    static final double[][] A = {
        {},
        {0.1544000000000000e+01},
        {0.9466785280815826e+00, 0.2557011698983284e+00},
        {0.3314825187068521e+01, 0.2896124015972201e+01, 0.9986419139977817e+00},
        {0.1221224509226641e+01, 0.6019134481288629e+01, 0.1253708332932087e+02, -0.6878860361058950e+00},
        {0.1221224509226641e+01, 0.6019134481288629e+01, 0.1253708332932087e+02, -0.6878860361058950e+00, 1},
    };
    /** Coupling coefficients c_ij of the transformed stages. */
    static final double[][] C = {
        {},
        {-0.5668800000000000e+01},
        {-0.2430093356833875e+01, -0.2063599157091915e+00},
        {-0.1073529058151375e+00, -0.9594562251023355e+01, -0.2047028614809616e+02},
        {0.7496443313967647e+01, -0.1024680431464352e+02, -0.3399990352819905e+02, 0.1170890893206160e+02},
        {0.8083246795921522e+01, -0.7981132988064893e+01, -0.3152159432874371e+02, 0.1631930543123136e+02,
            -0.6058818238834054e+01},
    };
    /** Dense-output coefficients d_rj (r = 1, 2; j = 1…5). */
    static final double[][] DENSE = {
        {0.1012623508344586e+02, -0.7487995877610167e+01, -0.3480091861555747e+02, -0.7992771707568823e+01,
            0.1025137723295662e+01},
        {-0.6762803392801253e+00, 0.6087714651680015e+01, 0.1643084320892478e+02, 0.2476722511418386e+02,
            -0.6594389125716872e+01},
    };
    static final int STAGES = 6;
    /** Order of the embedded error estimate plus one: the step-size exponent is −1/ERROR_EXPONENT. */
    static final int ERROR_EXPONENT = 4;
    /** Factor applied to the step after a trial with a non-finite stage. */
    static final double RETRY_FACTOR = 0.25;
    /** Factor applied to a rejected first step (its size was a guess). */
    static final double FIRST_STEP_CUT = 0.1;
    /** Gustafsson's controller: floor of the remembered error of the last accepted step. */
    static final double ERR_FLOOR = 1e-2;
    private static final double UNIT_ROUNDOFF = 1e-16;

    private final Rodas4 alg;
    private final StepControl c;
    private final OrdinaryDifferentialEquation eq;
    private final ShiftedJacobianSolver solver;
    private final int n;
    private final long[] evals = {0};
    private long jacobians;
    private long factorisations;
    private long accepted;
    private long rejected;
    private final double[][] k;
    private final double[] stage;
    private final double[] ynew;

    private RodasStepper(Rodas4 alg, OdeProblem problem) {
        this.alg = alg;
        this.c = alg.control();
        this.eq = problem.equation();
        this.solver = alg.linearSolver().create(problem, evals);
        this.n = problem.y0().length;
        this.k = new double[STAGES][n];
        this.stage = new double[n];
        this.ynew = new double[n];
    }

    static OdeSolution solve(OdeProblem problem, Rodas4 alg) {
        return new RodasStepper(alg, problem).run(problem);
    }

    private double[] f(double t, double[] y) {
        evals[0]++;
        return eq.computeDerivatives(t, y);
    }

    /**
     * ∂f/∂t at (t, y) by a forward difference of size √(u · max(10⁻⁵, |t|)); exactly 0, without an evaluation, for a
     * right-hand side declared autonomous ({@link JacobianProvider#autonomous()}).
     */
    private double[] timeDerivative(double t, double[] y, double[] f0) {
        if (eq instanceof JacobianProvider p && p.autonomous()) {
            return new double[n];
        }
        double delta = Math.sqrt(UNIT_ROUNDOFF * Math.max(1e-5, Math.abs(t)));
        double[] fd = f(t + delta, y);
        for (int i = 0; i < n; i++) {
            fd[i] = (fd[i] - f0[i]) / delta;
        }
        return fd;
    }

    /** First trial step: 0.01 ‖y0‖/‖f(y0)‖ in the scaled RMS norm, 10⁻⁶ when either is tiny. */
    private double initialStep(double[] y, double[] f0) {
        if (!Double.isNaN(c.initialStep())) {
            return c.initialStep();
        }
        double d0 = 0;
        double d1 = 0;
        for (int i = 0; i < n; i++) {
            double sc = c.scale(Math.abs(y[i]));
            if (sc > 0) { // sc = 0 only when absTol = 0 and y_i = 0: the component sets no scale
                d0 += (y[i] / sc) * (y[i] / sc);
                d1 += (f0[i] / sc) * (f0[i] / sc);
            }
        }
        d0 = Math.sqrt(d0 / n);
        d1 = Math.sqrt(d1 / n);
        return d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * d0 / d1;
    }

    /**
     * One attempt from (t, y) with step h, W already factorised: the stages into k, the new state into ynew.
     *
     * @return false when a stage is not finite
     */
    private boolean attempt(double t, double[] y, double[] f0, double[] ft, double h) {
        for (int i = 0; i < STAGES; i++) {
            double[] rhs;
            if (i == 0) {
                rhs = f0.clone();
            } else {
                double[] ai = A[i];
                System.arraycopy(y, 0, stage, 0, n);
                for (int j = 0; j < i; j++) {
                    axpy(ai[j], k[j], stage);
                }
                rhs = f(t + ALPHA[i] * h, stage);
                double[] ci = C[i];
                for (int j = 0; j < i; j++) {
                    axpy(ci[j] / h, k[j], rhs);
                }
            }
            if (GAMMA_SUM[i] != 0) {
                axpy(GAMMA_SUM[i] * h, ft, rhs);
            }
            if (!ArrayOps.allFinite(rhs)) {
                return false;
            }
            solver.solve(rhs);
            System.arraycopy(rhs, 0, k[i], 0, n);
        }
        for (int i = 0; i < n; i++) {
            ynew[i] = stage[i] + k[STAGES - 1][i];
        }
        return ArrayOps.allFinite(ynew);
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < y.length; i++) {
            y[i] += a * x[i];
        }
    }

    /** RMS over components of k₆ / (absTol + relTol · max(|y|, |ynew|)). */
    private double error(double[] y) {
        double[] e = k[STAGES - 1];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            if (e[i] != 0) { // 0/0 when absTol = 0 and the component is 0
                double r = e[i] / c.scale(Math.max(Math.abs(y[i]), Math.abs(ynew[i])));
                sum += r * r;
            }
        }
        return Math.sqrt(sum / n);
    }

    /** The dense output at θ ∈ [0, 1] of the step from y with the stages in k. */
    private double[] dense(double[] y, double theta) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double q1 = 0;
            double q2 = 0;
            for (int j = 0; j < STAGES - 1; j++) {
                q1 += DENSE[0][j] * k[j][i];
                q2 += DENSE[1][j] * k[j][i];
            }
            out[i] = (1 - theta) * y[i] + theta * (ynew[i] + (1 - theta) * (q1 + theta * q2));
        }
        return out;
    }

    private double clampFactor(double factor, double max) {
        return Math.max(c.minFactor(), Math.min(max, factor));
    }

    private OdeSolution run(OdeProblem problem) {
        long start = System.nanoTime();
        double[] times = problem.outputTimes();
        Outcome out = new Outcome(start);
        double[] y = problem.y0();
        double t = 0;
        int next = 0;
        if (times[0] == 0.0) {
            out.record(0.0, y.clone());
            next = 1;
        }
        double tEnd = problem.tEnd();
        if (next == times.length) {
            return out.done(ReturnCode.SUCCESS, "");
        }
        double[] f0 = f(t, y);
        if (!ArrayOps.allFinite(f0)) {
            return out.done(ReturnCode.NON_FINITE_STATE, "non-finite right-hand side at t=0");
        }
        double h0 = initialStep(y, f0);
        double h = Math.max(c.minStep(), Math.min(h0 > 0 ? h0 : 1e-6, Math.min(c.maxStep(), tEnd)));
        double[] ft = null;
        long attempts = 0;
        int singular = 0;
        boolean first = true;
        boolean lastRejected = false;
        double hAcc = 0;
        double errAcc = 0;
        while (true) {
            if (attempts >= c.maxSteps()) {
                return out.done(ReturnCode.MAX_EVALUATIONS, "step budget " + c.maxSteps() + " exhausted at t=" + t);
            }
            if (evals[0] > c.maxEvaluations()) {
                return out.done(ReturnCode.MAX_EVALUATIONS, "evaluation budget " + c.maxEvaluations()
                        + " exhausted at t=" + t);
            }
            attempts++;
            if (ft == null) {
                solver.linearise(t, y, f0);
                jacobians++;
                ft = timeDerivative(t, y, f0);
            }
            double target = alg.denseOutput() ? tEnd : times[next];
            double hTry = Math.min(h, c.maxStep());
            boolean last = t + hTry * 1.0001 >= target;
            if (last) {
                hTry = target - t;
            }
            factorisations++;
            if (!solver.factor(1 / (hTry * GAMMA))) {
                rejected++;
                singular++;
                lastRejected = true;
                h = hTry / 2;
                if (singular >= Rodas4.MAX_SINGULAR || h < c.minStep()) {
                    return out.done(ReturnCode.SINGULAR_MATRIX, "W = I/(h gamma) - J singular " + singular
                            + " times in a row, last at h=" + hTry + ", t=" + t);
                }
                continue;
            }
            singular = 0;
            if (!attempt(t, y, f0, ft, hTry)) {
                rejected++;
                if (hTry <= c.minStep()) {
                    return out.done(ReturnCode.NON_FINITE_STATE, "non-finite stage at t=" + t + ", h=" + hTry);
                }
                h = Math.max(c.minStep(), hTry * RETRY_FACTOR);
                lastRejected = true;
                continue;
            }
            double err = error(y);
            double grow = err == 0 ? c.maxFactor()
                    : clampFactor(c.safety() * Math.pow(err, -1.0 / ERROR_EXPONENT), c.maxFactor());
            if (err <= 1) {
                accepted++;
                if (hAcc > 0) {
                    double gus = c.safety() * (hTry / hAcc) * Math.pow(errAcc / (err * err), 1.0 / ERROR_EXPONENT);
                    grow = Math.min(grow, clampFactor(gus, c.maxFactor()));
                }
                hAcc = hTry;
                errAcc = Math.max(ERR_FLOOR, err);
                double tNew = last ? target : t + hTry;
                while (next < times.length && times[next] <= tNew) {
                    double tOut = times[next];
                    out.record(tOut, tOut == tNew ? ynew.clone() : dense(y, (tOut - t) / hTry));
                    next++;
                }
                t = tNew;
                System.arraycopy(ynew, 0, y, 0, n);
                if (next == times.length) {
                    return out.done(ReturnCode.SUCCESS, "");
                }
                f0 = f(t, y);
                if (!ArrayOps.allFinite(f0)) {
                    return out.done(ReturnCode.NON_FINITE_STATE, "non-finite right-hand side at t=" + t);
                }
                ft = null;
                if (lastRejected) {
                    grow = Math.min(grow, 1);
                }
                lastRejected = false;
                first = false;
                // a step shortened to end on an output time does not shorten the next one
                h = Math.max(c.minStep(), last && hTry < h ? Math.max(h, hTry * grow) : hTry * grow);
            } else {
                rejected++;
                lastRejected = true;
                h = first ? hTry * FIRST_STEP_CUT : hTry * Math.min(1, grow);
                if (h < c.minStep()) {
                    return out.done(ReturnCode.STEP_SIZE_UNDERFLOW, "step " + h + " below " + c.minStep()
                            + " at t=" + t + " (error " + err + ")");
                }
            }
        }
    }

    private final class Outcome {
        private final List<Double> reached = new ArrayList<>();
        private final List<double[]> states = new ArrayList<>();
        private final long start;

        Outcome(long start) {
            this.start = start;
        }

        void record(double t, double[] y) {
            reached.add(t);
            states.add(y);
        }

        OdeSolution done(ReturnCode code, String msg) {
            SolveStats stats = new SolveStats(evals[0], jacobians, factorisations, accepted, rejected);
            return new OdeSolution(code, reached.stream().mapToDouble(Double::doubleValue).toArray(),
                    states.toArray(new double[0][]), stats, alg.name(), (System.nanoTime() - start) / 1e9, msg);
        }
    }
}
