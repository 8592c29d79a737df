package org.collapseharness.theory.symbolic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.Arrays;
import java.util.Random;
import org.collapseharness.theory.CollapsedStability;
import org.collapseharness.theory.InvolutionStabilityTheory;
import org.collapseharness.theory.InvolutionStabilityTheory.Sign;
import org.collapseharness.theory.Mat;
import org.collapseharness.theory.ProjectionTheory;
import org.hipparchus.complex.Complex;
import org.hipparchus.linear.EigenDecompositionNonSymmetric;
import org.hipparchus.linear.MatrixUtils;
import org.junit.jupiter.api.Test;

class InvolutionStabilityDerivationTest {
    private static final InvolutionStabilityTheory T = CollapsedStabilityDerivation.involution();
    private static final ProjectionTheory SG = ProjectionDerivation.derive(true);

    /** W = P diag(1, −1) P⁻¹ with P = I + G, G Gaussian (seeded): an involution with eigenvalues (−1, +1). */
    static double[][] involution(Random r, double spread) {
        double[][] p = new double[2][2];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                p[i][j] = spread * r.nextGaussian() + (i == j ? 1 : 0);
            }
        }
        return Mat.mul(Mat.mul(p, new double[][] {{1, 0}, {0, -1}}), Mat.inverse(p));
    }

    static double coefficientDistance(double[][] b, double[][] w, int n, int m) {
        return T.coefficientDistance(b, InvolutionStabilityTheory.tau(w), n, m);
    }

    static double maxRealPart(double[][] b) {
        Complex[] ev = new EigenDecompositionNonSymmetric(MatrixUtils.createRealMatrix(b)).getEigenvalues();
        return Arrays.stream(ev).mapToDouble(Complex::getReal).max().orElseThrow();
    }

    @Test
    void derivedCoefficientsAreThoseOfTheBiasBlockAtSeededRandomInvolutions() {
        Random r = new Random(2026_12_01L);
        for (int k = 0; k < 24; k++) {
            double[][] w = involution(r, k < 12 ? 0.4 : 1.2);
            double[][] w2 = Mat.mul(w, w);
            assertThat(Math.abs(w2[0][0] - 1) + Math.abs(w2[1][1] - 1) + Math.abs(w2[0][1]) + Math.abs(w2[1][0]))
                    .isLessThan(1e-10);
            int n = 1 + r.nextInt(19);
            int m = r.nextInt(20);
            double[][] b = CollapsedStability.biasBlock(SG, w, n, m);
            assertThat(coefficientDistance(b, w, n, m)).as("W=%s n=%s m=%s", Arrays.deepToString(w), n, m)
                    .isLessThan(1e-13);
            assertThat(InvolutionStabilityTheory.tau(w)).isGreaterThanOrEqualTo(2 - 1e-12);
        }
    }

    @Test
    void hurwitzDeterminantsArePositiveAtRandomPointsAndTheSpectrumAgrees() {
        assertThat(T.stableForSharedSamples()).isTrue();
        assertThat(T.hurwitzSigns()).containsExactly(Sign.POSITIVE, Sign.POSITIVE, Sign.POSITIVE_FOR_SHARED_SAMPLES,
                Sign.POSITIVE_FOR_SHARED_SAMPLES);
        Random r = new Random(4_2_9L);
        for (int k = 0; k < 12; k++) {
            double[][] w = involution(r, 0.3 + r.nextDouble());
            int n = 1 + r.nextInt(19);
            int m = 1 + r.nextInt(19);
            double tau = InvolutionStabilityTheory.tau(w);
            assertThat(T.stableAt(tau, n, m)).isTrue();
            assertThat(Arrays.stream(T.hurwitzAt(tau, n, m)).min().orElseThrow()).isPositive();
            double[][] b = CollapsedStability.biasBlock(SG, w, n, m);
            assertThat(maxRealPart(b)).as("tau=%s n=%s m=%s", tau, n, m).isNegative();
        }
    }

    @Test
    void withoutSharedSamplesTheBlockHasADoubleSemisimpleZeroRoot() {
        assertThat(T.zeroRootsAtNoSharedSamples()).isEqualTo(2);
        assertThat(T.zeroModesAtNoSharedSamples()).isTrue();
        assertThat(T.restStableAtNoSharedSamples()).isTrue();
        assertThat(T.atNoSharedSamples().text()).startsWith("lam^2*");
        double[] c = T.coefficientsAt(3.7, 4, 0);
        assertThat(c[2]).isZero();
        assertThat(c[3]).isZero();
        assertThat(T.stableAt(3.7, 4, 0)).isFalse();
        // numerically: B(W) (x, W x) = 0 at m = 0
        double[][] w = involution(new Random(3L), 0.8);
        double[][] b = CollapsedStability.biasBlock(SG, w, 4, 0);
        double[] x = {0.3, -1.1};
        double[] wx = Mat.mul(w, x);
        double[] v = {x[0], x[1], wx[0], wx[1]};
        for (double[] row : b) {
            assertThat(row[0] * v[0] + row[1] * v[1] + row[2] * v[2] + row[3] * v[3]).isCloseTo(0, offset(1e-12));
        }
    }

    @Test
    void atTauTwoThePolynomialIsTheSquareOfTheSymmetricPerEigenvalueBlock() {
        assertThat(T.symmetricLimitMatches()).isTrue();
        // symmetric involution diag(1, −1): tau = 2
        double[][] w = {{1, 0}, {0, -1}};
        assertThat(InvolutionStabilityTheory.tau(w)).isEqualTo(2);
        assertThat(coefficientDistance(CollapsedStability.biasBlock(SG, w, 4, 1), w, 4, 1)).isLessThan(1e-12);
    }

    @Test
    void negativeControlsAreRejected() {
        Random r = new Random(11L);
        // a non-involution: symmetric with eigenvalues (1, 0.5), 0.25 < 1 − ρ: B(W) is unstable, and the derived
        // polynomial at its τ is not its characteristic polynomial
        double c = Math.cos(0.7);
        double s = Math.sin(0.7);
        double[][] rot = {{c, -s}, {s, c}};
        double[][] w = Mat.mul(Mat.mul(rot, new double[][] {{1, 0}, {0, 0.5}}), Mat.transpose(rot));
        double[][] b = CollapsedStability.biasBlock(SG, w, 4, 1);
        assertThat(maxRealPart(b)).isPositive();
        assertThat(T.stableAt(InvolutionStabilityTheory.tau(w), 4, 1)).isTrue();
        assertThat(coefficientDistance(b, w, 4, 1)).isGreaterThan(1e-4);
        // the blocks without stop-gradient at an involution: another polynomial
        double[][] wi = involution(r, 0.6);
        double[][] plain = CollapsedStability.biasBlock(ProjectionDerivation.derive(false), wi, 4, 1);
        assertThat(coefficientDistance(plain, wi, 4, 1)).isGreaterThan(1e-4);
        // the sign reader rejects expressions that are negative or zero somewhere on n ≥ 1, m > 0, τ ≥ 2
        assertThat(CollapsedStabilityDerivation.sign(Symja.eval("(tau - 3)*m"))).isEqualTo(Sign.UNDECIDED);
        assertThat(CollapsedStabilityDerivation.sign(Symja.eval("(n + m)*tau^2 - 4*n*m"))).isEqualTo(Sign.UNDECIDED);
        assertThat(CollapsedStabilityDerivation.sign(Symja.eval("-(1 + m)"))).isEqualTo(Sign.UNDECIDED);
        assertThat(CollapsedStabilityDerivation.sign(Symja.eval("(tau - 2)*m"))).isEqualTo(Sign.UNDECIDED);
        assertThat(CollapsedStabilityDerivation.sign(Symja.eval("m*(n + tau)"))).isEqualTo(Sign.POSITIVE_FOR_SHARED_SAMPLES);
    }

    @Test
    void characteristicCoefficientsOfAKnownMatrix() {
        // det(λ I − A) for A = [[1, 2], [3, 4]] is λ² − 5λ − 2
        assertThat(CollapsedStability.characteristicCoefficients(new double[][] {{1, 2}, {3, 4}}))
                .containsExactly(-5, -2);
    }
}
