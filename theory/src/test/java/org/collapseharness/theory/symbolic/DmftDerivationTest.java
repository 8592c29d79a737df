package org.collapseharness.theory.symbolic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.collapseharness.theory.FluctuationTheory;
import org.collapseharness.theory.Mat;
import org.collapseharness.theory.ProjectionTheory;
import org.junit.jupiter.api.Test;

/** The §4.3 fluctuation equations, checked at seeded random points against independent numerics. */
class DmftDerivationTest {

    private static double[][] random(Random r, int d) {
        double[][] w = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                w[i][j] = r.nextGaussian();
            }
        }
        return w;
    }

    /** Second, hand-typed witness (labelled): the per-pair W field −(W s − y)sᵀ − (W y − s)yᵀ (same with and without sg). */
    private static double[][] handFieldW(double[][] w, double[] s, double[] y) {
        int d = s.length;
        double[] ws = Mat.mul(w, s);
        double[] wy = Mat.mul(w, y);
        double[][] f = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                f[i][j] = -(ws[i] - y[i]) * s[j] - (wy[i] - s[i]) * y[j];
            }
        }
        return f;
    }

    @Test
    void generatorIsTheDerivedSampleBlockAndTheMediumWithStopGradient() {
        Random r = new Random(43);
        for (boolean sg : new boolean[] {true, false}) {
            FluctuationTheory f = DmftDerivation.compute(sg);
            ProjectionTheory p = ProjectionDerivation.derive(sg);
            for (int d : new int[] {2, 3}) {
                double[][] w = random(r, d);
                double[][] l = f.generatorAt(w);
                double[][] gss = p.gss().at(w);
                // hand-typed witness (labelled): −WᵀW with sg, −I − WᵀW without
                double[][] hand = Mat.scale(Mat.mul(Mat.transpose(w), w), -1);
                if (!sg) {
                    hand = Mat.add(hand, Mat.identity(d), -1);
                }
                for (int i = 0; i < d; i++) {
                    for (int j = 0; j < d; j++) {
                        assertThat(l[i][j]).isCloseTo(gss[i][j], within(1e-12));
                        assertThat(l[i][j]).isCloseTo(hand[i][j], within(1e-12));
                    }
                }
            }
            assertThat(f.equations()).hasSize(7);
            assertThat(f.fluctuationField()).hasSize(2);
            assertThat(f.fluctuationField().get(0)).startsWith("du1/dt = ");
            assertThat(f.fluctuationField().get(1)).startsWith("du2/dt = ");
        }
    }

    @Test
    void memoryTermIsTheFluctuationPartOfTheWFieldSummedOverAGroup() {
        Random r = new Random(44);
        for (boolean sg : new boolean[] {true, false}) {
            FluctuationTheory f = DmftDerivation.compute(sg);
            for (int d : new int[] {2, 3}) {
                double[][] w = random(r, d);
                double[] a = random(r, 1 + d)[0];
                double[] y = random(r, d)[0];
                double[] mean = java.util.Arrays.copyOf(a, d);
                int n = 5;
                double[][] u = new double[n][d];
                for (int i = 0; i < n - 1; i++) {
                    for (int p = 0; p < d; p++) {
                        u[i][p] = r.nextGaussian();
                        u[n - 1][p] -= u[i][p];
                    }
                }
                double[][] c = new double[d][d];
                double[][] sum = new double[d][d];
                double[][] base = handFieldW(w, mean, y);
                for (double[] ui : u) {
                    double[] s = new double[d];
                    for (int p = 0; p < d; p++) {
                        s[p] = mean[p] + ui[p];
                        for (int q = 0; q < d; q++) {
                            c[p][q] += ui[p] * ui[q];
                        }
                    }
                    sum = Mat.add(sum, Mat.add(handFieldW(w, s, y), base, -1), 1);
                }
                double[][] m = f.memoryAt(w, c);
                for (int i = 0; i < d; i++) {
                    for (int j = 0; j < d; j++) {
                        assertThat(m[i][j]).isCloseTo(sum[i][j], within(1e-10));
                    }
                }
            }
            assertThat(f.memoryText()).isEqualTo("-W.C");
        }
    }

    @Test
    void covarianceRateIsTheDerivativeOfThePropagatedCovariance() {
        Random r = new Random(45);
        FluctuationTheory f = DmftDerivation.derive(true);
        double[][] w = random(r, 2);
        double[][] c0 = Mat.mul(random(r, 2), Mat.transpose(random(r, 2)));
        c0 = Mat.add(c0, Mat.transpose(c0), 1);
        double[][] l = f.generatorAt(w);
        double h = 1e-5;
        // R(h) = exp(h L) to second order; C(h) = R C0 Rᵀ; (C(h) − C(−h)) / 2h vs the derived rate
        double[][] rp = Mat.add(Mat.add(Mat.identity(2), l, h), Mat.mul(l, l), h * h / 2);
        double[][] rm = Mat.add(Mat.add(Mat.identity(2), l, -h), Mat.mul(l, l), h * h / 2);
        double[][] cp = Mat.mul(Mat.mul(rp, c0), Mat.transpose(rp));
        double[][] cm = Mat.mul(Mat.mul(rm, c0), Mat.transpose(rm));
        double[][] rate = f.covarianceRate(w, c0, 1);
        double[][] rateK = f.covarianceRate(w, c0, 3);
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                assertThat(rate[i][j]).isCloseTo((cp[i][j] - cm[i][j]) / (2 * h), within(1e-6));
                assertThat(rateK[i][j]).isCloseTo(3 * rate[i][j], within(1e-12));
            }
        }
    }
}
