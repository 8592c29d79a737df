package org.collapseharness.numerics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("OdeSolver: exact solutions, convergence order, and every return code provoked")
class OdeSolverTest {

    /** y' = A y with A = [[0, 1], [-1, 0]] (harmonic oscillator): y = (cos t, -sin t). */
    static final OrdinaryDifferentialEquation OSCILLATOR = eq(2, (t, y) -> new double[] {y[1], -y[0]});

    static OrdinaryDifferentialEquation eq(int dim, java.util.function.BiFunction<Double, double[], double[]> f) {
        return Equations.of(dim, f::apply);
    }

    static OdeProblem oscillator(double tEnd) {
        return new OdeProblem("oscillator", OSCILLATOR, new double[] {1, 0}, TimeGrid.uniform(tEnd, 50))
                .withExact(t -> new double[] {Math.cos(t), -Math.sin(t)});
    }

    @Test
    @DisplayName("exponential decay and the oscillator are integrated to within the tolerance, outputs on the grid")
    void exactSolutions() {
        OdeProblem decay = new OdeProblem("decay", eq(1, (t, y) -> new double[] {-0.7 * y[0]}), new double[] {2},
                new double[] {0, 0.5, 1, 3, 10}).withExact(t -> new double[] {2 * Math.exp(-0.7 * t)});
        for (OdeAlgorithm a : new OdeAlgorithm[] {OdeAlgorithm.dp853(1e-11, 1e-13),
                OdeAlgorithm.dp54(1e-11, 1e-13).withMaxEvaluations(1_000_000)}) {
            OdeSolution s = OdeSolver.solve(decay, a);
            assertThat(s.success()).isTrue();
            assertThat(s.code()).isEqualTo(ReturnCode.SUCCESS);
            assertThat(s.message()).isEmpty();
            assertThat(s.times()).containsExactly(0, 0.5, 1, 3, 10);
            assertThat(s.states()[0]).containsExactly(2.0);
            assertThat(OdeSolver.maxAbsErrorVsExact(decay, s)).isLessThan(1e-9).isGreaterThan(0);
            assertThat(s.last()[0]).isCloseTo(2 * Math.exp(-7), within(1e-10));
            assertThat(s.evaluations()).isGreaterThan(10);
            assertThat(s.wallSeconds()).isGreaterThanOrEqualTo(0).isLessThan(60);
            OdeSolution o = OdeSolver.solve(oscillator(20), a);
            assertThat(o.success()).isTrue();
            assertThat(OdeSolver.maxAbsErrorVsExact(oscillator(20), o)).isLessThan(1e-8);
        }
    }

    @Test
    @DisplayName("output grids that start after 0 are recorded from their first point; t_end = 0 returns y0")
    void grids() {
        OdeProblem late = new OdeProblem("late", OSCILLATOR, new double[] {1, 0}, new double[] {1, 2})
                .withExact(t -> new double[] {Math.cos(t), -Math.sin(t)});
        OdeSolution s = OdeSolver.solve(late, OdeAlgorithm.dp853(1e-10, 1e-12));
        assertThat(s.times()).containsExactly(1, 2);
        assertThat(s.states()[0][0]).isCloseTo(Math.cos(1), within(1e-9));
        OdeSolution zero = OdeSolver.solve(new OdeProblem("zero", OSCILLATOR, new double[] {1, 0}, new double[] {0}),
                OdeAlgorithm.dp853(1e-10, 1e-12));
        assertThat(zero.success()).isTrue();
        assertThat(zero.states()).hasDimensions(1, 2);
        assertThat(zero.evaluations()).isZero();
        assertThatThrownBy(() -> OdeSolver.maxAbsErrorVsExact(
                new OdeProblem("x", OSCILLATOR, new double[] {1, 0}, new double[] {0}), zero))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("convergence order: error ~ evaluations^-p with p near 5 (DP54) and clearly higher for DP853")
    void convergenceOrder() {
        double p54 = observedOrder(OdeAlgorithm.dp54(1, 1));
        double p853 = observedOrder(OdeAlgorithm.dp853(1, 1));
        assertThat(p54).isBetween(3.5, 7.0);
        assertThat(p853).isGreaterThan(6.0).isGreaterThan(p54 + 1);
    }

    static double observedOrder(OdeAlgorithm kind) {
        double[] tols = {1e-5, 1e-7, 1e-9};
        double[] logN = new double[tols.length];
        double[] logE = new double[tols.length];
        for (int i = 0; i < tols.length; i++) {
            OdeProblem p = oscillator(30);
            OdeSolution s = OdeSolver.solve(p, kind.withControl(kind.control().withTolerances(tols[i], tols[i])
                    .withMaxEvaluations(10_000_000)));
            logN[i] = Math.log(s.evaluations());
            logE[i] = Math.log(OdeSolver.maxAbsErrorVsExact(p, s));
        }
        return -(logE[2] - logE[0]) / (logN[2] - logN[0]);
    }

    @Test
    @DisplayName("step-size underflow: a finite-time blow-up (y' = y^2) with a minimum step gives STEP_SIZE_UNDERFLOW")
    void underflow() {
        OdeProblem blowUp = new OdeProblem("blow-up", eq(1, (t, y) -> new double[] {y[0] * y[0]}), new double[] {1},
                TimeGrid.uniform(2, 20));
        OdeSolution s = OdeSolver.solve(blowUp, OdeAlgorithm.dp853(1e-10, 1e-12).withMinStep(1e-6));
        assertThat(s.code()).isEqualTo(ReturnCode.STEP_SIZE_UNDERFLOW);
        assertThat(s.success()).isFalse();
        assertThat(s.message()).isNotEmpty();
        assertThat(s.times()).isNotEmpty();
        assertThat(s.times()[s.times().length - 1]).isLessThan(1.0);
    }

    @Test
    @DisplayName("a right-hand side that produces NaN gives NON_FINITE_STATE with the time in the message")
    void nonFinite() {
        OdeProblem nan = new OdeProblem("nan", eq(1, (t, y) -> new double[] {t > 0.5 ? Double.NaN : -y[0]}),
                new double[] {1}, TimeGrid.uniform(1, 10));
        OdeSolution s = OdeSolver.solve(nan, OdeAlgorithm.dp853(1e-10, 1e-12));
        assertThat(s.code()).isEqualTo(ReturnCode.NON_FINITE_STATE);
        assertThat(s.message()).containsIgnoringCase("nan");
        // A state that becomes infinite without NaN in the derivative: our own check in the step handler.
        OdeProblem jump = new OdeProblem("jump", eq(1, (t, y) -> new double[] {t > 0.5 ? 1e308 : 0}),
                new double[] {1e308}, TimeGrid.uniform(1, 10));
        OdeSolution j = OdeSolver.solve(jump, OdeAlgorithm.dp853(1e-10, 1e-12));
        assertThat(j.code()).isEqualTo(ReturnCode.NON_FINITE_STATE);
        assertThat(j.message()).isNotEmpty();
        OdeProblem inf = new OdeProblem("inf", eq(1, (t, y) -> new double[] {Double.POSITIVE_INFINITY}),
                new double[] {1}, TimeGrid.uniform(1, 10));
        assertThat(OdeSolver.solve(inf, OdeAlgorithm.dp853(1e-10, 1e-12)).code()).isIn(ReturnCode.NON_FINITE_STATE,
                ReturnCode.STEP_SIZE_UNDERFLOW);
    }

    @Test
    @DisplayName("an evaluation budget that is too small gives MAX_EVALUATIONS; a malformed problem gives FAILURE")
    void budgetAndFailure() {
        OdeSolution s = OdeSolver.solve(oscillator(100), OdeAlgorithm.dp853(1e-12, 1e-14).withMaxEvaluations(100));
        assertThat(s.code()).isEqualTo(ReturnCode.MAX_EVALUATIONS);
        assertThat(s.message()).isNotEmpty();
        OdeProblem wrongDim = new OdeProblem("dim", eq(3, (t, y) -> new double[3]), new double[] {1}, new double[] {0, 1});
        OdeSolution f = OdeSolver.solve(wrongDim, OdeAlgorithm.dp853(1e-10, 1e-12));
        assertThat(f.code()).isEqualTo(ReturnCode.FAILURE);
        assertThat(f.message()).isNotEmpty();
    }

    @Test
    @DisplayName("OdeProblem validates its grid and copies its arrays; OdeAlgorithm builders keep the other settings")
    void problemsAndAlgorithms() {
        assertThatThrownBy(() -> new OdeProblem("e", OSCILLATOR, new double[2], new double[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OdeProblem("n", OSCILLATOR, new double[2], new double[] {-1, 1}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OdeProblem("d", OSCILLATOR, new double[2], new double[] {0, 1, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("increase");
        assertThatThrownBy(() -> new OdeProblem("d", OSCILLATOR, new double[2], new double[] {0, Double.NaN}))
                .isInstanceOf(IllegalArgumentException.class);
        double[] y0 = {1, 2};
        double[] times = {0, 1};
        OdeProblem p = new OdeProblem("c", OSCILLATOR, y0, times);
        y0[0] = 5;
        times[1] = 7;
        assertThat(p.y0()).containsExactly(1, 2);
        assertThat(p.tEnd()).isEqualTo(1);
        assertThat(p.exact()).isEmpty();
        OdeAlgorithm a = OdeAlgorithm.dp853(1e-9, 1e-11);
        assertThat(a.control().minStep()).isEqualTo(1e-12);
        assertThat(a.control().maxEvaluations()).isEqualTo(20_000_000);
        assertThat(a.withMinStep(1e-3)).isEqualTo(new OdeAlgorithm.DormandPrince853(StepControl.of(1e-9, 1e-11)
                .withMinStep(1e-3)));
        assertThat(a.withMaxEvaluations(7).control().maxEvaluations()).isEqualTo(7);
        assertThat(a.name()).isEqualTo("dp853");
        assertThat(a.toString()).isEqualTo("DP853(rtol=1.0E-9, atol=1.0E-11)");
    }
}
