package org.collapseharness.numerics.propagation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.collapseharness.numerics.InitialStates;
import org.collapseharness.numerics.MinimalModelFlow;
import org.collapseharness.numerics.ParticleLayout;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("KrylovPropagator: the §3 witness from the hand-coded RHS alone, with an honest error estimate")
class KrylovPropagatorTest {

    static final ParticleLayout L = new ParticleLayout(3, 20, 5, 2);

    static double maxDiff(double[] a, double[] b) {
        return org.collapseharness.numerics.ArrayOps.maxAbsDiff(a, b);
    }

    @Test
    @DisplayName("exp(tA)y0 equals the matrix exponential of the assembled flow at t = 0.3, 10, 200 with ~10 vectors")
    void agreesWithMatrixExponential() {
        double[] y0 = InitialStates.gaussian(L.size(), 11, 1.0);
        KrylovPropagator k = KrylovPropagator.build(LinearMap.of(new MinimalModelFlow(L)), y0, 40);
        assertThat(k.invariant()).isTrue();
        assertThat(k.dimension()).isBetween(4, 16);
        assertThat(k.applications()).isEqualTo(k.dimension());
        for (double t : new double[] {0, 0.3, 10, 200}) {
            assertThat(maxDiff(k.propagate(t), MinimalModelRunTest.expm(L, y0, t))).as("t=%s", t).isLessThan(1e-11);
        }
        assertThat(k.propagate(0)).containsExactly(k.propagate(0)); // deterministic
        // y0 = 0: an empty basis, exp(tA)0 = 0 at every t, no applications
        KrylovPropagator zero = KrylovPropagator.build(LinearMap.of(new MinimalModelFlow(L)), new double[L.size()], 5);
        assertThat(zero.dimension()).isZero();
        assertThat(zero.applications()).isZero();
        assertThat(zero.invariant()).isTrue();
        assertThat(zero.propagate(3)).hasSize(L.size()).containsOnly(0.0);
        assertThat(zero.errorEstimate(3)).isZero();
    }

    @Test
    @DisplayName("a truncated basis: the a-posteriori estimate bounds the true error, and is itself not tiny")
    void estimateBoundsTheError() {
        double[] y0 = InitialStates.gaussian(L.size(), 12, 1.0);
        for (int m = 2; m <= 6; m++) {
            KrylovPropagator k = KrylovPropagator.build(LinearMap.of(new MinimalModelFlow(L)), y0, m);
            assertThat(k.invariant()).isFalse();
            for (double t : new double[] {0.05, 1, 20}) {
                double[] exact = MinimalModelRunTest.expm(L, y0, t);
                double[] approx = k.propagate(t);
                double err2 = 0;
                for (int i = 0; i < exact.length; i++) {
                    err2 += (exact[i] - approx[i]) * (exact[i] - approx[i]);
                }
                assertThat(Math.sqrt(err2)).as("m=%d t=%s", m, t).isLessThanOrEqualTo(k.errorEstimate(t) * 1.000001);
            }
            assertThat(k.errorEstimate(20)).isGreaterThan(1e-8);
            assertThat(k.errorEstimate(0)).isZero();
        }
        // the stop rule stops at the first basis (of at least 3 vectors) whose bound at t = 0.02 is below the
        // tolerance, before the space is invariant
        int first = 3;
        while (KrylovPropagator.build(LinearMap.of(new MinimalModelFlow(L)), y0, first).errorEstimate(0.02) > 1e-3) {
            first++;
        }
        KrylovPropagator early = KrylovPropagator.build(LinearMap.of(new MinimalModelFlow(L)), y0, 40, 0.02, 1e-3);
        assertThat(early.dimension()).isEqualTo(first);
        assertThat(early.invariant()).isFalse();
        assertThat(early.relativeBreakdown()).isGreaterThan(1e-9);
        assertThat(maxDiff(early.propagate(0.02), MinimalModelRunTest.expm(L, y0, 0.02))).isLessThan(1e-3);
        // the stop rule: build until the estimate at t = 20 is below 1e-9
        KrylovPropagator auto = KrylovPropagator.build(LinearMap.of(new MinimalModelFlow(L)), y0, 40, 20, 1e-9);
        assertThat(auto.invariant() || auto.errorEstimate(20) <= 1e-9).isTrue();
        assertThat(maxDiff(auto.propagate(20), MinimalModelRunTest.expm(L, y0, 20))).isLessThan(1e-9);
    }

    @Test
    @DisplayName("MinimalModelRun's witness: Krylov when it converges, the Chebyshev expansion when it cannot (2 vectors)")
    void witnessRoutes() {
        double[] y0 = InitialStates.gaussian(L.size(), 13, 1.0);
        double[] times = {0.5, 30};
        MinimalModelRun.Witness kry = MinimalModelRun.witness(L, y0, times, 40);
        MinimalModelRun.Witness cheb = MinimalModelRun.witness(L, y0, times, 2);
        assertThat(kry.description()).startsWith("Krylov").contains(", invariant,");
        assertThat(cheb.description()).startsWith("Chebyshev").contains("after 2 vectors");
        assertThat(cheb.evaluations()).isGreaterThan(10 * kry.evaluations());
        for (int i = 0; i < times.length; i++) {
            double[] exact = MinimalModelRunTest.expm(L, y0, times[i]);
            assertThat(maxDiff(kry.states()[i], exact)).isLessThan(1e-11);
            assertThat(maxDiff(cheb.states()[i], exact)).isLessThan(1e-11);
        }
        // a witness that would take hours is declined and says why; the run then reports NaN, never a fake error
        MinimalModelRun.Witness none = MinimalModelRun.witness(L, y0, times, 2, 1000);
        assertThat(none.states()).isNull();
        assertThat(none.description()).startsWith("none: Krylov error estimate").contains("applications");
        // the decline limit is exact: at the predicted Chebyshev work the witness runs, one below it is declined
        double work = (double) ChebyshevPropagator.coefficients(30 * MinimalModelRun.spectralBound(L) / 2, 1e-16).length
                * L.size();
        assertThat(MinimalModelRun.witness(L, y0, times, 2, work).description()).startsWith("Chebyshev");
        assertThat(MinimalModelRun.witness(L, y0, times, 2, work - 1).states()).isNull();
        assertThat(MinimalModelRun.krylovBudget(100)).isEqualTo(MinimalModelRun.KRYLOV_MAX_DIM);
        assertThat(MinimalModelRun.krylovBudget(Integer.MAX_VALUE)).isEqualTo(2);
        assertThatThrownBy(() -> KrylovPropagator.build(LinearMap.of(new MinimalModelFlow(L)), new double[3], 5))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
