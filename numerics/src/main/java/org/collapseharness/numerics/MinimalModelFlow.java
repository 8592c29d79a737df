package org.collapseharness.numerics;

import org.hipparchus.ode.OrdinaryDifferentialEquation;

/**
 * The §3 gradient flow written out by hand from the loss L = ½Σ|x − y_c|² + ½Σ_s Σ_c |z_s − y_c|², independently of
 * the symbolic pipeline: ẋ_{c,i} = y_c − x_{c,i}; ż_s = Σ_c y_c − K z_s; ẏ_c = Σ_i x_{c,i} + Σ_s z_s − (n+m) y_c.
 * Optional weight α on shared pairs (variants). O(N d) per evaluation, flat arrays.
 */
public final class MinimalModelFlow implements OrdinaryDifferentialEquation {
    private final ParticleLayout layout;
    private final double sharedWeight;
    private long evaluations;

    public MinimalModelFlow(ParticleLayout layout) {
        this(layout, 1.0);
    }

    public MinimalModelFlow(ParticleLayout layout, double sharedWeight) {
        this.layout = layout;
        this.sharedWeight = sharedWeight;
    }

    public ParticleLayout layout() {
        return layout;
    }

    @Override
    public int getDimension() {
        return layout.size();
    }

    public long evaluations() {
        return evaluations;
    }

    @Override
    public double[] computeDerivatives(double t, double[] y) {
        double[] dy = new double[y.length];
        derivatives(y, dy);
        return dy;
    }

    /** Writes the velocity of state y into out (allocation-free). */
    public void derivatives(double[] y, double[] out) {
        evaluations++;
        final int k = layout.classes();
        final int n = layout.clean();
        final int m = layout.shared();
        final int d = layout.dim();
        final double a = sharedWeight;
        double[] labelSum = new double[d];
        double[] sharedSum = new double[d];
        for (int c = 0; c < k; c++) {
            int yc = layout.label(c);
            for (int q = 0; q < d; q++) {
                labelSum[q] += y[yc + q];
            }
        }
        for (int s = 0; s < m; s++) {
            int zs = layout.shared(s);
            for (int q = 0; q < d; q++) {
                sharedSum[q] += y[zs + q];
                out[zs + q] = a * (labelSum[q] - k * y[zs + q]);
            }
        }
        double[] acc = new double[d];
        for (int c = 0; c < k; c++) {
            int yc = layout.label(c);
            for (int q = 0; q < d; q++) {
                acc[q] = a * (sharedSum[q] - m * y[yc + q]);
            }
            // Samples of a class are contiguous: walk them in memory order (vector-major, coordinate-minor).
            int base = layout.clean(c, 0);
            for (int i = 0; i < n; i++) {
                int xi = base + i * d;
                for (int q = 0; q < d; q++) {
                    double diff = y[yc + q] - y[xi + q];
                    out[xi + q] = diff;
                    acc[q] -= diff;
                }
            }
            for (int q = 0; q < d; q++) {
                out[yc + q] = acc[q];
            }
        }
    }

    /** The loss at state y (with the shared weight). */
    public double loss(double[] y) {
        final int d = layout.dim();
        double l = 0;
        for (int c = 0; c < layout.classes(); c++) {
            int yc = layout.label(c);
            for (int i = 0; i < layout.clean(); i++) {
                int xi = layout.clean(c, i);
                for (int q = 0; q < d; q++) {
                    double r = y[xi + q] - y[yc + q];
                    l += 0.5 * r * r;
                }
            }
            for (int s = 0; s < layout.shared(); s++) {
                int zs = layout.shared(s);
                for (int q = 0; q < d; q++) {
                    double r = y[zs + q] - y[yc + q];
                    l += 0.5 * sharedWeight * r * r;
                }
            }
        }
        return l;
    }
}
