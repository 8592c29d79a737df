package org.collapseharness.numerics.propagation;

import java.util.Random;

/**
 * Independent exact witness for big linear flows: exp(tA) y by the Chebyshev expansion of the exponential, using only
 * applications of the hand-coded right-hand side (no sector code, no matrix). For symmetric A with spectrum in
 * [−L, 0], with B = (2/L) A + I (spectrum in [−1, 1]) and z = tL/2:
 * exp(tA) = e^{−z} exp(zB) = Σ_k a_k T_k(B), a_0 = e^{−z} I_0(z), a_k = 2 e^{−z} I_k(z),
 * evaluated by the three-term recurrence T_{k+1}(B)y = 2B T_k(B)y − T_{k−1}(B)y. The scaled Bessel values come from
 * Miller's backward recurrence normalised by I_0 + 2ΣI_k = e^z. Terms are kept until the tail bound Σ|a_k| drops
 * below {@code tol}: about √(2 z ln(1/tol)) ≈ √(L t ln(1/tol)) applications for large z.
 *
 * <p>The spectral bound L must enclose the spectrum: {@link #gershgorin} for an assembled matrix, or
 * {@link #powerBound} (power iteration with a safety factor) when the matrix is too big to assemble.
 */
public final class ChebyshevPropagator {
    private final LinearMap a;
    private final double bound;
    private final double tol;
    private long applications;
    private double lastTail;

    public ChebyshevPropagator(LinearMap a, double spectralBound, double tol) {
        if (!(spectralBound > 0) || !Double.isFinite(spectralBound)) {
            throw new IllegalArgumentException("spectral bound must be positive and finite: " + spectralBound);
        }
        this.a = a;
        this.bound = spectralBound;
        this.tol = tol;
    }

    public long applications() {
        return applications;
    }

    public double spectralBound() {
        return bound;
    }

    /** Tail bound Σ_{k>M}|a_k| of the last expansion (relative truncation error bound for ||·||₂). */
    public double lastTail() {
        return lastTail;
    }

    /** exp(tA) y. */
    public double[] propagate(double[] y, double t) {
        if (t == 0) {
            return y.clone();
        }
        double z = t * bound / 2;
        double[] coef = coefficients(z, tol);
        int n = y.length;
        double[] prev = y.clone();
        double[] cur = new double[n];
        double[] next = new double[n];
        double[] tmp = new double[n];
        double[] out = new double[n];
        double s = 2 / bound;
        for (int i = 0; i < n; i++) {
            out[i] = coef[0] * prev[i];
        }
        if (coef.length > 1) {
            a.apply(prev, tmp);
            applications++;
            for (int i = 0; i < n; i++) {
                cur[i] = s * tmp[i] + prev[i];
                out[i] += coef[1] * cur[i];
            }
        }
        for (int k = 2; k < coef.length; k++) {
            a.apply(cur, tmp);
            applications++;
            double ck = coef[k];
            for (int i = 0; i < n; i++) {
                double v = 2 * (s * tmp[i] + cur[i]) - prev[i];
                next[i] = v;
                out[i] += ck * v;
            }
            double[] r = prev;
            prev = cur;
            cur = next;
            next = r;
        }
        return out;
    }

    /** States at ascending times (≥ 0), stepping from one time to the next. */
    public double[][] propagate(double[] y0, double[] times) {
        double[][] out = new double[times.length][];
        double[] y = y0.clone();
        double t = 0;
        for (int i = 0; i < times.length; i++) {
            if (times[i] < t) {
                throw new IllegalArgumentException("times must be ascending and non-negative");
            }
            y = propagate(y, times[i] - t);
            t = times[i];
            out[i] = y.clone();
        }
        return out;
    }

    /**
     * Coefficients a_0 = e^{−z}I_0(z), a_k = 2e^{−z}I_k(z), truncated where the remaining tail sum is below tol.
     * Miller's backward recurrence I_{k−1} = I_{k+1} + (2k/z) I_k (stable for the minimal solution I_k), normalised
     * by I_0 + 2ΣI_k = e^z, with rescaling against overflow.
     */
    public static double[] coefficients(double z, double tol) {
        if (!(z > 0)) {
            throw new IllegalArgumentException("z must be positive: " + z);
        }
        int start = (int) Math.ceil(Math.sqrt(2 * z * 50) + 2 * StrictMath.cbrt(z) + 40);
        double[] w = new double[start + 2];
        w[start + 1] = 0;
        w[start] = 1e-280;
        for (int k = start; k >= 1; k--) {
            w[k - 1] = w[k + 1] + (2.0 * k / z) * w[k];
            if (w[k - 1] > 1e250) {
                for (int j = k - 1; j <= start; j++) {
                    w[j] *= 1e-250;
                }
            }
        }
        double sum = w[0];
        for (int k = 1; k <= start; k++) {
            sum += 2 * w[k];
        }
        double[] c = new double[start + 1];
        c[0] = w[0] / sum;
        for (int k = 1; k <= start; k++) {
            c[k] = 2 * w[k] / sum;
        }
        double tail = 0;
        int keep = start + 1;
        for (int k = start; k >= 1; k--) {
            if (tail + Math.abs(c[k]) > tol) {
                break;
            }
            tail += Math.abs(c[k]);
            keep = k;
        }
        return java.util.Arrays.copyOf(c, keep);
    }

    /** Gershgorin bound max_i Σ_j |a_ij| (encloses every eigenvalue's modulus). */
    public static double gershgorin(double[][] m) {
        double best = 0;
        for (double[] row : m) {
            double s = 0;
            for (double v : row) {
                s += Math.abs(v);
            }
            best = Math.max(best, s);
        }
        return best;
    }

    /**
     * Column Gershgorin bound ||A||₁ = max_j Σ_i |a_ij| ≥ ρ(A), matrix-free: one application per unit vector with
     * reused buffers (O(N) applications; for moderate N only).
     */
    public static double gershgorinColumns(LinearMap a) {
        int n = a.dimension();
        double[] e = new double[n];
        double[] col = new double[n];
        double best = 0;
        for (int j = 0; j < n; j++) {
            e[j] = 1;
            a.apply(e, col);
            e[j] = 0;
            double s = 0;
            for (double v : col) {
                s += Math.abs(v);
            }
            best = Math.max(best, s);
        }
        return best;
    }

    /**
     * Rigorous spectral bound min(Gershgorin, Collatz–Wielandt): the columns of A are obtained by one application
     * per unit vector and kept sparsely as |A|; then ρ(A) ≤ ρ(|A|) ≤ max_i (|A|v)_i / v_i for every positive v
     * (Collatz–Wielandt), evaluated along a power iteration of |A| + I and minimised over the iterates. For the
     * bipartite coupling graph of §3-type flows (samples ↔ labels) |A| is similar to −A, so the bound is tight.
     */
    public static double rigorousBound(LinearMap a, int iterations) {
        int n = a.dimension();
        double[] e = new double[n];
        double[] col = new double[n];
        int[][] rows = new int[n][];
        double[][] vals = new double[n][];
        double gersh = 0;
        int[] ri = new int[n];
        double[] rv = new double[n];
        for (int j = 0; j < n; j++) {
            e[j] = 1;
            a.apply(e, col);
            e[j] = 0;
            int nz = 0;
            double s = 0;
            for (int i = 0; i < n; i++) {
                if (col[i] != 0) {
                    ri[nz] = i;
                    rv[nz] = Math.abs(col[i]);
                    s += rv[nz];
                    nz++;
                }
            }
            rows[j] = java.util.Arrays.copyOf(ri, nz);
            vals[j] = java.util.Arrays.copyOf(rv, nz);
            gersh = Math.max(gersh, s);
        }
        double best = gersh;
        double[] v = new double[n];
        java.util.Arrays.fill(v, 1.0);
        double[] w = new double[n];
        for (int it = 0; it < iterations; it++) {
            System.arraycopy(v, 0, w, 0, n);
            for (int j = 0; j < n; j++) {
                double vj = v[j];
                int[] r = rows[j];
                double[] x = vals[j];
                for (int q = 0; q < r.length; q++) {
                    w[r[q]] += x[q] * vj;
                }
            }
            double ratio = 0;
            double norm = 0;
            for (int i = 0; i < n; i++) {
                ratio = Math.max(ratio, w[i] / v[i] - 1);
                norm = Math.max(norm, w[i]);
            }
            best = Math.min(best, ratio);
            for (int i = 0; i < n; i++) {
                v[i] = w[i] / norm;
            }
        }
        return best;
    }

    /**
     * Matrix-free spectral bound for symmetric A: the Rayleigh quotient of power iteration (a lower estimate of ρ(A))
     * times {@code safety}. Used only when the matrix is too big to assemble for {@link #gershgorin}.
     */
    public static double powerBound(LinearMap a, int iterations, double safety, long seed) {
        int n = a.dimension();
        Random r = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextGaussian();
        }
        double[] w = new double[n];
        double rq = 0;
        for (int it = 0; it < iterations; it++) {
            double nv = org.collapseharness.numerics.ArrayOps.norm(v);
            for (int i = 0; i < n; i++) {
                v[i] /= nv;
            }
            a.apply(v, w);
            double dot = 0;
            for (int i = 0; i < n; i++) {
                dot += v[i] * w[i];
            }
            rq = Math.max(rq, Math.abs(dot));
            double[] t = v;
            v = w;
            w = t;
        }
        return safety * rq;
    }
}
