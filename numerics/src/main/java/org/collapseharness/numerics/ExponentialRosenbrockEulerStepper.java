package org.collapseharness.numerics;

import java.util.ArrayList;
import java.util.List;
import org.collapseharness.numerics.OdeAlgorithm.ExponentialRosenbrockEuler;
import org.collapseharness.numerics.OdeAlgorithm.ExponentialRosenbrockEuler.Phi;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.ode.OrdinaryDifferentialEquation;

/**
 * The stepping of {@link ExponentialRosenbrockEuler}: step doubling (one step of h against two of h/2 from a fresh
 * linearisation at the midpoint), error |u_half − u_full| / (2^p − 1) with p = 2 the order of one step, accepted
 * value the Richardson combination u_half + (u_half − u_full)/3. The first half step reuses the full step's
 * linearisation (and Krylov basis). Failures are return codes, never exceptions.
 */
final class ExponentialRosenbrockEulerStepper {
    /** Order of the error estimate of the Richardson pair (the step-size exponent is −1/ERROR_ORDER). */
    static final int ERROR_ORDER = 3;
    /** 2^p − 1 for the single-step order p = 2: the Richardson denominator. */
    private static final double RICHARDSON = 3;

    private final ExponentialRosenbrockEuler alg;
    private final StepControl c;
    private final OrdinaryDifferentialEquation eq;
    private final JacobianProvider jac;
    private final long[] evals = {0};
    private long jacobians;
    private long rejected;

    private ExponentialRosenbrockEulerStepper(ExponentialRosenbrockEuler alg, OdeProblem problem) {
        this.alg = alg;
        this.c = alg.control();
        this.eq = problem.equation();
        this.jac = problem.jacobian().orElse(null);
    }

    static OdeSolution solve(OdeProblem problem, ExponentialRosenbrockEuler alg) {
        return new ExponentialRosenbrockEulerStepper(alg, problem).run(problem);
    }

    /** u ↦ u + h φ₁(hJ) f for the flow linearised at one state; null when the evaluation did not converge. */
    private interface Linearisation {
        double[] advance(double h);
    }

    private Linearisation linearise(double t, double[] u, double[] f0, double hMax) {
        jacobians++;
        if (alg.phi() == Phi.DENSE) {
            double[][] j = jac != null ? jac.jacobian(t, u) : Jacobians.dense(eq, t, u, evals);
            return h -> step(u, f0, j, h);
        }
        int n = u.length;
        if (!ArrayOps.allFinite(f0)) {
            // a non-finite field would span no Krylov space and read as f = 0: report the trial as non-finite
            double[] nan = new double[n];
            java.util.Arrays.fill(nan, Double.NaN);
            return h -> nan;
        }
        Arnoldi.Operator jv = jac != null ? analyticJvp(jac.jacobian(t, u)) : Jacobians.jvp(eq, t, u, evals);
        double tol = ExponentialRosenbrockEuler.KRYLOV_FRACTION * (c.absTol() + c.relTol() * ArrayOps.maxAbs(u));
        Arnoldi a = Arnoldi.run(jv, f0, alg.maxKrylov(), sofar -> phiEstimate(sofar, hMax) <= tol);
        if (!a.invariant() && phiEstimate(a, hMax) > tol) {
            return h -> null;
        }
        return h -> {
            double[] out = a.dimension() == 0 ? new double[n] : a.combine(a.phi1Column(h), h * a.beta());
            for (int i = 0; i < n; i++) {
                out[i] += u[i];
            }
            return out;
        };
    }

    private static Arnoldi.Operator analyticJvp(double[][] j) {
        return (v, out) -> {
            for (int r = 0; r < j.length; r++) {
                out[r] = ArrayOps.dot(j[r], v);
            }
        };
    }

    /** h β h_{m+1,m} |e_mᵀ φ₁(hH_m) e₁|: the size of the first neglected Krylov term of h φ₁(hJ) f. */
    static double phiEstimate(Arnoldi a, double h) {
        if (a.dimension() == 0) {
            return 0;
        }
        return h * a.beta() * a.hNext() * Math.abs(a.phi1Column(h)[a.dimension() - 1]);
    }

    private OdeSolution run(OdeProblem problem) {
        long start = System.nanoTime();
        double[] times = problem.outputTimes();
        List<double[]> states = new ArrayList<>();
        List<Double> reached = new ArrayList<>();
        double[] u = problem.y0();
        double t = 0;
        int next = 0;
        if (times[0] == 0.0) {
            states.add(u.clone());
            reached.add(0.0);
            next = 1;
        }
        double h0 = Double.isNaN(c.initialStep()) ? ExponentialRosenbrockEuler.DEFAULT_INITIAL_STEP : c.initialStep();
        double h = Math.min(h0, problem.tEnd() > 0 ? problem.tEnd() : 1);
        long attempts = 0;
        long accepted = 0;
        Outcome out = new Outcome(reached, states, start);
        while (next < times.length) {
            if (attempts++ > c.maxSteps()) {
                return out.done(ReturnCode.MAX_EVALUATIONS, "step budget " + c.maxSteps() + " exhausted at t=" + t,
                        accepted);
            }
            if (evals[0] > c.maxEvaluations()) {
                return out.done(ReturnCode.MAX_EVALUATIONS, "evaluation budget " + c.maxEvaluations()
                        + " exhausted at t=" + t, accepted);
            }
            double target = times[next];
            double hTry = Math.min(Math.min(h, c.maxStep()), target - t);
            boolean hits = hTry >= target - t;
            double[] f0 = f(t, u);
            Linearisation l0 = linearise(t, u, f0, hTry);
            double[] big = l0.advance(hTry);
            double[] mid = big == null ? null : l0.advance(hTry / 2);
            double[] half = null;
            if (mid != null) {
                double[] fm = f(t + hTry / 2, mid);
                half = linearise(t + hTry / 2, mid, fm, hTry / 2).advance(hTry / 2);
            }
            if (half == null) {
                rejected++;
                h = hTry * ExponentialRosenbrockEuler.RETRY_FACTOR;
                if (h < c.minStep()) {
                    return out.done(ReturnCode.STEP_SIZE_UNDERFLOW, "Krylov basis of " + alg.maxKrylov()
                            + " vectors did not converge for steps down to " + hTry + " at t=" + t, accepted);
                }
                continue;
            }
            double err = 0;
            boolean finite = true;
            for (int i = 0; i < u.length; i++) {
                if (!Double.isFinite(half[i]) || !Double.isFinite(big[i])) {
                    finite = false;
                    break;
                }
                double sc = c.scale(Math.max(Math.abs(u[i]), Math.abs(half[i])));
                err = Math.max(err, Math.abs(half[i] - big[i]) / (RICHARDSON * sc));
            }
            if (!finite) {
                rejected++;
                if (hTry <= c.minStep()) {
                    return out.done(ReturnCode.NON_FINITE_STATE, "non-finite state at t=" + t, accepted);
                }
                h = hTry * ExponentialRosenbrockEuler.RETRY_FACTOR;
                continue;
            }
            if (err <= 1) {
                accepted++;
                for (int i = 0; i < u.length; i++) {
                    u[i] = half[i] + (half[i] - big[i]) / RICHARDSON;
                }
                t = hits ? target : t + hTry;
                if (hits) {
                    states.add(u.clone());
                    reached.add(t);
                    next++;
                }
                double grow = err == 0 ? c.maxFactor()
                        : Math.min(c.maxFactor(), c.safety() * Math.pow(err, -1.0 / ERROR_ORDER));
                h = Math.max(h, hTry) * Math.max(1, grow);
            } else {
                rejected++;
                h = hTry * Math.max(c.minFactor(), c.safety() * Math.pow(err, -1.0 / ERROR_ORDER));
                if (h < c.minStep()) {
                    return out.done(ReturnCode.STEP_SIZE_UNDERFLOW, "step " + h + " below " + c.minStep() + " at t="
                            + t, accepted);
                }
            }
        }
        return out.done(ReturnCode.SUCCESS, "", accepted);
    }

    private final class Outcome {
        private final List<Double> reached;
        private final List<double[]> states;
        private final long start;

        Outcome(List<Double> reached, List<double[]> states, long start) {
            this.reached = reached;
            this.states = states;
            this.start = start;
        }

        OdeSolution done(ReturnCode code, String msg, long accepted) {
            SolveStats stats = new SolveStats(evals[0], jacobians, 0, accepted, rejected);
            return new OdeSolution(code, reached.stream().mapToDouble(Double::doubleValue).toArray(),
                    states.toArray(new double[0][]), stats, alg.name(), (System.nanoTime() - start) / 1e9, msg);
        }
    }

    private double[] f(double t, double[] u) {
        evals[0]++;
        return eq.computeDerivatives(t, u);
    }

    /** u + h φ₁(hJ) f via exp([[hJ, h f], [0, 0]]). */
    static double[] step(double[] u, double[] f, double[][] j, double h) {
        int n = u.length;
        RealMatrix a = MatrixUtils.createRealMatrix(n + 1, n + 1);
        for (int r = 0; r < n; r++) {
            for (int col = 0; col < n; col++) {
                a.setEntry(r, col, h * j[r][col]);
            }
            a.setEntry(r, n, h * f[r]);
        }
        RealMatrix e = MatrixUtils.matrixExponential(a);
        double[] out = new double[n];
        for (int r = 0; r < n; r++) {
            out[r] = u[r] + e.getEntry(r, n);
        }
        return out;
    }
}
