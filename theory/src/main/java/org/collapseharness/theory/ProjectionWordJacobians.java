package org.collapseharness.theory;

import java.io.Serializable;
import java.util.List;

/**
 * The §4 per-pair field in dimension-free matrix-word form and its Jacobians, evaluated at any d by matrix arithmetic:
 * ṡ = Gss s + Gsy y, ẏ = Gys s + Gyy y, Ẇ = Σ_t c_t M_t a_t b_tᵀ with word combinations Gss.. and words M_t in W, Wᵀ
 * and a_t, b_t ∈ {s, y}, all identified by the symbolic pipeline. The derivatives in W are the product rule on the
 * words (dW = E, dWᵀ = Eᵀ for the unit direction E = e_e e_fᵀ); the fluctuation field is q_W = Σ_{a_t = b_t = s}
 * c_t M_t (C + Cᵀ)/2 and q_C = Gss C + C Gssᵀ.
 *
 * @param dim          the dimension d the Jacobians are evaluated at ({@link #atDim} changes it, nothing else)
 * @param stopGradient whether the derivation used stop-gradient
 * @param outer        the terms of Ẇ
 */
public record ProjectionWordJacobians(int dim, boolean stopGradient, MatrixWords gss, MatrixWords gsy, MatrixWords gys,
                                      MatrixWords gyy, List<OuterTerm> outer)
        implements ProjectionJacobianForm, Serializable {

    /** c · M(W) a bᵀ; a (left) and b (right) are the sample s (true) or the label y (false). */
    public record OuterTerm(double coefficient, MatrixWords.Word word, boolean leftSample, boolean rightSample)
            implements Serializable {
    }

    public ProjectionWordJacobians {
        if (dim < 1) {
            throw new IllegalArgumentException("dimension must be positive, got " + dim);
        }
        outer = List.copyOf(outer);
    }

    /** The same form evaluated at dimension d. */
    public ProjectionWordJacobians atDim(int d) {
        return new ProjectionWordJacobians(d, stopGradient, gss, gsy, gys, gyy, outer);
    }

    @Override
    public void pairJacobian(double[] values, double[] out) {
        int d = dim;
        int np = 2 * d + d * d;
        java.util.Arrays.fill(out, 0, np * np, 0.0);
        double[] s = java.util.Arrays.copyOfRange(values, 0, d);
        double[] y = java.util.Arrays.copyOfRange(values, d, 2 * d);
        double[][] w = matrix(values, 2 * d, d);
        Vec vs = new Vec(w, s);
        Vec vy = new Vec(w, y);
        double[] dv = new double[d];
        // ṡ and ẏ rows
        MatrixWords[][] blocks = {{gss, gsy}, {gys, gyy}};
        for (int row = 0; row < 2; row++) {
            for (int col = 0; col < 2; col++) {
                double[][] g = blocks[row][col].at(w);
                for (int b = 0; b < d; b++) {
                    for (int c = 0; c < d; c++) {
                        out[(row * d + b) * np + col * d + c] = g[b][c];
                    }
                }
                Vec v = col == 0 ? vs : vy;
                for (int e = 0; e < d; e++) {
                    for (int f = 0; f < d; f++) {
                        java.util.Arrays.fill(dv, 0.0);
                        for (MatrixWords.Term t : blocks[row][col].terms()) {
                            addDerivativeTimes(t.word(), t.coefficient(), w, v, e, f, dv);
                        }
                        for (int b = 0; b < d; b++) {
                            out[(row * d + b) * np + 2 * d + e * d + f] += dv[b];
                        }
                    }
                }
            }
        }
        // Ẇ rows: Ẇ_pq = Σ c (M a)_p b_q
        for (OuterTerm t : outer) {
            double[][] m = t.word().at(w);
            Vec a = t.leftSample() ? vs : vy;
            double[] b = t.rightSample() ? s : y;
            double[] ma = Mat.mul(m, a.v);
            int aCol = t.leftSample() ? 0 : d;
            int bCol = t.rightSample() ? 0 : d;
            for (int p = 0; p < d; p++) {
                for (int q = 0; q < d; q++) {
                    int r = (2 * d + p * d + q) * np;
                    for (int c = 0; c < d; c++) {
                        out[r + aCol + c] += t.coefficient() * m[p][c] * b[q];
                    }
                    out[r + bCol + q] += t.coefficient() * ma[p];
                }
            }
            for (int e = 0; e < d; e++) {
                for (int f = 0; f < d; f++) {
                    java.util.Arrays.fill(dv, 0.0);
                    addDerivativeTimes(t.word(), t.coefficient(), w, a, e, f, dv);
                    int col = 2 * d + e * d + f;
                    for (int p = 0; p < d; p++) {
                        for (int q = 0; q < d; q++) {
                            out[(2 * d + p * d + q) * np + col] += dv[p] * b[q];
                        }
                    }
                }
            }
        }
    }

    @Override
    public void fluctuationJacobian(double[] values, double[] out) {
        int d = dim;
        int dd = d * d;
        int nq = 2 * dd;
        java.util.Arrays.fill(out, 0, nq * nq, 0.0);
        double[][] w = matrix(values, 0, d);
        double[][] cm = matrix(values, dd, d);
        double[][] g = gss.at(w);
        // columns of C, of Cᵀ and of the symmetric part, each with W v and Wᵀ v
        Vec[] cCol = new Vec[d];
        Vec[] ctCol = new Vec[d];
        Vec[] symCol = new Vec[d];
        for (int q = 0; q < d; q++) {
            double[] c = new double[d];
            double[] ct = new double[d];
            double[] sym = new double[d];
            for (int r = 0; r < d; r++) {
                c[r] = cm[r][q];
                ct[r] = cm[q][r];
                sym[r] = 0.5 * (c[r] + ct[r]);
            }
            cCol[q] = new Vec(w, c);
            ctCol[q] = new Vec(w, ct);
            symCol[q] = new Vec(w, sym);
        }
        double[] dv = new double[d];
        double[] dv2 = new double[d];
        for (OuterTerm t : outer) {
            if (!t.leftSample() || !t.rightSample()) {
                continue;
            }
            double[][] m = t.word().at(w);
            double k = t.coefficient();
            // ∂q_W/∂W_ef = c (dM Csym), ∂q_W_pq/∂C_ab = c/2 (M_pa δ_qb + M_pb δ_qa)
            for (int e = 0; e < d; e++) {
                for (int f = 0; f < d; f++) {
                    int col = e * d + f;
                    for (int q = 0; q < d; q++) {
                        java.util.Arrays.fill(dv, 0.0);
                        addDerivativeTimes(t.word(), k, w, symCol[q], e, f, dv);
                        for (int p = 0; p < d; p++) {
                            out[(p * d + q) * nq + col] += dv[p];
                        }
                    }
                }
            }
            for (int p = 0; p < d; p++) {
                for (int q = 0; q < d; q++) {
                    int r = (p * d + q) * nq + dd;
                    for (int a = 0; a < d; a++) {
                        out[r + a * d + q] += 0.5 * k * m[p][a];
                        out[r + q * d + a] += 0.5 * k * m[p][a];
                    }
                }
            }
        }
        // q_C = G C + C Gᵀ: ∂/∂W_ef = (dG C)_pq + (dG Cᵀ)_qp, ∂q_C_pq/∂C_ab = G_pa δ_qb + δ_pa G_qb
        for (int e = 0; e < d; e++) {
            for (int f = 0; f < d; f++) {
                int col = e * d + f;
                for (int q = 0; q < d; q++) {
                    java.util.Arrays.fill(dv, 0.0);
                    java.util.Arrays.fill(dv2, 0.0);
                    for (MatrixWords.Term t : gss.terms()) {
                        addDerivativeTimes(t.word(), t.coefficient(), w, cCol[q], e, f, dv);
                        addDerivativeTimes(t.word(), t.coefficient(), w, ctCol[q], e, f, dv2);
                    }
                    for (int p = 0; p < d; p++) {
                        out[(dd + p * d + q) * nq + col] += dv[p];
                        out[(dd + q * d + p) * nq + col] += dv2[p];
                    }
                }
            }
        }
        for (int p = 0; p < d; p++) {
            for (int q = 0; q < d; q++) {
                int r = (dd + p * d + q) * nq + dd;
                for (int a = 0; a < d; a++) {
                    out[r + a * d + q] += g[p][a];
                    out[r + p * d + a] += g[q][a];
                }
            }
        }
    }

    private static double[][] matrix(double[] values, int at, int d) {
        double[][] w = new double[d][d];
        for (int a = 0; a < d; a++) {
            System.arraycopy(values, at + a * d, w[a], 0, d);
        }
        return w;
    }

    /** A vector v with W v and Wᵀ v. */
    private static final class Vec {
        final double[] v;
        final double[] wv;
        final double[] wtv;

        Vec(double[][] w, double[] v) {
            this.v = v;
            this.wv = Mat.mul(w, v);
            this.wtv = Mat.mul(Mat.transpose(w), v);
        }
    }

    /**
     * out += k · (∂M/∂W_ef) v: the product rule with dW = E, dWᵀ = Eᵀ, E = e_e e_fᵀ, so E x = e_e x_f and
     * Eᵀ x = e_f x_e.
     */
    private static void addDerivativeTimes(MatrixWords.Word word, double k, double[][] w, Vec x, int e, int f,
                                           double[] out) {
        int d = w.length;
        switch (word) {
            case I -> {
            }
            case W -> out[e] += k * x.v[f];
            case WT -> out[f] += k * x.v[e];
            case WT_W -> {
                // Eᵀ W v + Wᵀ E v
                out[f] += k * x.wv[e];
                for (int i = 0; i < d; i++) {
                    out[i] += k * w[e][i] * x.v[f];
                }
            }
            case W_WT -> {
                // E Wᵀ v + W Eᵀ v
                out[e] += k * x.wtv[f];
                for (int i = 0; i < d; i++) {
                    out[i] += k * w[i][f] * x.v[e];
                }
            }
            case W_W -> {
                // E W v + W E v
                out[e] += k * x.wv[f];
                for (int i = 0; i < d; i++) {
                    out[i] += k * w[i][e] * x.v[f];
                }
            }
            case WT_WT -> {
                // Eᵀ Wᵀ v + Wᵀ Eᵀ v
                out[f] += k * x.wtv[e];
                for (int i = 0; i < d; i++) {
                    out[i] += k * w[f][i] * x.v[e];
                }
            }
        }
    }
}
