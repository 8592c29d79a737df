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
        void operatorT() {
            ClaimResult r = Claims.passes("4.1-a");
            assertThat(r.number("maxAbsDiffDerivedVsHandCodedT")).isLessThan(1e-8);
            assertThat(r.number("minAbsDiffSgOperatorVsNoSgField")).isGreaterThan(1e-3);
        }

        @Test
        @ClaimId("4.1-b")
        void boundT() {
            ClaimResult r = Claims.passes("4.1-b");
            assertThat(r.number("maxSpectralRadiusOverBound")).isLessThanOrEqualTo(1 + 1e-9).isGreaterThan(0.9);
        }

        @Test
        @ClaimId("4.1-c")
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
        void relation() {
            ClaimResult r = Claims.passes("4.2-a");
            assertThat(r.number("separatedRuns")).isPositive();
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
            assertThat(r.number("separatedRuns")).isPositive();
            assertThat(r.number("worstInvarianceResidual")).isLessThan(1e-5);
        }

        @Test
        @ClaimId("4.2-d")
        void stability() {
            ClaimResult r = Claims.passes("4.2-d");
            assertThat(r.number("zeroModes")).isEqualTo(r.number("fixedPointFamilyDimension"));
        }

        @Test
        @ClaimId("4.2-e")
        void ablation() {
            ClaimResult r = Claims.holds("4.2-e");
            assertThat(r.number("flips")).isPositive();
        }

        @Test
        @ClaimId("4.2-f")
        void steadyStateLargeN() {
            ClaimResult r = Claims.passes("4.2-f");
            assertThat(r.number("relativeFieldResidual")).isLessThan(1e-3);
            assertThat(r.number("relativeFieldResidualAtT40")).isGreaterThan(1e-3);
            assertThat(r.number("witnessMaxAbsDiff")).isLessThan(1e-2);
        }

        @Test
        @Tag("slow")
        @ClaimId("4.2-g")
        void steadyStateN1e4() {
            ClaimResult r = Claims.passes("4.2-g");
            assertThat(r.number("relativeFieldResidual")).isLessThan(1e-3);
        }
    }
}
