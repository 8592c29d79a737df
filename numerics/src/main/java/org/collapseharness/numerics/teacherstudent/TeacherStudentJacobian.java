package org.collapseharness.numerics.teacherstudent;

import java.util.ArrayList;
import java.util.List;
import org.collapseharness.numerics.JacobianProvider;
import org.collapseharness.theory.PolynomialMatrix;

/**
 * The full Jacobian of a {@link TeacherStudentFlow}, assembled from the derived per-sample Jacobian (a
 * {@link PolynomialMatrix} in the variables r1..rk, y1..yk, w11..wkk of one sample, r = E x its representation, y its
 * class's label) through the data's moments.
 *
 * <p>With h(r, y, W) the per-sample velocity, the flow is Ė[q][v] = ⟨h_r,q x_v⟩, ẏ_c = ½ ⟨h_y⟩_c, Ẇ = ⟨h_W⟩ (⟨·⟩ the
 * mean over all samples, ⟨·⟩_c over class c, which holds half of them), so every entry of the Jacobian is a sample
 * mean of a per-sample Jacobian entry times at most two sample coordinates x_u, x_v. Each monomial c · (W part) ·
 * (r part) · (y part) is averaged with the moments the data keeps: Σ = ⟨x xᵀ⟩ and the class means m_c, i.e.
 * ⟨x_u x_v⟩ = Σ_uv, ⟨r_p x_v⟩ = (E Σ)_pv, ⟨r_p r_q⟩ = (E Σ Eᵀ)_pq for y-free monomials, and ⟨x_v⟩_c = m_c[v],
 * ⟨r_p⟩_c = (E m_c)_p otherwise. That covers every per-sample term quadratic in (r, y) (all three modes); a term
 * needing other moments is rejected when the Jacobian is built.
 */
public final class TeacherStudentJacobian implements JacobianProvider {
    private static final int R = 0;
    private static final int Y = 1;
    private static final int W = 2;

    /**
     * One monomial of one per-sample entry.
     *
     * @param coefficient its coefficient
     * @param w           indices of its W factors (in the head block, with repetition)
     * @param r           indices of its r factors
     * @param y           indices of its y factors
     */
    private record Monomial(double coefficient, int[] w, int[] r, int[] y) {
    }

    /** A per-sample entry: ∂h_(row group, row index)/∂(col group, col index). */
    private record Entry(int rowGroup, int row, int colGroup, int col, Monomial[] monomials) {
    }

    private final TeacherStudentFlow flow;
    private final int k;
    private final int d;
    private final List<Entry> entries = new ArrayList<>();

    /**
     * @param flow   the flow (its data, mode and k)
     * @param sample the per-sample Jacobian of the flow's mode at dimension k
     * @throws IllegalArgumentException when the per-sample Jacobian has another dimension, involves W in the plain
     *                                  mode or needs moments beyond Σ and m_±
     */
    public TeacherStudentJacobian(TeacherStudentFlow flow, PolynomialMatrix sample) {
        this.flow = flow;
        this.k = flow.k();
        this.d = flow.data().dim();
        int nv = 2 * k + k * k;
        if (sample.rows() != nv || sample.cols() != nv) {
            throw new IllegalArgumentException("per-sample Jacobian over " + sample.rows() + " variables, flow with k = "
                    + k + " has " + nv);
        }
        for (int e = 0; e < sample.entryCount(); e++) {
            int rg = group(sample.row(e));
            int cg = group(sample.col(e));
            int first = sample.monomialStart()[e];
            Monomial[] ms = new Monomial[sample.monomialStart()[e + 1] - first];
            for (int m = 0; m < ms.length; m++) {
                ms[m] = monomial(sample, first + m);
                if (!flow.mode().hasHead() && (rg == W || cg == W || ms[m].w().length > 0)) {
                    throw new IllegalArgumentException("per-sample Jacobian involves W, the plain mode has no head");
                }
                check(rg, cg, ms[m]);
            }
            entries.add(new Entry(rg, local(sample.row(e)), cg, local(sample.col(e)), ms));
        }
    }

    private int group(int var) {
        return var < k ? R : var < 2 * k ? Y : W;
    }

    private int local(int var) {
        return var < k ? var : var < 2 * k ? var - k : var - 2 * k;
    }

    /** Monomial m of a compiled matrix, its factors split by group (stored order: by variable, with repetition). */
    private Monomial monomial(PolynomialMatrix sample, int m) {
        List<Integer> w = new ArrayList<>();
        List<Integer> r = new ArrayList<>();
        List<Integer> y = new ArrayList<>();
        for (int f = sample.factorStart()[m]; f < sample.factorStart()[m + 1]; f++) {
            int v = sample.factors()[f];
            (group(v) == R ? r : group(v) == Y ? y : w).add(local(v));
        }
        return new Monomial(sample.coefficients()[m], ints(w), ints(r), ints(y));
    }

    private static int[] ints(List<Integer> l) {
        return l.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Sample coordinates the entry's mean carries: one per E row or column. */
    private static int weights(int rowGroup, int colGroup) {
        return (rowGroup == R ? 1 : 0) + (colGroup == R ? 1 : 0);
    }

    /** Whether a y-row or y-column restricts the mean to one class. */
    private static boolean perClass(int rowGroup, int colGroup) {
        return rowGroup == Y || colGroup == Y;
    }

    private static void check(int rowGroup, int colGroup, Monomial m) {
        int xDegree = m.r().length + weights(rowGroup, colGroup);
        boolean classMoments = m.y().length > 0 || perClass(rowGroup, colGroup);
        if (classMoments ? xDegree > 1 : xDegree > 2) {
            throw new IllegalArgumentException("per-sample Jacobian term of degree " + m.r().length + " in r and "
                    + m.y().length + " in y needs moments of the data beyond the second moment and the class means");
        }
    }

    /** Per-evaluation moments of the state. */
    private final class Moments {
        final double[] w;
        final double[][] y = new double[2][];
        final double[][] em = new double[2][];
        final double[][] mean;
        final double[] es; // E Σ, k × D row-major
        final double[] ese; // E Σ Eᵀ, k × k

        Moments(double[] z) {
            TeacherStudentData data = flow.data();
            w = flow.headMatrix(z);
            mean = new double[][] {data.meanPlus(), data.meanMinus()};
            for (int c = 0; c < 2; c++) {
                y[c] = new double[k];
                System.arraycopy(z, c == 0 ? flow.yPlus() : flow.yMinus(), y[c], 0, k);
                em[c] = new double[k];
                for (int v = 0; v < d; v++) {
                    for (int q = 0; q < k; q++) {
                        em[c][q] += z[v * k + q] * mean[c][v];
                    }
                }
            }
            double[] s = data.second();
            es = new double[k * d];
            for (int u = 0; u < d; u++) {
                for (int v = 0; v < d; v++) {
                    double suv = s[u * d + v];
                    for (int q = 0; q < k; q++) {
                        es[q * d + v] += z[u * k + q] * suv;
                    }
                }
            }
            ese = new double[k * k];
            for (int p = 0; p < k; p++) {
                for (int q = 0; q < k; q++) {
                    double acc = 0;
                    for (int v = 0; v < d; v++) {
                        acc += es[p * d + v] * z[v * k + q];
                    }
                    ese[p * k + q] = acc;
                }
            }
        }

        /** Coefficient times the monomial's W and y factors (class c). */
        double scalar(Monomial m, int c) {
            double s = m.coefficient();
            for (int i : m.w()) {
                s *= w[i];
            }
            for (int i : m.y()) {
                s *= y[c][i];
            }
            return s;
        }

        /** ⟨monomial⟩_c (class c) with no sample weight: r part of degree ≤ 1. */
        double classMean(Monomial m, int c) {
            double s = scalar(m, c);
            return m.r().length == 0 ? s : s * em[c][m.r()[0]];
        }

        /** ⟨monomial⟩ over all samples, no sample weight. */
        double mean(Monomial m) {
            if (m.r().length == 2) {
                return scalar(m, 0) * ese[m.r()[0] * k + m.r()[1]];
            }
            return 0.5 * (classMean(m, 0) + classMean(m, 1));
        }

        /** ⟨monomial · x_v⟩ over all samples. */
        double meanWeighted(Monomial m, int v) {
            if (m.r().length == 1) {
                return scalar(m, 0) * es[m.r()[0] * d + v];
            }
            return 0.5 * (scalar(m, 0) * mean[0][v] + scalar(m, 1) * mean[1][v]);
        }
    }

    private int index(int group, int i, int c, int v) {
        return switch (group) {
            case R -> v * k + i;
            case Y -> (c == 0 ? flow.yPlus() : flow.yMinus()) + i;
            default -> flow.head() + i;
        };
    }

    @Override
    public double[][] jacobian(double t, double[] z) {
        int n = flow.getDimension();
        double[][] j = new double[n][n];
        Moments mo = new Moments(z);
        double[] sigma = flow.data().second();
        for (Entry e : entries) {
            int rg = e.rowGroup();
            int cg = e.colGroup();
            if (rg == R && cg == R) {
                double s = 0;
                for (Monomial m : e.monomials()) {
                    s += mo.scalar(m, 0);
                }
                for (int v = 0; v < d; v++) {
                    double[] row = j[v * k + e.row()];
                    for (int u = 0; u < d; u++) {
                        row[u * k + e.col()] += s * sigma[v * d + u];
                    }
                }
            } else if (perClass(rg, cg)) {
                // ½ ⟨·⟩_c: a y row or column belongs to one class; an E row or column carries m_c[v]
                for (int c = 0; c < 2; c++) {
                    double s = 0;
                    for (Monomial m : e.monomials()) {
                        s += 0.5 * mo.classMean(m, c);
                    }
                    if (rg == R || cg == R) {
                        for (int v = 0; v < d; v++) {
                            j[index(rg, e.row(), c, v)][index(cg, e.col(), c, v)] += s * mo.mean[c][v];
                        }
                    } else {
                        j[index(rg, e.row(), c, 0)][index(cg, e.col(), c, 0)] += s;
                    }
                }
            } else if (rg == R || cg == R) {
                for (int v = 0; v < d; v++) {
                    double s = 0;
                    for (Monomial m : e.monomials()) {
                        s += mo.meanWeighted(m, v);
                    }
                    j[index(rg, e.row(), 0, v)][index(cg, e.col(), 0, v)] += s;
                }
            } else {
                double s = 0;
                for (Monomial m : e.monomials()) {
                    s += mo.mean(m);
                }
                j[index(rg, e.row(), 0, 0)][index(cg, e.col(), 0, 0)] += s;
            }
        }
        return j;
    }
}
