package org.collapseharness.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.collapseharness.theory.variant.LossVariant;
import org.collapseharness.theory.variant.VariantParser;
import org.collapseharness.verification.Claim;
import org.collapseharness.verification.ClaimResult;
import org.collapseharness.verification.ClaimRunner;
import org.collapseharness.verification.NegativeControl;
import org.collapseharness.verification.Status;
import org.collapseharness.verification.claims.VariantClaims;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Loss variants (beyond the paper): every shipped variant file derived, simulated and checked")
class LossVariantsTest {

    static Stream<Arguments> shippedChecks() {
        return VariantClaims.forShipped().stream().filter(c -> !c.spec().slow()).map(c -> Arguments.of(c.id(), c));
    }

    static Stream<Arguments> slowShippedChecks() {
        return VariantClaims.forShipped().stream().filter(c -> c.spec().slow()).map(c -> Arguments.of(c.id(), c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("slowShippedChecks")
    @DisplayName("generic check (slow)")
    @org.junit.jupiter.api.Tag("slow")
    void slowShippedVariantCheckHolds(String id, Claim claim) {
        shippedVariantCheckHolds(id, claim);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shippedChecks")
    @DisplayName("generic check")
    void shippedVariantCheckHolds(String id, Claim claim) {
        ClaimResult r = ClaimRunner.run(claim);
        assertThat(r.failure()).as("failure diagnostics of %s", id).isEmpty();
        assertThat(r.comparisons()).isNotEmpty().allSatisfy(c -> assertThat(c.pass()).as(Claims.describe(c)).isTrue());
        assertThat(r.negativeControls()).isNotEmpty().allMatch(NegativeControl::rejected);
        assertThat(r.status()).isEqualTo(Status.PASS);
    }

    @Test
    @DisplayName("the shipped set covers the §3 model, weighted frustration, weight decay, an EMA target and the two §4 "
            + "projection-head models")
    void shippedSet() {
        List<String> names = VariantClaims.shipped().stream().map(p -> VariantParser.parse(p).name()).toList();
        assertThat(names).contains("minimal", "weighted-frustration", "label-decay", "ema-target", "projection",
                "projection-sg");
        List<String> ids = VariantClaims.forShipped().stream().map(Claim::id).toList();
        assertThat(ids).contains("V/projection-sg/builtin", "V/projection-sg/steady", "V/projection-sg/ablation",
                "V/projection/builtin", "V/projection/steady", "V/projection/dynamics", "V/repulsion/labels-ablation");
    }

    @Test
    @DisplayName("a head variant that claims to be the §4 sg model but has no sg markers FAILs the identity check")
    void brokenHeadVariantFails() {
        LossVariant lying = VariantParser.parse("variant projection-sg\nspecies clean shared labels head\n"
                + "term clean = 1/2*sq(W.s - y) + 1/2*sq(W.y - s)\n", "inline");
        Claim builtin = VariantClaims.forVariant(lying).stream().filter(c -> c.id().endsWith("/builtin")).findFirst()
                .orElseThrow();
        ClaimResult r = ClaimRunner.run(builtin);
        assertThat(r.status()).isEqualTo(Status.FAIL);
    }

    @Test
    @DisplayName("a variant whose check is deliberately broken is FAIL: the generic checks can fail")
    void brokenVariantFails() {
        Path minimal = VariantClaims.variantsDirectory().resolve("minimal.variant");
        LossVariant v = VariantParser.parse(minimal);
        // Same file, but the numeric flow is told the shared pairs weigh 1/2 while the derivation keeps weight 1:
        // simulated against a mismatched derivation, the spectrum check must reject it.
        LossVariant lying = VariantParser.parse("variant lying\nspecies clean shared labels\n"
                + "term clean = 1/2*(s - y)^2\nterm shared = 1/2*(s - y)^2\nweight shared = 11/10\n", "inline");
        ClaimResult r = ClaimRunner.run(VariantClaims.mismatched(v, lying));
        assertThat(r.status()).isEqualTo(Status.FAIL);
    }
}
