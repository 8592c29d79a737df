package org.collapseharness.theory;

import java.util.List;

/**
 * What the symbolic pipeline derived about the §5 teacher-student model in the limit N_c → ∞ at fixed D (symbols
 * rho, mu, sigma; one representation coordinate, as every coordinate of the plain flow evolves alike).
 *
 * <p>Reduced variables: u = E w* (teacher-direction component), v (the component of E along one noise direction;
 * every noise direction is alike), y_±, Δ = (y_+ − y_−)/2, S = (y_+ + y_−)/2, and for the projection variants a
 * scalar head w (the k = 1 reduction of W).
 *
 * @param reducedLoss          the mean loss over the four sample types (class ± × clean/frustrated), averaged over
 *                             the noise, for the plain variant
 * @param plainEquations       derived reduced flow of the plain variant, human-readable
 * @param collapseMatrix       2×2 matrix of the closed (u, Δ) block
 * @param decouplingWitness    the cross-couplings (u, Δ) ↔ (S, v) that had to vanish, all zero
 * @param characteristicPolynomial det(lam I − M) of the (u, Δ) block
 * @param fastEigenvalue       the (u, Δ) eigenvalue of larger magnitude
 * @param slowEigenvalue       the (u, Δ) eigenvalue of smaller magnitude
 * @param rhoEff               −slowEigenvalue: the effective collapse rate of MinL2 = |y_+ − y_−|
 * @param noiseRate            the decay rate of the noise components (v), −∂v̇/∂v
 * @param sumRate              the decay rate of S = (y_+ + y_−)/2
 * @param sigmaEntersRhoEff    false when ∂ρ_eff/∂σ vanishes identically
 * @param amplificationAtZero  dρ_eff/dρ at ρ = 0 (ρ_eff ≈ this × ρ for small ρ)
 * @param fixedPointWeights    ρ = 0: (y_+ − y_−)(∞) = c_u u(0) + c_+ y_+(0) + c_− y_−(0), coefficients [c_u, c_+, c_−]
 * @param nullVector           ρ = 0: the zero mode on (u, y_+, y_−)
 * @param sgEquations          derived reduced flow of the projection + stop-gradient variant (k = 1)
 * @param sgHeadSquared        at the sg fixed points with u ≠ 0: w² (for k &gt; 1: W² u = this × u)
 * @param sgDeltaOverHeadU     at the sg fixed points: Δ / (w u) (for k &gt; 1: Δ = this × W u)
 * @param sgHeadFlowVanishes   true when the head's velocity vanishes identically on that fixed set (a line of
 *                             fixed points: no collapse)
 * @param projectionFlowAtSgFixedPoint the no-sg velocity of Δ on the sg fixed set (non-zero: not a fixed point there)
 * @param eulerPlain          Σ_θ θ ∂ℓ/∂θ − 2ℓ per sample for the plain loss, as text (0: ℓ is 2-homogeneous)
 * @param eulerProjection     the same for the projection loss (0)
 * @param sgNormRate          r ṙ + y ẏ + 2ℓ per sample under the sg velocity, as text (non-zero: the sg field is not
 *                            the gradient of a 2-homogeneous loss)
 * @param eulerPlainZero      eulerPlain vanishes identically
 * @param eulerProjectionZero eulerProjection vanishes identically
 * @param sgNormRateZero      sgNormRate vanishes identically (false)
 * @param scalingPlainZero    ℓ(α r, α y) − α² ℓ(r, y) vanishes identically for the plain term
 * @param scalingProjectionZero the same for the projection term
 */
public record TeacherStudentTheory(String reducedLoss, List<String> plainEquations, ClosedForm[][] collapseMatrix,
                                   String decouplingWitness, String characteristicPolynomial,
                                   ClosedForm fastEigenvalue, ClosedForm slowEigenvalue, ClosedForm rhoEff,
                                   ClosedForm noiseRate, ClosedForm sumRate, boolean sigmaEntersRhoEff,
                                   ClosedForm amplificationAtZero, List<ClosedForm> fixedPointWeights,
                                   List<ClosedForm> nullVector, List<String> sgEquations, ClosedForm sgHeadSquared,
                                   ClosedForm sgDeltaOverHeadU, boolean sgHeadFlowVanishes,
                                   ClosedForm projectionFlowAtSgFixedPoint, String eulerPlain, String eulerProjection,
                                   String sgNormRate, boolean eulerPlainZero, boolean eulerProjectionZero,
                                   boolean sgNormRateZero, boolean scalingPlainZero, boolean scalingProjectionZero)
        implements java.io.Serializable {

    /** The (u, Δ) matrix at bindings. */
    public double[][] collapseMatrixAt(Bindings b) {
        double[][] m = new double[2][2];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                m[i][j] = collapseMatrix[i][j].at(b);
            }
        }
        return m;
    }
}
