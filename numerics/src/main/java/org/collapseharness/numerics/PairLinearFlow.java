package org.collapseharness.numerics;

import org.hipparchus.ode.OrdinaryDifferentialEquation;

/**
 * A generic linear pair-loss flow over flat arrays, driven by numeric pair-velocity coefficients (see the loss-variant
 * pipeline). State: the §3 layout, followed by K target copies of the labels when {@code hasTarget}.
 *
 * <p>Per pair, a sample receives a_s·s + a_y·y + a_t·t and its label receives b_s·s + b_y·y + b_t·t (clean and shared
 * pairs have their own coefficients); regularisers add p_s·s and p_y·y; targets follow dt/dt = τ(y − t).
 */
public final class PairLinearFlow implements OrdinaryDifferentialEquation {

    /** The coefficients (arrays hold the coefficients of s, y, t). */
    public record Coefficients(double[] cleanSample, double[] cleanLabel, double[] sharedSample, double[] sharedLabel,
                               double samplePenalty, double labelPenalty, double emaRate, boolean hasTarget) {
    }

    private final ParticleLayout layout;
    private final Coefficients c;

    public PairLinearFlow(ParticleLayout layout, Coefficients coefficients) {
        this.layout = layout;
        this.c = coefficients;
    }

    public ParticleLayout layout() {
        return layout;
    }

    /** Offset of target c (after the §3 layout). */
    public int target(int cls) {
        return layout.size() + cls * layout.dim();
    }

    @Override
    public int getDimension() {
        return layout.size() + (c.hasTarget() ? layout.classes() * layout.dim() : 0);
    }

    @Override
    public double[] computeDerivatives(double time, double[] y) {
        final int k = layout.classes();
        final int n = layout.clean();
        final int m = layout.shared();
        final int d = layout.dim();
        double[] out = new double[y.length];
        double[] cs = c.cleanSample();
        double[] cl = c.cleanLabel();
        double[] ss = c.sharedSample();
        double[] sl = c.sharedLabel();
        double[] ySum = new double[d];
        double[] tSum = new double[d];
        double[] zSum = new double[d];
        for (int cls = 0; cls < k; cls++) {
            for (int q = 0; q < d; q++) {
                ySum[q] += y[layout.label(cls) + q];
                tSum[q] += c.hasTarget() ? y[target(cls) + q] : 0;
            }
        }
        for (int s = 0; s < m; s++) {
            int zs = layout.shared(s);
            for (int q = 0; q < d; q++) {
                double z = y[zs + q];
                zSum[q] += z;
                out[zs + q] = k * ss[0] * z + ss[1] * ySum[q] + ss[2] * tSum[q] + c.samplePenalty() * z;
            }
        }
        for (int cls = 0; cls < k; cls++) {
            int yc = layout.label(cls);
            for (int q = 0; q < d; q++) {
                double yv = y[yc + q];
                double tv = c.hasTarget() ? y[target(cls) + q] : 0;
                double xSum = 0;
                for (int i = 0; i < n; i++) {
                    int xi = layout.clean(cls, i) + q;
                    double x = y[xi];
                    xSum += x;
                    out[xi] = cs[0] * x + cs[1] * yv + cs[2] * tv + c.samplePenalty() * x;
                }
                out[yc + q] = cl[0] * xSum + n * (cl[1] * yv + cl[2] * tv) + sl[0] * zSum[q]
                        + m * (sl[1] * yv + sl[2] * tv) + c.labelPenalty() * yv;
                if (c.hasTarget()) {
                    out[target(cls) + q] = c.emaRate() * (yv - tv);
                }
            }
        }
        return out;
    }
}
