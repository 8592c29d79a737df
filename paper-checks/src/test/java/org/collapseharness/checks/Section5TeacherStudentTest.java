package org.collapseharness.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.collapseharness.verification.ClaimResult;
import org.collapseharness.verification.Status;
import org.collapseharness.verification.Thresholds;
import org.collapseharness.verification.Tolerances;
import org.collapseharness.verification.claims.Section5HeadClaims;
import org.collapseharness.verification.claims.Section5PlainClaims;
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
            assertThat(r.number(Section5PlainClaims.MINL2_FINAL)).isCloseTo(r.number(Section5PlainClaims.MINL2_DERIVED),
                    within(Tolerances.INTEGRATOR_VS_EXACT.value())).isPositive();
            assertThat(r.number(Section5PlainClaims.ACCURACY_FINAL)).isEqualTo(Thresholds.ALL_CORRECT.value());
            assertThat(r.number(Section5PlainClaims.MINL2_FINAL_WITH_FRUSTRATION))
                    .isLessThan(Thresholds.POSITIVE_SEPARATION.value());
        }

        @Test
        @ClaimId("5-b")
        void twoTimeScales() {
            ClaimResult r = Claims.passes("5-b");
            assertThat(r.number(Section5PlainClaims.SEPARATION)).isGreaterThanOrEqualTo(Thresholds.TIME_SCALES_SEPARATED.value());
            assertThat(r.number(Section5PlainClaims.SLOW_LOSS_RATE)).isCloseTo(2 * r.number(Section5PlainClaims.HESSIAN_H1),
                    within(Tolerances.FITTED_RATE.value() * 2 * r.number(Section5PlainClaims.HESSIAN_H1)));
        }

        @Test
        @ClaimId("5-c")
        void reducedTheory() {
            ClaimResult r = Claims.holds("5-c");
            assertThat(r.number(Section5PlainClaims.ERROR_TREND_SLOPE)).isLessThanOrEqualTo(Thresholds.ERROR_SHRINKS.value());
            assertThat(r.number(Section5PlainClaims.RICHARDSON_RATE)).isCloseTo(r.number(Section5PlainClaims.RHO_EFF), 
                    within(Tolerances.RICHARDSON_RATE.value() * r.number(Section5PlainClaims.RHO_EFF)));
            assertThat(r.number(Section5PlainClaims.AMPLIFICATION)).isGreaterThanOrEqualTo(Thresholds.AMPLIFIES.value());
            assertThat(r.number(Section5PlainClaims.SIGMA_ENTERS_RHO_EFF)).isEqualTo(0.0);
        }

        @Test
        @Tag("slow")
        @ClaimId("5-d")
        void timeRescaling() {
            ClaimResult r = Claims.passes("5-d");
            assertThat(r.number(Section5PlainClaims.SPREAD_VS_T_RHO_EFF)).isLessThanOrEqualTo(Tolerances.PARALLEL_SLOPES.value());
            assertThat(r.number(Section5PlainClaims.SPREAD_VS_T)).isGreaterThan(1);
        }
    }

    @Nested
    @DisplayName("§5 Projection head with and without stop-gradient")
    class Projection {

        @Test
        @ClaimId("5-e")
        void scaleInvariance() {
            ClaimResult r = Claims.passes("5-e");
            assertThat(r.number(Section5HeadClaims.MINL2_RATIO_PROJECTION))
                    .isLessThanOrEqualTo(Thresholds.COLLAPSED_LONG_HORIZON.value());
            assertThat(r.number(Section5HeadClaims.MINL2_RATIO_PLAIN))
                    .isLessThanOrEqualTo(Thresholds.COLLAPSED_LONG_HORIZON.value());
            assertThat(r.number(Section5HeadClaims.MINL2_RATIO_PROJECTION_SG))
                    .isGreaterThan(Thresholds.BOUNDED_AWAY.value());
        }

        @Test
        @ClaimId("5-f")
        void stopGradient() {
            ClaimResult r = Claims.holds("5-f");
            assertThat(r.number(Section5HeadClaims.MINL2_MIN_AFTER_ADJUSTMENT_OVER_INITIAL))
                    .isGreaterThanOrEqualTo(Thresholds.BOUNDED_AWAY.value());
            assertThat(r.number(Section5HeadClaims.ACCURACY_FINAL)).isCloseTo(r.number(Section5HeadClaims.IDEAL_ACCURACY), within(1e-3));
            assertThat(r.status()).isIn(Status.PASS, Status.DEVIATION);
        }
    }
}
