package org.collapseharness.numerics.propagation;

import org.collapseharness.numerics.Arnoldi;

/**
 * Independent exact witness for big linear flows: exp(tA) y from the Krylov space K_m(A, y) = span{y, Ay, …, A^{m−1}y}
 * ({@link Arnoldi}), using only applications of the hand-coded right-hand side: exp(tA) y ≈ β V_m exp(tH_m) e₁, one
 * basis for every t.
 *
 * <p>When A has few distinct eigenvalues (the §3 flows: the sector structure makes the spectrum a handful of values of
 * high multiplicity, some of them close together) the space becomes (nearly) invariant after that many steps and the
 * formula is exact up to rounding, whatever n and t. The code does not know or use the sector structure. Its error
 * is bounded a posteriori: with y_m(t) = β V_m exp(tH_m) e₁, y_m' = A y_m − β h_{m+1,m} (e_mᵀ exp(tH_m) e₁) v_{m+1},
 * so for dissipative A (gradient flows: A = −Hessian) |exp(tA)y − y_m(t)| ≤ β h_{m+1,m} ∫₀ᵗ |e_mᵀ exp(sH_m) e₁| ds;
 * {@link #errorEstimate} bounds the integral by the larger of t times the maximum over 16 sample times and a sum over
 * a geometric grid of early times (where the integrand lives over long horizons). Callers fall back to the
 * {@link ChebyshevPropagator} when the estimate is too large.
 */
public final class KrylovPropagator {
    private final Arnoldi arnoldi;

    private KrylovPropagator(Arnoldi arnoldi) {
        this.arnoldi = arnoldi;
    }

    /** Builds the basis of A at y, stopping at a happy breakdown or after {@code maxDim} vectors. */
    public static KrylovPropagator build(LinearMap a, double[] y, int maxDim) {
        return build(a, y, maxDim, 0, -1);
    }

    /**
     * As {@link #build(LinearMap, double[], int)}, also stopping as soon as {@link #errorEstimate}(tMax) ≤ tol
     * (checked from the third vector on; tol &lt; 0 disables it).
     */
    public static KrylovPropagator build(LinearMap a, double[] y, int maxDim, double tMax, double tol) {
        if (y.length != a.dimension()) {
            throw new IllegalArgumentException("vector length " + y.length + " != dimension " + a.dimension());
        }
        Arnoldi.StopRule stop = tol < 0 ? null
                : sofar -> sofar.dimension() >= 3 && estimate(sofar, tMax) <= tol;
        return new KrylovPropagator(Arnoldi.run(a::apply, y, maxDim, stop));
    }

    /** Basis size m. */
    public int dimension() {
        return arnoldi.dimension();
    }

    /** Applications of A spent on the basis. */
    public long applications() {
        return arnoldi.applications();
    }

    /** h_{m+1,m} relative to the largest |H| entry. */
    public double relativeBreakdown() {
        return arnoldi.relativeBreakdown();
    }

    /** True when the Krylov space became invariant (exact up to rounding for every t). */
    public boolean invariant() {
        return arnoldi.invariant();
    }

    /** exp(tA) y ≈ β V_m exp(tH_m) e₁. */
    public double[] propagate(double t) {
        if (arnoldi.dimension() == 0) {
            return arnoldi.combine(new double[0], 0);
        }
        return arnoldi.combine(arnoldi.expColumn(t), arnoldi.beta());
    }

    /** A-posteriori error bound at t (see the class comment); 0 for y = 0 or t = 0. */
    public double errorEstimate(double t) {
        return estimate(arnoldi, t);
    }

    private static double estimate(Arnoldi a, double t) {
        if (a.dimension() == 0 || t == 0) {
            return 0;
        }
        double worst = 0;
        for (int q = 1; q <= 16; q++) {
            worst = Math.max(worst, Math.abs(a.expColumn(t * q / 16.0)[a.dimension() - 1]));
        }
        return a.beta() * a.hNext() * Math.max(t * worst, earlyIntegral(a, t));
    }

    /**
     * ∫₀ᵗ |e_mᵀ exp(sH) e₁| ds on a geometric grid t·2⁻ᵏ (k = 60 … 1) plus the 16 uniform samples, each interval
     * taken at the larger endpoint value: over long horizons the integrand lives at early s, where the uniform
     * samples t q/16 alone would not look.
     */
    private static double earlyIntegral(Arnoldi a, double t) {
        java.util.TreeSet<Double> grid = new java.util.TreeSet<>();
        for (int k = 1; k <= GEOMETRIC_SAMPLES; k++) {
            grid.add(t * Math.pow(2, -k));
        }
        for (int q = 1; q <= 16; q++) {
            grid.add(t * q / 16.0);
        }
        double sum = 0;
        double prevS = 0;
        double prevF = 0;
        for (double s : grid) {
            double f = Math.abs(a.expColumn(s)[a.dimension() - 1]);
            sum += (s - prevS) * Math.max(f, prevF);
            prevS = s;
            prevF = f;
        }
        return sum;
    }

    /** Geometric sample times of {@link #earlyIntegral} below t (t·2⁻⁶⁰ ≈ 1e-18 t). */
    private static final int GEOMETRIC_SAMPLES = 60;
}
