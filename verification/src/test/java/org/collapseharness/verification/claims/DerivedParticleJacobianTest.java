package org.collapseharness.verification.claims;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.collapseharness.numerics.ArrayOps;
import org.collapseharness.numerics.Jacobians;
import org.collapseharness.numerics.ParticleLayout;
import org.collapseharness.numerics.ProjectionFlow;
import org.junit.jupiter.api.Test;

/**
 * The Jacobian the 4.3-d particle witness hands to Rodas4 (assembled from the derived pair Jacobians of the §4 loss
 * with sg) against central differences of the hand-coded {@link ProjectionFlow}; the same comparison against the flow
 * without sg is rejected.
 */
class DerivedParticleJacobianTest {

    @Test
    void derivedJacobianMatchesTheHandCodedFlowWithSgAndNotWithout() {
        ParticleLayout l = new ParticleLayout(2, 3, 1, 2);
        Random r = new Random(17);
        double[] u = new double[l.size() + 4];
        for (int i = 0; i < u.length; i++) {
            u[i] = r.nextGaussian();
        }
        var problem = DmftRuns.particleProblem(l, u, new double[] {0, 1});
        double[][] j = problem.jacobian().orElseThrow().jacobian(0, u);
        ProjectionFlow sg = new ProjectionFlow(l, true);
        ProjectionFlow noSg = new ProjectionFlow(l, false);
        assertThat(ArrayOps.maxAbsDiff(j, Jacobians.dense(y -> sg.computeDerivatives(0, y), u))).isLessThan(1e-7);
        assertThat(ArrayOps.maxAbsDiff(j, Jacobians.dense(y -> noSg.computeDerivatives(0, y), u))).isGreaterThan(1e-2);
    }
}
