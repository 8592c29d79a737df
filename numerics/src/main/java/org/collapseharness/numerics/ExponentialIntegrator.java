package org.collapseharness.numerics;

import java.util.ArrayList;
import java.util.List;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.ode.OrdinaryDifferentialEquation;

/**
 * A stiff-capable exponential integrator: exponential Rosenbrock–Euler, u₁ = u₀ + h φ₁(hJ) f(u₀), with J the Jacobian
 * at u₀ (central finite differences) and h φ₁(hJ) f from the exponential of the augmented matrix [[hJ, h f], [0, 0]]
 * (Hipparchus {@code matrixExponential}). It is exact for linear autonomous systems, so stiff linear modes (the label
 * rate (n+m)|W|² of §4) do not limit the step. Error control by step doubling; the accepted value is the Richardson
 * combination (third order). Failures are return codes, never exceptions.
 *
 * @param relTol   relative tolerance per step
 * @param absTol   absolute tolerance per step
 * @param minStep  smallest admissible step (below: STEP_SIZE_UNDERFLOW)
 * @param maxSteps step budget (beyond: MAX_EVALUATIONS)
 */
public record ExponentialIntegrator(double relTol, double absTol, double minStep, int maxSteps) {

    public static ExponentialIntegrator of(double relTol, double absTol) {
        return new ExponentialIntegrator(relTol, absTol, 1e-12, 200_000);
    }

    @Override
    public String toString() {
        return "ExpRosenbrockEuler+Richardson(rtol=" + relTol + ", atol=" + absTol + ")";
    }

    public OdeSolution solve(OdeProblem problem) {
        long start = System.nanoTime();
        OrdinaryDifferentialEquation eq = problem.equation();
        long[] evals = {0};
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
        double h = Math.min(1e-3, problem.tEnd() > 0 ? problem.tEnd() : 1);
        int steps = 0;
        long accepted = 0;
        while (next < times.length) {
            if (steps++ > maxSteps) {
                return done(ReturnCode.MAX_EVALUATIONS, "step budget " + maxSteps + " exhausted at t=" + t, reached,
                        states, evals[0], accepted, start);
            }
            double target = times[next];
            double hTry = Math.min(h, target - t);
            boolean hits = hTry >= target - t;
            double[] f0 = f(eq, t, u, evals);
            double[][] j0 = jacobian(eq, t, u, f0, evals);
            double[] big = step(u, f0, j0, hTry);
            double[] mid = step(u, f0, j0, hTry / 2);
            double[] fm = f(eq, t + hTry / 2, mid, evals);
            double[] half = step(mid, fm, jacobian(eq, t + hTry / 2, mid, fm, evals), hTry / 2);
            double err = 0;
            boolean finite = true;
            for (int i = 0; i < u.length; i++) {
                if (!Double.isFinite(half[i]) || !Double.isFinite(big[i])) {
                    finite = false;
                    break;
                }
                double sc = absTol + relTol * Math.max(Math.abs(u[i]), Math.abs(half[i]));
                err = Math.max(err, Math.abs(half[i] - big[i]) / (3 * sc));
            }
            if (!finite) {
                if (hTry <= minStep) {
                    return done(ReturnCode.NON_FINITE_STATE, "non-finite state at t=" + t, reached, states, evals[0],
                            accepted, start);
                }
                h = hTry / 4;
                continue;
            }
            if (err <= 1) {
                accepted++;
                for (int i = 0; i < u.length; i++) {
                    u[i] = half[i] + (half[i] - big[i]) / 3;
                }
                t = hits ? target : t + hTry;
                if (hits) {
                    states.add(u.clone());
                    reached.add(t);
                    next++;
                }
                double grow = err == 0 ? 5 : Math.min(5, 0.9 * Math.pow(err, -1.0 / 3));
                h = Math.max(h, hTry) * Math.max(1, grow);
            } else {
                h = hTry * Math.max(0.2, 0.9 * Math.pow(err, -1.0 / 3));
                if (h < minStep) {
                    return done(ReturnCode.STEP_SIZE_UNDERFLOW, "step " + h + " below " + minStep + " at t=" + t,
                            reached, states, evals[0], accepted, start);
                }
            }
        }
        return done(ReturnCode.SUCCESS, "", reached, states, evals[0], accepted, start);
    }

    private static OdeSolution done(ReturnCode code, String msg, List<Double> reached, List<double[]> states, long evals,
                                    long accepted, long start) {
        return new OdeSolution(code, reached.stream().mapToDouble(Double::doubleValue).toArray(),
                states.toArray(new double[0][]), evals, (System.nanoTime() - start) / 1e9, msg, accepted);
    }

    private static double[] f(OrdinaryDifferentialEquation eq, double t, double[] u, long[] evals) {
        evals[0]++;
        return eq.computeDerivatives(t, u);
    }

    /** Central-difference Jacobian. */
    public static double[][] jacobian(OrdinaryDifferentialEquation eq, double t, double[] u, double[] f0, long[] evals) {
        int n = u.length;
        double[][] j = new double[n][n];
        double[] p = u.clone();
        for (int c = 0; c < n; c++) {
            double del = 1e-6 * Math.max(1, Math.abs(u[c]));
            p[c] = u[c] + del;
            double[] fp = f(eq, t, p, evals);
            p[c] = u[c] - del;
            double[] fm = f(eq, t, p, evals);
            p[c] = u[c];
            for (int r = 0; r < n; r++) {
                j[r][c] = (fp[r] - fm[r]) / (2 * del);
            }
        }
        return j;
    }

    /** u + h φ₁(hJ) f via exp([[hJ, h f], [0, 0]]). */
    static double[] step(double[] u, double[] f, double[][] j, double h) {
        int n = u.length;
        RealMatrix a = MatrixUtils.createRealMatrix(n + 1, n + 1);
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                a.setEntry(r, c, h * j[r][c]);
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
