package org.collapseharness.verification.claims;

import org.collapseharness.numerics.DmftSolver;
import org.collapseharness.numerics.HeadPairFlow;
import org.collapseharness.numerics.OdeAlgorithm;
import org.collapseharness.numerics.OdeProblem;
import org.collapseharness.numerics.ProjectionFlow;
import org.collapseharness.numerics.ParticleLayout;
import org.collapseharness.numerics.ProjectionMoments;
import org.collapseharness.numerics.ProjectionSimulator;
import org.collapseharness.theory.Bindings;
import org.collapseharness.theory.FluctuationTheory;
import org.collapseharness.theory.HeadLoss;
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

    /** The §4 pair term with stop-gradient in the head pipeline's notation (the built-in loss, see V/projection-sg/builtin). */
    static final HeadLoss SG_PAIR = new HeadLoss("projection-sg", "1/2*sq[W.s - sg[y]] + 1/2*sq[W.y - sg[s]]",
            "1/2*sq[W.s - sg[y]] + 1/2*sq[W.y - sg[s]]", Bindings.of());

    /** Rodas4 of the particle witnesses (at the explicit witness' accuracy class). */
    static final OdeAlgorithm PARTICLE_STIFF = OdeAlgorithm.rodas(1e-8, 1e-10);

    /**
     * The full-particle problem of the §4 flow with stop-gradient: the hand-coded {@link ProjectionFlow} as the
     * right-hand side, and the Jacobian assembled from the symbolically derived pair Jacobians of the same loss.
     */
    static OdeProblem particleProblem(ParticleLayout l, double[] u0, double[] times) {
        HeadPairFlow derived = HeadVariantClaims.stiffFlow(SG_PAIR, l);
        return new OdeProblem("full particles", new ProjectionFlow(l, true), u0, times).withJacobian(derived::jacobian);
    }

    /** The realised moments of the seeded initial particle state. */
    static double[] momentsOf(ParticleLayout l, long seed, ProjectionMoments mo) {
        return mo.fromParticles(l, ProjectionSimulator.initialState(l, seed));
    }
}
