package org.collapseharness.theory.symbolic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.Random;
import org.collapseharness.theory.CollapsedStability;
import org.collapseharness.theory.MeanSectorTheory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Label-mean sector of the sg projection model (derived)")
class MeanSectorDerivationTest {

    /** Labelled second witness: the class-symmetric mean system typed in, differentiated by central differences. */
    private static double[] meanField(double[] u, int k, int n, int m) {
        double[] x = {u[0], u[1]};
        double[] z = {u[2], u[3]};
        double[] y = {u[4], u[5]};
        double[][] w = {{u[6], u[7]}, {u[8], u[9]}};
        double[] out = new double[10];
        double[][] dw = new double[2][2];
        double[] dy = new double[2];
        for (int type = 0; type < 2; type++) {
            double[] s = type == 0 ? x : z;
            double weight = type == 0 ? n : m;
            double[] r1 = new double[2];
            double[] r2 = new double[2];
            for (int i = 0; i < 2; i++) {
                r1[i] = w[i][0] * s[0] + w[i][1] * s[1] - y[i];
                r2[i] = w[i][0] * y[0] + w[i][1] * y[1] - s[i];
            }
            for (int i = 0; i < 2; i++) {
                double ds = -(w[0][i] * r1[0] + w[1][i] * r1[1]);
                out[type * 2 + i] = type == 0 ? ds : k * ds;
                dy[i] += weight * -(w[0][i] * r2[0] + w[1][i] * r2[1]);
                for (int j = 0; j < 2; j++) {
                    dw[i][j] += k * weight * -(r1[i] * s[j] + r2[i] * y[j]);
                }
            }
        }
        out[4] = dy[0];
        out[5] = dy[1];
        out[6] = dw[0][0];
        out[7] = dw[0][1];
        out[8] = dw[1][0];
        out[9] = dw[1][1];
        return out;
    }

    @ParameterizedTest(name = "sigma = {0}")
    @ValueSource(ints = {1, -1})
    void derivedBlockEqualsCentralDifferencesOfTheTypedInMeanSystem(int sigma) {
        MeanSectorTheory t = MeanSectorDerivation.derive(sigma);
        int[] sector = {1, 3, 5, 8};
        Random r = new Random(29L + sigma);
        for (int trial = 0; trial < 6; trial++) {
            int k = 2 + r.nextInt(4);
            int n = 1 + r.nextInt(9);
            int m = r.nextInt(5);
            double a = 0.3 + 2 * r.nextDouble();
            double w = 3 * r.nextDouble() - 1.5;
            double[] u = {sigma * a, 0, sigma * a, 0, a, 0, sigma, 0, 0, w};
            assertThat(java.util.Arrays.stream(meanField(u, k, n, m)).map(Math::abs).max().orElseThrow()).isZero();
            double[][] derived = t.blockAt(k, n, m, a, w);
            double h = 1e-6;
            for (int j = 0; j < 4; j++) {
                double[] up = u.clone();
                double[] dn = u.clone();
                up[sector[j]] += h;
                dn[sector[j]] -= h;
                double[] fp = meanField(up, k, n, m);
                double[] fm = meanField(dn, k, n, m);
                for (int i = 0; i < 4; i++) {
                    double fd = (fp[sector[i]] - fm[sector[i]]) / (2 * h);
                    assertThat(derived[i][j]).as("entry %d,%d at k=%d n=%d m=%d a=%s w=%s", i, j, k, n, m, a, w)
                            .isCloseTo(fd, offset(1e-6 * Math.max(1, Math.abs(fd))));
                }
            }
        }
    }

    @Test
    void cubicIsTheCharacteristicPolynomialOfTheDerivedBlock() {
        Random r = new Random(31L);
        for (int sigma : new int[] {1, -1}) {
            MeanSectorTheory t = MeanSectorDerivation.derive(sigma);
            for (int trial = 0; trial < 5; trial++) {
                int k = 2 + r.nextInt(3);
                int n = 1 + r.nextInt(9);
                int m = 1 + r.nextInt(4);
                double a = 0.5 + r.nextDouble();
                double w = 2 * r.nextDouble() - 1;
                double[][] j = t.blockAt(k, n, m, a, w);
                // det(lam I - J) = lam^4 + c1 lam^3 + c2 lam^2 + c3 lam + c4 (numeric Faddeev-LeVerrier)
                double[] numeric = CollapsedStability.characteristicCoefficients(j);
                double[] c = t.cubicAt(k, n, m, a, w);
                double scale = Math.max(1, Math.abs(Math.pow(numeric[0], 3)));
                assertThat(numeric[3]).isCloseTo(0, offset(1e-9 * scale));
                for (int i = 0; i < 3; i++) {
                    assertThat(c[i]).isCloseTo(numeric[i], offset(1e-9 * scale));
                }
            }
        }
    }

    @Test
    void flippingTheSignOfWOnBothDirectionsLeavesTheCubicUnchanged() {
        // W -> -W with the samples negated is a symmetry of the loss: (sigma, w) and (-sigma, -w) are the same state.
        MeanSectorTheory plus = MeanSectorDerivation.derive(1);
        MeanSectorTheory minus = MeanSectorDerivation.derive(-1);
        for (double w : new double[] {-1.3, -0.7, 0.2, 0.9}) {
            double[] p = plus.cubicAt(3, 4, 2, 0.8, w);
            double[] q = minus.cubicAt(3, 4, 2, 0.8, -w);
            for (int i = 0; i < 3; i++) {
                assertThat(q[i]).isCloseTo(p[i], offset(1e-12 * Math.max(1, Math.abs(p[i]))));
            }
        }
    }

    @Test
    void constantTermChangesSignOnlyAtZeroAndAtMinusSigma() {
        for (int sigma : new int[] {1, -1}) {
            MeanSectorTheory t = MeanSectorDerivation.derive(sigma);
            assertThat(t.signChangesOfC().stream().mapToDouble(f -> f.at(MeanSectorTheory.at(3, 4, 1, 1, 0)))).as(t.signStructure())
                    .containsExactlyInAnyOrder(0.0, (double) -sigma);
            // with the mean's norm of order one the quadratic factor has no real root
            assertThat(t.quadraticDiscriminant().at(MeanSectorTheory.at(3, 4, 1, 1, 0))).isNegative();
            // the opposite sign with |w| < 1 is unstable, the same sign is not
            assertThat(t.unstableAt(3, 4, 1, 1, -0.9 * sigma)).isTrue();
            assertThat(t.unstableAt(3, 4, 1, 1, 0.9 * sigma)).isFalse();
            assertThat(t.cubicAt(3, 4, 1, 1, -0.5 * sigma)[2]).isNegative();
        }
    }

    @Test
    void rejectsAnEigenvalueOtherThanPlusOrMinusOne() {
        assertThatThrownBy(() -> MeanSectorDerivation.derive(2)).isInstanceOf(IllegalArgumentException.class);
    }
}
