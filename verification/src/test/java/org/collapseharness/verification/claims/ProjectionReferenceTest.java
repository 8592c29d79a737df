package org.collapseharness.verification.claims;

import static org.assertj.core.api.Assertions.assertThat;

import org.collapseharness.numerics.ArrayOps;
import org.collapseharness.numerics.OdeAlgorithm;
import org.collapseharness.numerics.OdeProblem;
import org.collapseharness.numerics.OdeSolution;
import org.collapseharness.numerics.OdeSolver;
import org.collapseharness.numerics.ParticleLayout;
import org.collapseharness.numerics.ProjectionFlow;
import org.collapseharness.numerics.ProjectionSimulator;
import org.collapseharness.numerics.ProjectionSimulator.Representation;
import org.collapseharness.numerics.TimeGrid;
import org.collapseharness.theory.ProjectionJacobians;
import org.collapseharness.theory.symbolic.ProjectionJacobianDerivation;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Rodas4 with the derived Jacobians against tight-tolerance DP853 references: on the moment reduction at the
 * command's default setting (K = 3, n = 40, m = 10, d = 3, sg, T = 400, rtol 1e-6 against 1e-11) and on all particles
 * (bordered solve, rtol 1e-8 against 1e-11 at T = 300). A run to a shorter end time is the negative control.
 */
@DisplayName("Rodas with derived Jacobians agrees with tight-tolerance DP853")
class ProjectionReferenceTest {

    private static double endDiff(ProjectionSimulator.Result a, ProjectionSimulator.Result b) {
        double m = 0;
        for (int i = 0; i < a.finalW().length; i++) {
            m = Math.max(m, ArrayOps.maxAbsDiff(a.finalW()[i], b.finalW()[i]));
        }
        for (int c = 0; c < a.finalLabels().length; c++) {
            m = Math.max(m, ArrayOps.maxAbsDiff(a.finalLabels()[c], b.finalLabels()[c]));
        }
        return m;
    }

    @Test
    @Tag("slow")
    void momentFlowAtTheCommandDefaultsMatchesTheReference() {
        ParticleLayout l = new ParticleLayout(3, 40, 10, 3);
        ProjectionJacobians dj = ProjectionJacobianDerivation.derive(3, true);
        double[] times = TimeGrid.mixed(400, 1e-2, 30, 20);
        var rodas = ProjectionSimulator.simulate(l, true, 20260409L, times, Representation.MOMENTS,
                OdeAlgorithm.rodas(1e-6, 1e-8), dj);
        var reference = ProjectionSimulator.simulate(l, true, 20260409L, times, Representation.MOMENTS,
                OdeAlgorithm.dp853(1e-11, 1e-13), null);
        assertThat(rodas.solution().success()).isTrue();
        assertThat(reference.solution().success()).isTrue();
        assertThat(endDiff(rodas, reference)).isLessThan(1e-6);
        var early = ProjectionSimulator.simulate(l, true, 20260409L, TimeGrid.mixed(200, 1e-2, 30, 20),
                Representation.MOMENTS, OdeAlgorithm.rodas(1e-6, 1e-8), dj);
        assertThat(endDiff(early, reference)).isGreaterThan(1e-6);
    }

    @Test
    void particlesFromAGivenStateMatchTheReference() {
        ParticleLayout l = new ParticleLayout(3, 5, 2, 3);
        double[] u0 = ProjectionSimulator.initialState(l, 8);
        double[] times = {300};
        ProjectionJacobians dj = ProjectionJacobianDerivation.derive(3, true);
        var rodas = ProjectionSimulator.simulate(l, true, u0, times, Representation.FULL,
                OdeAlgorithm.rodas(1e-8, 1e-10), dj);
        OdeSolution reference = OdeSolver.solve(new OdeProblem("reference", new ProjectionFlow(l, true), u0, times),
                OdeAlgorithm.dp853(1e-11, 1e-13));
        assertThat(rodas.solution().success()).isTrue();
        assertThat(reference.success()).isTrue();
        assertThat(ArrayOps.maxAbsDiff(rodas.solution().last(), reference.last())).isLessThan(1e-5);
        var early = ProjectionSimulator.simulate(l, true, u0, new double[] {30}, Representation.FULL,
                OdeAlgorithm.rodas(1e-8, 1e-10), dj);
        assertThat(ArrayOps.maxAbsDiff(early.solution().last(), reference.last())).isGreaterThan(1e-5);
    }
}
