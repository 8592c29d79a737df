package org.collapseharness.numerics.propagation;

import org.collapseharness.numerics.LinearOperators;
import org.collapseharness.numerics.NumericSpectrum;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;

/**
 * exp(tB) c for a small matrix B: symmetric B by eigen-propagation V exp(Λt) Vᵀ (decomposed once, EJML); otherwise
 * Hipparchus {@link MatrixUtils#matrixExponential} (Padé, scaling and squaring) at each requested time.
 */
public final class SmallExponential {
    /** Relative asymmetry below which B is treated as symmetric. */
    public static final double SYMMETRY_TOL = 1e-12;

    private final double[][] matrix;
    private final double[] values;
    private final double[][] vectors;
    private final double quality;

    public SmallExponential(double[][] b) {
        this.matrix = copy(b);
        if (b.length > 0 && LinearOperators.asymmetry(b) <= SYMMETRY_TOL) {
            NumericSpectrum.SymmetricEigen e = NumericSpectrum.symmetric(b);
            this.values = e.values();
            int r = b.length;
            this.vectors = new double[r][r];
            for (int i = 0; i < r; i++) {
                for (int j = 0; j < r; j++) {
                    vectors[i][j] = e.vectors().get(i, j);
                }
            }
            this.quality = e.quality();
        } else {
            this.values = null;
            this.vectors = null;
            this.quality = Double.NaN;
        }
    }

    public boolean symmetricRoute() {
        return values != null;
    }

    /** ||BV − VΛ||/||BV|| of the eigen route (NaN for the Padé route). */
    public double quality() {
        return quality;
    }

    public double[] eigenvalues() {
        return values == null ? null : values.clone();
    }

    public double[][] matrix() {
        return copy(matrix);
    }

    /** exp(tB) c. */
    public double[] apply(double t, double[] c) {
        int r = c.length;
        double[] out = new double[r];
        if (r == 0) {
            return out;
        }
        if (values != null) {
            double[] p = new double[r];
            for (int i = 0; i < r; i++) {
                double s = 0;
                for (int v = 0; v < r; v++) {
                    s += vectors[v][i] * c[v];
                }
                p[i] = s * StrictMath.exp(values[i] * t); // StrictMath: identical bits interpreted or JIT-compiled
            }
            for (int v = 0; v < r; v++) {
                double s = 0;
                for (int i = 0; i < r; i++) {
                    s += vectors[v][i] * p[i];
                }
                out[v] = s;
            }
            return out;
        }
        RealMatrix e = MatrixUtils.matrixExponential(MatrixUtils.createRealMatrix(matrix).scalarMultiply(t));
        return e.operate(c);
    }

    /** exp(tB) by Hipparchus' Padé route, whatever the symmetry (a second route for tests). */
    public static double[][] pade(double[][] b, double t) {
        return MatrixUtils.matrixExponential(MatrixUtils.createRealMatrix(b).scalarMultiply(t)).getData();
    }

    private static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }
}
