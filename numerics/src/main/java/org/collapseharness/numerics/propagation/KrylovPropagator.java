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
 * {@link #errorEstimate} bounds the integral by t times the maximum over 16 sample times. Callers fall back to the
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
        return a.beta() * a.hNext() * t * worst;
    }
}
