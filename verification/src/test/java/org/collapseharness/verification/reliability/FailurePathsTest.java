package org.collapseharness.verification.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.collapseharness.verification.Status;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Numerical and symbolic failure paths: each provoked, each a FAIL verdict with diagnostics")
class FailurePathsTest {

    @Test
    @DisplayName("every drill ends as FAIL carrying its diagnostics, none escapes the claim runner")
    void everyDrillIsCaught() {
        List<FailureDrills.Outcome> out = ReliabilitySection.drills();
        assertThat(out).hasSameSizeAs(FailureDrills.drills());
        assertThat(out).allSatisfy(o -> {
            assertThat(o.status()).as(o.id() + ": " + o.diagnostics()).isEqualTo(Status.FAIL);
            assertThat(o.caught()).as(o.id() + ": " + o.diagnostics()).isTrue();
        });
        assertThat(out).extracting(FailureDrills.Outcome::id).contains("drill-step-underflow", "drill-nan-state",
                "drill-inf-state", "drill-fit-too-few-points", "drill-symbolic-timeout", "drill-not-converged");
        assertThat(FailureDrills.json(out)).containsEntry("provoked", out.size())
                .containsEntry("caughtAsFail", (long) out.size());
    }
}
