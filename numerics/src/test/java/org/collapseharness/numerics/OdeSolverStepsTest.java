package org.collapseharness.numerics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The accepted-step count of a solution: positive, growing with the horizon, at most evaluations / stages. */
@DisplayName("OdeSolver counts accepted steps")
class OdeSolverStepsTest {

    /** Harmonic oscillator u'' = -u: exact solution (cos t, -sin t). */
    private static final OrdinaryDifferentialEquation OSC = new OrdinaryDifferentialEquation() {
        @Override
        public int getDimension() {
            return 2;
        }

        @Override
        public double[] computeDerivatives(double t, double[] y) {
            return new double[] {y[1], -y[0]};
        }
    };

    @Test
    void stepsCounted() {
        long previous = 0;
        for (double tEnd : new double[] {1, 10, 100}) {
            OdeSolution s = OdeSolver.solve(new OdeProblem("osc", OSC, new double[] {1, 0}, new double[] {tEnd}),
                    OdeAlgorithm.dp853(1e-10, 1e-12));
            assertThat(s.success()).isTrue();
            assertThat(s.last()[0]).isCloseTo(Math.cos(tEnd), within(1e-7));
            // DP853: at least 12 new stage evaluations per accepted step
            assertThat(s.steps()).isPositive().isLessThanOrEqualTo(s.evaluations() / 12);
            assertThat(s.steps()).isGreaterThan(previous);
            previous = s.steps();
        }
    }
}
