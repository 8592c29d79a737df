package org.collapseharness.numerics;

import org.hipparchus.ode.OrdinaryDifferentialEquation;

/** Dense matrices of linear flows, assembled numerically from a right-hand side (column j = f(e_j)). */
public final class LinearOperators {
    private LinearOperators() {
    }

    /**
     * The matrix A with f(y) = A y, assembled by applying f to unit vectors. Independent of any symbolic result; the
     * caller asserts linearity (checked: f(0) must vanish).
     */
    public static double[][] assemble(OrdinaryDifferentialEquation f) {
        int n = f.getDimension();
        double[][] a = new double[n][n];
        double[] zero = f.computeDerivatives(0, new double[n]);
        for (double v : zero) {
            if (v != 0) {
                throw new IllegalArgumentException("flow is not linear-homogeneous: f(0) != 0");
            }
        }
        double[] e = new double[n];
        for (int j = 0; j < n; j++) {
            e[j] = 1;
            double[] col = f.computeDerivatives(0, e);
            for (int i = 0; i < n; i++) {
                a[i][j] = col[i];
            }
            e[j] = 0;
        }
        return a;
    }

    /** max |A − Aᵀ| / max |A|. */
    public static double asymmetry(double[][] a) {
        double max = 0;
        double scale = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a.length; j++) {
                max = Math.max(max, Math.abs(a[i][j] - a[j][i]));
                scale = Math.max(scale, Math.abs(a[i][j]));
            }
        }
        return scale == 0 ? 0 : max / scale;
    }

    /**
     * exp(tA) y0 applied coordinate by coordinate (A acts on one coordinate of every vector; the state interleaves
     * dim coordinates), with Hipparchus' scaling-and-squaring matrix exponential. Works for non-symmetric A.
     */
    public static double[] expmApply(double[][] perCoordinate, double t, double[] y0, int dim) {
        org.hipparchus.linear.RealMatrix e = org.hipparchus.linear.MatrixUtils.matrixExponential(
                org.hipparchus.linear.MatrixUtils.createRealMatrix(perCoordinate).scalarMultiply(t));
        int n = perCoordinate.length;
        double[] out = new double[y0.length];
        for (int q = 0; q < dim; q++) {
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int j = 0; j < n; j++) {
                    s += e.getEntry(i, j) * y0[j * dim + q];
                }
                out[i * dim + q] = s;
            }
        }
        return out;
    }
}
