package org.collapseharness.checks;

import static org.assertj.core.api.Assertions.assertThat;

import org.collapseharness.verification.ClaimResult;
import org.collapseharness.verification.Status;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("§1 The two-stage pattern in a trained nonlinear network, with and without stop-gradient")
class Section1NetworkTest {

    @Test
    @ClaimId("1-a")
    @DisplayName("1-a With frustration the accuracy rises to a peak, then declines while the loss keeps decreasing")
    void accuracyPeak() {
        ClaimResult r = Claims.passes("1-a");
        assertThat(r.number("accuracyPeak") - r.number("accuracyFinal")).isGreaterThan(0.2);
        assertThat(r.number("accuracyDeclineRho0")).isLessThan(0.05);
        assertThat(r.number("lossFinal")).isLessThan(r.number("lossAtPeak"));
        assertThat(r.number("lossRisesAfterPeak")).isZero();
    }

    @Test
    @ClaimId("1-b")
    @DisplayName("1-b MinL2 shrinks slowly after the peak; its late rate against the minimal model's slow rate")
    void slowShrink() {
        ClaimResult r = Claims.holds("1-b");
        assertThat(r.number("minL2Final")).isLessThan(0.05 * r.number("minL2AtPeak"));
        assertThat(r.number("minL2AtPeak")).isGreaterThan(0.5 * r.number("minL2Initial"));
        assertThat(Math.abs(Math.log10(r.number("lateRateOverMinimalModel")))).isLessThan(1);
        assertThat(r.status()).isEqualTo(Status.DEVIATION);
        assertThat(r.deviationCheck().quantity()).contains("minimal-model slow rate");
    }

    @Test
    @ClaimId("1-c")
    @DisplayName("1-c Without frustration the accuracy stays at its peak and MinL2 does not collapse")
    void noFrustration() {
        ClaimResult r = Claims.passes("1-c");
        assertThat(r.number("minL2FinalOverPeak")).isGreaterThan(0.5);
        assertThat(r.number("minL2FinalOverPeakRho")).isLessThan(0.05);
        assertThat(r.number("minimalModelSlowRate")).isZero();
    }

    @Test
    @ClaimId("1-d")
    @DisplayName("1-d Head + stop-gradient: MinL2 saturates and the accuracy stays; head without sg collapses")
    void headStopGradient() {
        ClaimResult r = Claims.passes("1-d");
        assertThat(r.number("minL2FinalOverPeak")).isGreaterThan(0.5);
        assertThat(r.number("headMinL2FinalOverPeak")).isLessThan(0.05);
        assertThat(r.number("accuracyPeak") - r.number("accuracyFinal")).isLessThan(0.1);
        assertThat(r.number("headAccuracyPeak") - r.number("headAccuracyFinal")).isGreaterThan(0.2);
        assertThat(r.plots()).hasSize(3);
    }
}
