package org.collapseharness.numerics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.collapseharness.numerics.OdeAlgorithm.ExponentialRosenbrockEuler;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Exponential Rosenbrock–Euler: exact on linear systems, stiff-stable, accurate on nonlinear ones, failures as codes")
class ExponentialRosenbrockEulerTest {

    /** A stiff linear system with a rotation and a fast mode: eigenvalues −0.1 ± i and −1000. */
    static final double[][] STIFF = {{-0.1, 1, 0}, {-1, -0.1, 0}, {0, 0, -1000}};

    static OrdinaryDifferentialEquation linear(double[][] a) {
        return OdeSolverTest.eq(a.length, (t, y) -> MatrixUtils.createRealMatrix(a).operate(y));
    }

    @Test
    @DisplayName("a stiff linear system is propagated exactly (matrix exponential) with few steps")
    void exactOnStiffLinear() {
        double[] y0 = {1, -2, 3};
        double[] times = {0, 0.5, 2, 10};
        OdeSolution s = OdeSolver.solve(new OdeProblem("stiff", linear(STIFF), y0, times),
                OdeAlgorithm.exponential(1e-8, 1e-12));
        assertThat(s.success()).isTrue();
        assertThat(s.message()).isEmpty();
        assertThat(s.times()).containsExactly(times);
        assertThat(s.states()[0]).containsExactly(y0);
        for (int i = 0; i < times.length; i++) {
            double[] want = LinearOperators.expmApply(STIFF, times[i], y0, 1);
            for (int j = 0; j < 3; j++) {
                // exact up to the rounding of the central-difference Jacobian (fast mode: ~1e-16·1000/1e-6 per step)
                assertThat(s.states()[i][j]).as("t=%s, %d", times[i], j).isCloseTo(want[j], within(1e-8));
            }
        }
        // exact steps grow by the maximal factor 5 from h = 1e-3: about log5(10/1e-3) steps, each 3 + 4n evaluations
        assertThat(s.evaluations()).isLessThan(20 * 15).isGreaterThan(15);
        assertThat(s.wallSeconds()).isGreaterThanOrEqualTo(0).isLessThan(60);
        // the explicit DP853 needs thousands of evaluations for the same (stiffness-limited) problem
        OdeSolution dp = OdeSolver.solve(new OdeProblem("stiff", linear(STIFF), y0, times),
                OdeAlgorithm.dp853(1e-8, 1e-12));
        assertThat(dp.evaluations()).isGreaterThan(10 * s.evaluations());
    }

    /** Logistic growth y' = y(1 − y), y(0) = 0.1: y = 1/(1 + 9 e^{−t}). */
    static double logistic(double t) {
        return 1 / (1 + 9 * Math.exp(-t));
    }

    static double logisticError(double rtol) {
        OrdinaryDifferentialEquation f = OdeSolverTest.eq(1, (t, y) -> new double[] {y[0] * (1 - y[0])});
        double[] times = TimeGrid.uniform(8, 8);
        OdeSolution s = OdeSolver.solve(new OdeProblem("logistic", f,
                new double[] {0.1}, times), OdeAlgorithm.exponential(rtol, rtol * 1e-2));
        assertThat(s.success()).isTrue();
        double err = 0;
        for (int i = 0; i < times.length; i++) {
            err = Math.max(err, Math.abs(s.states()[i][0] - logistic(times[i])));
        }
        return err;
    }

    @Test
    @DisplayName("a nonlinear equation (logistic) is solved to its exact solution, the error shrinking with the tolerance")
    void nonlinearAccuracy() {
        double coarse = logisticError(1e-4);
        double fine = logisticError(1e-8);
        assertThat(coarse).isLessThan(1e-3).isGreaterThan(1e-9);
        assertThat(fine).isLessThan(1e-7);
        assertThat(fine).isLessThan(coarse / 100);
    }

    @Test
    @DisplayName("outputs from a grid that starts after 0: y' = −y², y(0) = 1, at t = 1 and 3")
    void lateGrid() {
        OrdinaryDifferentialEquation f = OdeSolverTest.eq(1, (t, y) -> new double[] {-y[0] * y[0]});
        OdeSolution s = OdeSolver.solve(new OdeProblem("late", f, new double[] {1},
                new double[] {1, 3}), OdeAlgorithm.exponential(1e-9, 1e-11));
        // y' = −y², y(0) = 1: y = 1/(1 + t)
        assertThat(s.times()).containsExactly(1, 3);
        assertThat(s.states()).hasNumberOfRows(2);
        assertThat(s.states()[0][0]).isCloseTo(0.5, within(1e-8));
        assertThat(s.states()[1][0]).isCloseTo(0.25, within(1e-8));
    }

    @Test
    @DisplayName("a time-dependent field (y' = cos t) is followed, if only to first order in its t-dependence")
    void nonAutonomous() {
        OrdinaryDifferentialEquation f = OdeSolverTest.eq(1, (t, y) -> new double[] {Math.cos(t)});
        OdeSolution s = OdeSolver.solve(new OdeProblem("cos", f, new double[] {0},
                new double[] {1, 3}), OdeAlgorithm.exponential(1e-9, 1e-11));
        assertThat(s.success()).isTrue();
        // the Jacobian sees no explicit t-dependence: accuracy ~3e-5 here, far from the 1e-9 tolerance (all uses are autonomous)
        assertThat(s.states()[0][0]).isCloseTo(Math.sin(1), within(1e-4));
        assertThat(s.states()[1][0]).isCloseTo(Math.sin(3), within(1e-4));
    }

    @Test
    @DisplayName("one step is u + h φ₁(hJ) f: for a scalar, u + (e^{hλ} − 1)/λ f, and exp(hA) u for a linear field")
    void singleStep() {
        double lambda = -3;
        double h = 0.4;
        double[] out = ExponentialRosenbrockEulerStepper.step(new double[] {2}, new double[] {5}, new double[][] {{lambda}}, h);
        assertThat(out[0]).isCloseTo(2 + (Math.exp(h * lambda) - 1) / lambda * 5, within(1e-14));
        double[] u = {1, 2, -1};
        double[] f = MatrixUtils.createRealMatrix(STIFF).operate(u);
        double[] lin = ExponentialRosenbrockEulerStepper.step(u, f, STIFF, 0.01);
        double[] want = LinearOperators.expmApply(STIFF, 0.01, u, 1);
        for (int i = 0; i < 3; i++) {
            assertThat(lin[i]).isCloseTo(want[i], within(1e-13));
        }
    }

    @Test
    @DisplayName("the central-difference Jacobian matches the analytic one and costs 2n evaluations")
    void jacobian() {
        // f(x, y) = (x² y, sin x + y³)
        OrdinaryDifferentialEquation f = OdeSolverTest.eq(2,
                (t, y) -> new double[] {y[0] * y[0] * y[1], Math.sin(y[0]) + y[1] * y[1] * y[1]});
        double[] u = {1.5, -2};
        long[] evals = {0};
        double[][] j = Jacobians.dense(f, 0, u, evals);
        assertThat(evals[0]).isEqualTo(4);
        assertThat(u).containsExactly(1.5, -2);
        double[][] want = {{2 * 1.5 * -2, 1.5 * 1.5}, {Math.cos(1.5), 3 * 4}};
        for (int r = 0; r < 2; r++) {
            for (int c = 0; c < 2; c++) {
                assertThat(j[r][c]).isCloseTo(want[r][c], within(1e-8));
            }
        }
        // large |u|: the difference step scales with |u| (relative), still accurate
        double[] big = {1e4, 3};
        double[][] jb = Jacobians.dense(f, 0, big, new long[1]);
        assertThat(jb[0][0]).isCloseTo(2 * 1e4 * 3, within(1e-2));
        assertThat(jb[1][1]).isCloseTo(27, within(1e-4));
    }

    @Test
    @DisplayName("blow-up (y' = y², y(0) = 1, singular at t = 1) ends with a failure code, the prefix reached kept")
    void blowUpIsACode() {
        OrdinaryDifferentialEquation f = OdeSolverTest.eq(1, (t, y) -> new double[] {y[0] * y[0]});
        OdeSolution s = OdeSolver.solve(new OdeProblem("blow-up", f, new double[] {1},
                new double[] {0, 0.5, 2}), OdeAlgorithm.exponential(1e-8, 1e-10));
        assertThat(s.success()).isFalse();
        assertThat(s.code()).isEqualTo(ReturnCode.STEP_SIZE_UNDERFLOW);
        assertThat(s.message()).containsPattern("below 1.0E-12 at t=(0\\.99|1\\.0)");
        assertThat(s.times()).containsExactly(0, 0.5);
        assertThat(s.states()[1][0]).isCloseTo(2.0, within(1e-6));
    }

    @Test
    @DisplayName("a field that turns non-finite is NON_FINITE_STATE; an exhausted step budget is MAX_EVALUATIONS")
    void otherCodes() {
        OrdinaryDifferentialEquation nan = OdeSolverTest.eq(1,
                (t, y) -> new double[] {t > 0.3 ? Double.NaN : -y[0]});
        OdeSolution s = OdeSolver.solve(new OdeProblem("nan", nan,
                new double[] {1}, new double[] {0.2, 1}), OdeAlgorithm.exponential(1e-8, 1e-10).withControl(
                ExponentialRosenbrockEuler.control(1e-8, 1e-10).withMinStep(1e-6).withMaxSteps(10_000)));
        assertThat(s.code()).isEqualTo(ReturnCode.NON_FINITE_STATE);
        assertThat(s.message()).startsWith("non-finite state at t=0.3");
        assertThat(s.times()).containsExactly(0.2);
        assertThat(s.states()[0][0]).isCloseTo(Math.exp(-0.2), within(1e-9));
        OrdinaryDifferentialEquation osc = OdeSolverTest.OSCILLATOR;
        OdeSolution budget = OdeSolver.solve(new OdeProblem("budget", osc,
                new double[] {1, 0}, new double[] {0, 100}), OdeAlgorithm.exponential(1e-10, 1e-12).withControl(
                ExponentialRosenbrockEuler.control(1e-10, 1e-12).withMinStep(1e-12).withMaxSteps(3)));
        assertThat(budget.code()).isEqualTo(ReturnCode.MAX_EVALUATIONS);
        assertThat(budget.message()).startsWith("step budget 3 exhausted at t=");
        assertThat(budget.times()).containsExactly(0);
        // 4 steps were taken (budget 3 means steps 0..3): each costs 2 evaluations + 2 Jacobians of 2n = 4
        assertThat(budget.evaluations()).isEqualTo(4 * 10);
    }

    @Test
    @DisplayName("a minimum step above what the tolerance needs gives STEP_SIZE_UNDERFLOW")
    void underflow() {
        OrdinaryDifferentialEquation f = OdeSolverTest.eq(1, (t, y) -> new double[] {Math.cos(50 * t) * 50});
        OdeSolution s = OdeSolver.solve(new OdeProblem("u", f,
                new double[] {0}, new double[] {1}), OdeAlgorithm.exponential(1e-12, 1e-14).withControl(
                ExponentialRosenbrockEuler.control(1e-12, 1e-14).withMinStep(0.5e-3).withMaxSteps(1000)));
        assertThat(s.code()).isEqualTo(ReturnCode.STEP_SIZE_UNDERFLOW);
        assertThat(s.message()).contains("below 5.0E-4 at t=");
        assertThat(s.times()).isEmpty();
    }

    @Test
    @DisplayName("factory defaults and description")
    void defaults() {
        ExponentialRosenbrockEuler e = OdeAlgorithm.exponential(1e-6, 1e-9);
        assertThat(e.control().minStep()).isEqualTo(1e-12);
        assertThat(e.control().maxSteps()).isEqualTo(200_000);
        assertThat(e.name()).isEqualTo("exponential");
        assertThat(e.withPhi(ExponentialRosenbrockEuler.Phi.KRYLOV).name()).isEqualTo("exponential-krylov");
        assertThat(e.toString()).isEqualTo("ExpRosenbrockEuler+Richardson(rtol=1.0E-6, atol=1.0E-9)");
    }
}
