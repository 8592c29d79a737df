package org.collapseharness.checks;

import static org.assertj.core.api.Assertions.assertThat;

import org.collapseharness.theory.symbolic.DmftDerivation;
import org.collapseharness.verification.ClaimResult;
import org.collapseharness.verification.Thresholds;
import org.collapseharness.verification.Tolerances;
import org.collapseharness.verification.claims.DmftFluctuationClaims;
import org.collapseharness.verification.claims.DmftIterationClaims;
import org.collapseharness.verification.claims.DmftLimitClaims;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@DisplayName("§4.3 DMFT-style integral equations for the stop-gradient dynamics")
class Section43DmftTest {

    @Nested
    @DisplayName("§4.3 Order-parameter equations, derived symbolically")
    class Derivation {

        @Test
        @ClaimId("4.3-e")
        void fluctuationEquations() {
            ClaimResult r = Claims.passes("4.3-e");
            assertThat(r.value(DmftFluctuationClaims.GENERATOR_SG)).isEqualTo(DmftDerivation.derive(true).generator().text());
            assertThat(r.value(DmftFluctuationClaims.MEMORY_SG)).isEqualTo(DmftDerivation.derive(true).memoryText());
        }
    }

    @Nested
    @DisplayName("§4.3 Trajectory fixed point with stop-gradient")
    class StopGradientDmft {

        @Test
        @ClaimId("4.3-a")
        void convergence() {
            ClaimResult r = Claims.passes("4.3-a");
            assertThat(r.number(DmftIterationClaims.WORST_FINAL_RESIDUAL)).isLessThanOrEqualTo(Thresholds.DMFT_CONVERGED.value());
        }

        @Test
        @ClaimId("4.3-b")
        void exactness() {
            ClaimResult r = Claims.passes("4.3-b");
            assertThat(r.number(DmftIterationClaims.WORST_ERROR)).isLessThan(Tolerances.DMFT_VS_PARTICLES.value());
            assertThat(r.number(DmftIterationClaims.BEST_NO_MEMORY_ERROR)).isGreaterThan(Tolerances.DMFT_VS_PARTICLES.value());
        }

        @Test
        @Tag("slow")
        @ClaimId("4.3-c")
        void meanField() {
            ClaimResult r = Claims.passes("4.3-c");
            assertThat(r.number(DmftLimitClaims.FITTED_SLOPE)).isNegative();
        }

        @Test
        @Tag("slow")
        @ClaimId("4.3-d")
        void lateTime() {
            ClaimResult r = Claims.passes("4.3-d");
            assertThat(r.number(DmftLimitClaims.DMFT_MINL2)).isGreaterThanOrEqualTo(Thresholds.SEPARATED.value());
        }
    }
}
