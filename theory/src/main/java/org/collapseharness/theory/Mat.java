package org.collapseharness.theory;

import org.hipparchus.linear.LUDecomposition;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;

/** Small dense matrix helpers on double[][] (row-major), for evaluating derived matrix expressions. */
public final class Mat {
    private Mat() {
    }

    public static double[][] identity(int d) {
        double[][] m = new double[d][d];
        for (int i = 0; i < d; i++) {
            m[i][i] = 1;
        }
        return m;
    }

    public static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }

    public static double[][] transpose(double[][] a) {
        double[][] t = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                t[j][i] = a[i][j];
            }
        }
        return t;
    }

    public static double[][] mul(double[][] a, double[][] b) {
        int n = a.length;
        int k = b.length;
        int m = b[0].length;
        double[][] c = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < k; p++) {
                double v = a[i][p];
                if (v != 0) {
                    for (int j = 0; j < m; j++) {
                        c[i][j] += v * b[p][j];
                    }
                }
            }
        }
        return c;
    }

    public static double[] mul(double[][] a, double[] x) {
        double[] y = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            double s = 0;
            for (int j = 0; j < x.length; j++) {
                s += a[i][j] * x[j];
            }
            y[i] = s;
        }
        return y;
    }

    public static double[][] scale(double[][] a, double s) {
        double[][] c = copy(a);
        for (double[] row : c) {
            for (int j = 0; j < row.length; j++) {
                row[j] *= s;
            }
        }
        return c;
    }

    public static double[][] add(double[][] a, double[][] b, double bScale) {
        double[][] c = copy(a);
        for (int i = 0; i < c.length; i++) {
            for (int j = 0; j < c[i].length; j++) {
                c[i][j] += bScale * b[i][j];
            }
        }
        return c;
    }

    /** Inverse by LU; null when singular. */
    public static double[][] inverse(double[][] a) {
        RealMatrix m = MatrixUtils.createRealMatrix(a);
        LUDecomposition lu = new LUDecomposition(m, 1e-300);
        if (!lu.getSolver().isNonSingular()) {
            return null;
        }
        return lu.getSolver().getInverse().getData();
    }

    public static double normF(double[][] a) {
        double s = 0;
        for (double[] row : a) {
            for (double v : row) {
                s += v * v;
            }
        }
        return Math.sqrt(s);
    }
}
