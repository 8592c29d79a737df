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
 * O((K n + K m) d²) per evaluation. {@link #jacobian} is the analytic Jacobian of this field, derived by hand from
 * the pair terms above (not yet by Symja {@code D}); it is checked against central differences in
 * {@code ProjectionFlowJacobianTest}.
 */
public final class ProjectionFlow implements OrdinaryDifferentialEquation, JacobianProvider {
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
        residuals(u, so, yo, w0, d, r1, r2);
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

    /**
     * Hand-derived ∂f/∂u, dense. Per pair (s, y), with g = 1 without stop-gradient and 0 with it, r1 = W s − y,
     * r2 = W y − s: ∂ṡ/∂s = ∂ẏ/∂y = −WᵀW − g I, ∂ṡ/∂y = ∂ẏ/∂s = Wᵀ + g W,
     * ∂ṡ_b/∂W_ef = −δ_bf r1_e − W_eb s_f + g δ_be y_f, ∂ẏ_b/∂W_ef = −δ_bf r2_e − W_eb y_f + g δ_be s_f,
     * ∂Ẇ_pq/∂s_c = −W_pc s_q − δ_qc r1_p + δ_pc y_q, ∂Ẇ_pq/∂y_c = −W_pc y_q − δ_qc r2_p + δ_pc s_q,
     * ∂Ẇ_pq/∂W_ef = −δ_pe (s_f s_q + y_f y_q).
     */
    @Override
    public double[][] jacobian(double t, double[] u) {
        int n = getDimension();
        double[][] j = new double[n][n];
        int d = layout.dim();
        int w0 = wOffset();
        double[] r1 = new double[d];
        double[] r2 = new double[d];
        double[][] wtw = new double[d][d];
        for (int b = 0; b < d; b++) {
            for (int c = 0; c < d; c++) {
                double v = 0;
                for (int a = 0; a < d; a++) {
                    v += u[w0 + a * d + b] * u[w0 + a * d + c];
                }
                wtw[b][c] = v;
            }
        }
        for (int c = 0; c < layout.classes(); c++) {
            int yc = layout.label(c);
            for (int i = 0; i < layout.clean(); i++) {
                pairJacobian(u, j, layout.clean(c, i), yc, w0, d, r1, r2, wtw);
            }
            for (int s = 0; s < layout.shared(); s++) {
                pairJacobian(u, j, layout.shared(s), yc, w0, d, r1, r2, wtw);
            }
        }
        return j;
    }

    private void pairJacobian(double[] u, double[][] j, int so, int yo, int w0, int d, double[] r1, double[] r2,
                              double[][] wtw) {
        double g = stopGradient ? 0 : 1;
        residuals(u, so, yo, w0, d, r1, r2);
        for (int b = 0; b < d; b++) {
            for (int c = 0; c < d; c++) {
                double diag = -wtw[b][c] - (b == c ? g : 0);
                double cross = u[w0 + c * d + b] + g * u[w0 + b * d + c];
                j[so + b][so + c] += diag;
                j[yo + b][yo + c] += diag;
                j[so + b][yo + c] += cross;
                j[yo + b][so + c] += cross;
            }
            for (int e = 0; e < d; e++) {
                double web = u[w0 + e * d + b];
                for (int f = 0; f < d; f++) {
                    int col = w0 + e * d + f;
                    double ds = -web * u[so + f] + (b == f ? -r1[e] : 0) + (b == e ? g * u[yo + f] : 0);
                    double dy = -web * u[yo + f] + (b == f ? -r2[e] : 0) + (b == e ? g * u[so + f] : 0);
                    j[so + b][col] += ds;
                    j[yo + b][col] += dy;
                }
            }
        }
        for (int p = 0; p < d; p++) {
            for (int q = 0; q < d; q++) {
                int row = w0 + p * d + q;
                for (int c = 0; c < d; c++) {
                    double wpc = u[w0 + p * d + c];
                    j[row][so + c] += -wpc * u[so + q] + (q == c ? -r1[p] : 0) + (p == c ? u[yo + q] : 0);
                    j[row][yo + c] += -wpc * u[yo + q] + (q == c ? -r2[p] : 0) + (p == c ? u[so + q] : 0);
                }
                for (int f = 0; f < d; f++) {
                    j[row][w0 + p * d + f] += -(u[so + f] * u[so + q] + u[yo + f] * u[yo + q]);
                }
            }
        }
    }

    /** Pair residuals r1 = W s − y, r2 = W y − s for s at so, y at yo and W (row-major d×d) at w0. */
    static void residuals(double[] u, int so, int yo, int w0, int d, double[] r1, double[] r2) {
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
