package org.collapseharness.theory;

import java.util.List;

/**
 * What the symbolic pipeline derived about the class-bias block B(W) of {@link CollapsedStability} at d = 2 with
 * stop-gradient when W is an involution with eigenvalues (−1, +1): W = [[a, b], [c, −a]] with a² + bc = 1, written
 * with c = (1 − a²)/b (b ≠ 0; the identities are polynomial in the entries, so they extend to b = 0 by continuity).
 * The characteristic polynomial det(λ I − B(W)) = λ⁴ + c₁ λ³ + c₂ λ² + c₃ λ + c₄ depends on W only through
 * τ = tr(WᵀW) = 2a² + b² + c² (τ ≥ 2, τ = 2 iff W is symmetric). Symbols: lam (λ), tau, n, m.
 *
 * @param involution                the parametrised involution, Symja input form (symbols a, b)
 * @param tauOfParameters           τ in the parameters (symbols a, b)
 * @param characteristicPolynomial  det(λ I − B(W)) in lam, tau, n, m (expanded)
 * @param coefficients              c₁ … c₄, factored (symbols tau, n, m)
 * @param coefficientSigns          the derived sign of each c_k on n ≥ 1, m ≥ 0, τ ≥ 2
 * @param hurwitzDeterminants       the leading principal minors Δ₁ … Δ₄ of the Hurwitz matrix, factored
 * @param hurwitzSigns              the derived sign of each Δ_k on n ≥ 1, m ≥ 0, τ ≥ 2
 * @param atNoSharedSamples         the characteristic polynomial at m = 0 (ρ = 0), factored (symbols lam, tau, n)
 * @param zeroRootsAtNoSharedSamples multiplicity of the root λ = 0 at m = 0
 * @param restStableAtNoSharedSamples at m = 0 the characteristic polynomial divided by λ^(zero roots) has positive
 *                                  coefficients (degree 2: both remaining roots have negative real part)
 * @param zeroModesAtNoSharedSamples at m = 0, B(W) (x, W x) = 0 for every x (symbolic): the zero root is semisimple,
 *                                  its eigenvectors are the shifts (x, W x) of one class along the collapsed family
 * @param symmetricLimitMatches     at τ = 2 the polynomial equals the square of the derived d = 1 per-eigenvalue
 *                                  polynomial λ² − tr λ + det at w = 1 (symbolic)
 * @param signStructure             the derived sign argument, one sentence
 */
public record InvolutionStabilityTheory(String involution, ClosedForm tauOfParameters,
                                        ClosedForm characteristicPolynomial, List<ClosedForm> coefficients,
                                        List<Sign> coefficientSigns, List<ClosedForm> hurwitzDeterminants,
                                        List<Sign> hurwitzSigns, ClosedForm atNoSharedSamples,
                                        int zeroRootsAtNoSharedSamples, boolean restStableAtNoSharedSamples,
                                        boolean zeroModesAtNoSharedSamples, boolean symmetricLimitMatches,
                                        String signStructure) {

    /** The sign of a derived expression on the domain n ≥ 1, m ≥ 0, τ ≥ 2, read off its factors. */
    public enum Sign {
        /** every factor has non-negative coefficients in (τ − 2, n − 1, m) and a positive constant term: > 0 */
        POSITIVE,
        /** every factor has non-negative coefficients in (τ − 2, n − 1, m) and is not zero at τ = 2, n = 1: > 0 for
         * m > 0; at least one factor vanishes at m = 0 */
        POSITIVE_FOR_SHARED_SAMPLES,
        /** no sign could be read off the factors */
        UNDECIDED
    }

    public InvolutionStabilityTheory {
        coefficients = List.copyOf(coefficients);
        coefficientSigns = List.copyOf(coefficientSigns);
        hurwitzDeterminants = List.copyOf(hurwitzDeterminants);
        hurwitzSigns = List.copyOf(hurwitzSigns);
    }

    /**
     * True when every coefficient and every Hurwitz determinant is derived positive for n ≥ 1, m > 0, τ ≥ 2: then
     * (Routh–Hurwitz) every eigenvalue of B(W) has negative real part for every involution W and every m > 0.
     */
    public boolean stableForSharedSamples() {
        return java.util.stream.Stream.concat(coefficientSigns.stream(), hurwitzSigns.stream())
                .noneMatch(s -> s == Sign.UNDECIDED);
    }

    /** τ = tr(WᵀW) = the squared Frobenius norm of W (of any matrix). */
    public static double tau(double[][] w) {
        double t = 0;
        for (double[] row : w) {
            for (double x : row) {
                t += x * x;
            }
        }
        return t;
    }

    /** c₁ … c₄ at concrete τ, n, m. */
    public double[] coefficientsAt(double tau, int clean, int shared) {
        return valuesAt(coefficients, tau, clean, shared);
    }

    /** Δ₁ … Δ₄ at concrete τ, n, m. */
    public double[] hurwitzAt(double tau, int clean, int shared) {
        return valuesAt(hurwitzDeterminants, tau, clean, shared);
    }

    /** The derived criterion at concrete τ, n, m: every Hurwitz determinant positive. */
    public boolean stableAt(double tau, int clean, int shared) {
        return java.util.Arrays.stream(hurwitzAt(tau, clean, shared)).allMatch(v -> v > 0);
    }

    /**
     * How far the characteristic polynomial of a computed block is from the derived one at τ, n, m: the largest
     * |c_k(block) − c_k(τ)| / ‖block‖_F^k (c_k is homogeneous of degree k in the entries, so this is the distance of
     * the polynomials of block / ‖block‖_F; round-off is ~1e-15 for an involution).
     */
    public double coefficientDistance(double[][] block, double tau, int clean, int shared) {
        double[] numeric = CollapsedStability.characteristicCoefficients(block);
        double[] derived = coefficientsAt(tau, clean, shared);
        double scale = Math.sqrt(tau(block));
        double worst = 0;
        for (int k = 0; k < numeric.length; k++) {
            worst = Math.max(worst, Math.abs(numeric[k] - derived[k]) / Math.pow(scale, k + 1));
        }
        return worst;
    }

    private static double[] valuesAt(List<ClosedForm> forms, double tau, int clean, int shared) {
        Bindings b = Bindings.of("tau", tau, "n", clean, "m", shared);
        return forms.stream().mapToDouble(f -> f.at(b)).toArray();
    }
}
