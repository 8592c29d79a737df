package org.collapseharness.numerics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("LinearOperators.expmApply: closed-form exponentials, coordinate by coordinate")
class LinearOperatorsExpmTest {

    @Test
    @DisplayName("nilpotent and rotation generators: exp(tN) = I + tN, exp(tJ) = rotation, on interleaved coordinates")
    void closedForms() {
        // N = [[0, 1, 0], [0, 0, 1], [0, 0, 0]]: exp(tN) = I + tN + t²N²/2; two coordinates interleaved
        double[][] n = {{0, 1, 0}, {0, 0, 1}, {0, 0, 0}};
        double t = 1.5;
        double[] y0 = {1, -1, 2, 3, 4, 5}; // vector v holds (y0[2v], y0[2v+1])
        double[] got = LinearOperators.expmApply(n, t, y0, 2);
        for (int q = 0; q < 2; q++) {
            double a = y0[q];
            double b = y0[2 + q];
            double c = y0[4 + q];
            assertThat(got[q]).isCloseTo(a + t * b + t * t / 2 * c, within(1e-13));
            assertThat(got[2 + q]).isCloseTo(b + t * c, within(1e-13));
            assertThat(got[4 + q]).isCloseTo(c, within(1e-13));
        }
        double[][] j = {{0, -1}, {1, 0}};
        double[] rot = LinearOperators.expmApply(j, Math.PI / 3, new double[] {1, 0}, 1);
        assertThat(rot[0]).isCloseTo(0.5, within(1e-14));
        assertThat(rot[1]).isCloseTo(Math.sqrt(3) / 2, within(1e-14));
        assertThat(LinearOperators.expmApply(j, 0, new double[] {2, 7}, 1)).containsExactly(2, 7);
    }
}
