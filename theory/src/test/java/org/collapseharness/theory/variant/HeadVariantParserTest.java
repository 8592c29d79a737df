package org.collapseharness.theory.variant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Variant files with species head: accepted form and one-line errors with line:column. */
class HeadVariantParserTest {
    static final String OK = "variant p\nspecies clean shared labels head\n"
            + "term clean = 1/2*sq(W.s - sg(y)) + 1/2*sq(W.y - sg(s))\n";

    @Test
    @DisplayName("a head variant parses into a head loss (Symja brackets), shared term defaulting to the clean one")
    void parses() {
        LossVariant v = VariantParser.parse(OK, "inline");
        assertThat(v.hasHead()).isTrue();
        assertThat(v.head().cleanTerm()).isEqualTo("1/2*sq[W.s - sg[y]] + 1/2*sq[W.y - sg[s]]");
        assertThat(v.head().sharedTerm()).isEqualTo(v.head().cleanTerm());
        assertThat(v.head().usesStopGradient()).isTrue();
        LossVariant stripped = v.withoutStopGradient();
        assertThat(stripped.head().cleanTerm()).isEqualTo("1/2*sq[W.s - (y)] + 1/2*sq[W.y - (s)]");
        assertThat(stripped.head().usesStopGradient()).isFalse();
        assertThat(VariantParser.parse("variant q\nterm clean = 1/2*(s - y)^2\n", "inline").hasHead()).isFalse();
    }

    @Test
    @DisplayName("head errors are one line with line:column")
    void errors() {
        assertThatThrownBy(() -> VariantParser.parse("variant p\nterm clean = 1/2*(W*s - y)^2\n", "f"))
                .isInstanceOf(VariantSyntaxException.class).hasMessageStartingWith("f:2:")
                .hasMessageContaining("projection head");
        assertThat(VariantParser.parse("variant p\nterm clean = 1/2*sq(s - y)\n", "f").nonlinear()).isTrue();
        assertThatThrownBy(() -> VariantParser.parse(OK + "decay labels = 1/10\n", "f"))
                .hasMessageStartingWith("f:4:1:").hasMessageContaining("not supported with species head");
        assertThatThrownBy(() -> VariantParser.parse(OK + "target ema 1/5\n", "f"))
                .hasMessageContaining("species 'target' and a 'target ema RATE' line go together");
        assertThatThrownBy(() -> VariantParser.parse(OK.replace("head", "head target") + "target ema 1/5\n", "f"))
                .hasMessageContaining("combined only by the nonlinear pipeline");
        assertThatThrownBy(() -> VariantParser.parse("variant p\nspecies clean shared labels head\n"
                + "term clean = 1/2*sq(W.s - t)\n", "f")).hasMessageStartingWith("f:3:").hasMessageContaining("'t'");
        for (String bad : new String[] {"variant p\nterm clean = 1/2*sq(W.s - y)\n", OK + "decay labels = 1/10\n"}) {
            try {
                VariantParser.parse(bad, "f");
            } catch (VariantSyntaxException e) {
                assertThat(e.getMessage()).doesNotContain("\n");
            }
        }
    }
}
