package org.collapseharness.numerics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DmftSolverTest {

    static double[] reference(ProjectionMoments mo, double[] s0, double t) {
        OdeSolution sol = OdeSolver.solve(new OdeProblem("ref", mo, s0, new double[] {0, t}),
                OdeAlgorithm.dp853(1e-12, 1e-14));
        return sol.last();
    }

    static double err(double[] a, double[] b) {
        double e = 0;
        for (int i = 0; i < a.length; i++) {
            e = Math.max(e, Math.abs(a[i] - b[i]));
        }
        return e;
    }

    @Test
    void discretisationErrorIsSecondOrder() {
        ParticleLayout l = new ParticleLayout(3, 4, 1, 2);
        ProjectionMoments mo = new ProjectionMoments(3, 4, 1, 2, true);
        double[] s0 = mo.fromParticles(l, ProjectionSimulator.initialState(l, 1));
        double t = 1.0;
        double[] ref = reference(mo, s0, t);
        DmftSolver solver = new DmftSolver(mo, true);
        double[] errs = new double[3];
        int[] grids = {40, 80, 160};
        for (int i = 0; i < grids.length; i++) {
            DmftSolver.Result r = solver.solve(s0, t, new DmftSolver.Options(grids[i], grids[i] / 10, 1.0, false, 1e-11, 200));
            assertThat(r.converged()).as(r.status() + " it=" + r.iterations() + " worst=" + r.worstIterations() + " hist=" + java.util.Arrays.toString(r.residualHistory())).isTrue();
            errs[i] = err(r.last(), ref);
        }
        double p1 = Math.log(errs[0] / errs[1]) / Math.log(2);
        double p2 = Math.log(errs[1] / errs[2]) / Math.log(2);
        assertThat(p1).isCloseTo(2.0, within(0.3));
        assertThat(p2).isCloseTo(2.0, within(0.3));
    }

    @Test
    void nonConvergenceIsReportedNotThrown() {
        ParticleLayout l = new ParticleLayout(3, 4, 1, 2);
        ProjectionMoments mo = new ProjectionMoments(3, 4, 1, 2, true);
        double[] s0 = mo.fromParticles(l, ProjectionSimulator.initialState(l, 1));
        DmftSolver.Result r = new DmftSolver(mo, true).solve(s0, 5.0,
                new DmftSolver.Options(50, 1, 1.0, false, 1e-14, 3));
        assertThat(r.status()).isNotEqualTo(ReturnCode.SUCCESS);
        assertThat(r.residualHistory()).isNotEmpty();
    }
}
