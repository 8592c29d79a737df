package org.collapseharness.checks;

import static org.assertj.core.api.Assertions.assertThat;

import org.collapseharness.verification.ClaimResult;
import org.collapseharness.verification.Evidence;
import org.collapseharness.verification.Thresholds;
import org.collapseharness.verification.Tolerances;
import org.collapseharness.verification.claims.ProjectionSteadyStateClaims;
import org.collapseharness.verification.claims.Section41Claims;
import org.collapseharness.verification.claims.Section42Claims;
import org.collapseharness.verification.claims.Section42StabilityClaims;
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
            assertThat(r.number(Section41Claims.MAX_ABS_DIFF_DERIVED_VS_HAND_CODED_T))
                    .isLessThanOrEqualTo(Tolerances.DERIVED_VS_NUMERIC.value());
            assertThat(r.number(Section41Claims.MIN_ABS_DIFF_SG_OPERATOR_VS_NO_SG_FIELD))
                    .isGreaterThan(Tolerances.DERIVED_VS_NUMERIC.value());
        }

        @Test
        @ClaimId("4.1-b")
        @DisplayName("4.1-b spec(T) lies in [0, 1 − ρ] for 10⁴ random W: only δy = 0 survives")
        void boundT() {
            ClaimResult r = Claims.passes("4.1-b");
            assertThat(r.number(Section41Claims.MAX_SPECTRAL_RADIUS_OVER_BOUND))
                    .isLessThanOrEqualTo(Thresholds.WITHIN_SPECTRAL_BOUND.value())
                    .isGreaterThan(1 - Evidence.CONTROL_OFFSET);
        }

        @Test
        @ClaimId("4.1-c")
        @DisplayName("4.1-c Without stop-gradient MinL2 → 0 for every seed on a grid of ρ, K, d")
        void collapse() {
            ClaimResult r = Claims.passes("4.1-c");
            assertThat(r.number(Section41Claims.WORST_MINL2_FINAL_OVER_INITIAL))
                    .isLessThanOrEqualTo(Thresholds.COLLAPSED.value());
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
            assertThat(r.number(Section42Claims.SEPARATED_RUNS)).isPositive();
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
            assertThat(r.number(Section42Claims.SEPARATED_RUNS)).isPositive();
            assertThat(r.number(Section42Claims.WORST_INVARIANCE_RESIDUAL))
                    .isLessThanOrEqualTo(Thresholds.END_STATE_RESIDUAL.value());
        }

        @Test
        @ClaimId("4.2-d")
        @DisplayName("4.2-d Non-collapsed fixed points are linearly stable; zero modes = rotation + fixed-point family")
        void stability() {
            ClaimResult r = Claims.passes("4.2-d");
            assertThat(r.number(Section42StabilityClaims.ZERO_MODES)).isEqualTo(r.number(Section42StabilityClaims.FIXED_POINT_FAMILY_DIMENSION));
        }

        @Test
        @ClaimId("4.2-e")
        @DisplayName("4.2-e Ablation: toggling stop-gradient alone flips collapse into finite separation")
        void ablation() {
            ClaimResult r = Claims.holds("4.2-e");
            assertThat(r.number(Section42StabilityClaims.FLIPS)).isPositive();
        }

        @Test
        @ClaimId("4.2-f")
        @DisplayName("4.2-f With stop-gradient at n = 10³ per class the flow reaches a steady state on the protected value")
        void steadyStateLargeN() {
            ClaimResult r = Claims.passes("4.2-f");
            assertThat(r.number(ProjectionSteadyStateClaims.RELATIVE_FIELD_RESIDUAL))
                    .isLessThanOrEqualTo(Thresholds.STEADY_RESIDUAL.value());
            assertThat(r.number(ProjectionSteadyStateClaims.RELATIVE_FIELD_RESIDUAL_AT_T40))
                    .isGreaterThan(Thresholds.STEADY_RESIDUAL.value());
            assertThat(r.number(ProjectionSteadyStateClaims.WITNESS_MAX_ABS_DIFF))
                    .isLessThanOrEqualTo(Tolerances.STEADY_WITNESS.value());
        }

        @Test
        @Tag("slow")
        @ClaimId("4.2-g")
        @DisplayName("4.2-g With stop-gradient at n = 10⁴ per class the flow reaches a steady state on the protected value")
        void steadyStateN1e4() {
            ClaimResult r = Claims.passes("4.2-g");
            assertThat(r.number(ProjectionSteadyStateClaims.RELATIVE_FIELD_RESIDUAL))
                    .isLessThanOrEqualTo(Thresholds.STEADY_RESIDUAL.value());
        }
    }
}
