package org.collapseharness.numerics;

import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;

/**
 * Arnoldi process on a matrix-free operator (classical Gram–Schmidt applied twice): an orthonormal basis V_m of the
 * Krylov space K_m(A, b) and the Hessenberg matrix H_m with A V_m = V_m H_m + h_{m+1,m} v_{m+1} e_mᵀ. Functions of A
 * applied to b are then approximated by β V_m f(H_m) e₁ (β = |b|): {@link #expColumn} for exp(tA) b and
 * {@link #phi1Column} for φ₁(hA) b = Σ_k (hA)^k b / (k+1)!, both from the exponential of a small matrix (Hipparchus
 * Padé with scaling and squaring).
 *
 * <p>The process stops at a happy breakdown (h_{m+1,m} ≤ {@link #BREAKDOWN_TOL} · the largest |A v_j|:
 * the space is invariant and the approximations are exact up to rounding), when the caller's {@link StopRule} is
 * satisfied, or after {@code maxDim} vectors.
 */
public final class Arnoldi {
    /** Relative size of h_{m+1,m} below which the Krylov space counts as invariant. */
    public static final double BREAKDOWN_TOL = 1e-12;

    /** y ↦ A y into a caller-owned array. */
    public interface Operator {
        void apply(double[] in, double[] out);
    }

    /** Asked after every new vector (with the process so far); true ends it. */
    public interface StopRule {
        boolean enough(Arnoldi sofar);
    }

    private final int n;
    private final double beta;
    private final double[][] basis;
    private final double[][] h;
    private final int m;
    private final double hNext;
    private final double scale;
    private final long applications;

    private Arnoldi(int n, double beta, double[][] basis, double[][] h, int m, double hNext, double scale,
                    long applications) {
        this.n = n;
        this.beta = beta;
        this.basis = basis;
        this.h = h;
        this.m = m;
        this.hNext = hNext;
        this.scale = scale;
        this.applications = applications;
    }

    /**
     * Runs the process from b.
     *
     * @param maxDim largest basis (memory: maxDim · n doubles)
     * @param stop   extra stopping rule (null: breakdown or maxDim only)
     */
    public static Arnoldi run(Operator a, double[] b, int maxDim, StopRule stop) {
        if (maxDim < 1) {
            throw new IllegalArgumentException("Krylov dimension must be at least 1: " + maxDim);
        }
        int n = b.length;
        double beta = ArrayOps.norm(b);
        double[][] v = new double[maxDim][];
        double[][] hh = new double[maxDim][maxDim];
        if (beta == 0 || !Double.isFinite(beta)) {
            return new Arnoldi(n, beta, v, hh, 0, 0, 0, 0);
        }
        v[0] = new double[n];
        for (int i = 0; i < n; i++) {
            v[0][i] = b[i] / beta;
        }
        double scale = 0;
        double last = 0;
        long apps = 0;
        int m = 0;
        double[] coef = new double[maxDim];
        while (m < maxDim) {
            double[] w = new double[n];
            a.apply(v[m], w);
            apps++;
            scale = Math.max(scale, ArrayOps.norm(w));
            for (int pass = 0; pass < 2; pass++) {
                for (int j = 0; j <= m; j++) {
                    coef[j] = ArrayOps.dot(v[j], w);
                }
                for (int j = 0; j <= m; j++) {
                    double c = coef[j];
                    hh[j][m] += c;
                    double[] vj = v[j];
                    for (int i = 0; i < n; i++) {
                        w[i] -= c * vj[i];
                    }
                }
            }
            double wn = ArrayOps.norm(w); // scale = max |A v_j| ≥ every |h_ij| (Cauchy–Schwarz)
            last = wn;
            m++;
            if (!Double.isFinite(wn) || wn <= BREAKDOWN_TOL * scale || m == maxDim) {
                break;
            }
            if (stop != null && stop.enough(new Arnoldi(n, beta, v, hh, m, wn, scale, apps))) {
                break;
            }
            hh[m][m - 1] = wn;
            for (int i = 0; i < n; i++) {
                w[i] /= wn;
            }
            v[m] = w;
        }
        return new Arnoldi(n, beta, v, hh, m, last, scale, apps);
    }

    /** Basis size m. */
    public int dimension() {
        return m;
    }

    /** β = |b|. */
    public double beta() {
        return beta;
    }

    /** h_{m+1,m}. */
    public double hNext() {
        return hNext;
    }

    /** Operator applications spent. */
    public long applications() {
        return applications;
    }

    /** h_{m+1,m} relative to the largest |A v_j| (which bounds every |H| entry). */
    public double relativeBreakdown() {
        return scale == 0 ? 0 : hNext / scale;
    }

    /** True when the space became invariant (or b = 0): functions of H_m are then exact up to rounding. */
    public boolean invariant() {
        return beta == 0 || hNext <= BREAKDOWN_TOL * scale;
    }

    /** factor · Σ_j c_j v_j (a vector of the full dimension). */
    public double[] combine(double[] c, double factor) {
        double[] out = new double[n];
        for (int j = 0; j < m; j++) {
            double cj = factor * c[j];
            double[] vj = basis[j];
            for (int i = 0; i < n; i++) {
                out[i] += cj * vj[i];
            }
        }
        return out;
    }

    /** exp(tH_m) e₁ (length m). */
    public double[] expColumn(double t) {
        RealMatrix hm = MatrixUtils.createRealMatrix(m, m);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                hm.setEntry(i, j, t * h[i][j]);
            }
        }
        return MatrixUtils.matrixExponential(hm).getColumn(0);
    }

    /** φ₁(sH_m) e₁ (length m), from exp([[sH_m, e₁], [0, 0]]) whose last column holds it. */
    public double[] phi1Column(double s) {
        RealMatrix a = MatrixUtils.createRealMatrix(m + 1, m + 1);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                a.setEntry(i, j, s * h[i][j]);
            }
        }
        a.setEntry(0, m, 1);
        double[] col = MatrixUtils.matrixExponential(a).getColumn(m);
        return java.util.Arrays.copyOf(col, m);
    }
}
