package org.collapseharness.numerics;

import java.util.Objects;
import org.collapseharness.theory.MinimalModel;

/**
 * Flat layout of the §3 particle state of a {@link MinimalModel}: vectors in the order clean x[c][i] (class-major),
 * shared z[s], labels y[c]; each vector occupies d consecutive doubles. No per-particle objects.
 *
 * <p>The sizes and their validation are the model's. The one layout without a model is {@link #singlePair(int)}: one
 * sample and its label, the system on which the per-pair field of the head flows is probed.
 */
public final class ParticleLayout {

    /** Null for the single pair. */
    private final MinimalModel model;
    private final int classes;
    private final int clean;
    private final int shared;
    private final int dim;

    /** The layout of the model's particle state. */
    public ParticleLayout(MinimalModel model) {
        this(Objects.requireNonNull(model, "model"), model.classes(), model.clean(), model.shared(), model.dim());
    }

    /** The layout of {@code new MinimalModel(classes, clean, shared, dim)}, which validates the sizes. */
    public ParticleLayout(int classes, int clean, int shared, int dim) {
        this(new MinimalModel(classes, clean, shared, dim));
    }

    private ParticleLayout(MinimalModel model, int classes, int clean, int shared, int dim) {
        this.model = model;
        this.classes = classes;
        this.clean = clean;
        this.shared = shared;
        this.dim = dim;
    }

    /**
     * One sample x and its label y in R^d (K = 1, n = 1, m = 0): offsets 0 and d. Not a model of the paper (K ≥ 2),
     * so {@link #model()} refuses it.
     */
    public static ParticleLayout singlePair(int dim) {
        if (dim < 1) {
            throw new IllegalArgumentException("dimension d must be at least 1 (got " + dim + ")");
        }
        return new ParticleLayout(null, 1, 1, 0, dim);
    }

    /** The model this is the layout of. */
    public MinimalModel model() {
        if (model == null) {
            throw new IllegalStateException("the single-pair layout has no model");
        }
        return model;
    }

    public int classes() {
        return classes;
    }

    public int clean() {
        return clean;
    }

    public int shared() {
        return shared;
    }

    public int dim() {
        return dim;
    }

    /** Number of embedding vectors: K n + m + K. */
    public int vectors() {
        return model == null ? 2 : model.vectors();
    }

    /** Number of doubles of the particle state: (K n + m + K) d. */
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

    /** The same layout at d = 1. */
    public ParticleLayout perCoordinate() {
        return model == null ? singlePair(1) : new ParticleLayout(model.withDim(1));
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

    @Override
    public boolean equals(Object o) {
        return o instanceof ParticleLayout l && Objects.equals(model, l.model) && classes == l.classes
                && clean == l.clean && shared == l.shared && dim == l.dim;
    }

    @Override
    public int hashCode() {
        return Objects.hash(classes, clean, shared, dim);
    }

    @Override
    public String toString() {
        return "ParticleLayout[classes=" + classes + ", clean=" + clean + ", shared=" + shared + ", dim=" + dim + "]";
    }
}
