package org.collapseharness.theory.nonlinear;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.collapseharness.theory.nonlinear.NonlinearDerivation.Derived;
import org.collapseharness.theory.nonlinear.NonlinearDerivation.Term;
import org.collapseharness.theory.variant.LossVariant;
import org.collapseharness.theory.variant.VariantParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class NonlinearDerivationTest {
    static final Path VARIANTS = Path.of("..", "variants");

    static Stream<String> shipped() {
        return Stream.of("simsiam", "byol", "infonce", "vicreg", "cosine", "cosine-sg", "repulsion", "minimal", "projection-sg",
                "ema-target", "label-decay");
    }

    static LossVariant load(String name) {
        return VariantParser.parse(VARIANTS.resolve(name + ".variant"));
    }

    @ParameterizedTest
    @MethodSource("shipped")
    void compiledFieldAndJacobianMatchTheirReferences(String name) {
        Derived d = NonlinearDerivation.derive(load(name), 3, 3, 0);
        for (Term t : d.terms()) {
            double[][] pts = FieldChecks.points(t.inputs(), 4, 7);
            assertThat(FieldChecks.fieldVsGraph(t, pts)).as(name + "/" + t.label()).isLessThan(1e-12);
            assertThat(FieldChecks.fieldVsLoss(t, t, pts)).as(name + "/" + t.label()).isLessThan(1e-6);
            assertThat(FieldChecks.jacobianVsField(t, pts)).as(name + "/" + t.label()).isLessThan(1e-6);
            assertThat(FieldChecks.forwardVsProgram(t, pts)).as(name + "/" + t.label()).isLessThan(1e-12);
        }
    }

    /** Every term kind at once, with a head: label pairs, contrast, statistic, penalties. */
    static final String EVERY_TERM = "variant every\nspecies clean shared labels head\nparameter tau = 1/2\n"
            + "term clean = 1 - cos(W.s, sg(y)) + 1/2*sq(y - sg(s))\nterm shared = 1/4*sq(W.s - y)\n"
            + "term labels = Exp(-2*sq(W.y - W.y2))\nterm contrast = Log(lsum(Exp(cos(W.s, y2)/tau)))\n"
            + "statistic labels = sq(Sqrt(mean((W.y)^2) - mean(W.y)^2 + 1/100))\n";

    @Test
    void everyTermKindIsDerivedAndChecked() {
        LossVariant v = VariantParser.parse(EVERY_TERM, "inline");
        Derived d = NonlinearDerivation.derive(v, 2, 3, 0);
        assertThat(d.terms()).extracting(Term::label).containsExactly("clean", "shared", "labels", "contrast",
                "statistic");
        assertThat(d.labelPairs().inputs()).isEqualTo(2 * 2 + 4);
        assertThat(d.contrast().inputs()).isEqualTo(2 + 3 * 2 + 4);
        assertThat(d.statistic().inputs()).isEqualTo(3 * 2 + 4);
        for (Term t : d.terms()) {
            double[][] pts = FieldChecks.points(t.inputs(), 3, 11);
            assertThat(FieldChecks.fieldVsGraph(t, pts)).as(t.label()).isLessThan(1e-12);
            assertThat(FieldChecks.fieldVsLoss(t, t, pts)).as(t.label()).isLessThan(1e-6);
            assertThat(FieldChecks.jacobianVsField(t, pts)).as(t.label()).isLessThan(1e-6);
            assertThat(FieldChecks.forwardVsProgram(t, pts)).as(t.label()).isLessThan(1e-12);
        }
    }

    @Test
    void aFieldOfAnotherVariantIsRejectedByTheLossDifferences() {
        LossVariant simsiam = load("simsiam");
        Term sg = NonlinearDerivation.derive(simsiam, 3, 3, 0).clean();
        Term plain = NonlinearDerivation.derive(simsiam.withoutStopGradient(), 3, 3, 0).clean();
        double[][] pts = FieldChecks.points(sg.inputs(), 4, 7);
        assertThat(FieldChecks.fieldVsLoss(sg, plain, pts)).isGreaterThan(1e-2);
        assertThat(plain.stopGradient()).isFalse();
    }

    @Test
    void derivesCosineAndNormalisedMseAtDimensionEightWithinFiveSeconds() {
        for (String name : new String[] {"simsiam", "byol"}) {
            Derived d = NonlinearDerivation.derive(load(name), 8, 3, 0);
            assertThat(d.seconds()).as(name).isLessThan(5);
            assertThat(d.clean().inputs()).isEqualTo(name.equals("byol") ? 8 + 8 + 64 + 8 : 8 + 8 + 64);
        }
    }

    @Test
    void epsilonRegularisationKeepsTheFieldFiniteAtAZeroNorm() {
        Term plain = NonlinearDerivation.derive(load("cosine"), 2, 3, 0).clean();
        Term reg = NonlinearDerivation.derive(load("cosine"), 2, 3, 1e-3).clean();
        double[] zero = {0, 0, 1, 1};
        assertThat(plain.field().evaluate(zero)[0]).isNaN();
        assertThat(java.util.Arrays.stream(reg.field().evaluate(zero)).allMatch(Double::isFinite)).isTrue();
    }
}
