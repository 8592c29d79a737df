package org.collapseharness.numerics.teacherstudent;

import org.collapseharness.numerics.ArrayOps;
import org.collapseharness.theory.TeacherStudentMode;
import org.hipparchus.ode.OrdinaryDifferentialEquation;

/**
 * Gradient flow of the §5 student over a flat state array.
 *
 * <p>Layout (k = representation dimension): E[q][v] at v·k + q (v &lt; D), y_+[q] at D·k + q, y_−[q] at (D+1)·k + q,
 * and for the projection variants W[p][q] at (D+2)·k + p·k + q. With this layout the plain flow is one
 * (D+2)×(D+2) matrix acting on each of the k coordinates (see {@link #plainOperator}).
 *
 * <p>The right-hand side uses the sufficient statistics (Σ, m_±) by default; {@link #perSample} evaluates the same
 * gradient sample by sample, as an independent check of that reduction.
 */
public final class TeacherStudentFlow implements OrdinaryDifferentialEquation {
    private final TeacherStudentData data;
    private final TeacherStudentMode mode;
    private final int k;
    private final int d;
    private final boolean perSample;

    public TeacherStudentFlow(TeacherStudentData data, TeacherStudentMode mode, int k) {
        this(data, mode, k, false);
    }

    private TeacherStudentFlow(TeacherStudentData data, TeacherStudentMode mode, int k, boolean perSample) {
        if (k < 1) {
            throw new IllegalArgumentException("representation dimension k must be >= 1");
        }
        this.data = data;
        this.mode = mode;
        this.k = k;
        this.d = data.dim();
        this.perSample = perSample;
    }

    /** The same flow evaluated sample by sample (O(N D k) per evaluation): the witness for the moment reduction. */
    public TeacherStudentFlow perSample() {
        return new TeacherStudentFlow(data, mode, k, true);
    }

    public TeacherStudentData data() {
        return data;
    }

    public TeacherStudentMode mode() {
        return mode;
    }

    public int k() {
        return k;
    }

    public static int size(int dim, int k, TeacherStudentMode v) {
        return (dim + 2) * k + (v.hasHead() ? k * k : 0);
    }

    @Override
    public int getDimension() {
        return size(d, k, mode);
    }

    public int yPlus() {
        return d * k;
    }

    public int yMinus() {
        return (d + 1) * k;
    }

    public int head() {
        return (d + 2) * k;
    }

    @Override
    public double[] computeDerivatives(double t, double[] z) {
        double[] grad = perSample ? gradientPerSample(z) : gradient(z);
        for (int i = 0; i < grad.length; i++) {
            grad[i] = -grad[i];
        }
        return grad;
    }

    // ------------------------------------------------------------------ moment route

    /** R = E Σ as R[q][v] at v·k + q (Σ is symmetric: row q of R is Σ times row q of E). */
    private double[] times(double[] z) {
        double[] s = data.second();
        double[] r = new double[d * k];
        double[] row = new double[d];
        for (int q = 0; q < k; q++) {
            for (int v = 0; v < d; v++) {
                row[v] = z[v * k + q];
            }
            for (int w = 0; w < d; w++) {
                int sw = w * d;
                double acc = 0;
                for (int v = 0; v < d; v++) {
                    acc += s[sw + v] * row[v];
                }
                r[w * k + q] = acc;
            }
        }
        return r;
    }

    /** g = E m (k-vector). */
    private double[] apply(double[] z, double[] m) {
        double[] g = new double[k];
        for (int v = 0; v < d; v++) {
            for (int q = 0; q < k; q++) {
                g[q] += z[v * k + q] * m[v];
            }
        }
        return g;
    }

    private double[] w(double[] z) {
        double[] w = new double[k * k];
        if (mode.hasHead()) {
            System.arraycopy(z, head(), w, 0, k * k);
        }
        return w;
    }

    /** ∂L/∂state (for the sg mode: the sg-modified gradient, i.e. minus the flow). */
    public double[] gradient(double[] z) {
        double[] grad = new double[getDimension()];
        double[] r = times(z);
        double[] gp = apply(z, data.meanPlus());
        double[] gm = apply(z, data.meanMinus());
        double[] yp = slice(z, yPlus());
        double[] ym = slice(z, yMinus());
        if (mode == TeacherStudentMode.PLAIN) {
            for (int v = 0; v < d; v++) {
                for (int q = 0; q < k; q++) {
                    grad[v * k + q] = r[v * k + q] - 0.5 * (yp[q] * data.meanPlus()[v] + ym[q] * data.meanMinus()[v]);
                }
            }
            for (int q = 0; q < k; q++) {
                grad[yPlus() + q] = 0.5 * (yp[q] - gp[q]);
                grad[yMinus() + q] = 0.5 * (ym[q] - gm[q]);
            }
            return grad;
        }
        double[] w = w(z);
        double[] wtw = mul(transpose(w), w);
        boolean sg = mode == TeacherStudentMode.PROJECTION_SG;
        // E: term 1 gives WᵀW R − ½ Σ_c Wᵀ y_c m_cᵀ; term 2 (no sg) gives R − ½ Σ_c W y_c m_cᵀ.
        double[] wtyp = mulVec(transpose(w), yp);
        double[] wtym = mulVec(transpose(w), ym);
        double[] wyp = mulVec(w, yp);
        double[] wym = mulVec(w, ym);
        for (int v = 0; v < d; v++) {
            double mp = data.meanPlus()[v];
            double mm = data.meanMinus()[v];
            for (int q = 0; q < k; q++) {
                double s = -0.5 * (wtyp[q] * mp + wtym[q] * mm);
                for (int p = 0; p < k; p++) {
                    s += wtw[q * k + p] * r[v * k + p];
                }
                if (!sg) {
                    s += r[v * k + q] - 0.5 * (wyp[q] * mp + wym[q] * mm);
                }
                grad[v * k + q] = s;
            }
        }
        // y_c: term 2 gives ½ Wᵀ(W y_c − g_c); term 1 (no sg) gives −½ (W g_c − y_c).
        double[] wgp = mulVec(w, gp);
        double[] wgm = mulVec(w, gm);
        double[] ap = mulVec(transpose(w), ArrayOps.subtract(wyp, gp));
        double[] am = mulVec(transpose(w), ArrayOps.subtract(wym, gm));
        for (int q = 0; q < k; q++) {
            grad[yPlus() + q] = 0.5 * ap[q] + (sg ? 0 : -0.5 * (wgp[q] - yp[q]));
            grad[yMinus() + q] = 0.5 * am[q] + (sg ? 0 : -0.5 * (wgm[q] - ym[q]));
        }
        // W: W (E Σ Eᵀ) − ½ Σ_c y_c g_cᵀ + ½ Σ_c (W y_c − g_c) y_cᵀ (never detached).
        double[] ese = new double[k * k];
        for (int v = 0; v < d; v++) {
            for (int p = 0; p < k; p++) {
                double rp = r[v * k + p];
                for (int q = 0; q < k; q++) {
                    ese[p * k + q] += rp * z[v * k + q];
                }
            }
        }
        double[] west = mul(w, ese);
        for (int p = 0; p < k; p++) {
            for (int q = 0; q < k; q++) {
                double s = west[p * k + q] - 0.5 * (yp[p] * gp[q] + ym[p] * gm[q])
                        + 0.5 * ((wyp[p] - gp[p]) * yp[q] + (wym[p] - gm[p]) * ym[q]);
                grad[head() + p * k + q] = s;
            }
        }
        return grad;
    }

    // ------------------------------------------------------------------ per-sample route

    private double[] gradientPerSample(double[] z) {
        double[] grad = new double[getDimension()];
        int n = data.samples();
        double[] x = data.x();
        double[] w = w(z);
        double[] yp = slice(z, yPlus());
        double[] ym = slice(z, yMinus());
        boolean head = mode.hasHead();
        boolean sg = mode == TeacherStudentMode.PROJECTION_SG;
        double[] r = new double[k];
        for (int i = 0; i < n; i++) {
            int row = i * d;
            java.util.Arrays.fill(r, 0);
            for (int v = 0; v < d; v++) {
                double xv = x[row + v];
                for (int q = 0; q < k; q++) {
                    r[q] += z[v * k + q] * xv;
                }
            }
            double[] y = data.label(i) > 0 ? yp : ym;
            int yOff = data.label(i) > 0 ? yPlus() : yMinus();
            double[] dr = new double[k]; // ∂ℓ/∂r
            double[] dy = new double[k]; // ∂ℓ/∂y
            if (!head) {
                for (int q = 0; q < k; q++) {
                    dr[q] = r[q] - y[q];
                    dy[q] = y[q] - r[q];
                }
            } else {
                double[] e1 = ArrayOps.subtract(mulVec(w, r), y);      // W r − y
                double[] e2 = ArrayOps.subtract(mulVec(w, y), r);      // W y − r
                double[] wte1 = mulVec(transpose(w), e1);
                double[] wte2 = mulVec(transpose(w), e2);
                for (int q = 0; q < k; q++) {
                    dr[q] = wte1[q] + (sg ? 0 : -e2[q]);
                    dy[q] = wte2[q] + (sg ? 0 : -e1[q]);
                }
                for (int p = 0; p < k; p++) {
                    for (int q = 0; q < k; q++) {
                        grad[head() + p * k + q] += (e1[p] * r[q] + e2[p] * y[q]) / n;
                    }
                }
            }
            for (int v = 0; v < d; v++) {
                double xv = x[row + v] / n;
                for (int q = 0; q < k; q++) {
                    grad[v * k + q] += dr[q] * xv;
                }
            }
            for (int q = 0; q < k; q++) {
                grad[yOff + q] += dy[q] / n;
            }
        }
        return grad;
    }

    // ------------------------------------------------------------------ observables

    /** The loss value (the same function with or without stop-gradient). */
    public double loss(double[] z) {
        double[] r = times(z);
        double[] gp = apply(z, data.meanPlus());
        double[] gm = apply(z, data.meanMinus());
        double[] yp = slice(z, yPlus());
        double[] ym = slice(z, yMinus());
        double[] ese = new double[k * k];
        for (int v = 0; v < d; v++) {
            for (int p = 0; p < k; p++) {
                for (int q = 0; q < k; q++) {
                    ese[p * k + q] += r[v * k + p] * z[v * k + q];
                }
            }
        }
        if (mode == TeacherStudentMode.PLAIN) {
            return quadratic(identity(k), identity(k), ese, gp, gm, yp, ym);
        }
        double[] w = w(z);
        return quadratic(w, identity(k), ese, gp, gm, yp, ym) + quadratic(identity(k), w, ese, gp, gm, yp, ym);
    }

    /** mean_i ½|A r_i − B y_{c(i)}|² from the moments. */
    private double quadratic(double[] a, double[] b, double[] ese, double[] gp, double[] gm, double[] yp, double[] ym) {
        double[] aea = mul(mul(a, ese), transpose(a));
        double tr = 0;
        for (int q = 0; q < k; q++) {
            tr += aea[q * k + q];
        }
        double[] agp = mulVec(a, gp);
        double[] agm = mulVec(a, gm);
        double[] byp = mulVec(b, yp);
        double[] bym = mulVec(b, ym);
        return 0.5 * (tr - (ArrayOps.dot(agp, byp) + ArrayOps.dot(agm, bym))
                + 0.5 * (ArrayOps.dot(byp, byp) + ArrayOps.dot(bym, bym)));
    }

    /** |y_+ − y_−|. */
    public double minL2(double[] z) {
        double s = 0;
        for (int q = 0; q < k; q++) {
            double r = z[yPlus() + q] - z[yMinus() + q];
            s += r * r;
        }
        return Math.sqrt(s);
    }

    /**
     * Accuracy in representation space: sample i counts when its representation E x_i is strictly nearer to its own
     * class's label point than to the other one. The label points are y_± for the plain loss and the projected labels
     * W y_± for the projection variants (the loss term ½|W y_c − E x|² is what places labels among representations).
     */
    public double accuracy(double[] z) {
        if (!mode.hasHead()) {
            return rawAccuracy(z);
        }
        double[] w = w(z);
        return accuracyAgainst(z, mulVec(w, slice(z, yPlus())), mulVec(w, slice(z, yMinus())));
    }

    /** Accuracy against the raw label embeddings y_± (no head), for every mode. */
    public double rawAccuracy(double[] z) {
        return accuracyAgainst(z, slice(z, yPlus()), slice(z, yMinus()));
    }

    private double accuracyAgainst(double[] z, double[] lp, double[] lm) {
        double[] delta = new double[k];
        double[] mid = new double[k];
        for (int q = 0; q < k; q++) {
            delta[q] = lp[q] - lm[q];
            mid[q] = 0.5 * (lp[q] + lm[q]);
        }
        double[] h = new double[d];
        for (int v = 0; v < d; v++) {
            double s = 0;
            for (int q = 0; q < k; q++) {
                s += z[v * k + q] * delta[q];
            }
            h[v] = s;
        }
        double offset = ArrayOps.dot(mid, delta);
        int ok = 0;
        int n = data.samples();
        double[] x = data.x();
        for (int i = 0; i < n; i++) {
            double s = -offset;
            int row = i * d;
            for (int v = 0; v < d; v++) {
                s += x[row + v] * h[v];
            }
            if (data.label(i) * s > 0) {
                ok++;
            }
        }
        return (double) ok / n;
    }

    /** u = E w* (the student's teacher-direction component, a k-vector). */
    public double[] teacherComponent(double[] z) {
        return apply(z, data.teacher());
    }

    /** Δ = (y_+ − y_−)/2. */
    public double[] halfDifference(double[] z) {
        double[] out = new double[k];
        for (int q = 0; q < k; q++) {
            out[q] = 0.5 * (z[yPlus() + q] - z[yMinus() + q]);
        }
        return out;
    }

    /** W (k×k row-major), identity-sized zeros for the plain mode. */
    public double[] headMatrix(double[] z) {
        return w(z);
    }

    /** ||(E, y)||² (the scale that the no-sg flows shrink). */
    public double scaleSquared(double[] z) {
        double s = 0;
        for (int i = 0; i < head(); i++) {
            s += z[i] * z[i];
        }
        return s;
    }

    /**
     * The plain flow's per-coordinate matrix A = −Hessian on (E[q][·], y_+[q], y_−[q]), (D+2)×(D+2), exactly
     * symmetric: A = −[[Σ, −½ m_+, −½ m_−], [−½ m_+ᵀ, ½, 0], [−½ m_−ᵀ, 0, ½]].
     */
    public static double[][] plainOperator(TeacherStudentData data) {
        int d = data.dim();
        double[][] a = new double[d + 2][d + 2];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                a[i][j] = -data.second()[i * d + j];
            }
            a[i][d] = 0.5 * data.meanPlus()[i];
            a[d][i] = 0.5 * data.meanPlus()[i];
            a[i][d + 1] = 0.5 * data.meanMinus()[i];
            a[d + 1][i] = 0.5 * data.meanMinus()[i];
        }
        a[d][d] = -0.5;
        a[d + 1][d + 1] = -0.5;
        return a;
    }

    // ------------------------------------------------------------------ small k×k algebra

    private double[] slice(double[] z, int off) {
        double[] out = new double[k];
        System.arraycopy(z, off, out, 0, k);
        return out;
    }

    private double[] identity(int n) {
        double[] id = new double[n * n];
        for (int i = 0; i < n; i++) {
            id[i * n + i] = 1;
        }
        return id;
    }

    private double[] transpose(double[] a) {
        double[] t = new double[k * k];
        for (int p = 0; p < k; p++) {
            for (int q = 0; q < k; q++) {
                t[q * k + p] = a[p * k + q];
            }
        }
        return t;
    }

    private double[] mul(double[] a, double[] b) {
        double[] c = new double[k * k];
        for (int p = 0; p < k; p++) {
            for (int r = 0; r < k; r++) {
                double apr = a[p * k + r];
                for (int q = 0; q < k; q++) {
                    c[p * k + q] += apr * b[r * k + q];
                }
            }
        }
        return c;
    }

    private double[] mulVec(double[] a, double[] v) {
        double[] out = new double[k];
        for (int p = 0; p < k; p++) {
            double s = 0;
            for (int q = 0; q < k; q++) {
                s += a[p * k + q] * v[q];
            }
            out[p] = s;
        }
        return out;
    }
}
