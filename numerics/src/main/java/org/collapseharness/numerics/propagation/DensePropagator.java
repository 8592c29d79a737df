package org.collapseharness.numerics.propagation;

import org.collapseharness.numerics.ExactLinearPropagator;
import org.collapseharness.numerics.LinearOperators;
import org.collapseharness.numerics.ParticleLayout;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.ode.OrdinaryDifferentialEquation;

/**
 * Generic fallback for any linear coordinate-separable flow: the per-coordinate matrix is assembled from the flow
 * (column j = f(e_j)); symmetric matrices are propagated by EJML eigen-propagation, others by Hipparchus' matrix
 * exponential. Cost O(N³) once plus O(N² d) per output time: small systems only ({@link #MAX_VECTORS}).
 */
public final class DensePropagator implements StatePropagator {
    public static final int MAX_VECTORS = 4000;

    private final ParticleLayout layout;
    private final double[] y0;
    private final double[][] matrix;
    private final ExactLinearPropagator eigen;
    private final long evaluations;

    public DensePropagator(ParticleLayout layout, OrdinaryDifferentialEquation perCoordinate, double[] y0) {
        if (layout.vectors() > MAX_VECTORS) {
            throw new IllegalArgumentException("dense propagation is limited to " + MAX_VECTORS + " vectors, got "
                    + layout.vectors());
        }
        this.layout = layout;
        this.y0 = y0.clone();
        this.matrix = LinearOperators.assemble(perCoordinate);
        this.evaluations = matrix.length + 1L;
        this.eigen = LinearOperators.asymmetry(matrix) <= SmallExponential.SYMMETRY_TOL
                ? new ExactLinearPropagator(matrix, layout.dim()) : null;
    }

    @Override
    public double[] state(double t) {
        if (eigen != null) {
            return eigen.propagate(y0, t);
        }
        int size = matrix.length;
        int d = layout.dim();
        RealMatrix e = MatrixUtils.matrixExponential(MatrixUtils.createRealMatrix(matrix).scalarMultiply(t));
        double[] out = new double[y0.length];
        double[] coord = new double[size];
        for (int q = 0; q < d; q++) {
            for (int v = 0; v < size; v++) {
                coord[v] = y0[v * d + q];
            }
            double[] r = e.operate(coord);
            for (int v = 0; v < size; v++) {
                out[v * d + q] = r[v];
            }
        }
        return out;
    }

    @Override
    public double[] labels(double t) {
        double[] s = state(t);
        int d = layout.dim();
        double[] out = new double[layout.classes() * d];
        for (int c = 0; c < layout.classes(); c++) {
            System.arraycopy(s, layout.label(c), out, c * d, d);
        }
        return out;
    }

    @Override
    public long rhsEvaluations() {
        return evaluations;
    }

    @Override
    public boolean valid() {
        return eigen == null || eigen.quality() < 1e-10;
    }

    @Override
    public String route() {
        return eigen != null ? "dense-eigen" : "dense-expm";
    }

    /** ||AV − VD||/||AV|| of the eigen route (NaN for the expm route). */
    public double quality() {
        return eigen != null ? eigen.quality() : Double.NaN;
    }
}
