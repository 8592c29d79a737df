package org.collapseharness.numerics.propagation;

import org.collapseharness.numerics.ArrayOps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.collapseharness.numerics.InitialStates;
import org.collapseharness.numerics.LinearOperators;
import org.collapseharness.numerics.Metrics;
import org.collapseharness.numerics.MinimalModelFlow;
import org.collapseharness.numerics.OdeAlgorithm;
import org.collapseharness.numerics.PairLinearFlow;
import org.collapseharness.numerics.ParticleLayout;
import org.collapseharness.numerics.ReturnCode;
import org.collapseharness.numerics.TimeGrid;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("MinimalModelRun and the dense/fallback propagators: every route against an independent matrix exponential")
class MinimalModelRunTest {

    /** K = 3, n = 2, m = 1: per-coordinate spectrum {0, −1, −3, −2 ± √3, −2, −5} (hand-typed second witness). */
    static final ParticleLayout L = new ParticleLayout(3, 2, 1, 2);
    static final double SLOW = 2 - Math.sqrt(3);
    static final OdeAlgorithm DP = OdeAlgorithm.dp853(1e-11, 1e-13);

    /** Independent witness: Hipparchus' matrix exponential of the assembled per-coordinate matrix. */
    static double[] expm(ParticleLayout l, double[] y0, double t) {
        return LinearOperators.expmApply(LinearOperators.assemble(new MinimalModelFlow(l.perCoordinate())), t, y0,
                l.dim());
    }

    @Test
    @DisplayName("long horizons: the Krylov witness keeps growing its basis instead of trusting a bound sampled late")
    void witnessAtLongHorizons() {
        ParticleLayout l = new ParticleLayout(3, 10, 3, 2);
        double[] y0 = InitialStates.gaussian(l.size(), 20260409L, 1.0);
        for (double t : new double[] {1e3, 1e5}) {
            double[] check = {t / 2, t};
            MinimalModelRun.Witness w = MinimalModelRun.witness(l, y0, check, 40);
            assertThat(w.description()).as("t=" + t).startsWith("Krylov");
            double[] exact = expm(l, y0, t);
            double err = 0;
            for (int i = 0; i < exact.length; i++) {
                err = Math.max(err, Math.abs(exact[i] - w.states()[1][i]));
            }
            assertThat(err).as("t=" + t).isLessThan(1e-9);
        }
    }

    @Test
    @DisplayName("sector, dense and DP853 routes: MinL2, accuracy and loss equal those of exp(tA) y0; error vs witness tiny")
    void routesAgreeWithMatrixExponential() {
        double[] times = TimeGrid.uniform(40, 80);
        double[] y0 = InitialStates.gaussian(L.size(), 4, 1.0);
        double[] last = expm(L, y0, 40);
        MinimalModelFlow flow = new MinimalModelFlow(L);
        for (MinimalModelRun.Route route : MinimalModelRun.Route.values()) {
            MinimalModelRun.Result r = MinimalModelRun.run(L, 4, times, route, DP, 3);
            assertThat(r.success()).as(route + " " + r.message()).isTrue();
            assertThat(r.code()).isEqualTo(ReturnCode.SUCCESS);
            assertThat(r.layout()).isEqualTo(L);
            assertThat(r.route()).isEqualTo(route == MinimalModelRun.Route.AUTO ? MinimalModelRun.Route.SECTOR : route);
            assertThat(r.times()).containsExactly(times);
            for (int i = 0; i < times.length; i += 7) {
                assertThat(r.minL2()[i]).as("%s MinL2 at t=%s", route, times[i])
                        .isCloseTo(Metrics.minL2(L, expm(L, y0, times[i])), within(1e-9));
            }
            assertThat(r.accuracyFinal()).isEqualTo(Metrics.accuracy(L, last));
            assertThat(r.lossFinal()).isCloseTo(flow.loss(last), within(1e-12));
            // exact routes agree with the Chebyshev witness to roundoff; DP853 to its tolerance
            assertThat(r.maxAbsErrorVsExact()).isLessThan(r.route() == MinimalModelRun.Route.DP853 ? 1e-8 : 1e-11);
            // MinL2 decays with the slow sector-II rate 2 − √3
            assertThat(r.slowFit().ok()).isTrue();
            assertThat(r.slowFit().rate()).isCloseTo(-SLOW, within(1e-3));
            assertThat(r.routeSeconds()).isBetween(0.0, 60.0);
            assertThat(r.witnessSeconds()).isBetween(0.0, 60.0);
            switch (r.route()) {
                case SECTOR -> {
                    assertThat(r.numericSlowRate()).isCloseTo(SLOW, within(1e-12));
                    assertThat(r.invarianceResidual()).isLessThan(1e-12);
                    assertThat(r.errorCheckTimes()).isEqualTo(3);
                    assertThat(r.checkTimes()).hasSize(3).endsWith(40.0);
                    assertThat(r.witness()).startsWith("Krylov exp(tA)");
                    assertThat(r.witnessEvaluations()).isPositive();
                    assertThat(r.rhsEvaluations()).isPositive();
                }
                case DENSE -> {
                    assertThat(r.numericSlowRate()).isNaN();
                    assertThat(r.invarianceResidual()).isNaN();
                    assertThat(r.rhsEvaluations()).isEqualTo(L.vectors() + 1);
                    assertThat(r.errorCheckTimes()).isEqualTo(3);
                }
                case DP853 -> {
                    assertThat(r.numericSlowRate()).isCloseTo(SLOW, within(1e-12));
                    assertThat(r.invarianceResidual()).isLessThan(1e-12);
                    assertThat(r.errorCheckTimes()).isEqualTo(times.length);
                    assertThat(r.checkTimes()).containsExactly(times);
                    assertThat(r.witness()).startsWith("sector propagator");
                    assertThat(r.rhsEvaluations()).isGreaterThan(100);
                    assertThat(r.witnessEvaluations()).isPositive();
                    assertThat(r.maxAbsErrorVsExact()).isPositive();
                }
                default -> throw new AssertionError(route);
            }
        }
    }

    @Test
    @DisplayName("the error check is not blind: a run from a state the witness does not see is compared with it")
    void explicitStateAndChecks() {
        double[] y0 = InitialStates.gaussian(L.size(), 9, 2.0);
        double[] times = {0, 1, 2, 4};
        MinimalModelRun.Result r = MinimalModelRun.runWithChecks(L, y0, times, MinimalModelRun.Route.SECTOR, DP,
                new double[] {1, 4});
        assertThat(r.checkTimes()).containsExactly(1, 4);
        assertThat(r.errorCheckTimes()).isEqualTo(2);
        assertThat(r.maxAbsErrorVsExact()).isLessThan(1e-10);
        assertThat(r.minL2()[3]).isCloseTo(Metrics.minL2(L, expm(L, y0, 4)), within(1e-10));
        assertThat(r.minL2()[0]).isCloseTo(Metrics.minL2(L, y0), within(1e-12));
        MinimalModelRun.Result dense = MinimalModelRun.runWithChecks(L, y0, times, MinimalModelRun.Route.DENSE, DP,
                new double[] {2});
        assertThat(dense.checkTimes()).containsExactly(2);
        assertThat(dense.maxAbsErrorVsExact()).isLessThan(1e-10);
        // the first output time is a valid check time (index 0)
        MinimalModelRun.Result first = MinimalModelRun.runWithChecks(L, y0, times, MinimalModelRun.Route.SECTOR, DP,
                new double[] {0});
        assertThat(first.checkTimes()).containsExactly(0);
        assertThat(first.maxAbsErrorVsExact()).isLessThan(1e-12);
        assertThatThrownBy(() -> MinimalModelRun.runWithChecks(L, y0, times, MinimalModelRun.Route.SECTOR, DP,
                new double[] {3})).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("check time 3.0 is not an output time");
        // no checks requested: no witness, NaN error
        MinimalModelRun.Result none = MinimalModelRun.run(L, y0, times, MinimalModelRun.Route.SECTOR, DP, -1);
        assertThat(none.success()).isTrue();
        assertThat(none.maxAbsErrorVsExact()).isNaN();
        assertThat(none.witness()).isEqualTo("none (no check times requested)");
        assertThat(none.witnessEvaluations()).isZero();
        assertThat(none.errorCheckTimes()).isZero();
        assertThat(none.checkTimes()).isEmpty();
        assertThat(none.lossFinal()).isCloseTo(new MinimalModelFlow(L).loss(expm(L, y0, 4)), within(1e-10));
    }

    @Test
    @DisplayName("failures are results: a dense system over the limit, an integrator out of budget")
    void failures() {
        ParticleLayout huge = new ParticleLayout(2, 2000, 1, 1);
        MinimalModelRun.Result dense = MinimalModelRun.run(huge, 1, new double[] {0, 1}, MinimalModelRun.Route.DENSE,
                DP, 1);
        assertThat(dense.success()).isFalse();
        assertThat(dense.code()).isEqualTo(ReturnCode.FAILURE);
        assertThat(dense.message()).isEqualTo("dense route limited to 4000 vectors");
        assertThat(dense.times()).isEmpty();
        assertThat(dense.slowFit().ok()).isFalse();
        assertThat(dense.maxAbsErrorVsExact()).isNaN();
        assertThat(dense.route()).isEqualTo(MinimalModelRun.Route.DENSE);
        double[] y0 = InitialStates.gaussian(L.size(), 2, 1.0);
        MinimalModelRun.Result dp = MinimalModelRun.run(L, y0, new double[] {1, 2}, MinimalModelRun.Route.DP853,
                DP.withMaxEvaluations(30), 0);
        assertThat(dp.success()).isFalse();
        assertThat(dp.code()).isEqualTo(ReturnCode.MAX_EVALUATIONS);
        assertThat(dp.times()).isEmpty();
        assertThat(dp.maxAbsErrorVsExact()).isNaN();
        // nothing reached: the observables are those of the initial state
        assertThat(dp.accuracyFinal()).isEqualTo(Metrics.accuracy(L, y0));
        assertThat(dp.lossFinal()).isEqualTo(new MinimalModelFlow(L).loss(y0));
        MinimalModelRun.Result part = MinimalModelRun.run(L, y0, new double[] {0, 50}, MinimalModelRun.Route.DP853,
                DP.withMaxEvaluations(60), 0);
        assertThat(part.code()).isEqualTo(ReturnCode.MAX_EVALUATIONS);
        assertThat(part.times()).containsExactly(0);
        assertThat(part.maxAbsErrorVsExact()).isLessThan(1e-14);
        assertThat(part.lossFinal()).isEqualTo(new MinimalModelFlow(L).loss(y0));
    }

    @Test
    @DisplayName("the slow fit stops where MinL2 reaches the underflow floor 1e-7·max|y0|")
    void fitFloor() {
        ParticleLayout l = new ParticleLayout(2, 1, 1, 1);
        double[] y0 = InitialStates.gaussian(l.size(), 12, 10.0);
        double floor = 1e-7 * ArrayOps.maxAbs(y0);
        double[] times = TimeGrid.uniform(80, 160);
        for (MinimalModelRun.Route route : new MinimalModelRun.Route[] {MinimalModelRun.Route.SECTOR,
            MinimalModelRun.Route.DP853}) {
            MinimalModelRun.Result r = MinimalModelRun.run(l, y0, times, route, DP, 1);
            double lastAbove = Double.NaN;
            for (int i = 0; i < times.length; i++) {
                if (r.minL2()[i] > floor) {
                    lastAbove = times[i];
                }
            }
            assertThat(lastAbove).as("MinL2 crosses the floor inside the grid").isLessThan(70);
            assertThat(r.slowFit().tEnd()).as(route.toString()).isEqualTo(lastAbove);
            // K = 2, n = 1, m = 1: slow rate (3 − √5)/2
            assertThat(r.slowFit().rate()).isCloseTo(-(3 - Math.sqrt(5)) / 2, within(1e-3));
        }
    }

    @Test
    @DisplayName("the Chebyshev fallback names its spectral bound: rigorous up to 6000 vectors, power iteration beyond")
    void witnessBoundKind() {
        ParticleLayout edge = new ParticleLayout(2, 2998, 2, 1);
        double[] y0 = InitialStates.gaussian(edge.size(), 1, 1.0);
        double[] at = {0.01};
        MinimalModelRun.Witness w = MinimalModelRun.witness(edge, y0, at, 2);
        assertThat(w.description()).startsWith("Chebyshev").contains("Collatz-Wielandt/Gershgorin");
        SectorPropagator exact = SectorPropagator.create(edge, new MinimalModelFlow(edge.perCoordinate()), y0);
        assertThat(ArrayOps.maxAbsDiff(w.states()[0], exact.state(0.01))).isLessThan(1e-10);
        ParticleLayout bigLayout = new ParticleLayout(2, 3000, 1, 1);
        double[] y1 = InitialStates.gaussian(bigLayout.size(), 1, 1.0);
        MinimalModelRun.Witness big = MinimalModelRun.witness(bigLayout, y1, at, 2);
        assertThat(big.description()).contains("power iteration x1.25");
        SectorPropagator exact1 = SectorPropagator.create(bigLayout, new MinimalModelFlow(bigLayout.perCoordinate()),
                y1);
        assertThat(ArrayOps.maxAbsDiff(big.states()[0], exact1.state(0.01))).isLessThan(1e-10);
        // the default witness on the same systems is the Krylov one, with a handful of applications
        MinimalModelRun.Result r = MinimalModelRun.run(bigLayout, 1, new double[] {0, 0.01},
                MinimalModelRun.Route.SECTOR, DP, 1);
        assertThat(r.witness()).startsWith("Krylov");
        assertThat(r.witnessEvaluations()).isLessThan(40);
        assertThat(r.maxAbsErrorVsExact()).isLessThan(1e-10);
    }

    @Test
    @DisplayName("check indices: none, all, or the last time plus geometrically spread earlier times")
    void checkIndices() {
        double[] t = {0, 1, 2, 4, 8, 16};
        assertThat(MinimalModelRun.checkIndices(t, -1)).isEmpty();
        assertThat(MinimalModelRun.checkIndices(t, 0)).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(MinimalModelRun.checkIndices(t, 6)).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(MinimalModelRun.checkIndices(t, 9)).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(MinimalModelRun.checkIndices(t, 1)).containsExactly(5);
        assertThat(MinimalModelRun.checkIndices(t, 2)).containsExactly(3, 5);
        assertThat(MinimalModelRun.checkIndices(t, 3)).containsExactly(1, 3, 5);
        assertThat(MinimalModelRun.checkIndices(t, 5)).containsExactly(1, 2, 3, 4, 5);
        assertThat(MinimalModelRun.checkIndices(new double[] {0, 0.5, 1, 2}, 3)).containsExactly(1, 2, 3);
        // nearest in log t: the geometric midpoint of [1, 100] is 10, nearer to 12 than to 5 in ratio
        assertThat(MinimalModelRun.checkIndices(new double[] {1, 5, 12, 100}, 2)).containsExactly(2, 3);
        assertThat(MinimalModelRun.checkIndices(new double[] {0}, 1)).containsExactly(0);
    }

    @Test
    @DisplayName("spectral bounds: tight Collatz-Wielandt/Gershgorin for small systems, power iteration x1.25 for large ones")
    void spectralBounds() {
        // largest |eigenvalue| of K=3, n=2, m=1 is 5 (sector III: λ² + 7λ + 10)
        double small = MinimalModelRun.spectralBound(L);
        assertThat(small).isGreaterThanOrEqualTo(5 - 1e-12).isLessThan(5 * 1.01);
        // K=2, n=3000, m=1: 6003 vectors > 6000; sector III λ² + 3004λ + 6003, sector II λ² + 3002λ + 1
        ParticleLayout big = new ParticleLayout(2, 3000, 1, 1);
        double rho = Math.max((3004 + Math.sqrt(3004.0 * 3004 - 4 * 6003)) / 2,
                (3002 + Math.sqrt(3002.0 * 3002 - 4)) / 2);
        double bound = MinimalModelRun.spectralBound(big);
        assertThat(bound).isGreaterThanOrEqualTo(rho).isLessThanOrEqualTo(1.25 * rho * (1 + 1e-9));
        // the boundary: exactly 6000 vectors still takes the rigorous route (bound within 1 % of ρ)
        ParticleLayout edge = new ParticleLayout(2, 2998, 2, 1);
        double rhoEdge = (2 + 2998 + 2 + 1 + Math.sqrt(Math.pow(2 + 2998 + 2 + 1, 2) - 4 * (2 * 2999 + 2))) / 2;
        assertThat(edge.vectors()).isEqualTo(MinimalModelRun.GERSHGORIN_MAX_VECTORS);
        assertThat(MinimalModelRun.spectralBound(edge)).isGreaterThanOrEqualTo(rhoEdge - 1e-9)
                .isLessThan(rhoEdge * 1.01);
    }

    @Test
    @DisplayName("slow rate: 2 − √3 with shared samples, 0 (the conserved class bias) without; helpers")
    void slowRateAndHelpers() {
        double[] y0 = InitialStates.gaussian(L.size(), 3, 1.0);
        SectorPropagator s = SectorPropagator.create(L, new MinimalModelFlow(L.perCoordinate()), y0);
        assertThat(MinimalModelRun.slowRate(s)).isCloseTo(SLOW, within(1e-12));
        assertThat(s.layout()).isEqualTo(L);
        assertThat(s.sectorResiduals()).hasSize(3);
        assertThat(java.util.Arrays.stream(s.sectorResiduals()).max().getAsDouble()).isEqualTo(s.invarianceResidual());
        ParticleLayout clean = new ParticleLayout(3, 2, 0, 1);
        SectorPropagator s0 = SectorPropagator.create(clean, new MinimalModelFlow(clean),
                InitialStates.gaussian(clean.size(), 3, 1.0));
        assertThat(MinimalModelRun.slowRate(s0)).isCloseTo(0, within(1e-12));
        assertThat(ArrayOps.maxAbsDiff(new double[] {1, -2, 3}, new double[] {1.5, 2, 2})).isEqualTo(4.0);
        assertThat(ArrayOps.maxAbs(new double[] {1, -7, 3})).isEqualTo(7.0);
        assertThat(ArrayOps.maxAbs(new double[0])).isZero();
    }

    /** A non-symmetric pair flow on the per-coordinate layout: samples pulled twice as hard as labels. */
    static PairLinearFlow asymmetric(ParticleLayout l) {
        return new PairLinearFlow(l, new PairLinearFlow.Coefficients(new double[] {-2, 2, 0}, new double[] {1, -1, 0},
                new double[] {-1, 1, 0}, new double[] {0.5, -0.5, 0}, 0, 0, 0, false));
    }

    @Test
    @DisplayName("dense propagator: eigen route for symmetric flows, matrix exponential for non-symmetric ones")
    void densePropagator() {
        ParticleLayout l = new ParticleLayout(2, 2, 1, 2);
        double[] y0 = InitialStates.gaussian(l.size(), 6, 1.0);
        DensePropagator sym = new DensePropagator(l, new MinimalModelFlow(l.perCoordinate()), y0);
        assertThat(sym.route()).isEqualTo("dense-eigen");
        assertThat(sym.valid()).isTrue();
        assertThat(sym.quality()).isLessThan(1e-12);
        assertThat(sym.rhsEvaluations()).isEqualTo(l.vectors() + 1);
        double[] want = expm(l, y0, 1.7);
        assertThat(ArrayOps.maxAbsDiff(sym.state(1.7), want)).isLessThan(1e-12);
        OrdinaryDifferentialEquation asym = asymmetric(l.perCoordinate());
        double[][] a = LinearOperators.assemble(asym);
        assertThat(LinearOperators.asymmetry(a)).isGreaterThan(0.1);
        DensePropagator ex = new DensePropagator(l, asym, y0);
        assertThat(ex.route()).isEqualTo("dense-expm");
        assertThat(ex.quality()).isNaN();
        assertThat(ex.valid()).isTrue();
        double[] wantAsym = LinearOperators.expmApply(a, 1.7, y0, 2);
        double[] got = ex.state(1.7);
        assertThat(ArrayOps.maxAbsDiff(got, wantAsym)).isLessThan(1e-12);
        double[] lab = ex.labels(1.7);
        assertThat(lab).hasSize(4);
        for (int c = 0; c < 2; c++) {
            for (int q = 0; q < 2; q++) {
                assertThat(lab[c * 2 + q]).isEqualTo(got[l.label(c) + q]);
            }
        }
        assertThat(sym.labels(1.7)).hasSize(4);
        assertThat(sym.labels(1.7)[3]).isCloseTo(want[l.label(1) + 1], within(1e-12));
        // the initial state is copied, not aliased
        y0[0] = 1e6;
        assertThat(ex.state(0)[0]).isNotEqualTo(1e6);
    }

    @Test
    @DisplayName("route selection for the minimal model: the sector route, exact")
    void propagators() {
        double[] y0 = InitialStates.gaussian(L.size(), 8, 1.0);
        StatePropagator p = Propagators.forMinimalModel(L, 0.5, y0);
        assertThat(p.route()).isEqualTo("sector");
        assertThat(p.valid()).isTrue();
        double[] want = LinearOperators.expmApply(
                LinearOperators.assemble(new MinimalModelFlow(L.perCoordinate(), 0.5)), 3, y0, L.dim());
        assertThat(ArrayOps.maxAbsDiff(p.state(3), want)).isLessThan(1e-11);
    }

    @Test
    @DisplayName("LinearMap.of(any linear ODE) applies it into a caller-owned array")
    void linearMapOfOde() {
        OrdinaryDifferentialEquation f = asymmetric(new ParticleLayout(2, 1, 1, 1));
        LinearMap m = LinearMap.of(f);
        assertThat(m.dimension()).isEqualTo(5);
        double[] in = {1, 2, 3, 4, 5};
        double[] out = new double[5];
        m.apply(in, out);
        assertThat(out).containsExactly(f.computeDerivatives(0, in));
    }
}
