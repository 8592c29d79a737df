package org.collapseharness.checks;

import static org.assertj.core.api.Assertions.assertThat;

import org.collapseharness.verification.ClaimResult;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@DisplayName("§4 A shared projection head, with and without stop-gradient")
class Section4ProjectionTest {

    @Nested
    @DisplayName("§4.1 Without stop-gradient")
    class WithoutStopGradient {

        @Test
        @ClaimId("4.1-a")
        @DisplayName("4.1-a Steady state forces (I − T) δy = 0; T derived per mode and as a matrix expression in W")
        void operatorT() {
            ClaimResult r = Claims.passes("4.1-a");
            assertThat(r.number("maxAbsDiffDerivedVsHandCodedT")).isLessThan(1e-8);
            assertThat(r.number("minAbsDiffSgOperatorVsNoSgField")).isGreaterThan(1e-3);
        }

        @Test
        @ClaimId("4.1-b")
        @DisplayName("4.1-b spec(T) lies in [0, 1 − ρ] for 10⁴ random W: only δy = 0 survives")
        void boundT() {
            ClaimResult r = Claims.passes("4.1-b");
            assertThat(r.number("maxSpectralRadiusOverBound")).isLessThanOrEqualTo(1 + 1e-9).isGreaterThan(0.9);
        }

        @Test
        @ClaimId("4.1-c")
        @DisplayName("4.1-c Without stop-gradient MinL2 → 0 for every seed on a grid of ρ, K, d")
        void collapse() {
            ClaimResult r = Claims.passes("4.1-c");
            assertThat(r.number("worstMinL2FinalOverInitial")).isLessThan(1e-4);
        }
    }

    @Nested
    @DisplayName("§4.2 With stop-gradient")
    class WithStopGradient {

        @Test
        @ClaimId("4.2-a")
        @DisplayName("4.2-a Steady state: W² δy_c = (1 − ρ) δy_c, W² ȳ = ȳ, samples at W⁻¹ y (the sg field is no gradient)")
        void relation() {
            ClaimResult r = Claims.passes("4.2-a");
            assertThat(r.number("separatedRuns")).isPositive();
        }

        @Test
        @ClaimId("4.2-b")
        @DisplayName("4.2-b W² splits into mean-forcing directions and the protected eigenvalue 1 − ρ")
        void sectors() {
            Claims.passes("4.2-b");
        }

        @Test
        @ClaimId("4.2-c")
        @DisplayName("4.2-c With stop-gradient separated end states carry the protected spectrum on the bias span")
        void separation() {
            ClaimResult r = Claims.holds("4.2-c");
            assertThat(r.number("separatedRuns")).isPositive();
            assertThat(r.number("worstInvarianceResidual")).isLessThan(1e-5);
        }

        @Test
        @ClaimId("4.2-d")
        @DisplayName("4.2-d Non-collapsed fixed points are linearly stable; zero modes = rotation + fixed-point family")
        void stability() {
            ClaimResult r = Claims.passes("4.2-d");
            assertThat(r.number("zeroModes")).isEqualTo(r.number("fixedPointFamilyDimension"));
        }

        @Test
        @ClaimId("4.2-e")
        @DisplayName("4.2-e Ablation: toggling stop-gradient alone flips collapse into finite separation")
        void ablation() {
            ClaimResult r = Claims.holds("4.2-e");
            assertThat(r.number("flips")).isPositive();
        }

        @Test
        @ClaimId("4.2-f")
        @DisplayName("4.2-f With stop-gradient at n = 10³ per class the flow reaches a steady state on the protected value")
        void steadyStateLargeN() {
            ClaimResult r = Claims.passes("4.2-f");
            assertThat(r.number("relativeFieldResidual")).isLessThan(1e-3);
            assertThat(r.number("relativeFieldResidualAtT40")).isGreaterThan(1e-3);
            assertThat(r.number("witnessMaxAbsDiff")).isLessThan(1e-2);
        }

        @Test
        @Tag("slow")
        @ClaimId("4.2-g")
        @DisplayName("4.2-g With stop-gradient at n = 10⁴ per class the flow reaches a steady state on the protected value")
        void steadyStateN1e4() {
            ClaimResult r = Claims.passes("4.2-g");
            assertThat(r.number("relativeFieldResidual")).isLessThan(1e-3);
        }
    }
}
