package org.collapseharness.numerics.propagation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.collapseharness.numerics.ExactLinearPropagator;
import org.collapseharness.numerics.InitialStates;
import org.collapseharness.numerics.LinearOperators;
import org.collapseharness.numerics.MinimalModelFlow;
import org.collapseharness.numerics.ParticleLayout;
import org.junit.jupiter.api.Test;

class ChebyshevPropagatorTest {

    @Test
    void besselCoefficientsAreNormalised() {
        for (double z : new double[] {1e-3, 0.5, 3, 40, 900, 5e4}) {
            double[] c = ChebyshevPropagator.coefficients(z, 1e-16);
            double sum = 0;
            for (double v : c) {
                sum += v;
            }
            // Σ a_k = e^{-z}(I_0 + 2ΣI_k) = 1 (value of the expansion at B = I, i.e. exp(0) for the zero mode).
            assertThat(sum).as("z=%s", z).isCloseTo(1.0, within(1e-13));
        }
        // e^{-z} I_0(z) at z = 1: 0.46575960759364043 (tabulated value, independent witness).
        assertThat(ChebyshevPropagator.coefficients(1, 1e-17)[0]).isCloseTo(0.46575960759364043, within(1e-15));
        // Term count grows like sqrt(z): about sqrt(2 z ln(1/tol)).
        int terms = ChebyshevPropagator.coefficients(5e4, 1e-15).length;
        assertThat((double) terms).isBetween(0.5 * Math.sqrt(2 * 5e4 * 34.5), 1.5 * Math.sqrt(2 * 5e4 * 34.5));
    }

    @Test
    void matchesDenseEigenPropagation() {
        ParticleLayout l = new ParticleLayout(3, 30, 12, 2);
        double[] y0 = InitialStates.gaussian(l.size(), 4, 1.0);
        double[][] a1 = LinearOperators.assemble(new MinimalModelFlow(l.perCoordinate()));
        ExactLinearPropagator dense = new ExactLinearPropagator(a1, 2);
        double bound = ChebyshevPropagator.gershgorin(a1);
        ChebyshevPropagator ch = new ChebyshevPropagator(LinearMap.of(new MinimalModelFlow(l)), bound, 1e-16);
        for (double t : new double[] {1e-3, 0.2, 3, 60}) {
            double[] exact = dense.propagate(y0, t);
            double[] cheb = ch.propagate(y0, t);
            assertThat(SectorPropagatorTest.maxDiff(exact, cheb)).as("t=%s", t).isLessThan(1e-11);
        }
        long before = ch.applications();
        assertThat(ch.propagate(y0, 0)).containsExactly(y0); // t = 0: the state itself, no application
        assertThat(ch.applications()).isEqualTo(before);
        double[] times = {0.05, 0.5, 5, 50};
        double[][] stepped = ch.propagate(y0, times);
        for (int i = 0; i < times.length; i++) {
            assertThat(SectorPropagatorTest.maxDiff(dense.propagate(y0, times[i]), stepped[i])).isLessThan(1e-11);
        }
        // Power-iteration bound with safety factor encloses the spectrum here as well.
        double power = ChebyshevPropagator.powerBound(LinearMap.of(new MinimalModelFlow(l)), 60, 1.25, 1);
        double[] ev = dense.eigenvalues();
        double rho = 0;
        for (double v : ev) {
            rho = Math.max(rho, Math.abs(v));
        }
        assertThat(power).isGreaterThan(rho).isLessThanOrEqualTo(bound * 1.25);
        // Rigorous Collatz-Wielandt bound: encloses the spectrum, within 1% of it, at most the Gershgorin bound.
        double cw = ChebyshevPropagator.rigorousBound(LinearMap.of(new MinimalModelFlow(l.perCoordinate())), 200);
        assertThat(cw).isGreaterThanOrEqualTo(rho * (1 - 1e-12)).isLessThan(1.01 * rho).isLessThanOrEqualTo(bound);
        assertThat(ChebyshevPropagator.gershgorinColumns(LinearMap.of(new MinimalModelFlow(l.perCoordinate()))))
                .isCloseTo(bound, within(1e-12));
        ChebyshevPropagator tight = new ChebyshevPropagator(LinearMap.of(new MinimalModelFlow(l)), cw * (1 + 1e-9),
                1e-16);
        assertThat(SectorPropagatorTest.maxDiff(dense.propagate(y0, 60), tight.propagate(y0, 60))).isLessThan(1e-11);
    }

    @Test
    void truncationErrorFollowsTheTolerance() {
        // Convergence of the expansion: the error against dense eigen-propagation stays below the requested tail
        // tolerance (times the state norm) and the term count grows as the tolerance shrinks.
        ParticleLayout l = new ParticleLayout(3, 25, 10, 1);
        double[] y0 = InitialStates.gaussian(l.size(), 8, 1.0);
        double[][] a1 = LinearOperators.assemble(new MinimalModelFlow(l));
        ExactLinearPropagator dense = new ExactLinearPropagator(a1, 1);
        double bound = ChebyshevPropagator.gershgorin(a1);
        double norm = 0;
        for (double v : y0) {
            norm += v * v;
        }
        norm = Math.sqrt(norm);
        long previous = 0;
        for (double tol : new double[] {1e-3, 1e-6, 1e-9, 1e-12}) {
            ChebyshevPropagator ch = new ChebyshevPropagator(LinearMap.of(new MinimalModelFlow(l)), bound, tol);
            double err = SectorPropagatorTest.maxDiff(dense.propagate(y0, 4), ch.propagate(y0, 4));
            assertThat(err).as("tol=%s", tol).isLessThan(tol * norm + 1e-12);
            assertThat(ch.applications()).isGreaterThan(previous);
            previous = ch.applications();
        }
    }

    @Test
    void tooSmallSpectralBoundIsWrong() {
        // Negative control: a bound that does not enclose the spectrum gives a visibly wrong answer.
        ParticleLayout l = new ParticleLayout(2, 20, 5, 1);
        double[] y0 = InitialStates.gaussian(l.size(), 6, 1.0);
        double[][] a1 = LinearOperators.assemble(new MinimalModelFlow(l));
        ExactLinearPropagator dense = new ExactLinearPropagator(a1, 1);
        ChebyshevPropagator bad = new ChebyshevPropagator(LinearMap.of(new MinimalModelFlow(l)),
                0.3 * ChebyshevPropagator.gershgorin(a1), 1e-16);
        assertThat(SectorPropagatorTest.maxDiff(dense.propagate(y0, 2), bad.propagate(y0, 2))).isGreaterThan(1e-3);
    }
}
