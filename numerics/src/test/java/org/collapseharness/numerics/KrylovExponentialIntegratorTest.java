package org.collapseharness.numerics;

import static org.assertj.core.api.Assertions.assertThat;

import org.collapseharness.numerics.teacherstudent.TeacherStudentData;
import org.collapseharness.numerics.teacherstudent.TeacherStudentFlow;
import org.collapseharness.numerics.teacherstudent.TeacherStudentSimulator;
import org.collapseharness.theory.TeacherStudentMode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Matrix-free (Krylov) exponential integrator: exact on linear flows, agrees with the dense one and DP853")
class KrylovExponentialIntegratorTest {

    @Test
    @DisplayName("§3 flow (linear, stiff: rate ~ 2(n+m)): exact against the matrix exponential in a handful of steps")
    void exactOnLinearFlow() {
        ParticleLayout l = new ParticleLayout(3, 20, 5, 2);
        MinimalModelFlow f = new MinimalModelFlow(l);
        double[] y0 = InitialStates.gaussian(l.size(), 21, 1.0);
        double[] times = {0, 1, 50};
        OdeSolution s = OdeSolver.solve(new OdeProblem("linear", f, y0, times), OdeAlgorithm.exponentialKrylov(1e-8, 1e-11));
        assertThat(s.success()).isTrue();
        double[][] a = LinearOperators.assemble(new MinimalModelFlow(l.perCoordinate()));
        for (int i = 0; i < times.length; i++) {
            assertThat(ArrayOps.maxAbsDiff(s.states()[i], LinearOperators.expmApply(a, times[i], y0, l.dim())))
                    .as("t=%s", times[i]).isLessThan(1e-8);
        }
        // steps grow by 5 per exact step from 1e-3: ~log5(50/1e-3) ≈ 7 steps, far below DP853's stability limit
        assertThat(s.steps()).isLessThan(15);
        OdeSolution dp = OdeSolver.solve(new OdeProblem("linear", f, y0, times), OdeAlgorithm.dp853(1e-8, 1e-11));
        assertThat(dp.steps()).isGreaterThan(10 * s.steps());
        assertThat(OdeAlgorithm.exponentialKrylov(1e-8, 1e-11).toString()).contains("Krylov");
    }

    @Test
    @DisplayName("§5 plain teacher-student flow: exact against eigen-propagation of the data operator")
    void exactOnTeacherStudentPlain() {
        TeacherStudentData data = TeacherStudentData.generate(20, 100, 0.1, 1, 1, 5);
        TeacherStudentFlow f = new TeacherStudentFlow(data, TeacherStudentMode.PLAIN, 3);
        double[] z0 = TeacherStudentSimulator.initialState(20, 3, TeacherStudentMode.PLAIN, 6);
        double[] times = {0, 5, 100};
        TeacherStudentSimulator.Trajectory s = TeacherStudentSimulator.integrate(f, z0, times,
                OdeAlgorithm.exponentialKrylov(1e-9, 1e-12), false);
        assertThat(s.success()).isTrue();
        assertThat(s.steps()).isPositive();
        var exact = TeacherStudentSimulator.plainPropagator(data, 3);
        for (int i = 0; i < times.length; i++) {
            assertThat(ArrayOps.maxAbsDiff(s.states()[i], exact.propagate(z0, times[i]))).as("t=%s", times[i]).isLessThan(1e-8);
        }
    }

    @Test
    @DisplayName("§4 moments with sg (nonlinear): Krylov and dense evaluation of phi1 give the same trajectory as DP853")
    void nonlinearAgreesWithDenseAndDp853() {
        ParticleLayout l = new ParticleLayout(3, 6, 2, 2);
        ProjectionMoments mo = new ProjectionMoments(3, 6, 2, 2, true);
        double[] u0 = mo.fromParticles(l, ProjectionSimulator.initialState(l, 3));
        double[] times = {0, 0.5, 2};
        OdeProblem p = new OdeProblem("moments", mo, u0, times);
        OdeSolution kry = OdeSolver.solve(p, OdeAlgorithm.exponentialKrylov(1e-8, 1e-11));
        OdeSolution dense = OdeSolver.solve(p, OdeAlgorithm.exponential(1e-8, 1e-11));
        OdeSolution dp = OdeSolver.solve(p, OdeAlgorithm.dp853(1e-12, 1e-14));
        assertThat(kry.success()).isTrue();
        assertThat(ArrayOps.maxAbsDiff(kry.last(), dp.last())).isLessThan(1e-6);
        assertThat(ArrayOps.maxAbsDiff(kry.last(), dense.last())).isLessThan(1e-6);
        // the problem is immutable: solving it never changes its initial state (an integrator that advanced
        // problem.y0() in place would start a second solve of the same problem elsewhere)
        assertThat(p.y0()).containsExactly(u0);
        // negative control: a looser tolerance is visibly less accurate (the error control is live)
        OdeSolution loose = OdeSolver.solve(p, OdeAlgorithm.exponentialKrylov(1e-2, 1e-5));
        assertThat(ArrayOps.maxAbsDiff(loose.last(), dp.last())).isGreaterThan(10 * ArrayOps.maxAbsDiff(kry.last(), dp.last()));
    }

    @Test
    @DisplayName("§4 full particles with sg: the matrix-free integrator reproduces W of the moment reduction")
    void fullParticlesMatchMoments() {
        ParticleLayout l = new ParticleLayout(3, 8, 2, 2);
        double[] u0 = ProjectionSimulator.initialState(l, 9);
        double[] times = {0, 1, 5};
        ProjectionSimulator.Result full = ProjectionSimulator.simulate(l, true, u0, times,
                ProjectionSimulator.Representation.FULL, OdeAlgorithm.exponentialKrylov(1e-9, 1e-12));
        ProjectionSimulator.Result mo = ProjectionSimulator.simulate(l, true, u0, times,
                ProjectionSimulator.Representation.MOMENTS, OdeAlgorithm.dp853(1e-12, 1e-14));
        assertThat(full.solution().success()).isTrue();
        assertThat(full.solution().algorithm()).isEqualTo("exponential-krylov");
        double[][] w = full.finalW();
        double[][] wm = mo.finalW();
        for (int a = 0; a < 2; a++) {
            for (int b = 0; b < 2; b++) {
                assertThat(Math.abs(w[a][b] - wm[a][b])).isLessThan(1e-6);
            }
        }
    }

    @Test
    @DisplayName("a Krylov basis that cannot converge (1 vector, min step 1e-3) ends as STEP_SIZE_UNDERFLOW with diagnostics")
    void nonConvergentBasisIsAFailureCode() {
        ParticleLayout l = new ParticleLayout(3, 6, 2, 2);
        ProjectionMoments mo = new ProjectionMoments(3, 6, 2, 2, true);
        double[] u0 = mo.fromParticles(l, ProjectionSimulator.initialState(l, 3));
        OdeAlgorithm bad = OdeAlgorithm.exponentialKrylov(1e-10, 1e-13).withMaxKrylov(1).withMinStep(1e-3);
        OdeSolution s = OdeSolver.solve(new OdeProblem("moments", mo, u0, new double[] {0, 5}), bad);
        assertThat(s.code()).isEqualTo(ReturnCode.STEP_SIZE_UNDERFLOW);
        assertThat(s.message()).contains("Krylov basis of 1 vectors did not converge");
    }
}
