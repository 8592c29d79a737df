package org.collapseharness.numerics.network;

import java.util.Random;
import org.collapseharness.theory.NetworkMode;
import org.collapseharness.theory.NetworkModel;

/**
 * The §1 network f(x) = W2 tanh(W1 x + b1) + b2 with free label embeddings y_c (and, in the head modes, a shared
 * linear head P ∈ R^{d×d}), all in one flat parameter vector: W1 (H×D, row-major), b1 (H), W2 (d×H), b2 (d),
 * Y (K×d), then P (d×d) when the mode has a head.
 *
 * <p>Pairs: every clean sample with its label, every shared sample with each of the K labels. The loss is the pair sum
 * divided by the number of samples N. {@link #field} is hand-derived backpropagation: the gradient for plain and
 * head; for head-sg the stop-gradient field (minus the velocity), which is the gradient of {@link #surrogate} in its
 * first argument at frozen = θ.
 */
public final class TanhNetwork {
    private final NetworkModel model;
    private final NetworkData data;
    private final int k;
    private final int dIn;
    private final int h;
    private final int d;
    private final int oW1;
    private final int oB1;
    private final int oW2;
    private final int oB2;
    private final int oY;
    private final int oP;
    private final int size;

    public TanhNetwork(NetworkModel model, NetworkData data) {
        this.model = model;
        this.data = data;
        k = model.classes();
        dIn = model.inputDim();
        h = model.hidden();
        d = model.dim();
        oW1 = 0;
        oB1 = oW1 + h * dIn;
        oW2 = oB1 + h;
        oB2 = oW2 + d * h;
        oY = oB2 + d;
        oP = oY + k * d;
        size = oP + (model.mode().hasHead() ? d * d : 0);
    }

    public NetworkModel model() {
        return model;
    }

    public NetworkData data() {
        return data;
    }

    /** Number of parameters (network, labels and head). */
    public int size() {
        return size;
    }

    /**
     * Seeded initial parameters from {@code Random(seed)}: W1 entries N(0, 1/D), W2 entries N(0, 1/H), biases 0, labels
     * N(0, 1), head P = I + (0.1/√d) G with G entries N(0, 1).
     */
    public double[] initial(long seed) {
        Random r = new Random(seed);
        double[] t = new double[size];
        for (int i = oW1; i < oB1; i++) {
            t[i] = r.nextGaussian() / Math.sqrt(dIn);
        }
        for (int i = oW2; i < oB2; i++) {
            t[i] = r.nextGaussian() / Math.sqrt(h);
        }
        for (int i = oY; i < oP; i++) {
            t[i] = r.nextGaussian();
        }
        if (model.mode().hasHead()) {
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    t[oP + a * d + b] = (a == b ? 1 : 0) + 0.1 / Math.sqrt(d) * r.nextGaussian();
                }
            }
        }
        return t;
    }

    /** Forward pass: hidden activations into {@code hid} (length H), output into {@code f} (length d). */
    public void forward(double[] t, double[] x, double[] hid, double[] f) {
        for (int j = 0; j < h; j++) {
            double a = t[oB1 + j];
            int row = oW1 + j * dIn;
            for (int i = 0; i < dIn; i++) {
                a += t[row + i] * x[i];
            }
            hid[j] = Math.tanh(a);
        }
        for (int o = 0; o < d; o++) {
            double v = t[oB2 + o];
            int row = oW2 + o * h;
            for (int j = 0; j < h; j++) {
                v += t[row + j] * hid[j];
            }
            f[o] = v;
        }
    }

    /** The representation f(x) at parameters t. */
    public double[] represent(double[] t, double[] x) {
        double[] f = new double[d];
        forward(t, x, new double[h], f);
        return f;
    }

    /** Label embedding y_c at parameters t. */
    public double[] label(double[] t, int c) {
        double[] y = new double[d];
        System.arraycopy(t, oY + c * d, y, 0, d);
        return y;
    }

    /**
     * The loss at t and, into {@code g}, the field whose negative is the update direction: the loss gradient (plain,
     * head) or the stop-gradient field (head-sg).
     */
    public double field(double[] t, double[] g) {
        java.util.Arrays.fill(g, 0);
        double[] hid = new double[h];
        double[] f = new double[d];
        double[] gf = new double[d];
        double[] gh = new double[h];
        double[] r1 = new double[d];
        double[] r2 = new double[d];
        double[] py = new double[k * d];
        projectedLabels(t, py);
        double loss = 0;
        NetworkMode mode = model.mode();
        double scale = 1.0 / data.inputs().length;
        for (int i = 0; i < data.inputs().length; i++) {
            double[] x = data.inputs()[i];
            forward(t, x, hid, f);
            java.util.Arrays.fill(gf, 0);
            int c0 = data.labels()[i] < 0 ? 0 : data.labels()[i];
            int c1 = data.labels()[i] < 0 ? k - 1 : data.labels()[i];
            for (int c = c0; c <= c1; c++) {
                int oy = oY + c * d;
                if (mode == NetworkMode.PLAIN) {
                    for (int a = 0; a < d; a++) {
                        double r = f[a] - t[oy + a];
                        loss += 0.5 * r * r;
                        gf[a] += r;
                        g[oy + a] -= scale * r;
                    }
                    continue;
                }
                for (int a = 0; a < d; a++) {
                    double pf = 0;
                    for (int b = 0; b < d; b++) {
                        pf += t[oP + a * d + b] * f[b];
                    }
                    r1[a] = pf - t[oy + a];
                    r2[a] = py[c * d + a] - f[a];
                    loss += 0.5 * (r1[a] * r1[a] + r2[a] * r2[a]);
                }
                for (int b = 0; b < d; b++) {
                    double ptr1 = 0;
                    double ptr2 = 0;
                    for (int a = 0; a < d; a++) {
                        ptr1 += t[oP + a * d + b] * r1[a];
                        ptr2 += t[oP + a * d + b] * r2[a];
                    }
                    if (mode == NetworkMode.HEAD) {
                        gf[b] += ptr1 - r2[b];
                        g[oy + b] += scale * (ptr2 - r1[b]);
                    } else {
                        gf[b] += ptr1;
                        g[oy + b] += scale * ptr2;
                    }
                }
                for (int a = 0; a < d; a++) {
                    for (int b = 0; b < d; b++) {
                        g[oP + a * d + b] += scale * (r1[a] * f[b] + r2[a] * t[oy + b]);
                    }
                }
            }
            backprop(t, x, hid, gf, gh, scale, g);
        }
        return loss * scale;
    }

    /** Accumulates scale × ∂(gfᵀ f(x))/∂(W1, b1, W2, b2) into g. */
    private void backprop(double[] t, double[] x, double[] hid, double[] gf, double[] gh, double scale, double[] g) {
        java.util.Arrays.fill(gh, 0);
        for (int o = 0; o < d; o++) {
            double go = scale * gf[o];
            g[oB2 + o] += go;
            int row = oW2 + o * h;
            for (int j = 0; j < h; j++) {
                g[row + j] += go * hid[j];
                gh[j] += t[row + j] * go;
            }
        }
        for (int j = 0; j < h; j++) {
            double ga = gh[j] * (1 - hid[j] * hid[j]);
            g[oB1 + j] += ga;
            int row = oW1 + j * dIn;
            for (int i = 0; i < dIn; i++) {
                g[row + i] += ga * x[i];
            }
        }
    }

    /** P y_c for every class into out (K×d); the raw labels without a head. */
    private void projectedLabels(double[] t, double[] out) {
        for (int c = 0; c < k; c++) {
            for (int a = 0; a < d; a++) {
                if (!model.mode().hasHead()) {
                    out[c * d + a] = t[oY + c * d + a];
                    continue;
                }
                double v = 0;
                for (int b = 0; b < d; b++) {
                    v += t[oP + a * d + b] * t[oY + c * d + b];
                }
                out[c * d + a] = v;
            }
        }
    }

    /** The loss at t. */
    public double loss(double[] t) {
        return surrogate(t, t);
    }

    /**
     * The loss with every stop-gradient argument evaluated at {@code frozen} (head-sg: y_c in ½|P f − sg(y_c)|², f in
     * ½|P y_c − sg(f)|²); the other modes ignore {@code frozen}. Its gradient in t at t = frozen is {@link #field}.
     */
    public double surrogate(double[] t, double[] frozen) {
        boolean sg = model.mode() == NetworkMode.HEAD_SG;
        double[] hid = new double[h];
        double[] f = new double[d];
        double[] fFrozen = new double[d];
        double[] py = new double[k * d];
        projectedLabels(t, py);
        double[] yFirst = sg ? frozen : t;
        double loss = 0;
        for (int i = 0; i < data.inputs().length; i++) {
            double[] x = data.inputs()[i];
            forward(t, x, hid, f);
            if (sg) {
                forward(frozen, x, hid, fFrozen);
            }
            double[] fSecond = sg ? fFrozen : f;
            int c0 = data.labels()[i] < 0 ? 0 : data.labels()[i];
            int c1 = data.labels()[i] < 0 ? k - 1 : data.labels()[i];
            for (int c = c0; c <= c1; c++) {
                for (int a = 0; a < d; a++) {
                    if (!model.mode().hasHead()) {
                        double r = f[a] - t[oY + c * d + a];
                        loss += 0.5 * r * r;
                        continue;
                    }
                    double pf = 0;
                    for (int b = 0; b < d; b++) {
                        pf += t[oP + a * d + b] * f[b];
                    }
                    double r1 = pf - yFirst[oY + c * d + a];
                    double r2 = py[c * d + a] - fSecond[a];
                    loss += 0.5 * (r1 * r1 + r2 * r2);
                }
            }
        }
        return loss / data.inputs().length;
    }

    /** MinL2 = min over c ≠ c' of |y_c − y_c'| (raw label embeddings). */
    public double minL2(double[] t) {
        double best = Double.POSITIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            for (int e = c + 1; e < k; e++) {
                double s = 0;
                for (int a = 0; a < d; a++) {
                    double v = t[oY + c * d + a] - t[oY + e * d + a];
                    s += v * v;
                }
                best = Math.min(best, Math.sqrt(s));
            }
        }
        return best;
    }

    /**
     * Accuracy on the held-out clean samples: the fraction whose representation f(x) is nearest to its own label
     * point, y_c (plain) or P y_c (head modes: the term ½|P y_c − f|² places the labels among the representations).
     */
    public double accuracy(double[] t) {
        double[] hid = new double[h];
        double[] f = new double[d];
        double[] py = new double[k * d];
        projectedLabels(t, py);
        int right = 0;
        for (int i = 0; i < data.testInputs().length; i++) {
            forward(t, data.testInputs()[i], hid, f);
            int best = -1;
            double bestDist = Double.POSITIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                double s = 0;
                for (int a = 0; a < d; a++) {
                    double v = f[a] - py[c * d + a];
                    s += v * v;
                }
                if (s < bestDist) {
                    bestDist = s;
                    best = c;
                }
            }
            if (best == data.testLabels()[i]) {
                right++;
            }
        }
        return (double) right / data.testInputs().length;
    }
}
