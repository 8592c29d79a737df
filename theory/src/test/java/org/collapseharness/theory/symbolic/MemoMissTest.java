package org.collapseharness.theory.symbolic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.atomic.AtomicLong;
import org.collapseharness.theory.Bindings;
import org.collapseharness.theory.LinearFlowTheory;
import org.collapseharness.theory.MinimalModel;
import org.collapseharness.theory.PairLoss;
import org.collapseharness.theory.ProjectionTheory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Memoised values computed on a memo miss: a fresh argument per call, so the memoising path itself runs every time
 * (also inside a mutation-testing JVM whose memo an earlier test filled).
 */
@DisplayName("memoised closed-form values on a memo miss")
class MemoMissTest {
    private static final AtomicLong FRESH = new AtomicLong();

    @Test
    @DisplayName("ProjectionTheory.factorAt(rho) = n/(n+m) = 1 - rho at a never-seen rho, and again from the memo")
    void biasFactorOnMiss() {
        ProjectionTheory th = ProjectionDerivation.derive(true);
        double rho = 0.2 + 1e-7 * FRESH.incrementAndGet();
        double first = th.factorAt(rho);
        assertThat(first).isCloseTo(1 - rho, within(1e-14));
        assertThat(th.factorAt(rho)).isEqualTo(first);
        assertThat(first).isCloseTo(th.biasFactor().at(Bindings.of("rho", rho)), within(1e-15));
    }

    @Test
    @DisplayName("a parameterised loss derived on a memo miss: sector eigenvalues of beta*L are beta times those of L")
    void parameterisedLossOnMiss() {
        double beta = 0.5 + 1e-6 * FRESH.incrementAndGet();
        PairLoss weighted = new PairLoss("weighted", "beta/2*(s-y)^2", "beta/2*(s-y)^2", "0", "0", "",
                Bindings.of("beta", beta));
        LinearFlowTheory w = LinearFlowDerivation.derive(weighted);
        LinearFlowTheory base = LinearFlowDerivation.derive(PairLoss.minimal());
        MinimalModel model = new MinimalModel(3, 4, 2, 1);
        double[] ew = w.sectorII().eigenvaluesAt(w.bindings(model));
        double[] eb = base.sectorII().eigenvaluesAt(base.bindings(model));
        assertThat(ew).hasSameSizeAs(eb);
        for (int i = 0; i < eb.length; i++) {
            assertThat(ew[i]).isCloseTo(beta * eb[i], within(1e-12));
            if (i > 0) {
                assertThat(ew[i]).isGreaterThanOrEqualTo(ew[i - 1]);
            }
        }
    }
}
