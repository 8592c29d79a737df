package org.collapseharness.numerics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.function.UnaryOperator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The DMFT solver with a supplied fluctuation generator L(W) (the route the symbolically derived generator takes). */
@DisplayName("DmftSolver with a given generator: same L(W) gives the same solution, another L(W) another one")
class DmftSolverGeneratorTest {

    /** Hand-typed witness (labelled): -WᵀW (with sg), -I - WᵀW (without). */
    static UnaryOperator<double[][]> handGenerator(boolean sg, double factor) {
        return w -> {
            int d = w.length;
            double[][] g = new double[d][d];
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    double s = 0;
                    for (int a = 0; a < d; a++) {
                        s += w[a][i] * w[a][j];
                    }
                    g[i][j] = -factor * s - (sg || i != j ? 0 : 1);
                }
            }
            return g;
        };
    }

    @Test
    void suppliedGeneratorRoute() {
        ParticleLayout l = new ParticleLayout(2, 3, 2, 2);
        DmftSolver.Options opt = new DmftSolver.Options(20, 2, 1.0, false, 1e-11, 200);
        for (boolean sg : new boolean[] {true, false}) {
            ProjectionMoments mo = new ProjectionMoments(2, 3, 2, 2, sg);
            double[] s0 = mo.fromParticles(l, ProjectionSimulator.initialState(l, 3));
            DmftSolver.Result builtin = new DmftSolver(mo, sg).solve(s0, 0.5, opt);
            DmftSolver.Result same = new DmftSolver(mo, sg, handGenerator(sg, 1.0))
                    .solve(s0, 0.5, opt);
            DmftSolver.Result other = new DmftSolver(mo, sg, handGenerator(sg, 2.0))
                    .solve(s0, 0.5, opt);
            assertThat(builtin.converged()).isTrue();
            assertThat(same.converged()).isTrue();
            double diffOther = 0;
            for (int i = 0; i < s0.length; i++) {
                assertThat(same.last()[i]).as("sg=%s component %d", sg, i)
                        .isCloseTo(builtin.last()[i], within(1e-12));
                diffOther = Math.max(diffOther, Math.abs(other.last()[i] - builtin.last()[i]));
            }
            assertThat(diffOther).as("a doubled generator must change the covariances").isGreaterThan(1e-3);
        }
    }

    @Test
    @DisplayName("ProjectionSimulator.stiffness is the estimate of the moment reduction at the initial moments")
    void simulatorStiffnessIsTheMomentEstimate() {
        ParticleLayout l = new ParticleLayout(3, 2, 2, 2);
        double[] u0 = ProjectionSimulator.initialState(l, 5);
        ProjectionMoments mo = new ProjectionMoments(3, 2, 2, 2, true);
        StiffnessEstimate direct = StiffnessEstimate.of(mo, mo.fromParticles(l, u0), 7.0, 60);
        StiffnessEstimate viaSim = ProjectionSimulator.stiffness(l, true, u0, 7.0);
        assertThat(viaSim).isNotNull();
        assertThat(viaSim.horizon()).isEqualTo(7.0);
        assertThat(viaSim.spectralRadius()).isCloseTo(direct.spectralRadius(), within(1e-12));
    }
}
