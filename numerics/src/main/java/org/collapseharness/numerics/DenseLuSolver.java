package org.collapseharness.numerics;

import org.hipparchus.ode.OrdinaryDifferentialEquation;

/** {@link ShiftedJacobianSolver#DENSE_LU}: dense Jacobian, W = σI − J factorised in place by LU with partial pivoting. */
final class DenseLuSolver implements ShiftedJacobianSolver {
    private final OrdinaryDifferentialEquation eq;
    private final JacobianProvider analytic;
    private final long[] evals;
    private final int n;
    private double[][] jac;
    /** Row-major LU factors of W (unit lower triangle below the diagonal). */
    private final double[] lu;
    private final int[] pivot;

    DenseLuSolver(OdeProblem problem, long[] evals) {
        this.eq = problem.equation();
        this.analytic = problem.jacobian().orElse(null);
        this.evals = evals;
        this.n = eq.getDimension();
        this.lu = new double[n * n];
        this.pivot = new int[n];
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
                lu[r * n + c] = -row[c];
            }
            lu[r * n + r] += sigma;
        }
        return decompose(lu, pivot, n);
    }

    /** In-place LU with partial pivoting of the row-major n × n matrix a; false on a zero or non-finite pivot. */
    static boolean decompose(double[] a, int[] pivot, int n) {
        for (int k = 0; k < n; k++) {
            int p = k;
            double best = Math.abs(a[k * n + k]);
            for (int r = k + 1; r < n; r++) {
                double v = Math.abs(a[r * n + k]);
                if (v > best) {
                    best = v;
                    p = r;
                }
            }
            if (!(best > 0) || !Double.isFinite(best)) {
                return false;
            }
            pivot[k] = p;
            if (p != k) {
                for (int c = 0; c < n; c++) {
                    double tmp = a[k * n + c];
                    a[k * n + c] = a[p * n + c];
                    a[p * n + c] = tmp;
                }
            }
            double inv = 1 / a[k * n + k];
            for (int r = k + 1; r < n; r++) {
                double m = a[r * n + k] * inv;
                a[r * n + k] = m;
                if (m != 0) {
                    for (int c = k + 1; c < n; c++) {
                        a[r * n + c] -= m * a[k * n + c];
                    }
                }
            }
        }
        return true;
    }

    @Override
    public void solve(double[] b) {
        solve(lu, pivot, n, b);
    }

    /** b ← A⁻¹ b from the factors of {@link #decompose}. */
    static void solve(double[] a, int[] pivot, int n, double[] b) {
        for (int k = 0; k < n; k++) {
            int p = pivot[k];
            if (p != k) {
                double tmp = b[k];
                b[k] = b[p];
                b[p] = tmp;
            }
        }
        for (int r = 1; r < n; r++) {
            double s = b[r];
            for (int c = 0; c < r; c++) {
                s -= a[r * n + c] * b[c];
            }
            b[r] = s;
        }
        for (int r = n - 1; r >= 0; r--) {
            double s = b[r];
            for (int c = r + 1; c < n; c++) {
                s -= a[r * n + c] * b[c];
            }
            b[r] = s / a[r * n + r];
        }
    }
}
