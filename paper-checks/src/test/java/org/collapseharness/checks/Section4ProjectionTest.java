package org.collapseharness.checks;

import static org.assertj.core.api.Assertions.assertThat;

import org.collapseharness.verification.ClaimResult;
import org.collapseharness.verification.Evidence;
import org.collapseharness.verification.Thresholds;
import org.collapseharness.verification.Tolerances;
import org.collapseharness.verification.claims.CollapseStabilityClaims;
import org.collapseharness.verification.claims.MeanSectorClaims;
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
        void operatorT() {
            ClaimResult r = Claims.passes("4.1-a");
            assertThat(r.number(Section41Claims.MAX_ABS_DIFF_DERIVED_VS_HAND_CODED_T))
                    .isLessThanOrEqualTo(Tolerances.DERIVED_VS_NUMERIC.value());
            assertThat(r.number(Section41Claims.MIN_ABS_DIFF_SG_OPERATOR_VS_NO_SG_FIELD))
                    .isGreaterThan(Tolerances.DERIVED_VS_NUMERIC.value());
        }

        @Test
        @ClaimId("4.1-b")
        void boundT() {
            ClaimResult r = Claims.passes("4.1-b");
            assertThat(r.number(Section41Claims.MAX_SPECTRAL_RADIUS_OVER_BOUND))
                    .isLessThanOrEqualTo(Thresholds.WITHIN_SPECTRAL_BOUND.value())
                    .isGreaterThan(1 - Evidence.CONTROL_OFFSET);
        }

        @Test
        @ClaimId("4.1-c")
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
        void relation() {
            ClaimResult r = Claims.passes("4.2-a");
            assertThat(r.number(Section42Claims.SEPARATED_RUNS)).isPositive();
        }

        @Test
        @ClaimId("4.2-b")
        void sectors() {
            Claims.passes("4.2-b");
        }

        @Test
        @ClaimId("4.2-c")
        void separation() {
            ClaimResult r = Claims.holds("4.2-c");
            assertThat(r.number(Section42Claims.SEPARATED_RUNS)).isPositive();
            assertThat(r.number(Section42Claims.WORST_INVARIANCE_RESIDUAL))
                    .isLessThanOrEqualTo(Thresholds.END_STATE_RESIDUAL.value());
        }

        @Test
        @ClaimId("4.2-d")
        void stability() {
            ClaimResult r = Claims.passes("4.2-d");
            assertThat(r.number(Section42StabilityClaims.ZERO_MODES)).isEqualTo(r.number(Section42StabilityClaims.FIXED_POINT_FAMILY_DIMENSION));
        }

        @Test
        @ClaimId("4.2-e")
        void ablation() {
            ClaimResult r = Claims.holds("4.2-e");
            assertThat(r.number(Section42StabilityClaims.FLIPS)).isPositive();
        }

        @Test
        @ClaimId("4.2-h")
        void dimensionDependence() {
            ClaimResult r = Claims.passes("4.2-h");
            assertThat(r.number("separatedWithRankPlusMeanAboveD")).isZero();
        }

        @Test
        @ClaimId("4.2-i")
        void collapsedStability() {
            ClaimResult r = Claims.passes("4.2-i");
            assertThat(r.number(CollapseStabilityClaims.STABILITY_MISMATCHES)).isZero();
            assertThat(r.number(CollapseStabilityClaims.UNSTABLE_COLLAPSED_END_STATES)).isZero();
            assertThat(r.number(CollapseStabilityClaims.DERIVED_RULE_MISMATCHES)).isZero();
            assertThat(r.number(CollapseStabilityClaims.WRONG_BOUNDARY_MISMATCHES)).isPositive();
            assertThat(r.number(CollapseStabilityClaims.INVOLUTION_END_STATES)).isPositive();
            assertThat(r.number(CollapseStabilityClaims.INVOLUTION_CRITERION_UNSTABLE)).isZero();
            assertThat(r.number(CollapseStabilityClaims.INVOLUTION_CRITERION_VS_SPECTRUM)).isZero();
        }

        @Test
        @ClaimId("4.2-j")
        void meanSectorAndTheSignsOfW() {
            ClaimResult r = Claims.passes("4.2-j");
            assertThat(r.number(MeanSectorClaims.RULE_MISMATCHES)).isZero();
            assertThat(r.number(MeanSectorClaims.REVERSED_RULE_MISMATCHES)).isPositive();
            assertThat(r.number(MeanSectorClaims.D2_SIGN_MISMATCHES)).isZero();
            assertThat(r.number(MeanSectorClaims.RANK_COUNT_VIOLATIONS)).isZero();
        }

        @Test
        @ClaimId("4.2-f")
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
        void steadyStateN1e4() {
            ClaimResult r = Claims.passes("4.2-g");
            assertThat(r.number(ProjectionSteadyStateClaims.RELATIVE_FIELD_RESIDUAL))
                    .isLessThanOrEqualTo(Thresholds.STEADY_RESIDUAL.value());
        }
    }
}
