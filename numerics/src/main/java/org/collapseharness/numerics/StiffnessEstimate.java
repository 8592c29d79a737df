package org.collapseharness.numerics;

import java.util.Random;
import org.hipparchus.ode.OrdinaryDifferentialEquation;

/**
 * Estimate of the stiffness of an ODE at a state: the spectral radius of its Jacobian by power iteration on
 * central-difference Jacobian–vector products (no Jacobian is formed), and the stiffness index ρ(J)·T over a horizon.
 * An explicit Runge–Kutta method needs at least about ρ(J)·T / 4 steps (its stability interval on the negative axis is
 * ~3–6 in units of 1/ρ), whatever its accuracy target; {@link #stiff} selects a stiff integrator above
 * {@link #THRESHOLD} (Rodas4 in {@code ./harness projection}, the exponential integrator in teacher-student).
 *
 * @param spectralRadius estimated |λ|max of the Jacobian at the state
 * @param iterations     power iterations done
 * @param evaluations    right-hand-side evaluations spent
 * @param horizon        the time horizon T of the solve
 */
public record StiffnessEstimate(double spectralRadius, int iterations, long evaluations, double horizon) {

    /**
     * Stiffness index ρ(J)·T above which a stiff integrator is selected (DP853 then needs ≳ 3000 steps for
     * stability alone). Below it DP853 is preferred: the exponential integrator is third order, so at tight tolerances
     * it takes thousands of steps on smooth flows (§5 projection-sg, D = 200, N_c = 2000, T = 200, index 1.5e3,
     * rtol 1e-8: DP853 183 steps, exponential 5426 steps), while at the §4 large-n indices (10⁵–10⁷) it is the only
     * practical route.
     */
    public static final double THRESHOLD = 10_000;

    /** ρ(J)·T: the number of fastest-mode time constants in the horizon. */
    public double index() {
        return spectralRadius * horizon;
    }

    public boolean stiff() {
        return index() > THRESHOLD;
    }

    /**
     * Power iteration (seeded start vector) on v ↦ J v with J v ≈ (f(u + εv) − f(u − εv)) / 2ε, ε scaled to |u|; stops
     * when the Rayleigh-type norm ratio changes by less than 1 % or after {@code maxIterations}.
     */
    public static StiffnessEstimate of(OrdinaryDifferentialEquation eq, double[] u, double horizon, int maxIterations) {
        int n = u.length;
        Random r = new Random(12345);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextGaussian();
        }
        double n0 = ArrayOps.norm(v);
        for (int i = 0; i < n; i++) {
            v[i] /= n0;
        }
        long[] evals = {0};
        Arnoldi.Operator jvp = Jacobians.jvp(eq, 0, u, evals);
        double est = 0;
        int it = 0;
        double[] jv = new double[n];
        for (; it < maxIterations; it++) {
            jvp.apply(v, jv);
            double norm = ArrayOps.norm(jv);
            if (!Double.isFinite(norm) || norm == 0) {
                est = Double.isFinite(norm) ? 0 : Double.POSITIVE_INFINITY;
                it++;
                break;
            }
            double prev = est;
            est = norm;
            for (int i = 0; i < n; i++) {
                v[i] = jv[i] / norm;
            }
            if (it > 3 && Math.abs(est - prev) <= 0.01 * est) {
                it++;
                break;
            }
        }
        return new StiffnessEstimate(est, it, evals[0], horizon);
    }
}
