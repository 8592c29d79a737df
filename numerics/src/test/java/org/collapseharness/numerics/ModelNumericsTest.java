package org.collapseharness.numerics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.collapseharness.theory.MinimalModel;
import org.collapseharness.theory.ModelParameterException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The §3 flow, metrics, rate fits, grids and the simulator")
class ModelNumericsTest {

    @Test
    @DisplayName("the hand-coded flow is minus the gradient of its loss (central differences), with a shared weight")
    void flowIsGradient() {
        for (double alpha : new double[] {1.0, 0.3}) {
            ParticleLayout l = new ParticleLayout(3, 2, 2, 2);
            MinimalModelFlow f = new MinimalModelFlow(l, alpha);
            double[] y = InitialStates.gaussian(l.size(), 5, 1.0);
            double[] v = f.computeDerivatives(0, y);
            for (int i = 0; i < y.length; i++) {
                double h = 1e-5;
                double[] p = y.clone();
                double[] m = y.clone();
                p[i] += h;
                m[i] -= h;
                double grad = (f.loss(p) - f.loss(m)) / (2 * h);
                assertThat(v[i]).as("component %d, alpha %s", i, alpha).isCloseTo(-grad, within(1e-8));
            }
            assertThat(f.layout()).isEqualTo(l);
            assertThat(f.getDimension()).isEqualTo(l.size());
        }
        MinimalModelFlow f = new MinimalModelFlow(new ParticleLayout(2, 1, 1, 1));
        f.computeDerivatives(0, new double[5]);
        f.derivatives(new double[5], new double[5]);
        assertThat(f.evaluations()).isEqualTo(2);
        // Loss by hand: x=(1), (2); z=3; y=(0, 5): 1/2[(1-0)^2 + (2-5)^2 + (3-0)^2 + (3-5)^2] = 11.5
        assertThat(f.loss(new double[] {1, 2, 3, 0, 5})).isEqualTo(11.5);
        // Velocity by hand (second witness): dx = y_c - x, dz = sum_c y_c - K z, dy_c = sum_i (x - y_c) + (z - y_c).
        assertThat(f.computeDerivatives(0, new double[] {1, 2, 3, 0, 5})).containsExactly(-1, 3, -1, 4, -5);
    }

    @Test
    @DisplayName("metrics on hand-made states: MinL2, accuracy, margin accuracy, smallest margin, means")
    void metrics() {
        ParticleLayout l = new ParticleLayout(3, 2, 1, 1);
        // clean: class0 {0, 0.4}, class1 {10, 9}, class2 {4.9, 20}; shared {7}; labels {0, 10, 5}
        double[] y = {0, 0.4, 10, 9, 4.9, 20, 7, 0, 10, 5};
        assertThat(Metrics.minL2(l, y)).isEqualTo(5.0);
        // class2 sample 20 is nearer label 10 than 5: 5 of 6 correct.
        assertThat(Metrics.accuracy(l, y)).isEqualTo(5.0 / 6);
        // margins: 5-0=5, 4.6-0.4=4.2, 1-0... sample 9: |9-5|=4 vs |9-10|=1 -> 3; sample 4.9: 4.9-0.1=4.8
        // margins: 5, 4.2, 5, 3, 4.8, -5
        assertThat(Metrics.marginAccuracy(l, y, 4.0)).isEqualTo(4.0 / 6);
        assertThat(Metrics.marginAccuracy(l, y, 4.5)).isEqualTo(3.0 / 6);
        assertThat(Metrics.marginAccuracy(l, y, 5.0)).isEqualTo(2.0 / 6);
        assertThat(Metrics.minMargin(l, y)).isCloseTo(-5.0, within(1e-12));
        assertThat(Metrics.speciesMeans(l, y, 0)).containsExactly((0 + 0.4 + 10 + 9 + 4.9 + 20) / 6, 7, 5);
        assertThat(Metrics.classMean(l, y, 1, 0)).isEqualTo(9.5);
        // Coordinate q > 0 and more than one shared sample: offsets and the shared mean.
        ParticleLayout l2 = new ParticleLayout(2, 2, 2, 2);
        double[] y2 = new double[l2.size()];
        for (int i = 0; i < y2.length; i++) {
            y2[i] = i % 2 == 0 ? 0 : i; // coordinate 1 holds the index
        }
        assertThat(Metrics.classMean(l2, y2, 1, 1)).isEqualTo((5 + 7) / 2.0);
        assertThat(Metrics.speciesMeans(l2, y2, 1)).containsExactly((1 + 3 + 5 + 7) / 4.0, (9 + 11) / 2.0,
                (13 + 15) / 2.0);
        ParticleLayout noShared = new ParticleLayout(2, 1, 0, 2);
        double[] s = {1, 1, 2, 2, 0, 0, 3, 4};
        assertThat(Metrics.speciesMeans(noShared, s, 1)[1]).isZero();
        assertThat(Metrics.minL2(noShared, s)).isEqualTo(5.0);
        // Equal distances: strict nearest (delta = 0) does not count a tie.
        double[] tie = {1, 1, 0, 0, 2, 2};
        assertThat(Metrics.accuracy(new ParticleLayout(2, 1, 0, 1), new double[] {1, 1, 0, 2})).isEqualTo(0.0);
        assertThat(Metrics.dist(tie, 0, 4, 2)).isCloseTo(Math.sqrt(2), within(1e-15));
    }

    @Test
    @DisplayName("rate fits: exact exponentials, floors, windows, too few points, automatic window")
    void rateFit() {
        double[] t = TimeGrid.uniform(10, 100);
        double[] f = Arrays.stream(t).map(x -> 3 * Math.exp(-0.5 * x)).toArray();
        RateFit r = RateFit.fit(t, f, 0, 10, 0);
        assertThat(r.ok()).isTrue();
        assertThat(r.rate()).isCloseTo(-0.5, within(1e-12));
        assertThat(r.intercept()).isCloseTo(Math.log(3), within(1e-12));
        assertThat(r.rmsResidual()).isLessThan(1e-12);
        assertThat(r.points()).isEqualTo(101);
        assertThat(r.message()).isEmpty();
        RateFit w = RateFit.fit(t, f, 2, 4, 0);
        assertThat(w.points()).isEqualTo(21);
        assertThat(w.tStart()).isEqualTo(2.0);
        assertThat(w.tEnd()).isEqualTo(4.0);
        RateFit floored = RateFit.fit(t, f, 0, 10, 3 * Math.exp(-0.5 * 5));
        assertThat(floored.points()).isEqualTo(50);
        RateFit few = RateFit.fit(t, f, 0, 0.35, 0);
        assertThat(few.ok()).isFalse();
        assertThat(few.points()).isEqualTo(4);
        assertThat(few.rate()).isNaN();
        assertThat(few.message()).contains("too few points").contains("4 < 5");
        assertThat(RateFit.fit(t, f, 0, 0.4, 0).ok()).isTrue();
        double[] withNaN = f.clone();
        withNaN[3] = Double.NaN;
        withNaN[4] = Double.POSITIVE_INFINITY;
        withNaN[5] = -1;
        assertThat(RateFit.fit(t, withNaN, 0, 10, 0).points()).isEqualTo(98);
        assertThat(RateFit.fit(t, withNaN, 0, 10, 0).rate()).isCloseTo(-0.5, within(1e-12));
        // The residual is computed over exactly the fitted points: window ends and the floor value are boundaries.
        double[] wobbly = f.clone();
        for (int i = 0; i < wobbly.length; i++) {
            wobbly[i] *= Math.exp(0.01 * Math.sin(3 * i));
        }
        for (double[] win : new double[][] {{0, 10, 0}, {2, 4, 0}, {0, 10, wobbly[50]}}) {
            RateFit g = RateFit.fit(t, wobbly, win[0], win[1], win[2]);
            double ss = 0;
            int count = 0;
            for (int i = 0; i < t.length; i++) {
                if (t[i] >= win[0] && t[i] <= win[1] && wobbly[i] > win[2]) {
                    double res = Math.log(wobbly[i]) - (g.intercept() + g.rate() * t[i]);
                    ss += res * res;
                    count++;
                }
            }
            assertThat(g.points()).isEqualTo(count);
            assertThat(g.rmsResidual()).isCloseTo(Math.sqrt(ss / count), within(1e-15));
        }
        // Noisy line: the residual is reported.
        double[] noisy = f.clone();
        for (int i = 0; i < noisy.length; i++) {
            noisy[i] *= Math.exp(i % 2 == 0 ? 0.01 : -0.01);
        }
        assertThat(RateFit.fit(t, noisy, 0, 10, 0).rmsResidual()).isCloseTo(0.01, within(1e-3));
        // Late time and automatic window on a sum of a fast and a slow mode: the slow rate.
        double[] tt = TimeGrid.uniform(40, 400);
        double[] two = Arrays.stream(tt).map(x -> 5 * Math.exp(-4 * x) + Math.exp(-0.3 * x)).toArray();
        assertThat(RateFit.lateTime(tt, two, 10, 0).rate()).isCloseTo(-0.3, within(1e-9));
        RateFit auto = RateFit.auto(tt, two, 1e-300, 0.01);
        assertThat(auto.ok()).isTrue();
        assertThat(auto.rate()).isCloseTo(-0.3, within(1e-6));
        assertThat(auto.tStart()).isBetween(0.5, 5.0);
        assertThat(auto.tEnd()).isEqualTo(40.0);
        // A pure exponential settles everywhere: the automatic window is the whole series.
        double[] late = TimeGrid.uniform(19, 19);
        for (int i = 0; i < late.length; i++) {
            late[i] += 10; // t = 10 ... 29
        }
        double[] pure = Arrays.stream(late).map(x -> Math.exp(-0.2 * x)).toArray();
        RateFit whole = RateFit.auto(late, pure, 0, 0.01);
        assertThat(whole.ok()).isTrue();
        assertThat(whole.tStart()).isEqualTo(10.0);
        assertThat(whole.points()).isEqualTo(20);
        // Six usable points: enough to try, too few in the reference quarter.
        RateFit six = RateFit.auto(Arrays.copyOf(late, 6), Arrays.copyOf(pure, 6), 0, 0.01);
        assertThat(six.ok()).isFalse();
        assertThat(six.message()).startsWith("too few points for a rate fit");
        double[] four = pure.clone();
        for (int i = 4; i < four.length; i++) {
            four[i] = 0;
        }
        RateFit fourFit = RateFit.auto(late, four, 0, 0.01);
        assertThat(fourFit.points()).isEqualTo(4);
        assertThat(fourFit.message()).isEqualTo("too few points above the floor for a rate fit");
        RateFit none = RateFit.auto(tt, new double[tt.length], 1e-12, 0.01);
        assertThat(none.ok()).isFalse();
        assertThat(none.message()).contains("too few points");
        assertThat(RateFit.auto(new double[] {0, 1, 2}, new double[] {1, 1, 1}, 0, 0.01).ok()).isFalse();
    }

    @Test
    @DisplayName("grids, seeded states and layouts")
    void gridsStatesLayouts() {
        assertThat(TimeGrid.uniform(2, 4)).containsExactly(0, 0.5, 1, 1.5, 2);
        double[] mixed = TimeGrid.mixed(10, 0.01, 5, 10);
        // Log points are tMin (tEnd/tMin)^(i/(k-1)).
        assertThat(Arrays.stream(mixed).anyMatch(v -> Math.abs(v - 0.01 * Math.pow(1000, 0.25)) < 1e-12)).isTrue();
        assertThat(Arrays.stream(mixed).anyMatch(v -> Math.abs(v - 0.01 * Math.pow(1000, 0.75)) < 1e-12)).isTrue();
        assertThat(mixed).isSorted().contains(0.01, 1.0, 10.0, 0.0, 5.0).doesNotHaveDuplicates();
        // The last log point rounds to 9.999999999999998, so it is kept next to 10 (harmless: strictly increasing).
        assertThat(mixed.length).isEqualTo(11 + 5);
        assertThat(TimeGrid.mixed(10, 0, 5, 10)).hasSize(11);
        assertThat(TimeGrid.mixed(10, 20, 5, 10)).hasSize(11);
        assertThat(InitialStates.gaussian(5, 3, 2.0)).containsExactly(
                Arrays.stream(InitialStates.gaussian(5, 3, 1.0)).map(x -> 2 * x).toArray());
        assertThat(InitialStates.gaussian(5, 3, 1.0)).isNotEqualTo(InitialStates.gaussian(5, 4, 1.0));
        assertThat(InitialStates.gaussian(3, 9, 1.0)[0]).isEqualTo(new java.util.Random(9).nextGaussian());
        ParticleLayout l = new ParticleLayout(3, 2, 4, 5);
        assertThat(l.vectors()).isEqualTo(13);
        assertThat(l.size()).isEqualTo(65);
        assertThat(l.clean(1, 1)).isEqualTo(15);
        assertThat(l.shared(2)).isEqualTo(40);
        assertThat(l.label(2)).isEqualTo(60);
        assertThat(l.perCoordinate()).isEqualTo(new ParticleLayout(3, 2, 4, 1));
        assertThat(l.model()).isEqualTo(new MinimalModel(3, 2, 4, 5));
        assertThat(new ParticleLayout(l.model())).isEqualTo(l);
        // The sizes are validated by MinimalModel, with its message.
        assertThatThrownBy(() -> new ParticleLayout(1, 1, 1, 1)).isInstanceOf(ModelParameterException.class)
                .hasMessageContaining("classes K must be at least 2");
        assertThatThrownBy(() -> new ParticleLayout(2, 0, 1, 1)).isInstanceOf(ModelParameterException.class);
        assertThatThrownBy(() -> new ParticleLayout(2, 1, -1, 1)).isInstanceOf(ModelParameterException.class);
        assertThatThrownBy(() -> new ParticleLayout(2, 1, 1, 0)).isInstanceOf(ModelParameterException.class);
        // The single pair: x at 0, y at d; the one layout without a model.
        ParticleLayout pair = ParticleLayout.singlePair(3);
        assertThat(pair.size()).isEqualTo(6);
        assertThat(pair.clean(0, 0)).isZero();
        assertThat(pair.label(0)).isEqualTo(3);
        assertThat(pair.perCoordinate()).isEqualTo(ParticleLayout.singlePair(1));
        assertThat(pair).isNotEqualTo(new ParticleLayout(2, 1, 0, 3));
        assertThatThrownBy(pair::model).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ParticleLayout.singlePair(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("the simulator: integrated vs exact propagator, metrics series, slow rate = numeric sector-II rate")
    void simulator() {
        ParticleLayout l = new ParticleLayout(3, 4, 2, 2);
        var sim = MinimalModelSimulator.simulate(l, 11, TimeGrid.uniform(60, 300), OdeAlgorithm.dp853(1e-10, 1e-12));
        assertThat(sim.solution().success()).isTrue();
        assertThat(sim.maxAbsErrorVsExact()).isLessThan(1e-6).isGreaterThan(0);
        assertThat(sim.exactQuality()).isLessThan(1e-12);
        assertThat(sim.minL2()).hasSize(301);
        assertThat(sim.accuracy()[0]).isBetween(0.0, 1.0);
        assertThat(sim.loss()[300]).isLessThan(sim.loss()[0]);
        assertThat(sim.layout()).isEqualTo(l);
        double[][] r = SectorBasis.restrict(new MinimalModelFlow(l.perCoordinate()), SectorBasis.of(l, "II")).matrix();
        double slow = Arrays.stream(NumericSpectrum.symmetric(r).values()).max().orElseThrow();
        assertThat(sim.slowFit().ok()).isTrue();
        assertThat(sim.slowFit().rate()).isCloseTo(slow, within(0.02 * Math.abs(slow)));
        assertThat(sim.minL2()[300]).isLessThan(1e-3 * sim.minL2()[0]);
        assertThat(ArrayOps.maxAbs(new double[] {1, -3, 2})).isEqualTo(3);
        assertThat(MinimalModelSimulator.initialState(l, 11)).containsExactly(InitialStates.gaussian(l.size(), 11, 1.0));
        // A failing solve still yields a result: a prefix of the series and the code, never an exception.
        var bad = MinimalModelSimulator.simulate(l, 11, TimeGrid.uniform(60, 300),
                OdeAlgorithm.dp853(1e-10, 1e-12).withMaxEvaluations(50));
        assertThat(bad.solution().code()).isEqualTo(ReturnCode.MAX_EVALUATIONS);
        assertThat(bad.minL2().length).isEqualTo(bad.solution().times().length).isLessThan(301);
        assertThat(bad.slowFit().ok()).isFalse();
        // No output reached at all (grid starting after 0): the error against the exact route is NaN, not 0.
        var none = MinimalModelSimulator.simulate(l, 11, new double[] {30, 60},
                OdeAlgorithm.dp853(1e-10, 1e-12).withMaxEvaluations(50));
        assertThat(none.solution().times()).isEmpty();
        assertThat(none.maxAbsErrorVsExact()).isNaN();
    }
}
