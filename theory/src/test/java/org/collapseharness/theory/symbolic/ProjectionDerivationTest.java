package org.collapseharness.theory.symbolic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.collapseharness.theory.Bindings;
import org.collapseharness.theory.ClosedForm;
import org.collapseharness.theory.Mat;
import org.collapseharness.theory.MatrixWords;
import org.collapseharness.theory.ProjectionTheory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every symbolic answer of the §4 derivation, evaluated at seeded random points against independent numerics.
 * Hand-typed formulas (from the per-pair loss ½|W s − y|² + ½|W y − s|², with sg on the un-projected side or not)
 * appear only as labelled second witnesses.
 */
@DisplayName("The derived §4 projection-head theory, checked numerically at random points")
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

    private static void assertMatrixClose(double[][] actual, double[][] expected, double tol, String what) {
        assertThat(actual.length).as(what).isEqualTo(expected.length);
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected[i].length; j++) {
                assertThat(actual[i][j]).as("%s[%d][%d]", what, i, j).isCloseTo(expected[i][j], within(tol));
            }
        }
    }

    /**
     * Mutation testing needs a derivation that runs inside the test (the memoised one may come from another mutant),
     * so this test derives both theories afresh and runs every check of this class on them.
     */
    @Test
    @DisplayName("fresh derivations (sg and no sg) pass every check of this class")
    void freshDerivationsPassEveryCheck() {
        ProjectionTheory sg = ProjectionDerivation.compute(true);
        ProjectionTheory plain = ProjectionDerivation.compute(false);
        checkAll(sg, plain);
    }

    @Test
    @DisplayName("derive() memoises per choice of stop-gradient")
    void memoised() {
        ProjectionTheory sg = ProjectionDerivation.derive(true);
        assertThat(sg).isSameAs(ProjectionDerivation.derive(true)).isNotSameAs(ProjectionDerivation.derive(false));
        assertThat(sg.stopGradient()).isTrue();
        assertThat(ProjectionDerivation.derive(false).stopGradient()).isFalse();
    }

    static void checkAll(ProjectionTheory sg, ProjectionTheory plain) {
        assertThat(sg.stopGradient()).isTrue();
        assertThat(plain.stopGradient()).isFalse();
        lossText(sg, plain);
        for (ProjectionTheory th : List.of(sg, plain)) {
            perModeField(th);
            blocksAgreeWithHandWitnessAtAnyDimension(th);
            matrixFormAgreesWithExplicitEntriesAndWithHandWitness(th);
            sampleOperator(th);
            biasFactor(th);
        }
        stopGradientBiasOperatorAndProtectedValue(sg);
        noStopGradientBoundAndNoRealProtectedMode(plain);
    }

    static void lossText(ProjectionTheory sg, ProjectionTheory plain) {
        assertThat(ProjectionDerivation.matrixText(1)).isEqualTo("{{w}}");
        assertThat(ProjectionDerivation.matrixText(2)).isEqualTo("{{w11,w12},{w21,w22}}");
        assertThat(ProjectionDerivation.matrixText(3)).isEqualTo("{{w11,w12,w13},{w21,w22,w23},{w31,w32,w33}}");
        assertThat(ProjectionDerivation.pairLoss(1, true)).isEqualTo("1/2*({{w}}.{s} - {sg[y]}).({{w}}.{s} - {sg[y]})"
                + " + 1/2*({{w}}.{y} - {sg[s]}).({{w}}.{y} - {sg[s]})");
        assertThat(ProjectionDerivation.pairLoss(2, false)).isEqualTo(
                "1/2*({{w11,w12},{w21,w22}}.{s1,s2} - {y1,y2}).({{w11,w12},{w21,w22}}.{s1,s2} - {y1,y2})"
                        + " + 1/2*({{w11,w12},{w21,w22}}.{y1,y2} - {s1,s2}).({{w11,w12},{w21,w22}}.{y1,y2} - {s1,s2})");
        assertThat(sg.pairLoss()).isEqualTo(ProjectionDerivation.pairLoss(2, true)).contains("sg[s1]", "sg[y2]");
        assertThat(plain.pairLoss()).isEqualTo(ProjectionDerivation.pairLoss(2, false)).doesNotContain("sg[");
        // The d = 2 loss text, sg markers dropped, evaluates to ½|W s − y|² + ½|W y − s|² (hand witness).
        Random r = new Random(21);
        double[][] w = randomW(r, 2, 1);
        double[] s = {r.nextGaussian(), r.nextGaussian()};
        double[] y = {r.nextGaussian(), r.nextGaussian()};
        Bindings b = Bindings.of("w11", w[0][0], "w12", w[0][1], "w21", w[1][0], "w22", w[1][1], "s1", s[0], "s2", s[1],
                "y1", y[0], "y2", y[1]);
        double hand = 0;
        double[] ws = Mat.mul(w, s);
        double[] wy = Mat.mul(w, y);
        for (int i = 0; i < 2; i++) {
            hand += 0.5 * (ws[i] - y[i]) * (ws[i] - y[i]) + 0.5 * (wy[i] - s[i]) * (wy[i] - s[i]);
        }
        assertThat(SymjaForm.of(sg.pairLoss().replace("sg[s1]", "s1").replace("sg[s2]", "s2").replace("sg[y1]", "y1")
                .replace("sg[y2]", "y2")).at(b)).isCloseTo(hand, within(1e-10));
        assertThat(SymjaForm.of(plain.pairLoss()).at(b)).isCloseTo(hand, within(1e-10));
    }

    /** The derived per-mode field against the hand-derived one (second witness), at random (w, s, y). */
    static void perModeField(ProjectionTheory th) {
        assertThat(th.perModeField()).hasSize(3);
        assertThat(th.perModeField().get(0)).startsWith("ds/dt = ");
        assertThat(th.perModeField().get(1)).startsWith("dy/dt = ");
        assertThat(th.perModeField().get(2)).startsWith("dw/dt = ");
        Random r = new Random(22);
        for (int trial = 0; trial < 2; trial++) {
            double w = r.nextGaussian();
            double s = r.nextGaussian();
            double y = r.nextGaussian();
            Bindings b = Bindings.of("w", w, "s", s, "y", y);
            double[] f = new double[3];
            for (int i = 0; i < 3; i++) {
                f[i] = SymjaForm.of(th.perModeField().get(i).substring("ds/dt = ".length())).at(b);
            }
            // sg: only the projected side moves; without sg the un-projected side adds the second term.
            double extraS = th.stopGradient() ? 0 : (w * y - s);
            double extraY = th.stopGradient() ? 0 : (w * s - y);
            assertThat(f[0]).isCloseTo(-w * (w * s - y) + extraS, within(1e-10));
            assertThat(f[1]).isCloseTo(-w * (w * y - s) + extraY, within(1e-10));
            assertThat(f[2]).isCloseTo(-(w * s - y) * s - (w * y - s) * y, within(1e-10));
            // Jacobian asymmetry dṡ/dw − dẇ/ds: −y with sg, 0 without (a gradient flow).
            assertThat(th.jacobianAsymmetry().at(b)).isCloseTo(th.stopGradient() ? -y : 0, within(1e-12));
        }
    }

    /**
     * The identified blocks evaluated at random W of size 2 (where they were identified) and 3 (words carry over)
     * against the hand witness: sg: Gss = Gyy = −WᵀW, Gsy = Gys = Wᵀ; no sg: Gss = Gyy = −I − WᵀW, Gsy = Gys = W + Wᵀ.
     */
    static void blocksAgreeWithHandWitnessAtAnyDimension(ProjectionTheory th) {
        Random r = new Random(23);
        for (int d : new int[] {2, 3}) {
            double[][] w = randomW(r, d, 1);
            double[][] wt = Mat.transpose(w);
            double[][] diag = Mat.scale(Mat.mul(wt, w), -1);
            double[][] off = wt;
            if (!th.stopGradient()) {
                diag = Mat.add(diag, Mat.identity(d), -1);
                off = Mat.add(wt, w, 1);
            }
            assertMatrixClose(th.gss().at(w), diag, 1e-12, "Gss");
            assertMatrixClose(th.gyy().at(w), diag, 1e-12, "Gyy");
            assertMatrixClose(th.gsy().at(w), off, 1e-12, "Gsy");
            assertMatrixClose(th.gys().at(w), off, 1e-12, "Gys");
        }
        if (th.stopGradient()) {
            assertThat(th.gss().text()).isEqualTo("-Transpose[W].W");
            assertThat(th.gsy().text()).isEqualTo("Transpose[W]");
            assertThat(th.gss().terms()).extracting(MatrixWords.Term::word).containsExactly(MatrixWords.Word.WT_W);
        } else {
            assertThat(th.gss().text()).isEqualTo("-IdentityMatrix[d] - Transpose[W].W");
            assertThat(th.gys().text()).isEqualTo("W + Transpose[W]");
            assertThat(th.gyy().terms()).extracting(MatrixWords.Term::coefficient).containsExactly(-1.0, -1.0);
        }
    }

    static void matrixFormAgreesWithExplicitEntriesAndWithHandWitness(ProjectionTheory th) {
        Random r = new Random(11);
        for (int trial = 0; trial < 2; trial++) {
            double[][] w = randomW(r, 2, 1.0);
            double rho = 0.1 + 0.8 * r.nextDouble();
            double[][] t = th.operatorT(w, rho);
            Bindings b = Bindings.of("w11", w[0][0], "w12", w[0][1], "w21", w[1][0], "w22", w[1][1], "rho", rho);
            assertThat(th.tMatrix2()).hasSize(4);
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 2; j++) {
                    ClosedForm e = th.tMatrix2().get(2 * i + j);
                    assertThat(t[i][j]).isCloseTo(e.at(b), within(1e-9));
                }
            }
            // Second, hand-typed witness (labelled): sg: (1-rho) W^-2; no sg: (1-rho) (A^-1 B)^2 with
            // A = I + W^T W, B = W + W^T.
            double[][] hand;
            if (th.stopGradient()) {
                double[][] wi = Mat.inverse(w);
                hand = Mat.scale(Mat.mul(wi, wi), 1 - rho);
            } else {
                double[][] a = Mat.add(Mat.identity(2), Mat.mul(Mat.transpose(w), w), 1);
                double[][] bb = Mat.add(w, Mat.transpose(w), 1);
                double[][] ab = Mat.mul(Mat.inverse(a), bb);
                hand = Mat.scale(Mat.mul(ab, ab), 1 - rho);
            }
            assertMatrixClose(t, hand, 1e-9, "T");
            // Per mode: T at d = 1 from the words equals the per-mode closed form, and the hand witness.
            double wv = 0.2 + 2 * r.nextDouble();
            double perMode = th.perModeT().at(Bindings.of("w", wv, "rho", rho));
            assertThat(th.operatorT(new double[][] {{wv}}, rho)[0][0]).isCloseTo(perMode, within(1e-12));
            double handMode = th.stopGradient() ? (1 - rho) / (wv * wv)
                    : (1 - rho) * 4 * wv * wv / ((1 + wv * wv) * (1 + wv * wv));
            assertThat(perMode).isCloseTo(handMode, within(1e-12));
        }
    }

    /** S = −Gss⁻¹ Gsy solves the sample steady state Gss S + Gsy = 0; with sg, S = W⁻¹ (hand witness). */
    static void sampleOperator(ProjectionTheory th) {
        Random r = new Random(24);
        for (int d : new int[] {2, 3}) {
            double[][] w = randomW(r, d, 1);
            double[][] s = th.sampleOperator(w);
            assertMatrixClose(Mat.add(Mat.mul(th.gss().at(w), s), th.gsy().at(w), 1), new double[d][d], 1e-10,
                    "Gss S + Gsy");
            if (th.stopGradient()) {
                assertMatrixClose(s, Mat.inverse(w), 1e-10, "S = W^-1");
            }
        }
        double[][] singular = {{1, 2}, {2, 4}};
        if (th.stopGradient()) {
            // Gss = −WᵀW is singular with W: no steady state, no T.
            assertThat(th.sampleOperator(singular)).isNull();
            assertThat(th.meanOperatorT(singular)).isNull();
            assertThat(th.operatorT(singular, 0.3)).isNull();
        } else {
            // −I − WᵀW is never singular, and neither is the whole relation.
            assertThat(th.sampleOperator(singular)).isNotNull();
            assertThat(th.operatorT(singular, 0.3)).isNotNull();
        }
    }

    /** n/(n+m) with m = ρ n/(1 − ρ) is 1 − ρ (hand witness); the memoised factor equals the closed form. */
    static void biasFactor(ProjectionTheory th) {
        for (double rho : new double[] {0.1, 0.37, 0.8}) {
            assertThat(th.biasFactor().at(Bindings.of("rho", rho))).isCloseTo(1 - rho, within(1e-12));
            assertThat(th.factorAt(rho)).isCloseTo(1 - rho, within(1e-12));
        }
    }

    static void stopGradientBiasOperatorAndProtectedValue(ProjectionTheory th) {
        assertThat(th.biasOperator()).isNotNull();
        assertThat(th.biasOperator().text()).isEqualTo("W.W");
        Random r = new Random(12);
        // P T_mean = I at any W and d (the defining property of the bias operator).
        for (int d : new int[] {2, 3}) {
            double[][] w = randomW(r, d, 1);
            assertMatrixClose(Mat.mul(th.biasOperator().at(w), th.meanOperatorT(w)), Mat.identity(d), 1e-9, "P T");
        }
        for (int trial = 0; trial < 2; trial++) {
            double rho = 0.05 + 0.9 * r.nextDouble();
            Bindings b = Bindings.of("rho", rho);
            double mu = th.protectedValue().at(b);
            assertThat(mu).isCloseTo(1 - rho, within(1e-12)); // hand witness
            assertThat(th.perModeRootsU()).hasSize(1);
            assertThat(th.perModeRootsU().get(0).at(b)).as("per-mode root in u = w^2 equals the protected value")
                    .isCloseTo(mu, within(1e-12));
            assertThat(th.perModeT().at(Bindings.of("w", Math.sqrt(mu), "rho", rho))).isCloseTo(1, within(1e-12));
        }
        assertThat(th.meanValue().at(Bindings.of())).isEqualTo(1.0);
        assertThat(th.tBound()).isNull();
    }

    static void noStopGradientBoundAndNoRealProtectedMode(ProjectionTheory th) {
        assertThat(th.biasOperator()).isNull();
        assertThat(th.protectedValue()).isNull();
        assertThat(th.meanValue()).isNull();
        Random r = new Random(13);
        for (int trial = 0; trial < 2; trial++) {
            double rho = 0.05 + 0.9 * r.nextDouble();
            Bindings b = Bindings.of("rho", rho);
            double bound = th.tBound().at(b);
            assertThat(bound).isCloseTo(1 - rho, within(1e-12)); // hand witness
            double sup = 0;
            for (int i = -4000; i <= 4000; i += 4) {
                double w = Math.pow(10, i / 1000.0);
                sup = Math.max(sup, th.operatorT(new double[][] {{w}}, rho)[0][0]);
            }
            assertThat(sup).isLessThanOrEqualTo(bound + 1e-12).isGreaterThan(bound * 0.999);
            // 1 − T = 0 has two complex conjugate roots in u: Vieta on (1 + u)² − 4(1 − ρ) u (hand witness).
            assertThat(th.perModeRootsU()).hasSize(2);
            double[] u1 = th.perModeRootsU().get(0).complexAt(b);
            double[] u2 = th.perModeRootsU().get(1).complexAt(b);
            assertThat(Math.abs(u1[1])).as("no real root of 1 - T").isGreaterThan(1e-6);
            assertThat(Math.abs(u2[1])).as("no real root of 1 - T").isGreaterThan(1e-6);
            assertThat(u1[0] + u2[0]).isCloseTo(4 * (1 - rho) - 2, within(1e-10));
            assertThat(u1[1] + u2[1]).isCloseTo(0, within(1e-10));
            assertThat(u1[0] * u2[0] - u1[1] * u2[1]).isCloseTo(1, within(1e-10));
        }
    }
}
