package org.collapseharness.numerics;

import org.ejml.data.DMatrixRMaj;
import org.hipparchus.ode.OrdinaryDifferentialEquation;

/**
 * {@link ShiftedJacobianSolver#DENSE_LU}: dense Jacobian, W = σI − J factorised by EJML's LU with partial pivoting.
 * W counts as singular by {@link PivotedLu}'s scale-invariant test (smallest |pivot| at most n ε times the largest
 * |entry| of W, or anything not finite).
 */
final class DenseLuSolver implements ShiftedJacobianSolver {
    private final OrdinaryDifferentialEquation eq;
    private final JacobianProvider analytic;
    private final long[] evals;
    private final int n;
    private double[][] jac;
    private final DMatrixRMaj w;
    private final DMatrixRMaj rhs;
    private final DMatrixRMaj x;
    private final PivotedLu lu = new PivotedLu();

    DenseLuSolver(OdeProblem problem, long[] evals) {
        this.eq = problem.equation();
        this.analytic = problem.jacobian().orElse(null);
        this.evals = evals;
        this.n = eq.getDimension();
        this.w = new DMatrixRMaj(n, n);
        this.rhs = new DMatrixRMaj(n, 1);
        this.x = new DMatrixRMaj(n, 1);
    }

    @Override
    public void linearise(double t, double[] y, double[] f) {
        jac = analytic != null ? analytic.jacobian(t, y) : Jacobians.dense(eq, t, y, evals);
    }

    @Override
    public boolean factor(double sigma) {
        for (int r = 0; r < n; r++) {
            double[] row = jac[r];
            for (int c = 0; c < n; c++) {
                w.unsafe_set(r, c, -row[c]);
            }
            w.unsafe_set(r, r, w.unsafe_get(r, r) + sigma);
        }
        return lu.factor(w);
    }

    @Override
    public void solve(double[] b) {
        System.arraycopy(b, 0, rhs.data, 0, n);
        lu.solve(rhs, x);
        System.arraycopy(x.data, 0, b, 0, n);
    }
}
