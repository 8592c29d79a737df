package org.collapseharness.theory.symbolic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.collapseharness.theory.Bindings;
import org.collapseharness.theory.TeacherStudentTheory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The derived §5 reduced theory, checked numerically at random parameter points")
class TeacherStudentDerivationTest {

    @Test
    @DisplayName("eigenvalues, rho_eff, zero mode and sg fixed set agree with direct numerics at random points")
    void randomPoints() {
        TeacherStudentTheory th = TeacherStudentDerivation.derive();
        Random rnd = new Random(5);
        for (int i = 0; i < 6; i++) {
            double rho = 0.45 * rnd.nextDouble();
            double mu = 0.2 + 2 * rnd.nextDouble();
            double sigma = 0.1 + 2 * rnd.nextDouble();
            Bindings b = Bindings.of("rho", rho, "mu", mu, "sigma", sigma);
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
            // second witness (hand-typed, labelled): the (u, Delta) matrix of a gradient flow with 1/N normalisation
            assertThat(m[0][0]).isCloseTo(-mu * mu, within(1e-12));
            assertThat(m[1][1]).isCloseTo(-0.5, within(1e-12));
            // sg fixed set: w^2 and Delta/(w u) make du/dt and dDelta/dt vanish (k = 1 reduced sg flow, v = S = 0)
            double a = (1 - 2 * rho) * mu;
            double w = Math.sqrt(th.sgHeadSquared().at(b));
            double u = 0.7;
            double dl = th.sgDeltaOverHeadU().at(b) * w * u;
            assertThat(dl * a * w - mu * mu * u * w * w).isCloseTo(0, within(1e-10));
            assertThat(0.5 * a * u * w - 0.5 * dl * w * w).isCloseTo(0, within(1e-10));
        }
        Bindings zero = Bindings.of("rho", 0.0, "mu", 1.7, "sigma", 1.0);
        double[][] m0 = th.collapseMatrixAt(zero);
        double nu = th.nullVector().get(0).at(zero);
        double ndl = 0.5 * (th.nullVector().get(1).at(zero) - th.nullVector().get(2).at(zero));
        assertThat(m0[0][0] * nu + m0[0][1] * ndl).isCloseTo(0, within(1e-12));
        assertThat(m0[1][0] * nu + m0[1][1] * ndl).isCloseTo(0, within(1e-12));
        assertThat(th.eulerPlainZero()).isTrue();
        assertThat(th.eulerProjectionZero()).isTrue();
        assertThat(th.sgNormRateZero()).isFalse();
        assertThat(th.sgHeadFlowVanishes()).isTrue();
    }
}
