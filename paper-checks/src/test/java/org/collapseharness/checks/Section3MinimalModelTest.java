package org.collapseharness.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.collapseharness.verification.ClaimResult;
import org.collapseharness.verification.Status;
import org.collapseharness.verification.Tolerances;
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
            assertThat(r.number("couplingComponents")).isEqualTo(3.0);
            assertThat(r.number("couplingComponentsWithOneSharedSample")).isEqualTo(1.0);
        }

        @Test
        @ClaimId("3.1-b")
        void samplesConverge() {
            ClaimResult r = Claims.passes("3.1-b");
            assertThat(r.number("fittedRate")).isCloseTo(r.number("derivedSectorIRate"),
                    within(Tolerances.FITTED_RATE.value() * Math.abs(r.number("derivedSectorIRate"))));
        }

        @Test
        @ClaimId("3.1-c")
        void labelsSettle() {
            ClaimResult r = Claims.passes("3.1-c");
            assertThat(r.number("minL2Final")).isCloseTo(r.number("minL2Derived"),
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
            assertThat(r.number("worstInvarianceResidual")).isLessThan(1e-12);
            assertThat(r.number("residualOfNonSector")).isGreaterThan(1e-3);
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
            assertThat(r.number("gridPoints")).isEqualTo(48.0);
        }

        @Test
        @ClaimId("3.2-d")
        void sectorThree() {
            ClaimResult r = Claims.passes("3.2-d");
            assertThat(r.number("conservedDrift")).isLessThan(Tolerances.CONSERVATION.value());
            assertThat(r.number("wrongWeightDrift")).isGreaterThan(Tolerances.CONSERVATION.value());
        }

        @Test
        @ClaimId("3.2-e")
        void timeScales() {
            ClaimResult r = Claims.passes("3.2-e");
            assertThat(r.number("fastSlope[rho=0.2000]")).isCloseTo(-1 / (1 - 0.2), within(1e-3));
            assertThat(r.number("slowAtLargestN[rho=0.2000]")).isCloseTo(-0.2, within(1e-3));
        }
    }

    @Nested
    @DisplayName("§3.2 With frustration: dynamics")
    class Dynamics {

        @Test
        @ClaimId("3.2-f")
        void collapse() {
            ClaimResult r = Claims.passes("3.2-f");
            assertThat(r.number("minL2Final") / r.number("minL2Initial")).isLessThan(1e-4);
            assertThat(r.number("fittedRate")).isCloseTo(r.number("derivedSlowEigenvalue"),
                    within(Tolerances.FITTED_RATE.value() * Math.abs(r.number("derivedSlowEigenvalue"))));
        }

        @Test
        @ClaimId("3.2-g")
        void twoStages() {
            ClaimResult r = Claims.holds("3.2-g");
            assertThat(r.number("tAccuracySaturated")).isLessThan(0.5 * r.number("slowTimeScale"));
            assertThat(r.number("marginDropMeasured")).isCloseTo(r.number("marginDropPredicted"),
                    within(Tolerances.TWO_STAGE_TIME.value() * r.number("marginDropPredicted")));
            assertThat(r.status()).isIn(Status.PASS, Status.DEVIATION);
        }
    }
}
