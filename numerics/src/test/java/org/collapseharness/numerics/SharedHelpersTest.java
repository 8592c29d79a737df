package org.collapseharness.numerics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Shared helpers: array operations, linear-block probing, zero modes of a spectrum")
class SharedHelpersTest {

    @Test
    @DisplayName("array operations: element-wise results, ranges and selections")
    void arrayOps() {
        double[] a = {1, -2, 3};
        double[] b = {0.5, 1, -1};
        assertThat(ArrayOps.add(a, b)).containsExactly(1.5, -1, 2);
        assertThat(ArrayOps.scale(a, 2)).containsExactly(2, -4, 6);
        assertThat(ArrayOps.maxAbsDiff(a, b, 1, 3)).isEqualTo(4);
        assertThat(ArrayOps.maxAbsDiff(a, b, 0, 1)).isEqualTo(0.5);
        assertThat(ArrayOps.concat(a, b)).containsExactly(1, -2, 3, 0.5, 1, -1);
        assertThat(ArrayOps.flatten(new double[][] {{1, 2}, {3}})).containsExactly(1, 2, 3);
        assertThat(ArrayOps.diag(new double[] {2, 3})).isDeepEqualTo(new double[][] {{2, 0}, {0, 3}});
        assertThat(ArrayOps.constant(2, 7)).containsExactly(7, 7);
        assertThat(ArrayOps.toArray(List.of(1.0, 2.0))).containsExactly(1, 2);
        assertThat(ArrayOps.last(a)).isEqualTo(3);
        assertThat(ArrayOps.dropFirst(a)).containsExactly(-2, 3);
        assertThat(ArrayOps.tail(a, 2)).containsExactly(-2, 3);
        assertThat(ArrayOps.positiveEntries(a)).containsExactly(1, 3);
        assertThat(ArrayOps.atLeast(a, 0)).containsExactly(1, 0, 3);
        assertThat(ArrayOps.nearest(a, -1.4)).isEqualTo(-2);
        assertThat(ArrayOps.nearest(new double[0], 1)).isNaN();
        assertThat(ArrayOps.indexAtOrAfter(new double[] {0, 1, 2}, 0.5)).isEqualTo(1);
        assertThat(ArrayOps.indexAtOrAfter(new double[] {0, 1, 2}, 5)).isEqualTo(2);
    }

    @Test
    @DisplayName("linearBlock reads the exact block of a field linear in the probed coordinates")
    void linearBlock() {
        // f(u) = (u0 + 2 u1 * u2, 3 u0 - u1 * u2, 0) with u2 = 2 frozen: linear in (u0, u1).
        org.hipparchus.ode.OrdinaryDifferentialEquation f = new org.hipparchus.ode.OrdinaryDifferentialEquation() {
            @Override
            public int getDimension() {
                return 3;
            }

            @Override
            public double[] computeDerivatives(double t, double[] u) {
                return new double[] {u[0] + 2 * u[1] * u[2], 3 * u[0] - u[1] * u[2], 0};
            }
        };
        double[][] j = Jacobians.linearBlock(f, new double[] {0, 0, 2}, Jacobians.range(0, 2), Jacobians.range(0, 2));
        assertThat(j).isDeepEqualTo(new double[][] {{1, 4}, {3, -2}});
        assertThat(Jacobians.linearBlock(f, new double[] {0, 0, 2}, new int[] {1}, new int[] {0})[0][0]).isEqualTo(3);
        // A negative control: the full central-difference Jacobian also sees the u2 column, which the block omits.
        assertThat(Jacobians.dense(f, 0, new double[] {0, 0, 2}, new long[1])[0][2]).isCloseTo(0, within(1e-9));
    }

    @Test
    @DisplayName("zero modes and the largest non-zero real part are relative to the spectral scale")
    void zeroModes() {
        double[][] ev = {{-2, 0}, {1e-9, 0}, {-1e-3, 1e-3}, {0, 0}};
        assertThat(NumericSpectrum.maxModulus(ev)).isEqualTo(2);
        assertThat(NumericSpectrum.zeroModes(ev, 1e-6)).isEqualTo(2);
        assertThat(NumericSpectrum.zeroModes(ev, 1e-2)).isEqualTo(3);
        assertThat(NumericSpectrum.maxRealPartNonZero(ev, 1e-6)).isEqualTo(-1e-3);
        assertThat(NumericSpectrum.maxRealPartNonZero(new double[][] {{0, 0}}, 1e-6)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(NumericSpectrum.spectralRadius(new double[][] {{0, 1}, {-4, 0}})).isCloseTo(2, within(1e-12));
    }

    @Test
    @DisplayName("least-squares slope and power-law trend recover an exact power law")
    void leastSquares() {
        double[] logX = {0, 1, 2, 3};
        double[] logY = {1, -1, -3, -5};
        assertThat(RateFit.leastSquaresSlope(logX, logY)).isCloseTo(-2, within(1e-12));
        assertThat(RateFit.powerLawTrend(logX, logY)[2]).isCloseTo(Math.exp(-3), within(1e-12));
        assertThat(RateFit.leastSquaresSlope(new double[] {1, 1}, new double[] {0, 1})).isNaN();
    }
}
