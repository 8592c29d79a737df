package org.collapseharness.numerics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-derived Jacobian of the §4 particle flow against central differences at seeded random states. */
class ProjectionFlowJacobianTest {

    private static double[] randomState(ProjectionFlow f, long seed) {
        Random r = new Random(seed);
        double[] u = new double[f.getDimension()];
        for (int i = 0; i < u.length; i++) {
            u[i] = r.nextGaussian();
        }
        return u;
    }


    @Test
    void analyticJacobianMatchesCentralDifferencesWithAndWithoutStopGradient() {
        ParticleLayout[] layouts = {new ParticleLayout(3, 4, 2, 3), new ParticleLayout(2, 3, 1, 2),
                new ParticleLayout(4, 2, 3, 4)};
        long seed = 11;
        for (ParticleLayout l : layouts) {
            for (boolean sg : new boolean[] {true, false}) {
                ProjectionFlow f = new ProjectionFlow(l, sg);
                for (int k = 0; k < 3; k++) {
                    double[] u = randomState(f, seed++);
                    double[][] exact = f.jacobian(0, u);
                    double[][] fd = Jacobians.dense(f, 0, u, new long[1]);
                    assertThat(Jacobians.relativeDifference(exact, fd)).as("%s sg=%s", l, sg).isLessThan(1e-8);

                    // negative control: one perturbed entry (relative 1e-4) is detected
                    double[][] bad = new double[exact.length][];
                    for (int i = 0; i < exact.length; i++) {
                        bad[i] = exact[i].clone();
                    }
                    int row = f.wOffset() + 1;
                    bad[row][k] += 1e-4 * Math.max(1, Math.abs(bad[row][k]));
                    assertThat(Jacobians.relativeDifference(bad, fd)).isGreaterThan(1e-6);
                }
            }
        }
    }

    @Test
    void rodasWithTheAnalyticJacobianAgreesWithDifferencesAndSavesEvaluations() {
        ParticleLayout l = new ParticleLayout(3, 6, 2, 2);
        double[] u0 = ProjectionSimulator.initialState(l, 5);
        ProjectionFlow f = new ProjectionFlow(l, true);
        double[] times = TimeGrid.uniform(50, 5);
        OdeAlgorithm rodas = OdeAlgorithm.rodas(1e-8, 1e-10);
        OdeSolution analytic = OdeSolver.solve(new OdeProblem("a", f, u0, times).withJacobian(f), rodas);
        OdeSolution differenced = OdeSolver.solve(new OdeProblem("d", f, u0, times), rodas);
        assertThat(analytic.success()).isTrue();
        assertThat(differenced.success()).isTrue();
        assertThat(ArrayOps.maxAbsDiff(analytic.last(), differenced.last())).isLessThan(1e-6);
        assertThat(analytic.evaluations()).isLessThan(differenced.evaluations() / 2);
    }
}
