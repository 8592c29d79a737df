package org.collapseharness.numerics;

/**
 * Flat layout of the §3 particle state: vectors in the order clean x[c][i] (class-major), shared z[s], labels y[c];
 * each vector occupies d consecutive doubles. No per-particle objects.
 */
public record ParticleLayout(int classes, int clean, int shared, int dim) {

    public ParticleLayout {
        if (classes < 1 || clean < 0 || shared < 0 || dim < 1) {
            throw new IllegalArgumentException("bad layout " + classes + "," + clean + "," + shared + "," + dim);
        }
    }

    public int vectors() {
        return classes * clean + shared + classes;
    }

    public int size() {
        return vectors() * dim;
    }

    /** Offset of clean sample i of class c. */
    public int clean(int c, int i) {
        return (c * clean + i) * dim;
    }

    /** Offset of shared sample s. */
    public int shared(int s) {
        return (classes * clean + s) * dim;
    }

    /** Offset of label c. */
    public int label(int c) {
        return (classes * clean + shared + c) * dim;
    }

    public ParticleLayout perCoordinate() {
        return new ParticleLayout(classes, clean, shared, 1);
    }

    /** The K labels of a state in this layout, K×d (copies). */
    public double[][] labelsOf(double[] u) {
        double[][] y = new double[classes()][dim()];
        for (int c = 0; c < classes(); c++) {
            System.arraycopy(u, label(c), y[c], 0, dim());
        }
        return y;
    }

    /** The d×d head W stored row-major right after the particles (projection-head states; copies). */
    public double[][] headOf(double[] u) {
        int d = dim();
        double[][] w = new double[d][d];
        for (int a = 0; a < d; a++) {
            System.arraycopy(u, size() + a * d, w[a], 0, d);
        }
        return w;
    }
}
