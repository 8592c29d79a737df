package org.collapseharness.numerics;

import org.ejml.data.DMatrixRMaj;

/**
 * Exact solution of a linear flow ẏ = A y with symmetric per-coordinate matrix A (gradient flows: A = −Hessian),
 * by eigen-propagation y(t) = V exp(Λt) Vᵀ y0, applied coordinate by coordinate. Independent of the symbolic
 * pipeline and of any integrator.
 */
public final class ExactLinearPropagator {
    private final double[] values;
    private final DMatrixRMaj vectors;
    private final double quality;
    private final int dim;
    private final int size;

    /**
     * @param perCoordinate the matrix acting on one coordinate of every vector (layout order), symmetric
     * @param dim           number of coordinates per vector (the full state interleaves them)
     */
    public ExactLinearPropagator(double[][] perCoordinate, int dim) {
        if (LinearOperators.asymmetry(perCoordinate) > 1e-12) {
            throw new IllegalArgumentException("eigen-propagation here requires a symmetric matrix");
        }
        NumericSpectrum.SymmetricEigen e = NumericSpectrum.symmetric(perCoordinate);
        this.values = e.values();
        this.vectors = e.vectors();
        this.quality = e.quality();
        this.dim = dim;
        this.size = perCoordinate.length;
    }

    /** ||AV − VD|| / ||AV|| of the decomposition used. */
    public double quality() {
        return quality;
    }

    public double[] eigenvalues() {
        return values.clone();
    }

    /** State at time t from y0 (full interleaved state of size·dim). */
    public double[] propagate(double[] y0, double t) {
        double[] out = new double[y0.length];
        double[] coord = new double[size];
        double[] proj = new double[size];
        double[] data = vectors.data;
        for (int q = 0; q < dim; q++) {
            for (int v = 0; v < size; v++) {
                coord[v] = y0[v * dim + q];
            }
            for (int i = 0; i < size; i++) {
                double s = 0;
                for (int v = 0; v < size; v++) {
                    s += data[v * size + i] * coord[v];
                }
                proj[i] = s * Math.exp(values[i] * t);
            }
            for (int v = 0; v < size; v++) {
                double s = 0;
                int row = v * size;
                for (int i = 0; i < size; i++) {
                    s += data[row + i] * proj[i];
                }
                out[v * dim + q] = s;
            }
        }
        return out;
    }
}
