package org.collapseharness.theory.symbolic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.collapseharness.theory.Bindings;
import org.collapseharness.theory.ClosedForm;
import org.collapseharness.theory.Mat;
import org.collapseharness.theory.ProjectionTheory;
import org.junit.jupiter.api.Test;

/** Every symbolic answer of the §4 derivation, evaluated at seeded random points against independent numerics. */
class ProjectionDerivationTest {

    private static double[][] randomW(Random r, int d, double scale) {
        double[][] w = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                w[i][j] = scale * r.nextGaussian();
            }
        }
        return w;
    }

    @Test
    void matrixFormAgreesWithExplicitEntriesAndWithHandWitness() {
        Random r = new Random(11);
        for (boolean sg : new boolean[] {true, false}) {
            ProjectionTheory th = ProjectionDerivation.derive(sg);
            for (int trial = 0; trial < 2; trial++) {
                double[][] w = randomW(r, 2, 1.0);
                double rho = 0.1 + 0.8 * r.nextDouble();
                double[][] t = th.operatorT(w, rho);
                Bindings b = Bindings.of("w11", w[0][0], "w12", w[0][1], "w21", w[1][0], "w22", w[1][1], "rho", rho);
                for (int i = 0; i < 2; i++) {
                    for (int j = 0; j < 2; j++) {
                        ClosedForm e = th.tMatrix2().get(2 * i + j);
                        assertThat(t[i][j]).isCloseTo(e.at(b), within(1e-9));
                    }
                }
                // Second, hand-typed witness (labelled): sg: (1-rho) W^-2; no sg: (1-rho) (A^-1 B)^2 with
                // A = I + W^T W, B = W + W^T.
                double[][] hand;
                if (sg) {
                    double[][] wi = Mat.inverse(w);
                    hand = Mat.scale(Mat.mul(wi, wi), 1 - rho);
                } else {
                    double[][] a = Mat.add(Mat.identity(2), Mat.mul(Mat.transpose(w), w), 1);
                    double[][] bb = Mat.add(w, Mat.transpose(w), 1);
                    double[][] ab = Mat.mul(Mat.inverse(a), bb);
                    hand = Mat.scale(Mat.mul(ab, ab), 1 - rho);
                }
                for (int i = 0; i < 2; i++) {
                    for (int j = 0; j < 2; j++) {
                        assertThat(t[i][j]).isCloseTo(hand[i][j], within(1e-9));
                    }
                }
                // Per mode: T at d = 1 from the words equals the per-mode closed form.
                double wv = 0.2 + 2 * r.nextDouble();
                assertThat(th.operatorT(new double[][] {{wv}}, rho)[0][0])
                        .isCloseTo(th.perModeT().at(Bindings.of("w", wv, "rho", rho)), within(1e-12));
            }
        }
    }

    @Test
    void stopGradientBiasOperatorAndProtectedValue() {
        ProjectionTheory th = ProjectionDerivation.derive(true);
        assertThat(th.biasOperator()).isNotNull();
        assertThat(th.biasOperator().text()).isEqualTo("W.W");
        Random r = new Random(12);
        for (int trial = 0; trial < 2; trial++) {
            double rho = 0.05 + 0.9 * r.nextDouble();
            Bindings b = Bindings.of("rho", rho);
            double mu = th.protectedValue().at(b);
            assertThat(mu).isCloseTo(1 - rho, within(1e-12)); // hand witness
            boolean isRoot = th.perModeRootsU().stream().anyMatch(f -> Math.abs(f.at(b) - mu) < 1e-12);
            assertThat(isRoot).as("per-mode root in u = w^2 equals the protected value").isTrue();
            assertThat(th.perModeT().at(Bindings.of("w", Math.sqrt(mu), "rho", rho))).isCloseTo(1, within(1e-12));
        }
        assertThat(th.meanValue().at(Bindings.of())).isEqualTo(1.0);
        assertThat(th.jacobianAsymmetry().at(Bindings.of("w", 0.7, "s", 0.3, "y", -1.1))).isNotZero();
        assertThat(th.tBound()).isNull();
    }

    @Test
    void noStopGradientBoundAndNoRealProtectedMode() {
        ProjectionTheory th = ProjectionDerivation.derive(false);
        assertThat(th.biasOperator()).isNull();
        Random r = new Random(13);
        for (int trial = 0; trial < 2; trial++) {
            double rho = 0.05 + 0.9 * r.nextDouble();
            Bindings b = Bindings.of("rho", rho);
            double bound = th.tBound().at(b);
            assertThat(bound).isCloseTo(1 - rho, within(1e-12)); // hand witness
            double sup = 0;
            for (int i = -4000; i <= 4000; i++) {
                double w = Math.pow(10, i / 1000.0);
                sup = Math.max(sup, th.operatorT(new double[][] {{w}}, rho)[0][0]);
            }
            assertThat(sup).isLessThanOrEqualTo(bound + 1e-12).isGreaterThan(bound * 0.999);
            for (ClosedForm u : th.perModeRootsU()) {
                assertThat(Math.abs(u.complexAt(b)[1])).as("no real root of 1 - T").isGreaterThan(1e-6);
            }
        }
        assertThat(th.jacobianAsymmetry().at(Bindings.of("w", 0.7, "s", 0.3, "y", -1.1))).isZero();
    }
}
