package org.collapseharness.verification.claims;

import org.collapseharness.numerics.DmftSolver;
import org.collapseharness.numerics.ParticleLayout;
import org.collapseharness.numerics.ProjectionMoments;
import org.collapseharness.numerics.ProjectionSimulator;
import org.collapseharness.theory.FluctuationTheory;
import org.collapseharness.theory.symbolic.DmftDerivation;

/** The setup the §4.3 claims share: the DMFT solver on the derived generator and its initial moments. */
final class DmftRuns {
    private DmftRuns() {
    }

    /** The DMFT solver with the symbolically derived fluctuation generator L(W) (4.3-e). */
    static DmftSolver solver(ProjectionMoments mo, boolean sg) {
        FluctuationTheory th = DmftDerivation.derive(sg);
        return new DmftSolver(mo, sg, th::generatorAt);
    }

    /** The realised moments of the seeded initial particle state. */
    static double[] momentsOf(ParticleLayout l, long seed, ProjectionMoments mo) {
        return mo.fromParticles(l, ProjectionSimulator.initialState(l, seed));
    }
}
