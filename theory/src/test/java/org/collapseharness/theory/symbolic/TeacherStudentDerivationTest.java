package org.collapseharness.theory.symbolic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.lang.reflect.Field;
import java.util.Random;
import org.collapseharness.theory.Bindings;
import org.collapseharness.theory.SymbolicException;
import org.collapseharness.theory.TeacherStudentTheory;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The derived §5 reduced theory, checked at random parameter points against direct numerics (eigenvalues of the
 * evaluated matrices, matrix exponentials, finite differences) and against a hand-derived second witness, labelled as
 * such: with weights (1−ρ)/2 (clean) and ρ/2 (frustrated) per class and r = s c μ u + σ v z, the averaged plain loss is
 * L = Σ_c [(1−ρ)/2 ½(cμu − y_c)² + ρ/2 ½(cμu + y_c)²] + ½σ²v², so u̇ = −μ²u + (1−2ρ)μΔ, Δ̇ = (1−2ρ)μu/2 − Δ/2,
 * Ṡ = −S/2, v̇ = −σ²v.
 */
@DisplayName("The derived §5 reduced theory, checked numerically at random parameter points")
class TeacherStudentDerivationTest {

    /**
     * One derivation for the whole class (it takes seconds): derive() from a cold cache, so that it runs inside this
     * test (mutation testing needs the derivation to run under each mutant, not to come from a memo).
     */
    @Test
    @DisplayName("derive() from a cold cache memoises a theory that passes every check of this class")
    void freshDerivationPassesEveryCheck() throws ReflectiveOperationException {
        Field cache = TeacherStudentDerivation.class.getDeclaredField("cached");
        cache.setAccessible(true);
        cache.set(null, null);
        TeacherStudentTheory th = TeacherStudentDerivation.derive();
        assertThat(th).isNotNull().isSameAs(TeacherStudentDerivation.derive());
        randomPoints(th);
        plainFlowAgreesWithHandWitness(th);
        zeroFrustration(th);
        stopGradientFlowAndFixedSet(th);
        scaling(th);
    }

    @Test
    @DisplayName("helpers: the noise average keeps z^0 and z^2 coefficients and refuses higher powers")
    void helpers() {
        assertThat(Symja.isZero(Symja.eval("Expand[(#0) - (a + c)]",
                TeacherStudentDerivation.noiseAverage(Symja.eval("a + b*z + c*z^2"))))).isTrue();
        assertThatThrownBy(() -> TeacherStudentDerivation.noiseAverage(Symja.eval("a + z^3")))
                .isInstanceOfSatisfying(SymbolicException.class,
                        e -> assertThat(e.key()).isEqualTo(SymbolicException.Key.NOT_LINEAR));
        assertThatThrownBy(() -> TeacherStudentDerivation.flow(TeacherStudentDerivation.PLAIN_TERM, "q"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("q");
        // The type average of the plain term: the four sample types with their weights (hand witness at a point).
        Bindings b = Bindings.of("rho", 0.2, "mu", 1.5, "sigma", 0.5, "u", 0.3, "v", 0.7, "yp", 0.4, "ym", -0.9,
                "z", 1.3);
        double r1 = 1.5 * 0.3 + 0.5 * 0.7 * 1.3;
        double r2 = -1.5 * 0.3 + 0.5 * 0.7 * 1.3;
        double hand = 0.4 * 0.5 * sq(r1 - 0.4) + 0.1 * 0.5 * sq(r2 - 0.4) + 0.4 * 0.5 * sq(r2 + 0.9)
                + 0.1 * 0.5 * sq(r1 + 0.9);
        assertThat(new SymjaForm(TeacherStudentDerivation.typeAverage(TeacherStudentDerivation.PLAIN_TERM)).at(b))
                .isCloseTo(hand, within(1e-12));
        assertThat(new SymjaForm(TeacherStudentDerivation.toDeltaSum(Symja.eval("yp^2 - ym")))
                .at(Bindings.of("S", 0.5, "dl", 2))).isCloseTo(2.5 * 2.5 + 1.5, within(1e-12));
    }

    private static double sq(double x) {
        return x * x;
    }

    static Bindings point(Random rnd) {
        return Bindings.of("rho", 0.45 * rnd.nextDouble(), "mu", 0.2 + 2 * rnd.nextDouble(), "sigma",
                0.1 + 2 * rnd.nextDouble());
    }

    static void randomPoints(TeacherStudentTheory th) {
        Random rnd = new Random(5);
        for (int i = 0; i < 6; i++) {
            Bindings b = point(rnd);
            double rho = b.get("rho");
            double mu = b.get("mu");
            double sigma = b.get("sigma");
            double[][] m = th.collapseMatrixAt(b);
            double tr = m[0][0] + m[1][1];
            double det = m[0][0] * m[1][1] - m[0][1] * m[1][0];
            double disc = Math.sqrt(tr * tr - 4 * det);
            double slow = (tr + disc) / 2;
            double fast = (tr - disc) / 2;
            assertThat(th.slowEigenvalue().at(b)).isCloseTo(slow, within(1e-10));
            assertThat(th.fastEigenvalue().at(b)).isCloseTo(fast, within(1e-10));
            assertThat(th.rhoEff().at(b)).isCloseTo(-slow, within(1e-10)).isPositive();
            assertThat(th.rhoEff().at(b.with("sigma", sigma * 3))).isCloseTo(th.rhoEff().at(b), within(1e-12));
            assertThat(th.noiseRate().at(b)).isCloseTo(sigma * sigma, within(1e-12));
            assertThat(th.sumRate().at(b)).isCloseTo(0.5, within(1e-12));
            // The characteristic polynomial det(lam I - M) at a random lam.
            double lam = rnd.nextGaussian();
            assertThat(SymjaForm.of(th.characteristicPolynomial()).at(b.with("lam", lam)))
                    .isCloseTo((lam - m[0][0]) * (lam - m[1][1]) - m[0][1] * m[1][0], within(1e-10));
            // Second witness (hand-typed, labelled): the (u, Delta) matrix of the averaged gradient flow.
            double a = (1 - 2 * rho) * mu;
            assertThat(m[0][0]).isCloseTo(-mu * mu, within(1e-12));
            assertThat(m[0][1]).isCloseTo(a, within(1e-12));
            assertThat(m[1][0]).isCloseTo(a / 2, within(1e-12));
            assertThat(m[1][1]).isCloseTo(-0.5, within(1e-12));
        }
        assertThat(th.sigmaEntersRhoEff()).isFalse();
        // dρ_eff/dρ at ρ = 0 against a central difference of the numeric slow eigenvalue (ρ = ±h), and the hand
        // witness 4μ²/(2μ² + 1).
        for (double mu : new double[] {0.4, 1.0, 1.9}) {
            double h = 1e-5;
            double fd = (slowNumeric(th, -h, mu) - slowNumeric(th, h, mu)) / (2 * h);
            double amp = th.amplificationAtZero().at(Bindings.of("mu", mu, "sigma", 1.0));
            assertThat(amp).isCloseTo(fd, within(1e-6));
            assertThat(amp).isCloseTo(4 * mu * mu / (2 * mu * mu + 1), within(1e-12));
        }
    }

    private static double slowNumeric(TeacherStudentTheory th, double rho, double mu) {
        double[][] m = th.collapseMatrixAt(Bindings.of("rho", rho, "mu", mu, "sigma", 1.0));
        double tr = m[0][0] + m[1][1];
        double det = m[0][0] * m[1][1] - m[0][1] * m[1][0];
        return (tr + Math.sqrt(tr * tr - 4 * det)) / 2;
    }

    /** The reduced loss and the plain flow equations, evaluated at random states against the hand witness. */
    static void plainFlowAgreesWithHandWitness(TeacherStudentTheory th) {
        assertThat(th.plainEquations()).hasSize(4);
        String[] heads = {"du/dt = ", "dDelta/dt = ", "dS/dt = ", "dv/dt = "};
        for (int i = 0; i < 4; i++) {
            assertThat(th.plainEquations().get(i)).startsWith(heads[i]);
        }
        assertThat(th.decouplingWitness()).isEqualTo("d(u)/dS=0 d(u)/dv=0 d(dl)/dS=0 d(dl)/dv=0 d(S)/du=0 d(S)/ddl=0 "
                + "d(S)/dv=0 d(v)/du=0 d(v)/ddl=0 d(v)/dS=0");
        Random rnd = new Random(6);
        for (int trial = 0; trial < 3; trial++) {
            Bindings p = point(rnd);
            double rho = p.get("rho");
            double mu = p.get("mu");
            double sigma = p.get("sigma");
            double u = rnd.nextGaussian();
            double v = rnd.nextGaussian();
            double yp = rnd.nextGaussian();
            double ym = rnd.nextGaussian();
            double dl = (yp - ym) / 2;
            double s = (yp + ym) / 2;
            double loss = 0;
            for (int c : new int[] {1, -1}) {
                double y = c > 0 ? yp : ym;
                loss += (1 - rho) / 2 * 0.5 * sq(c * mu * u - y) + rho / 2 * 0.5 * sq(c * mu * u + y);
            }
            loss += 0.5 * sigma * sigma * v * v;
            assertThat(SymjaForm.of(th.reducedLoss()).at(p.with("u", u).with("v", v).with("yp", yp).with("ym", ym)))
                    .isCloseTo(loss, within(1e-10));
            Bindings b = p.with("u", u).with("v", v).with("dl", dl).with("S", s);
            double a = (1 - 2 * rho) * mu;
            double[] hand = {-mu * mu * u + a * dl, a * u / 2 - dl / 2, -s / 2, -sigma * sigma * v};
            for (int i = 0; i < 4; i++) {
                assertThat(rhs(th.plainEquations().get(i), b)).as(th.plainEquations().get(i)).isCloseTo(hand[i],
                        within(1e-10));
            }
        }
    }

    private static double rhs(String equation, Bindings b) {
        return SymjaForm.of(equation.substring(equation.indexOf('=') + 1)).at(b);
    }

    /**
     * ρ = 0: the zero mode on (u, y₊, y₋) is ∝ (1, μ, −μ), and the fixed-point weights are the t → ∞ limit of
     * exp(M t) for the (symmetric) flow matrix of (u, y₊, y₋), built from the derived collapse matrix entries.
     */
    static void zeroFrustration(TeacherStudentTheory th) {
        for (double mu : new double[] {0.5, 1.7}) {
            Bindings zero = Bindings.of("rho", 0.0, "mu", mu, "sigma", 1.0);
            double[] nv = new double[3];
            double[] c = new double[3];
            for (int i = 0; i < 3; i++) {
                nv[i] = th.nullVector().get(i).at(zero);
                c[i] = th.fixedPointWeights().get(i).at(zero);
            }
            assertThat(nv[0]).isNotZero();
            assertThat(nv[1] / nv[0]).isCloseTo(mu, within(1e-12));
            assertThat(nv[2] / nv[0]).isCloseTo(-mu, within(1e-12));
            // (u, y+, y-) flow from the derived (u, Delta) block: du = m00 u + m01 (y+ - y-)/2, dy± = ±m10 u - y±/2.
            double[][] m = th.collapseMatrixAt(zero);
            double[][] m3 = {{m[0][0], m[0][1] / 2, -m[0][1] / 2}, {m[1][0], -0.5, 0}, {-m[1][0], 0, -0.5}};
            double[] null3 = {m3[0][0] * nv[0] + m3[0][1] * nv[1] + m3[0][2] * nv[2],
                m3[1][0] * nv[0] + m3[1][1] * nv[1], m3[2][0] * nv[0] + m3[2][2] * nv[2]};
            for (double x : null3) {
                assertThat(x).isCloseTo(0, within(1e-12));
            }
            RealMatrix limit = MatrixUtils.matrixExponential(MatrixUtils.createRealMatrix(m3).scalarMultiply(200.0));
            for (int j = 0; j < 3; j++) {
                assertThat(c[j]).isCloseTo(limit.getEntry(1, j) - limit.getEntry(2, j), within(1e-9));
            }
            // Hand witness: (2 mu / (1 + 2 mu^2)) (1, mu, -mu).
            double f = 2 * mu / (1 + 2 * mu * mu);
            assertThat(c).containsExactly(new double[] {f, f * mu, -f * mu}, within(1e-12));
        }
    }

    /** The projection + stop-gradient (k = 1) flow, its fixed set with u ≠ 0, and the no-sg flow there. */
    static void stopGradientFlowAndFixedSet(TeacherStudentTheory th) {
        assertThat(th.sgEquations()).hasSize(3);
        assertThat(th.sgEquations().get(0)).startsWith("du/dt = ");
        assertThat(th.sgEquations().get(1)).startsWith("dDelta/dt = ");
        assertThat(th.sgEquations().get(2)).startsWith("dw/dt = ");
        Random rnd = new Random(7);
        for (int trial = 0; trial < 3; trial++) {
            Bindings p = point(rnd);
            double rho = p.get("rho");
            double mu = p.get("mu");
            double sigma = p.get("sigma");
            double a = (1 - 2 * rho) * mu;
            double u = rnd.nextGaussian();
            double v = rnd.nextGaussian();
            double dl = rnd.nextGaussian();
            double s = rnd.nextGaussian();
            double w = rnd.nextGaussian();
            Bindings b = p.with("u", u).with("v", v).with("dl", dl).with("S", s).with("w", w);
            // Hand witness: the sg field of ½(w r − sg y)² + ½(w y − sg r)², averaged like the plain one.
            double[] hand = {-w * w * mu * mu * u + w * a * dl, -w * w * dl / 2 + w * a * u / 2,
                -(w * (mu * mu * u * u + sigma * sigma * v * v) - 2 * a * u * dl + w * (s * s + dl * dl))};
            for (int i = 0; i < 3; i++) {
                assertThat(rhs(th.sgEquations().get(i), b)).as(th.sgEquations().get(i)).isCloseTo(hand[i],
                        within(1e-10));
            }
            // The fixed set: w^2 = (1 - 2 rho)^2, Delta / (w u) = mu / (1 - 2 rho) (hand witness), and both flows vanish.
            double w2 = th.sgHeadSquared().at(p);
            double ratio = th.sgDeltaOverHeadU().at(p);
            assertThat(w2).isCloseTo(sq(1 - 2 * rho), within(1e-12));
            assertThat(ratio).isCloseTo(mu / (1 - 2 * rho), within(1e-12));
            double wf = Math.sqrt(w2);
            double dlf = ratio * wf * u;
            Bindings fixed = p.with("u", u).with("v", 0).with("dl", dlf).with("S", 0).with("w", wf);
            for (int i = 0; i < 3; i++) {
                assertThat(rhs(th.sgEquations().get(i), fixed)).isCloseTo(0, within(1e-10));
            }
            // Without sg, Delta still moves there: mu u ((1 - 2 rho)^2 - 1) / 2 (hand witness), non-zero for rho > 0.
            double pf = th.projectionFlowAtSgFixedPoint().at(p.with("u", u));
            assertThat(pf).isCloseTo(mu * u * (sq(1 - 2 * rho) - 1) / 2, within(1e-10));
        }
        assertThat(th.sgHeadFlowVanishes()).isTrue();
    }

    /** 2-homogeneity of the per-sample terms (Euler), and the sg field's failure to be a gradient of one. */
    static void scaling(TeacherStudentTheory th) {
        assertThat(th.eulerPlain()).isEqualTo("0");
        assertThat(th.eulerProjection()).isEqualTo("0");
        assertThat(th.eulerPlainZero()).isTrue();
        assertThat(th.eulerProjectionZero()).isTrue();
        assertThat(th.scalingPlainZero()).isTrue();
        assertThat(th.scalingProjectionZero()).isTrue();
        assertThat(th.sgNormRateZero()).isFalse();
        // r ṙ + y ẏ + 2ℓ under the sg field = r² + y² − 2 w r y (hand witness).
        Random rnd = new Random(8);
        for (int trial = 0; trial < 3; trial++) {
            double r = rnd.nextGaussian();
            double y = rnd.nextGaussian();
            double w = rnd.nextGaussian();
            assertThat(SymjaForm.of(th.sgNormRate()).at(Bindings.of("r", r, "y", y, "w", w)))
                    .isCloseTo(r * r + y * y - 2 * w * r * y, within(1e-10));
        }
    }
}
