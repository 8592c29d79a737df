package org.collapseharness.checks;

import static org.assertj.core.api.Assertions.assertThat;

import org.collapseharness.verification.ClaimResult;
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
            assertThat(r.measurements().get("generatorSg")).isEqualTo("-Transpose[W].W");
            assertThat(r.measurements().get("memorySg")).isEqualTo("-W.C");
        }
    }

    @Nested
    @DisplayName("§4.3 Trajectory fixed point with stop-gradient")
    class StopGradientDmft {

        @Test
        @ClaimId("4.3-a")
        void convergence() {
            ClaimResult r = Claims.passes("4.3-a");
            assertThat(r.number("worstFinalResidual")).isLessThan(1e-10);
        }

        @Test
        @ClaimId("4.3-b")
        void exactness() {
            ClaimResult r = Claims.passes("4.3-b");
            assertThat(r.number("worstError")).isLessThan(5e-5);
            assertThat(r.number("bestNoMemoryError")).isGreaterThan(1e-3);
        }

        @Test
        @Tag("slow")
        @ClaimId("4.3-c")
        void meanField() {
            ClaimResult r = Claims.passes("4.3-c");
            assertThat(r.number("fittedSlope")).isNegative();
        }

        @Test
        @Tag("slow")
        @ClaimId("4.3-d")
        void lateTime() {
            ClaimResult r = Claims.passes("4.3-d");
            assertThat(r.number("dmftMinL2")).isGreaterThan(1e-2);
        }
    }
}
