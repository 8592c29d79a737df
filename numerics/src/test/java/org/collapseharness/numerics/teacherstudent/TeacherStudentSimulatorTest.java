package org.collapseharness.numerics.teacherstudent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.collapseharness.numerics.ExactLinearPropagator;
import org.collapseharness.numerics.NumericSpectrum;
import org.collapseharness.numerics.OdeAlgorithm;
import org.collapseharness.numerics.RateFit;
import org.collapseharness.numerics.ReturnCode;
import org.collapseharness.numerics.TimeGrid;
import org.collapseharness.theory.TeacherStudentMode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The §5 simulator: exact propagation vs integration vs gradient descent, observables, seeded states")
class TeacherStudentSimulatorTest {

    static final TeacherStudentData DATA = TeacherStudentData.generate(6, 10, 0.2, 1.2, 0.6, 13);

    static double maxDiff(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    @Test
    @DisplayName("plain flow: DP853 integration equals exact eigen-propagation at every output time")
    void integrationMatchesExact() {
        TeacherStudentFlow f = new TeacherStudentFlow(DATA, TeacherStudentMode.PLAIN, 2);
        double[] z0 = TeacherStudentSimulator.initialState(6, 2, TeacherStudentMode.PLAIN, 3);
        double[] times = TimeGrid.uniform(6, 12);
        ExactLinearPropagator p = TeacherStudentSimulator.plainPropagator(DATA, 2);
        TeacherStudentSimulator.Trajectory ex = TeacherStudentSimulator.exact(f, p, z0, times, true);
        TeacherStudentSimulator.Trajectory in = TeacherStudentSimulator.integrate(f, z0, times,
                OdeAlgorithm.dp853(1e-11, 1e-13), true);
        assertThat(ex.success()).isTrue();
        assertThat(in.success()).isTrue();
        assertThat(ex.code()).isEqualTo(ReturnCode.SUCCESS);
        assertThat(ex.message()).isEmpty();
        assertThat(ex.evaluations()).isZero();
        assertThat(in.evaluations()).isPositive();
        assertThat(ex.times()).containsExactly(times);
        assertThat(in.times()).containsExactly(times);
        for (int i = 0; i < times.length; i++) {
            assertThat(maxDiff(ex.states()[i], in.states()[i])).as("t=%s", times[i]).isLessThan(1e-9);
            assertThat(ex.states()[i]).containsExactly(p.propagate(z0, times[i]));
            assertThat(ex.minL2()[i]).isEqualTo(f.minL2(ex.states()[i]));
            assertThat(ex.loss()[i]).isEqualTo(f.loss(ex.states()[i]));
            assertThat(ex.accuracy()[i]).isEqualTo(f.accuracy(ex.states()[i]));
        }
        assertThat(ex.last()).isSameAs(ex.states()[12]);
        assertThat(ex.minL2Final()).isEqualTo(ex.minL2()[12]);
        assertThat(ex.accuracyFinal()).isEqualTo(ex.accuracy()[12]);
        // gradient flow: the loss never increases
        for (int i = 1; i < times.length; i++) {
            assertThat(ex.loss()[i]).isLessThanOrEqualTo(ex.loss()[i - 1] + 1e-12);
        }
        TeacherStudentSimulator.Trajectory noAcc = TeacherStudentSimulator.exact(f, p, z0, times, false);
        assertThat(noAcc.accuracy()).hasSize(13).containsOnly(Double.NaN);
        assertThat(noAcc.accuracyFinal()).isNaN();
        TeacherStudentFlow proj = new TeacherStudentFlow(DATA, TeacherStudentMode.PROJECTION, 2);
        assertThatThrownBy(() -> TeacherStudentSimulator.exact(proj, p, z0, times, true))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("gradient descent converges to the flow with order 1 in η (error halves when η halves)")
    void gradientDescentOrderOne() {
        TeacherStudentFlow f = new TeacherStudentFlow(DATA, TeacherStudentMode.PROJECTION_SG, 2);
        double[] z0 = TeacherStudentSimulator.initialState(6, 2, TeacherStudentMode.PROJECTION_SG, 5);
        double tEnd = 2;
        double[] ref = TeacherStudentSimulator.integrate(f, z0, new double[] {0, tEnd},
                OdeAlgorithm.dp853(1e-11, 1e-13), false).last();
        double[] err = new double[3];
        for (int j = 0; j < 3; j++) {
            double eta = 0.02 / (1 << j);
            int steps = (int) Math.round(tEnd / eta);
            TeacherStudentSimulator.Trajectory gd = TeacherStudentSimulator.gradientDescent(f, z0, eta, steps,
                    steps / 4, false);
            assertThat(gd.success()).isTrue();
            assertThat(gd.evaluations()).isEqualTo(steps);
            assertThat(gd.times()).hasSize(5);
            assertThat(gd.times()[4]).isCloseTo(tEnd, within(1e-12));
            assertThat(gd.times()[1]).isCloseTo(tEnd / 4, within(1e-12));
            err[j] = maxDiff(gd.last(), ref);
        }
        assertThat(err[0] / err[1]).isCloseTo(2, within(0.2));
        assertThat(err[1] / err[2]).isCloseTo(2, within(0.2));
        // one step by hand: z1 = z0 + η f(z0); records every 3 of 10 steps: steps 0, 3, 6, 9
        TeacherStudentSimulator.Trajectory few = TeacherStudentSimulator.gradientDescent(f, z0, 0.1, 10, 3, true);
        assertThat(few.times()).containsExactly(0, 0.30000000000000004, 0.6000000000000001, 0.9);
        assertThat(few.states()[0]).containsExactly(z0);
        double[] one = TeacherStudentSimulator.gradientDescent(f, z0, 0.1, 1, 1, false).last();
        double[] v = f.computeDerivatives(0, z0);
        for (int i = 0; i < z0.length; i++) {
            assertThat(one[i]).isEqualTo(z0[i] + 0.1 * v[i]);
        }
        assertThat(few.accuracy()[3]).isBetween(0.0, 1.0);
    }

    @Test
    @DisplayName("a too-large step diverges: NON_FINITE_STATE with the step in the message, the finite prefix kept")
    void divergence() {
        TeacherStudentFlow f = new TeacherStudentFlow(DATA, TeacherStudentMode.PLAIN, 1);
        double[] z0 = TeacherStudentSimulator.initialState(6, 1, TeacherStudentMode.PLAIN, 5);
        TeacherStudentSimulator.Trajectory gd = TeacherStudentSimulator.gradientDescent(f, z0, 60, 100_000, 10,
                false);
        assertThat(gd.success()).isFalse();
        assertThat(gd.code()).isEqualTo(ReturnCode.NON_FINITE_STATE);
        assertThat(gd.message()).startsWith("non-finite state after step ").endsWith("(eta = 60.0)");
        int step = Integer.parseInt(gd.message().replaceAll("\\D*(\\d+).*", "$1"));
        assertThat(step).isBetween(2, 5000);
        assertThat(gd.evaluations()).isEqualTo(step);
        assertThat(gd.times()).hasSize(step / 10 + 1);
        for (double[] s : gd.states()) {
            assertThat(Arrays.stream(s).allMatch(Double::isFinite)).isTrue();
        }
    }

    @Test
    @DisplayName("the plain spectrum: ascending, non-positive, trace −tr Σ − 1, the slowest mode is MinL2's late rate")
    void spectrumAndSlowRate() {
        double[] ev = TeacherStudentSimulator.plainSpectrum(DATA);
        assertThat(ev).hasSize(8).isSorted();
        assertThat(ev[7]).isLessThan(0);
        double trace = -1;
        for (int a = 0; a < 6; a++) {
            trace -= DATA.second()[a * 6 + a];
        }
        assertThat(Arrays.stream(ev).sum()).isCloseTo(trace, within(1e-12));
        double[] sym = NumericSpectrum.symmetric(TeacherStudentFlow.plainOperator(DATA)).values().clone();
        Arrays.sort(sym);
        assertThat(ev).containsExactly(sym);
        TeacherStudentFlow f = new TeacherStudentFlow(DATA, TeacherStudentMode.PLAIN, 1);
        double slow = -ev[7];
        double[] times = TimeGrid.uniform(30 / slow, 120);
        TeacherStudentSimulator.Trajectory t = TeacherStudentSimulator.exact(f,
                TeacherStudentSimulator.plainPropagator(DATA, 1),
                TeacherStudentSimulator.initialState(6, 1, TeacherStudentMode.PLAIN, 8), times, false);
        RateFit fit = t.slowFit(1e-200);
        assertThat(fit.ok()).isTrue();
        assertThat(fit.rate()).isCloseTo(-slow, within(1e-3 * slow));
    }

    @Test
    @DisplayName("an empty trajectory reports NaN final values")
    void emptyTrajectory() {
        TeacherStudentSimulator.Trajectory t = new TeacherStudentSimulator.Trajectory(ReturnCode.FAILURE, "x",
                new double[0], new double[0][], new double[0], new double[0], new double[0], 0);
        assertThat(t.success()).isFalse();
        assertThat(t.minL2Final()).isNaN();
        assertThat(t.accuracyFinal()).isNaN();
    }

    @Test
    @DisplayName("seeded initial state: E ~ N(0, 1/D), then y_± ~ N(0, 1), then W = I + N(0, 0.1²/k), in this draw order")
    void initialState() {
        int dim = 5;
        int k = 3;
        double[] z = TeacherStudentSimulator.initialState(dim, k, TeacherStudentMode.PROJECTION, 42);
        assertThat(z).hasSize(TeacherStudentFlow.size(dim, k, TeacherStudentMode.PROJECTION));
        // the documented draw order is what makes report.json reproducible from the seed
        Random r = new Random(42);
        for (int i = 0; i < dim * k; i++) {
            assertThat(z[i]).isEqualTo(1 / Math.sqrt(dim) * r.nextGaussian());
        }
        for (int i = dim * k; i < (dim + 2) * k; i++) {
            assertThat(z[i]).isEqualTo(r.nextGaussian());
        }
        for (int p = 0; p < k; p++) {
            for (int q = 0; q < k; q++) {
                assertThat(z[(dim + 2) * k + p * k + q]).isCloseTo((p == q ? 1 : 0) + 0.1 / Math.sqrt(k) * r.nextGaussian(),
                        within(1e-15));
            }
        }
        double[] plain = TeacherStudentSimulator.initialState(dim, k, TeacherStudentMode.PLAIN, 42);
        assertThat(plain).hasSize((dim + 2) * k);
        assertThat(plain).containsExactly(Arrays.copyOf(z, (dim + 2) * k));
        // statistics at a larger size: E entries have variance 1/D
        double[] big = TeacherStudentSimulator.initialState(400, 3, TeacherStudentMode.PLAIN, 1);
        double var = 0;
        for (int i = 0; i < 1200; i++) {
            var += big[i] * big[i] / 1200;
        }
        assertThat(var * 400).isCloseTo(1, within(0.15));
    }
}
