package org.collapseharness.numerics;

import org.collapseharness.theory.MinimalModel;
import org.collapseharness.theory.ProjectionJacobianForm;
import org.hipparchus.ode.OrdinaryDifferentialEquation;

/**
 * The §4 projection-head flow reduced exactly by structure: the field is linear in every sample for fixed (W, y), so
 * class means x̄_c, the shared mean z̄ and the summed fluctuation second moments Cx = Σ_{c,i} x'x'ᵀ, Cz = Σ_s z'z'ᵀ close
 * the dynamics of (y, W). Per pair the sample part is ṡ = Ls s + (terms in y, W) with Ls = −WᵀW (sg) or −WᵀW − I (no
 * sg), so fluctuations obey ẋ' = Ls x', ż' = K Ls z', i.e. Ċx = Ls Cx + Cx Lsᵀ, Ċz = K (Ls Cz + Cz Lsᵀ); W receives the
 * pair field at the means plus −W Cx − K W Cz. The state size 2Kd + d + 3d² does not depend on n or m.
 *
 * <p>State order: x̄[K][d], z̄[d], y[K][d], Cx[d][d], Cz[d][d], W[d][d].
 */
public final class ProjectionMoments implements OrdinaryDifferentialEquation {
    private final int k;
    private final int n;
    private final int m;
    private final int d;
    private final boolean stopGradient;

    public ProjectionMoments(MinimalModel model, boolean stopGradient) {
        this.k = model.classes();
        this.n = model.clean();
        this.m = model.shared();
        this.d = model.dim();
        this.stopGradient = stopGradient;
    }

    /** The moments of {@code new MinimalModel(classes, clean, shared, dim)}, which validates the sizes. */
    public ProjectionMoments(int classes, int clean, int shared, int dim, boolean stopGradient) {
        this(new MinimalModel(classes, clean, shared, dim), stopGradient);
    }

    public int xbar(int c) {
        return c * d;
    }

    public int zbar() {
        return k * d;
    }

    public int label(int c) {
        return k * d + d + c * d;
    }

    public int cx() {
        return 2 * k * d + d;
    }

    public int cz() {
        return cx() + d * d;
    }

    public int wOffset() {
        return cz() + d * d;
    }

    @Override
    public int getDimension() {
        return wOffset() + d * d;
    }

    /** Moments of a full particle state (layout of {@link ProjectionFlow}). */
    public double[] fromParticles(ParticleLayout l, double[] u) {
        double[] s = new double[getDimension()];
        for (int c = 0; c < k; c++) {
            for (int q = 0; q < d; q++) {
                s[xbar(c) + q] = Metrics.classMean(l, u, c, q);
                s[label(c) + q] = u[l.label(c) + q];
            }
            for (int i = 0; i < n; i++) {
                addOuter(s, cx(), u, l.clean(c, i), s, xbar(c));
            }
        }
        if (m > 0) {
            for (int q = 0; q < d; q++) {
                double acc = 0;
                for (int j = 0; j < m; j++) {
                    acc += u[l.shared(j) + q];
                }
                s[zbar() + q] = acc / m;
            }
            for (int j = 0; j < m; j++) {
                addOuter(s, cz(), u, l.shared(j), s, zbar());
            }
        }
        System.arraycopy(u, l.size(), s, wOffset(), d * d);
        return s;
    }

    private void addOuter(double[] s, int at, double[] u, int vo, double[] mean, int mo) {
        for (int a = 0; a < d; a++) {
            double va = u[vo + a] - mean[mo + a];
            for (int b = 0; b < d; b++) {
                s[at + a * d + b] += va * (u[vo + b] - mean[mo + b]);
            }
        }
    }

    @Override
    public double[] computeDerivatives(double t, double[] y) {
        double[] out = new double[y.length];
        int w0 = wOffset();
        double[] r1 = new double[d];
        double[] r2 = new double[d];
        for (int c = 0; c < k; c++) {
            pair(y, out, xbar(c), 1.0, label(c), n, w0, r1, r2);
            if (m > 0) {
                pair(y, out, zbar(), 1.0, label(c), m, w0, r1, r2);
            }
        }
        // Ls = −WᵀW (− I without sg)
        double[][] ls = new double[d][d];
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < d; b++) {
                double acc = 0;
                for (int p = 0; p < d; p++) {
                    acc += y[w0 + p * d + a] * y[w0 + p * d + b];
                }
                ls[a][b] = -acc - (!stopGradient && a == b ? 1 : 0);
            }
        }
        lyapunov(y, out, cx(), ls, 1.0);
        if (m > 0) {
            lyapunov(y, out, cz(), ls, k);
        }
        // W receives −W Cx − K W Cz from the fluctuations (C symmetrised: equal on the flow, where C stays symmetric).
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < d; b++) {
                double acc = 0;
                for (int p = 0; p < d; p++) {
                    acc += y[w0 + a * d + p] * (sym(y, cx(), p, b) + (m > 0 ? k * sym(y, cz(), p, b) : 0));
                }
                out[w0 + a * d + b] -= acc;
            }
        }
        return out;
    }

    private double sym(double[] y, int at, int p, int b) {
        return 0.5 * (y[at + p * d + b] + y[at + b * d + p]);
    }

    /**
     * The Jacobian of this field assembled from the derived Jacobians: the per-pair Jacobian at (x̄_c, y_c, W) with
     * weights 1 (x̄_c), n (y_c, W) and at (z̄, y_c, W) with weights 1 (z̄), m (y_c, W); the fluctuation Jacobian at
     * (W, Cx) with weight 1 and at (W, Cz) with weight K.
     */
    public JacobianProvider derivedJacobian(ProjectionJacobianForm derived) {
        if (derived.dim() != d) {
            throw new IllegalArgumentException("derived Jacobian for d = " + derived.dim() + ", moments have d = " + d);
        }
        return (t, u) -> {
            int dim = getDimension();
            double[][] jac = new double[dim][dim];
            int np = 2 * d + d * d;
            double[] values = new double[np];
            double[] buf = new double[np * np];
            int[] idx = new int[np];
            double[] weight = new double[np];
            int w0 = wOffset();
            for (int c = 0; c < k; c++) {
                for (int src = 0; src < (m > 0 ? 2 : 1); src++) {
                    int so = src == 0 ? xbar(c) : zbar();
                    double count = src == 0 ? n : m;
                    for (int a = 0; a < np; a++) {
                        idx[a] = a < d ? so + a : a < 2 * d ? label(c) + a - d : w0 + a - 2 * d;
                        weight[a] = a < d ? 1 : count;
                        values[a] = u[idx[a]];
                    }
                    derived.pairJacobian(values, buf);
                    scatter(jac, buf, np, idx, weight);
                }
            }
            int nq = 2 * d * d;
            double[] fv = new double[nq];
            double[] fbuf = new double[nq * nq];
            int[] fidx = new int[nq];
            double[] fw = new double[nq];
            for (int src = 0; src < (m > 0 ? 2 : 1); src++) {
                int co = src == 0 ? cx() : cz();
                for (int a = 0; a < nq; a++) {
                    fidx[a] = a < d * d ? w0 + a : co + a - d * d;
                    fw[a] = src == 0 ? 1 : k;
                    fv[a] = u[fidx[a]];
                }
                derived.fluctuationJacobian(fv, fbuf);
                scatter(jac, fbuf, nq, fidx, fw);
            }
            return jac;
        };
    }

    private static void scatter(double[][] jac, double[] block, int size, int[] idx, double[] rowWeight) {
        for (int r = 0; r < size; r++) {
            double[] row = jac[idx[r]];
            for (int c = 0; c < size; c++) {
                row[idx[c]] += rowWeight[r] * block[r * size + c];
            }
        }
    }

    /**
     * One pair (s at so, y at yo), weighted by count for the label and W; the sample mean receives it with weight
     * sampleWeight (clean: its own label once; shared mean: each label once).
     */
    private void pair(double[] u, double[] out, int so, double sampleWeight, int yo, double count, int w0, double[] r1,
                      double[] r2) {
        ProjectionFlow.residuals(u, so, yo, w0, d, r1, r2);
        for (int b = 0; b < d; b++) {
            double wtr1 = 0;
            double wtr2 = 0;
            for (int a = 0; a < d; a++) {
                double wab = u[w0 + a * d + b];
                wtr1 += wab * r1[a];
                wtr2 += wab * r2[a];
            }
            out[so + b] += sampleWeight * (-wtr1 + (stopGradient ? 0 : r2[b]));
            out[yo + b] += count * (-wtr2 + (stopGradient ? 0 : r1[b]));
        }
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < d; b++) {
                out[w0 + a * d + b] += count * (-r1[a] * u[so + b] - r2[a] * u[yo + b]);
            }
        }
    }

    private void lyapunov(double[] u, double[] out, int at, double[][] ls, double scale) {
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < d; b++) {
                double acc = 0;
                for (int p = 0; p < d; p++) {
                    acc += ls[a][p] * u[at + p * d + b] + u[at + a * d + p] * ls[b][p];
                }
                out[at + a * d + b] = scale * acc;
            }
        }
    }

    public double[][] w(double[] s) {
        double[][] w = new double[d][d];
        for (int a = 0; a < d; a++) {
            System.arraycopy(s, wOffset() + a * d, w[a], 0, d);
        }
        return w;
    }

    public double[][] labels(double[] s) {
        double[][] y = new double[k][d];
        for (int c = 0; c < k; c++) {
            System.arraycopy(s, label(c), y[c], 0, d);
        }
        return y;
    }
}
