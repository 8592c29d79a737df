package org.collapseharness.numerics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Stiffness estimate: spectral radius of the Jacobian by power iteration on JVPs")
class StiffnessEstimateTest {

    /** du/dt = A u with A = diag(−1, −100, −5) plus a rotation block of modulus 3 (exact spectral radius 100). */
    static final OrdinaryDifferentialEquation LINEAR = new OrdinaryDifferentialEquation() {
        @Override
        public int getDimension() {
            return 5;
        }

        @Override
        public double[] computeDerivatives(double t, double[] u) {
            return new double[] {-u[0], -100 * u[1], -5 * u[2], 3 * u[4], -3 * u[3]};
        }
    };

    @Test
    @DisplayName("a linear system: the estimate is the largest |eigenvalue|, and the index scales with the horizon")
    void linear() {
        StiffnessEstimate e = StiffnessEstimate.of(LINEAR, new double[] {1, 2, 3, 4, 5}, 200, 200);
        assertThat(e.spectralRadius()).isCloseTo(100, within(1.0));
        assertThat(e.index()).isCloseTo(20000, within(200.0));
        assertThat(e.stiff()).isTrue();
        assertThat(e.evaluations()).isEqualTo(2L * e.iterations());
        assertThat(e.iterations()).isLessThan(200).isGreaterThan(4);
        StiffnessEstimate shortHorizon = StiffnessEstimate.of(LINEAR, new double[] {1, 2, 3, 4, 5}, 50, 200);
        assertThat(shortHorizon.stiff()).isFalse(); // 5000 < THRESHOLD
        assertThat(shortHorizon.horizon()).isEqualTo(50);
        // the iteration cap is honoured exactly
        assertThat(StiffnessEstimate.of(LINEAR, new double[] {1, 2, 3, 4, 5}, 20, 2).iterations()).isEqualTo(2);
    }

    @Test
    @DisplayName("a nonlinear field: the estimate is the Jacobian's at the given state (u' = −u³ at u = 4: 48)")
    void nonlinearAtState() {
        OrdinaryDifferentialEquation cubic = new OrdinaryDifferentialEquation() {
            @Override
            public int getDimension() {
                return 1;
            }

            @Override
            public double[] computeDerivatives(double t, double[] u) {
                return new double[] {-u[0] * u[0] * u[0]};
            }
        };
        assertThat(StiffnessEstimate.of(cubic, new double[] {4}, 1, 50).spectralRadius()).isCloseTo(48, within(1e-3));
    }

    @Test
    @DisplayName("a zero field gives 0, a non-finite field gives +Infinity (never an exception)")
    void degenerate() {
        OrdinaryDifferentialEquation zero = new OrdinaryDifferentialEquation() {
            @Override
            public int getDimension() {
                return 2;
            }

            @Override
            public double[] computeDerivatives(double t, double[] u) {
                return new double[2];
            }
        };
        StiffnessEstimate z = StiffnessEstimate.of(zero, new double[] {1, 1}, 10, 50);
        assertThat(z.spectralRadius()).isZero();
        assertThat(z.iterations()).isEqualTo(1);
        OrdinaryDifferentialEquation nan = new OrdinaryDifferentialEquation() {
            @Override
            public int getDimension() {
                return 2;
            }

            @Override
            public double[] computeDerivatives(double t, double[] u) {
                return new double[] {Double.NaN, 0};
            }
        };
        assertThat(StiffnessEstimate.of(nan, new double[] {1, 1}, 10, 50).spectralRadius()).isInfinite();
        assertThat(StiffnessEstimate.THRESHOLD).isEqualTo(10_000);
    }
}
