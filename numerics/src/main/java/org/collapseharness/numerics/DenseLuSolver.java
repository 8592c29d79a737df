package org.collapseharness.numerics;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;
import org.hipparchus.ode.OrdinaryDifferentialEquation;

/**
 * {@link ShiftedJacobianSolver#DENSE_LU}: dense Jacobian, W = σI − J factorised by EJML's LU with partial pivoting.
 * W counts as singular when the decomposition fails or its quality measure (EJML's {@code quality()}, zero for a
 * singular matrix) is zero or not finite.
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
    private final LinearSolverDense<DMatrixRMaj> lu;

    DenseLuSolver(OdeProblem problem, long[] evals) {
        this.eq = problem.equation();
        this.analytic = problem.jacobian().orElse(null);
        this.evals = evals;
        this.n = eq.getDimension();
        this.w = new DMatrixRMaj(n, n);
        this.rhs = new DMatrixRMaj(n, 1);
        this.x = new DMatrixRMaj(n, 1);
        this.lu = LinearSolverFactory_DDRM.lu(n);
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
        for (double v : w.data) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        if (!lu.setA(w)) {
            return false;
        }
        double quality = lu.quality();
        return quality > 0 && Double.isFinite(quality);
    }

    @Override
    public void solve(double[] b) {
        System.arraycopy(b, 0, rhs.data, 0, n);
        lu.solve(rhs, x);
        System.arraycopy(x.data, 0, b, 0, n);
    }
}
