package org.collapseharness.theory.symbolic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.collapseharness.theory.PolynomialMatrix;
import org.collapseharness.theory.ProjectionJacobians;
import org.collapseharness.theory.ProjectionTheory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The compiled per-pair Jacobian against the blocks of the §4 derivation ({@link ProjectionDerivation}: Gss, Gsy,
 * Gys, Gyy identified as words in W): the same field differentiated by two routes. The full checks against central
 * differences of the numeric fields live in verification ({@code DerivedProjectionJacobianTest}).
 */
@DisplayName("Derived §4 Jacobians agree with the derived field blocks")
class ProjectionJacobianDerivationTest {

    @Test
    void sampleAndLabelBlocksOfThePairJacobianAreTheDerivedWords() {
        Random r = new Random(7);
        for (int d = 1; d <= 3; d++) {
            for (boolean sg : new boolean[] {true, false}) {
                ProjectionJacobians j = ProjectionJacobianDerivation.derive(d, sg);
                ProjectionTheory th = ProjectionDerivation.derive(sg);
                PolynomialMatrix p = j.pair();
                assertThat(p.variables()).isEqualTo(HeadFlowDerivation.variables(d));
                double[] values = new double[p.cols()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = r.nextGaussian();
                }
                double[][] w = new double[d][d];
                for (int a = 0; a < d; a++) {
                    for (int b = 0; b < d; b++) {
                        w[a][b] = values[2 * d + a * d + b];
                    }
                }
                double[][] jac = p.at(values);
                double[][][] words = {th.gss().at(w), th.gsy().at(w), th.gys().at(w), th.gyy().at(w)};
                for (int blk = 0; blk < 4; blk++) {
                    int r0 = blk < 2 ? 0 : d;
                    int c0 = blk % 2 == 0 ? 0 : d;
                    for (int a = 0; a < d; a++) {
                        for (int b = 0; b < d; b++) {
                            assertThat(jac[r0 + a][c0 + b]).as("d=%d sg=%s block %d", d, sg, blk)
                                    .isCloseTo(words[blk][a][b], within(1e-12));
                        }
                    }
                }
                // negative control: the blocks of the other sg choice differ
                ProjectionTheory other = ProjectionDerivation.derive(!sg);
                assertThat(Math.abs(jac[0][0] - other.gss().at(w)[0][0])).isGreaterThan(0.5);
            }
        }
    }

    @Test
    void fluctuationJacobianHasTheLyapunovStructure() {
        // q_C = Gss C + C Gssᵀ is linear in C: ∂q_C/∂C = Gss ⊗ I + I ⊗ Gss, at W = I with sg Gss = −I: −2 on the diagonal
        ProjectionJacobians j = ProjectionJacobianDerivation.derive(2, true);
        double[] values = {1, 0, 0, 1, 0, 0, 0, 0};
        double[][] q = j.fluctuation().at(values);
        for (int i = 0; i < 4; i++) {
            for (int k = 0; k < 4; k++) {
                assertThat(q[4 + i][4 + k]).isEqualTo(i == k ? -2.0 : 0.0);
            }
        }
        assertThatThrownBy(() -> ProjectionJacobianDerivation.derive(0, true))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
