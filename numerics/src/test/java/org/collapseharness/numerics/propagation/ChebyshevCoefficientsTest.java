package org.collapseharness.numerics.propagation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Chebyshev coefficients for large arguments (normalised Miller recurrence) and the propagator's guards")
class ChebyshevCoefficientsTest {

    @Test
    @DisplayName("z = 2000 (e^z overflows a double; the normalised recurrence does not): a_k sum to 1, a_0 = e^{-z} I_0(z) asymptotically")
    void largeArgument() {
        double z = 2000;
        double[] c = ChebyshevPropagator.coefficients(z, 1e-16);
        double sum = 0;
        for (double v : c) {
            assertThat(Double.isFinite(v)).isTrue();
            assertThat(v).isGreaterThanOrEqualTo(0);
            sum += v;
        }
        assertThat(sum).isCloseTo(1, within(1e-13));
        // e^{-z} I_0(z) ~ (2πz)^{-1/2} (1 + 1/(8z) + 9/(2 (8z)²) + ...)
        double a0 = (1 + 1 / (8 * z) + 9 / (2 * Math.pow(8 * z, 2))) / Math.sqrt(2 * Math.PI * z);
        assertThat(c[0]).isCloseTo(a0, within(1e-9 * a0));
        // a_1 = 2 e^{-z} I_1(z) ~ 2 (2πz)^{-1/2} (1 − 3/(8z) − 15/(2 (8z)²))
        double a1 = 2 * (1 - 3 / (8 * z) - 15 / (2 * Math.pow(8 * z, 2))) / Math.sqrt(2 * Math.PI * z);
        assertThat(c[1]).isCloseTo(a1, within(1e-8 * a1));
    }

    @Test
    @DisplayName("a scalar decay exp(−2t) through the expansion at a large z; a zero or infinite bound is rejected")
    void scalarAndGuards() {
        LinearMap decay = new LinearMap() {
            @Override
            public int dimension() {
                return 1;
            }

            @Override
            public void apply(double[] in, double[] out) {
                out[0] = -2 * in[0];
            }
        };
        ChebyshevPropagator p = new ChebyshevPropagator(decay, 2.0, 1e-15);
        assertThat(p.spectralBound()).isEqualTo(2.0);
        assertThat(p.propagate(new double[] {3}, 400)[0]).isCloseTo(0, within(1e-14)); // e^{-800}: only the truncation error (tol · |y|) remains
        assertThat(p.propagate(new double[] {3}, 1.5)[0]).isCloseTo(3 * Math.exp(-3), within(1e-14));
        assertThat(p.applications()).isPositive();
        for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> new ChebyshevPropagator(decay, bad, 1e-12))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> ChebyshevPropagator.coefficients(0, 1e-12)).isInstanceOf(IllegalArgumentException.class);
    }
}
