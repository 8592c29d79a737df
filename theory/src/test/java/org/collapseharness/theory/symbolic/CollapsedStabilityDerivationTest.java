package org.collapseharness.theory.symbolic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.Random;
import org.collapseharness.theory.Bindings;
import org.collapseharness.theory.CollapsedStability;
import org.collapseharness.theory.CollapsedStabilityTheory;
import org.collapseharness.theory.ProjectionTheory;
import org.junit.jupiter.api.Test;

class CollapsedStabilityDerivationTest {
    @Test
    void derivedBlockMatchesTheBlockFromTheProjectionTheoryAtRandomPoints() {
        Random r = new Random(17L);
        for (boolean sg : new boolean[] {true, false}) {
            CollapsedStabilityTheory t = CollapsedStabilityDerivation.derive(sg);
            ProjectionTheory th = ProjectionDerivation.derive(sg);
            for (int k = 0; k < 6; k++) {
                double w = 3 * r.nextDouble() - 1.5;
                int n = 1 + r.nextInt(9);
                int m = 1 + r.nextInt(4);
                double[][] b = CollapsedStability.biasBlock(th, new double[][] {{w}}, n, m);
                double[][] derived = t.blockAt(w, n, m);
                for (int i = 0; i < 2; i++) {
                    for (int j = 0; j < 2; j++) {
                        assertThat(derived[i][j]).as("sg=%s w=%s n=%s m=%s", sg, w, n, m)
                                .isCloseTo(b[i][j], offset(1e-12));
                    }
                }
                assertThat(t.traceAt(w, n, m)).isCloseTo(b[0][0] + b[1][1], offset(1e-12));
                assertThat(t.determinantAt(w, n, m)).isCloseTo(b[0][0] * b[1][1] - b[0][1] * b[1][0], offset(1e-10));
            }
        }
    }

    @Test
    void withStopGradientTheRootOfTheDeterminantIsTheProtectedValue() {
        CollapsedStabilityTheory t = CollapsedStabilityDerivation.derive(true);
        assertThat(t.boundaryIsProtected()).isTrue();
        ProjectionTheory th = ProjectionDerivation.derive(true);
        for (double rho : new double[] {0.1, 0.2, 0.5}) {
            assertThat(t.boundaryAt(rho)).isCloseTo(th.protectedValue().at(Bindings.of("rho", rho)), offset(1e-12))
                    .isCloseTo(1 - rho, offset(1e-12));
        }
        // the hand-typed witness agrees with the derived determinant
        for (double w : new double[] {-1.2, -0.7, 0.3, 0.9, 1.0}) {
            assertThat(t.determinantAt(w, 4, 1)).isCloseTo(CollapsedStability.perModeDeterminant(w, 4, 1), offset(1e-12));
        }
        assertThat(t.signStructure()).contains("iff w^2 >");
    }

    @Test
    void withoutStopGradientTheDeterminantHasNoRealRootInU() {
        CollapsedStabilityTheory t = CollapsedStabilityDerivation.derive(false);
        assertThat(t.boundary()).isNull();
        assertThat(t.boundaryIsProtected()).isFalse();
        Random r = new Random(5L);
        for (int k = 0; k < 8; k++) {
            int n = 1 + r.nextInt(9);
            int m = 1 + r.nextInt(4);
            assertThat(t.discriminantU().at(Bindings.of("n", n, "m", m))).isNegative();
            double w = 4 * r.nextDouble() - 2;
            assertThat(t.determinantAt(w, n, m)).isPositive();
            assertThat(t.traceAt(w, n, m)).isNegative();
        }
        assertThat(t.determinantRootsU()).allSatisfy(root ->
                assertThat(Math.abs(root.complexAt(Bindings.of("n", 4, "m", 1))[1])).isPositive());
    }
}
