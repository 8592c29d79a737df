package org.collapseharness.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.collapseharness.theory.Bindings;
import org.collapseharness.theory.LinearFlowTheory;
import org.collapseharness.theory.PairLoss;
import org.collapseharness.theory.symbolic.LinearFlowDerivation;
import org.collapseharness.verification.ClaimResult;
import org.collapseharness.verification.Status;
import org.collapseharness.verification.Thresholds;
import org.collapseharness.verification.Tolerances;
import org.collapseharness.verification.claims.Section31Claims;
import org.collapseharness.verification.claims.Section32DynamicsClaims;
import org.collapseharness.verification.claims.Section32SpectraClaims;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("§3 The minimal model: embeddings aligned with labels, with and without frustration")
class Section3MinimalModelTest {

    @Nested
    @DisplayName("§3.1 Without frustration (m = 0)")
    class WithoutFrustration {

        @Test
        @ClaimId("3.1-a")
        void classesDecouple() {
            ClaimResult r = Claims.passes("3.1-a");
            assertThat(r.number(Section31Claims.COUPLING_COMPONENTS)).isEqualTo(3.0);
            assertThat(r.number(Section31Claims.COUPLING_COMPONENTS_WITH_ONE_SHARED_SAMPLE)).isEqualTo(1.0);
        }

        @Test
        @ClaimId("3.1-b")
        void samplesConverge() {
            ClaimResult r = Claims.passes("3.1-b");
            assertThat(r.number(Section31Claims.FITTED_RATE)).isCloseTo(r.number(Section31Claims.DERIVED_SECTOR_I_RATE),
                    within(Tolerances.FITTED_RATE.value() * Math.abs(r.number(Section31Claims.DERIVED_SECTOR_I_RATE))));
        }

        @Test
        @ClaimId("3.1-c")
        void labelsSettle() {
            ClaimResult r = Claims.passes("3.1-c");
            assertThat(r.number(Section31Claims.MINL2_FINAL)).isCloseTo(r.number(Section31Claims.MINL2_DERIVED),
                    within(Tolerances.INTEGRATOR_VS_EXACT.value())).isPositive();
        }
    }

    @Nested
    @DisplayName("§3.2 With frustration: spectrum by symmetry sector")
    class Spectrum {

        @Test
        @ClaimId("3.2-a")
        void sectorsExhaust() {
            ClaimResult r = Claims.passes("3.2-a");
            assertThat(r.number(Section32SpectraClaims.WORST_INVARIANCE_RESIDUAL)).isLessThanOrEqualTo(Thresholds.INVARIANT_SUBSPACE.value());
            assertThat(r.number(Section32SpectraClaims.RESIDUAL_OF_NON_SECTOR)).isGreaterThan(Thresholds.INVARIANT_SUBSPACE.value());
        }

        @Test
        @ClaimId("3.2-b")
        void sectorOne() {
            Claims.passes("3.2-b");
        }

        @Test
        @ClaimId("3.2-c")
        void sectorTwo() {
            ClaimResult r = Claims.passes("3.2-c");
            assertThat(r.number(Section32SpectraClaims.GRID_POINTS)).isEqualTo(48.0);
        }

        @Test
        @ClaimId("3.2-d")
        void sectorThree() {
            ClaimResult r = Claims.passes("3.2-d");
            assertThat(r.number(Section32SpectraClaims.CONSERVED_DRIFT)).isLessThan(Tolerances.CONSERVATION.value());
            assertThat(r.number(Section32SpectraClaims.WRONG_WEIGHT_DRIFT)).isGreaterThan(Tolerances.CONSERVATION.value());
        }

        @Test
        @ClaimId("3.2-e")
        void timeScales() {
            ClaimResult r = Claims.passes("3.2-e");
            LinearFlowTheory th = LinearFlowDerivation.derive(PairLoss.minimal());
            Bindings b = Bindings.of("rho", 0.2, "k", 3);
            double leadFast = th.fastExpansion().coefficients().get(0).at(b);
            double limitSlow = th.slowExpansion().coefficients().get(0).at(b);
            assertThat(r.number(Section32SpectraClaims.FAST_SLOPE.at("rho", 0.2))).isCloseTo(leadFast,
                    within(Tolerances.ASYMPTOTIC.value() * Math.abs(leadFast)));
            // the slow eigenvalue at n = 4096 itself, before extrapolation: within O(1/n) of the derived limit
            assertThat(r.number(Section32SpectraClaims.SLOW_AT_LARGEST_N.at("rho", 0.2))).isCloseTo(limitSlow,
                    within(4.0 / 4096));
        }
    }

    @Nested
    @DisplayName("§3.2 With frustration: dynamics")
    class Dynamics {

        @Test
        @ClaimId("3.2-f")
        void collapse() {
            ClaimResult r = Claims.passes("3.2-f");
            assertThat(r.number(Section32DynamicsClaims.MINL2_FINAL) / r.number(Section32DynamicsClaims.MINL2_INITIAL))
                    .isLessThanOrEqualTo(Thresholds.COLLAPSED.value());
            assertThat(r.number(Section32DynamicsClaims.FITTED_RATE)).isCloseTo(r.number(Section32DynamicsClaims.DERIVED_SLOW_EIGENVALUE),
                    within(Tolerances.FITTED_RATE.value() * Math.abs(r.number(Section32DynamicsClaims.DERIVED_SLOW_EIGENVALUE))));
        }

        @Test
        @ClaimId("3.2-g")
        void twoStages() {
            ClaimResult r = Claims.holds("3.2-g");
            assertThat(r.number(Section32DynamicsClaims.T_ACCURACY_SATURATED)).isLessThanOrEqualTo(Thresholds.FIRST_STAGE_EARLY.value() * r.number(Section32DynamicsClaims.SLOW_TIME_SCALE));
            assertThat(r.number(Section32DynamicsClaims.MARGIN_DROP_MEASURED)).isCloseTo(r.number(Section32DynamicsClaims.MARGIN_DROP_PREDICTED),
                    within(Tolerances.TWO_STAGE_TIME.value() * r.number(Section32DynamicsClaims.MARGIN_DROP_PREDICTED)));
            assertThat(r.status()).isIn(Status.PASS, Status.DEVIATION);
        }
    }
}
