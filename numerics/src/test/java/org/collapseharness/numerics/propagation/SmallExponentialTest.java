package org.collapseharness.numerics.propagation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** exp(tB) c by the eigen route (symmetric B) and the Padé route (otherwise), against closed forms and each other. */
@DisplayName("SmallExponential: both routes against closed forms of exp(tB)")
class SmallExponentialTest {
    private static final double TOL = 1e-12; // round-off of 2x2 and 4x4 exponentials with O(1) entries

    @Test
    @DisplayName("symmetric [[a, b], [b, a]]: exp(tB) = e^{at} [[cosh bt, sinh bt], [sinh bt, cosh bt]] (eigen route)")
    void symmetricClosedForm() {
        double a = -0.7;
        double b = 0.4;
        SmallExponential e = new SmallExponential(new double[][] {{a, b}, {b, a}});
        assertThat(e.symmetricRoute()).isTrue();
        assertThat(e.quality()).isBetween(0.0, 1e-12);
        assertThat(e.eigenvalues()).hasSize(2);
        double[] c = {1.3, -0.2};
        for (double t : new double[] {0, 0.5, 3}) {
            double[] got = e.apply(t, c);
            double f = Math.exp(a * t);
            double ch = Math.cosh(b * t);
            double sh = Math.sinh(b * t);
            assertThat(got[0]).isCloseTo(f * (ch * c[0] + sh * c[1]), within(TOL));
            assertThat(got[1]).isCloseTo(f * (sh * c[0] + ch * c[1]), within(TOL));
        }
    }

    @Test
    @DisplayName("non-symmetric upper triangular [[a, b], [0, c]]: the Padé route gives the closed form")
    void nonSymmetricClosedForm() {
        double a = -1.1;
        double b = 0.8;
        double cc = 0.3;
        SmallExponential e = new SmallExponential(new double[][] {{a, b}, {0, cc}});
        assertThat(e.symmetricRoute()).isFalse();
        assertThat(e.quality()).isNaN();
        assertThat(e.eigenvalues()).isNull();
        double[] v = {0.5, -1.7};
        for (double t : new double[] {0, 0.25, 2}) {
            double[] got = e.apply(t, v);
            double ea = Math.exp(a * t);
            double ec = Math.exp(cc * t);
            assertThat(got[0]).isCloseTo(ea * v[0] + b * (ea - ec) / (a - cc) * v[1], within(TOL));
            assertThat(got[1]).isCloseTo(ec * v[1], within(TOL));
        }
    }

    @Test
    @DisplayName("random symmetric 4x4: eigen route equals Padé; empty matrix gives an empty vector")
    void routesAgreeAndEmpty() {
        Random r = new Random(17);
        double[][] m = new double[4][4];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j <= i; j++) {
                m[i][j] = r.nextGaussian();
                m[j][i] = m[i][j];
            }
        }
        SmallExponential e = new SmallExponential(m);
        assertThat(e.symmetricRoute()).isTrue();
        assertThat(e.matrix()).isDeepEqualTo(m);
        double[] c = {0.3, -1.0, 0.7, 2.0};
        double[][] p = SmallExponential.pade(m, 0.6);
        double[] got = e.apply(0.6, c);
        for (int i = 0; i < 4; i++) {
            double want = 0;
            for (int j = 0; j < 4; j++) {
                want += p[i][j] * c[j];
            }
            assertThat(got[i]).isCloseTo(want, within(TOL));
        }
        SmallExponential empty = new SmallExponential(new double[0][0]);
        assertThat(empty.symmetricRoute()).isFalse();
        assertThat(empty.apply(1.0, new double[0])).isNotNull().isEmpty();
    }
}
