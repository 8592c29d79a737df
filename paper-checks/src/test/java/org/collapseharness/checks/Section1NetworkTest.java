package org.collapseharness.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.collapseharness.verification.claims.Section1NetworkClaims.ACCURACY_DECLINE_RHO0;
import static org.collapseharness.verification.claims.Section1NetworkClaims.ACCURACY_FINAL;
import static org.collapseharness.verification.claims.Section1NetworkClaims.ACCURACY_PEAK;
import static org.collapseharness.verification.claims.Section1NetworkClaims.HEAD_ACCURACY_FINAL;
import static org.collapseharness.verification.claims.Section1NetworkClaims.HEAD_ACCURACY_PEAK;
import static org.collapseharness.verification.claims.Section1NetworkClaims.HEAD_MINL2_FINAL_OVER_PEAK;
import static org.collapseharness.verification.claims.Section1NetworkClaims.LATE_RATE_OVER_MINIMAL_MODEL;
import static org.collapseharness.verification.claims.Section1NetworkClaims.LOSS_AT_PEAK;
import static org.collapseharness.verification.claims.Section1NetworkClaims.LOSS_FINAL;
import static org.collapseharness.verification.claims.Section1NetworkClaims.LOSS_RISES_AFTER_PEAK;
import static org.collapseharness.verification.claims.Section1NetworkClaims.MINIMAL_MODEL_SLOW_RATE;
import static org.collapseharness.verification.claims.Section1NetworkClaims.MINL2_AT_PEAK;
import static org.collapseharness.verification.claims.Section1NetworkClaims.MINL2_FINAL;
import static org.collapseharness.verification.claims.Section1NetworkClaims.MINL2_FINAL_OVER_PEAK;
import static org.collapseharness.verification.claims.Section1NetworkClaims.MINL2_FINAL_OVER_PEAK_RHO;
import static org.collapseharness.verification.claims.Section1NetworkClaims.MINL2_INITIAL;

import org.collapseharness.verification.ClaimResult;
import org.collapseharness.verification.Status;
import org.collapseharness.verification.Thresholds;
import org.collapseharness.verification.Tolerances;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("§1 The two-stage pattern in a trained nonlinear network, with and without stop-gradient")
class Section1NetworkTest {

    @Test
    @ClaimId("1-a")
    void accuracyPeak() {
        ClaimResult r = Claims.passes("1-a");
        assertThat(r.number(ACCURACY_PEAK) - r.number(ACCURACY_FINAL))
                .isGreaterThanOrEqualTo(Thresholds.NETWORK_ACCURACY_DECLINE.value());
        assertThat(r.number(ACCURACY_DECLINE_RHO0)).isLessThanOrEqualTo(Thresholds.NETWORK_ACCURACY_STAYS.value());
        assertThat(r.number(LOSS_FINAL)).isLessThan(r.number(LOSS_AT_PEAK));
        assertThat(r.number(LOSS_RISES_AFTER_PEAK)).isZero();
    }

    @Test
    @ClaimId("1-b")
    void slowShrink() {
        ClaimResult r = Claims.holds("1-b");
        assertThat(r.number(MINL2_FINAL))
                .isLessThanOrEqualTo(Thresholds.NETWORK_COLLAPSED.value() * r.number(MINL2_AT_PEAK));
        assertThat(r.number(MINL2_AT_PEAK))
                .isGreaterThanOrEqualTo(Thresholds.NETWORK_BEFORE_PEAK.value() * r.number(MINL2_INITIAL));
        assertThat(Math.abs(Math.log10(r.number(LATE_RATE_OVER_MINIMAL_MODEL))))
                .isLessThanOrEqualTo(Tolerances.NETWORK_ORDER_OF_MAGNITUDE.value());
        assertThat(r.status()).isEqualTo(Status.DEVIATION);
        assertThat(r.deviationCheck().quantity()).contains("minimal-model slow rate");
    }

    @Test
    @ClaimId("1-c")
    void noFrustration() {
        ClaimResult r = Claims.passes("1-c");
        assertThat(r.number(MINL2_FINAL_OVER_PEAK)).isGreaterThanOrEqualTo(Thresholds.NETWORK_SATURATED.value());
        assertThat(r.number(MINL2_FINAL_OVER_PEAK_RHO)).isLessThanOrEqualTo(Thresholds.NETWORK_COLLAPSED.value());
        assertThat(r.number(MINIMAL_MODEL_SLOW_RATE)).isZero();
    }

    @Test
    @ClaimId("1-d")
    void headStopGradient() {
        ClaimResult r = Claims.passes("1-d");
        assertThat(r.number(MINL2_FINAL_OVER_PEAK)).isGreaterThanOrEqualTo(Thresholds.NETWORK_SATURATED.value());
        assertThat(r.number(HEAD_MINL2_FINAL_OVER_PEAK)).isLessThanOrEqualTo(Thresholds.NETWORK_COLLAPSED.value());
        assertThat(r.number(ACCURACY_PEAK) - r.number(ACCURACY_FINAL))
                .isLessThanOrEqualTo(Thresholds.NETWORK_SG_ACCURACY_STAYS.value());
        assertThat(r.number(HEAD_ACCURACY_PEAK) - r.number(HEAD_ACCURACY_FINAL))
                .isGreaterThanOrEqualTo(Thresholds.NETWORK_ACCURACY_DECLINE.value());
        assertThat(r.plots()).hasSize(3);
    }
}
