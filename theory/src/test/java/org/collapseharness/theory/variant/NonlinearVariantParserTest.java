package org.collapseharness.theory.variant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.collapseharness.theory.variant.VariantParserTest.fails;
import static org.collapseharness.theory.variant.VariantParserTest.parse;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Variant syntax of the nonlinear pipeline: vector expressions, label-pair, contrast and statistic terms")
class NonlinearVariantParserTest {

    @Test
    @DisplayName("the new constructs parse and route the variant to the nonlinear pipeline")
    void accepted() {
        LossVariant v = parse("variant x\nparameter tau = 1/2\nterm clean = 1 - cos(s, sg(y))\n"
                + "term labels = Exp(-sq(y - y2))\nterm contrast = Log(lsum(Exp(cos(s, y2)/tau)))\n"
                + "statistic labels = Sqrt(mean(y^2) - mean(y)^2 + 1)");
        assertThat(v.nonlinear()).isTrue();
        assertThat(v.usesStopGradient()).isTrue();
        assertThat(v.extra().labels()).isEqualTo("Exp(-sq(y - y2))");
        assertThat(v.withoutStopGradient().loss().cleanTerm()).doesNotContain("sg");
        assertThat(parse("variant x\nterm clean = 1/2*(s - y)^2").nonlinear()).isFalse();
        assertThat(parse("variant x\nterm clean = 1/2*sq(s - y)").nonlinear()).isTrue();
        assertThat(parse("variant x\nspecies clean shared labels head target\nterm clean = 1 - cos(W.s, sg(t))\n"
                + "target ema 1/5").species()).contains("head", "target");
    }

    @Test
    @DisplayName("each new error is one line at its line and column")
    void errors() {
        fails("variant x\nterm contrast = cos(s, y2)", 2, 24, "y2 (every label) is only defined inside lsum");
        fails("variant x\nterm clean = 0\nstatistic labels = y", 3, 20, "only defined inside mean(...)");
        fails("variant x\nterm clean = 0\nstatistic samples = mean(s)", 3, 11, "statistic must be for 'labels'");
        fails("variant x\nterm clean = cos(s)", 2, 14, "cos(...) takes 2 arguments, not 1");
        fails("variant x\nterm clean = cos(s, 1)", 2, 14, "cos(u, v) needs two vectors");
        fails("variant x\nterm clean = lsum(s)", 2, 14, "lsum(...) (sum over the labels y2) is only defined in a "
                + "contrast term");
        fails("variant x\nterm clean = 0\nstatistic labels = mean(mean(y))", 3, 25, "not nested");
        fails("variant x\nterm clean = s.(1)", 2, 15, "'.' needs vectors or matrices on both sides");
        fails("variant x\nterm clean = s^y", 2, 15, "the exponent of '^' must be a scalar");
        fails("variant x\nterm clean = (1, 2)", 2, 16, "where a closing bracket was expected");
        fails("variant x\nspecies clean shared labels head\nterm clean = W.s - y", 3, 14, "the term is a vector");
        fails("variant x\nspecies clean shared labels head\nterm clean = sq(W*W)", 3, 18,
                "entrywise product of two matrices");
        fails("variant x\nspecies clean shared labels head\nterm clean = sq(W)+W", 3, 14, "the term is a matrix");
        fails("variant x\nparameter y2 = 1", 2, 11, "is reserved");
        fails("variant x\nterm clean = (s - y)^999999999", 2, 21, "exponent larger than 100");
    }
}
