package org.collapseharness.checks;

import static org.assertj.core.api.Assertions.assertThat;

import org.collapseharness.verification.ClaimResult;
import org.collapseharness.verification.ClaimRunner;
import org.collapseharness.verification.Comparison;
import org.collapseharness.verification.NegativeControl;
import org.collapseharness.verification.Status;
import org.collapseharness.verification.claims.ClaimRegistry;

/** Shared assertions: a claim holds (PASS, or DEVIATION with its reason) and every negative control was rejected. */
final class Claims {
    private Claims() {
    }

    static ClaimResult holds(String id) {
        ClaimResult r = ClaimRunner.result(ClaimRegistry.get(id));
        assertThat(r.failure()).as("numerical failure diagnostics of %s", id).isEmpty();
        assertThat(r.comparisons()).as("comparisons of %s", id).isNotEmpty()
                .allSatisfy(c -> assertThat(c.pass()).as(describe(c)).isTrue());
        assertThat(r.negativeControls()).as("negative controls of %s", id).isNotEmpty()
                .allSatisfy(n -> assertThat(n.rejected()).as("control must be rejected: %s", n.description()).isTrue());
        assertThat(r.status()).as("status of %s (%s)", id, r.notes()).isIn(Status.PASS, Status.DEVIATION);
        if (r.status() == Status.DEVIATION) {
            assertThat(r.deviation()).as("a DEVIATION explains itself").isNotBlank();
        }
        return r;
    }

    static ClaimResult passes(String id) {
        ClaimResult r = holds(id);
        assertThat(r.status()).as("status of %s", id).isEqualTo(Status.PASS);
        return r;
    }

    static String describe(Comparison c) {
        return c.quantity() + ": measured " + c.measured() + ", expected " + c.expected() + ", error " + c.error()
                + " vs " + c.tolerance();
    }

    static long rejected(ClaimResult r) {
        return r.negativeControls().stream().filter(NegativeControl::rejected).count();
    }
}
