package org.collapseharness.theory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.collapseharness.theory.symbolic.ProjectionDerivation;
import org.junit.jupiter.api.Test;

class CollapsedStabilityTest {
    @Test
    void theDerivedBiasBlockInDimensionOneHasTheClosedFormDeterminant() {
        ProjectionTheory th = ProjectionDerivation.derive(true);
        for (double w : new double[] {-1.3, -1, -0.6, 0.5, 0.8944, 1, 1.2}) {
            double[][] b = CollapsedStability.biasBlock(th, new double[][] {{w}}, 4, 1);
            double det = b[0][0] * b[1][1] - b[0][1] * b[1][0];
            assertThat(det).as("w = %s", w).isCloseTo(CollapsedStability.perModeDeterminant(w, 4, 1), offset(1e-12));
            assertThat(b[0][0] + b[1][1]).isCloseTo(-(1 + 4 + 1) * w * w, offset(1e-12));
        }
        // the sign of the determinant changes at the protected value w² = n/(n+m) = 0.8
        assertThat(CollapsedStability.perModeDeterminant(Math.sqrt(0.81), 4, 1)).isPositive();
        assertThat(CollapsedStability.perModeDeterminant(Math.sqrt(0.79), 4, 1)).isNegative();
    }

    @Test
    void withoutStopGradientTheBlockIsAnother() {
        double[][] sg = CollapsedStability.biasBlock(ProjectionDerivation.derive(true), new double[][] {{0.7}}, 4, 1);
        double[][] plain = CollapsedStability.biasBlock(ProjectionDerivation.derive(false), new double[][] {{0.7}}, 4, 1);
        assertThat(plain[0][0]).isNotCloseTo(sg[0][0], offset(1e-6));
    }
}
