package org.collapseharness.numerics;

import org.hipparchus.ode.OrdinaryDifferentialEquation;

/**
 * The Jacobian–vector product of a right-hand side at a state, matrix-free, by central differences:
 * J v ≈ (f(u + εv) − f(u − εv)) / 2ε with ε = 1e-6 · max(1, |u|) for unit-length v (error O(ε²) against rounding
 * O(1e-16/ε); exact up to rounding for linear fields). Shared by {@link StiffnessEstimate} (power iteration) and the
 * Krylov evaluation of {@link ExponentialIntegrator} (Arnoldi); every product costs two evaluations, counted in
 * {@code evals[0]}.
 */
final class FiniteDifferenceJvp implements Arnoldi.Operator {
    private final OrdinaryDifferentialEquation eq;
    private final double t;
    private final double[] u;
    private final double eps;
    private final long[] evals;
    private final double[] up;
    private final double[] um;

    FiniteDifferenceJvp(OrdinaryDifferentialEquation eq, double t, double[] u, long[] evals) {
        this.eq = eq;
        this.t = t;
        this.u = u;
        this.eps = 1e-6 * Math.max(1, Arnoldi.norm(u));
        this.evals = evals;
        this.up = new double[u.length];
        this.um = new double[u.length];
    }

    @Override
    public void apply(double[] v, double[] out) {
        for (int i = 0; i < u.length; i++) {
            up[i] = u[i] + eps * v[i];
            um[i] = u[i] - eps * v[i];
        }
        double[] fp = eq.computeDerivatives(t, up);
        double[] fm = eq.computeDerivatives(t, um);
        evals[0] += 2;
        for (int i = 0; i < u.length; i++) {
            out[i] = (fp[i] - fm[i]) / (2 * eps);
        }
    }
}
