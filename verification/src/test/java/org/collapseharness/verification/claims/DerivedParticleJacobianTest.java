package org.collapseharness.verification.claims;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.collapseharness.numerics.ParticleLayout;
import org.collapseharness.numerics.ProjectionFlow;
import org.junit.jupiter.api.Test;

/**
 * The Jacobian the 4.3-d particle witness hands to Rodas4 (assembled from the derived pair Jacobians of the §4 loss
 * with sg) against central differences of the hand-coded {@link ProjectionFlow}; the same comparison against the flow
 * without sg is rejected.
 */
class DerivedParticleJacobianTest {

    static double[][] centralDifferences(ProjectionFlow f, double[] u) {
        int n = u.length;
        double[][] j = new double[n][n];
        double h = 1e-5;
        for (int c = 0; c < n; c++) {
            double[] p = u.clone();
            double[] m = u.clone();
            p[c] += h;
            m[c] -= h;
            double[] fp = f.computeDerivatives(0, p);
            double[] fm = f.computeDerivatives(0, m);
            for (int i = 0; i < n; i++) {
                j[i][c] = (fp[i] - fm[i]) / (2 * h);
            }
        }
        return j;
    }

    static double maxDiff(double[][] a, double[][] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a.length; j++) {
                m = Math.max(m, Math.abs(a[i][j] - b[i][j]));
            }
        }
        return m;
    }

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
        assertThat(maxDiff(j, centralDifferences(new ProjectionFlow(l, true), u))).isLessThan(1e-7);
        assertThat(maxDiff(j, centralDifferences(new ProjectionFlow(l, false), u))).isGreaterThan(1e-2);
    }
}
