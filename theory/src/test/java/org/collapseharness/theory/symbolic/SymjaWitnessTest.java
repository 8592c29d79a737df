package org.collapseharness.theory.symbolic;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.collapseharness.theory.nonlinear.NonlinearDerivation;
import org.collapseharness.theory.nonlinear.NonlinearDerivation.Derived;
import org.collapseharness.theory.variant.LossVariant;
import org.collapseharness.theory.variant.VariantParser;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Symja route against the compiled field and Jacobian (d = 2, K = 3). The default run covers one variant without
 * a head and the controls; the report's field rows run the witness on every shipped variant.
 */
class SymjaWitnessTest {
    static LossVariant load(String name) {
        return VariantParser.parse(Path.of("..", "variants", name + ".variant"));
    }

    static Derived derive(LossVariant v) {
        return NonlinearDerivation.derive(v, 2, 3, 0);
    }

    static void agrees(String name) {
        Derived d = derive(load(name));
        double[] e = SymjaWitness.maxError(d, d, 2, 5, false);
        assertThat(e[0]).as(name + " field").isLessThan(1e-11);
        assertThat(e[1]).as(name + " jacobian").isLessThan(1e-11);
    }

    @Test
    void cosineWithStopGradientAgrees() {
        agrees("cosine-sg");
    }

    @Tag("slow")
    @ParameterizedTest
    @ValueSource(strings = {"simsiam", "byol", "infonce", "vicreg", "cosine", "repulsion"})
    void everyShippedVariantAgrees(String name) {
        agrees(name);
    }

    /** Controls: the Symja field of the loss with sg stripped, and the witness evaluated at mis-wired inputs. */
    @Test
    void aWrongWitnessIsRejected() {
        LossVariant v = load("cosine-sg");
        Derived sg = derive(v);
        assertThat(SymjaWitness.maxError(sg, derive(v.withoutStopGradient()), 2, 5, false)[0]).isGreaterThan(1e-3);
        assertThat(SymjaWitness.maxError(sg, sg, 2, 5, true)[0]).isGreaterThan(1e-3);
    }

    @Test
    void constantsAreWrittenExactly() {
        assertThat(SymjaWitness.exact(1e-4)).isEqualTo("(1/10000)");
        assertThat(SymjaWitness.exact(-2.5)).isEqualTo("(-25/10)");
        assertThat(SymjaWitness.exact(3)).isEqualTo("(3)");
    }
}
