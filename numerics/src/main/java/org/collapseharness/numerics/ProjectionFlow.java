package org.collapseharness.numerics;

import org.hipparchus.ode.OrdinaryDifferentialEquation;

/**
 * The §4 projection-head flow on the full particle state, written by hand (independently of the symbolic pipeline).
 * State: the §3 particles (layout order) followed by W (d×d, row-major). Pairs: every (clean sample, its label) and
 * every (shared sample, each label). Per pair (s, y), with r1 = W s − y and r2 = W y − s:
 * <ul>
 * <li>with stop-gradient: ṡ += −Wᵀ r1, ẏ += −Wᵀ r2;</li>
 * <li>without: ṡ += −Wᵀ r1 + r2, ẏ += −Wᵀ r2 + r1 (gradient flow of ½|r1|² + ½|r2|²);</li>
 * <li>both: Ẇ += −r1 sᵀ − r2 yᵀ.</li>
 * </ul>
 * O((K n + K m) d²) per evaluation.
 */
public final class ProjectionFlow implements OrdinaryDifferentialEquation {
    private final ParticleLayout layout;
    private final boolean stopGradient;

    public ProjectionFlow(ParticleLayout layout, boolean stopGradient) {
        this.layout = layout;
        this.stopGradient = stopGradient;
    }

    public ParticleLayout layout() {
        return layout;
    }

    public boolean stopGradient() {
        return stopGradient;
    }

    /** Offset of W (row-major d×d) in the state. */
    public int wOffset() {
        return layout.size();
    }

    @Override
    public int getDimension() {
        return layout.size() + layout.dim() * layout.dim();
    }

    @Override
    public double[] computeDerivatives(double t, double[] y) {
        double[] out = new double[y.length];
        derivatives(y, out);
        return out;
    }

    public void derivatives(double[] u, double[] out) {
        java.util.Arrays.fill(out, 0.0);
        int d = layout.dim();
        int w0 = wOffset();
        double[] r1 = new double[d];
        double[] r2 = new double[d];
        for (int c = 0; c < layout.classes(); c++) {
            int yc = layout.label(c);
            for (int i = 0; i < layout.clean(); i++) {
                pair(u, out, layout.clean(c, i), yc, w0, d, r1, r2);
            }
            for (int s = 0; s < layout.shared(); s++) {
                pair(u, out, layout.shared(s), yc, w0, d, r1, r2);
            }
        }
    }

    private void pair(double[] u, double[] out, int so, int yo, int w0, int d, double[] r1, double[] r2) {
        for (int a = 0; a < d; a++) {
            double ws = 0;
            double wy = 0;
            for (int b = 0; b < d; b++) {
                double wab = u[w0 + a * d + b];
                ws += wab * u[so + b];
                wy += wab * u[yo + b];
            }
            r1[a] = ws - u[yo + a];
            r2[a] = wy - u[so + a];
        }
        for (int b = 0; b < d; b++) {
            double wtr1 = 0;
            double wtr2 = 0;
            for (int a = 0; a < d; a++) {
                double wab = u[w0 + a * d + b];
                wtr1 += wab * r1[a];
                wtr2 += wab * r2[a];
            }
            out[so + b] += -wtr1 + (stopGradient ? 0 : r2[b]);
            out[yo + b] += -wtr2 + (stopGradient ? 0 : r1[b]);
        }
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < d; b++) {
                out[w0 + a * d + b] += -r1[a] * u[so + b] - r2[a] * u[yo + b];
            }
        }
    }

    /** W of a state, as a d×d matrix. */
    public double[][] w(double[] u) {
        return layout.headOf(u);
    }

    /** Labels of a state, K×d. */
    public double[][] labels(double[] u) {
        return layout.labelsOf(u);
    }
}
