package org.collapseharness.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.collapseharness.verification.ClaimResult;
import org.collapseharness.verification.Status;
import org.collapseharness.verification.Tolerances;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@DisplayName("§5 The linear teacher-student model: collapse time scale, time rescaling, projection + stop-gradient")
class Section5TeacherStudentTest {

    @Nested
    @DisplayName("§5 Plain loss: collapse and its time scale")
    class Plain {

        @Test
        @ClaimId("5-a")
        void noCollapse() {
            ClaimResult r = Claims.passes("5-a");
            assertThat(r.number("minL2Final")).isCloseTo(r.number("minL2Derived"),
                    within(Tolerances.INTEGRATOR_VS_EXACT.value())).isPositive();
            assertThat(r.number("accuracyFinal")).isEqualTo(1.0);
            assertThat(r.number("minL2FinalWithFrustration")).isLessThan(1e-3);
        }

        @Test
        @ClaimId("5-b")
        void twoTimeScales() {
            ClaimResult r = Claims.passes("5-b");
            assertThat(r.number("separation")).isGreaterThan(5);
            assertThat(r.number("slowLossRate")).isCloseTo(2 * r.number("hessianH1"),
                    within(Tolerances.FITTED_RATE.value() * 2 * r.number("hessianH1")));
        }

        @Test
        @ClaimId("5-c")
        void reducedTheory() {
            ClaimResult r = Claims.holds("5-c");
            assertThat(r.number("errorTrendSlope")).isLessThan(-0.8);
            assertThat(r.number("richardsonRate")).isCloseTo(r.number("rhoEff"), within(0.004 * r.number("rhoEff")));
            assertThat(r.number("amplification")).isGreaterThan(1);
            assertThat(r.number("sigmaEntersRhoEff")).isEqualTo(0.0);
        }

        @Test
        @Tag("slow")
        @ClaimId("5-d")
        void timeRescaling() {
            ClaimResult r = Claims.passes("5-d");
            assertThat(r.number("spreadVsTRhoEff")).isLessThan(0.005);
            assertThat(r.number("spreadVsT")).isGreaterThan(1);
        }
    }

    @Nested
    @DisplayName("§5 Projection head with and without stop-gradient")
    class Projection {

        @Test
        @ClaimId("5-e")
        void scaleInvariance() {
            ClaimResult r = Claims.passes("5-e");
            assertThat(r.number("minL2RatioProjection")).isLessThan(1e-6);
            assertThat(r.number("minL2RatioPlain")).isLessThan(1e-6);
            assertThat(r.number("minL2RatioProjectionSg")).isGreaterThan(0.5);
        }

        @Test
        @ClaimId("5-f")
        void stopGradient() {
            ClaimResult r = Claims.holds("5-f");
            assertThat(r.number("minL2MinAfterAdjustmentOverInitial")).isGreaterThan(0.5);
            assertThat(r.number("accuracyFinal")).isCloseTo(r.number("idealAccuracy"), within(1e-3));
            assertThat(r.status()).isIn(Status.PASS, Status.DEVIATION);
        }
    }
}
