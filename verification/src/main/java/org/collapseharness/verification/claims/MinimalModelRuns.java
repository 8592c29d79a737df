package org.collapseharness.verification.claims;

import org.collapseharness.numerics.OdeAlgorithm;
import org.collapseharness.numerics.ParticleLayout;
import org.collapseharness.theory.LinearFlowTheory;
import org.collapseharness.theory.MinimalModel;
import org.collapseharness.theory.PairLoss;
import org.collapseharness.theory.symbolic.LinearFlowDerivation;
import org.collapseharness.verification.Evidence;


/** The setup every §3 claim shares: seed, integrator, the derived theory, and how a model is described. */
public final class MinimalModelRuns {
    /** Default seed of every §3 initial state. */
    public static final long SEED = 20260409L;
    /** The integrator used for every §3 trajectory. */
    public static final OdeAlgorithm INTEGRATOR = OdeAlgorithm.dp853(1e-10, 1e-12);
    /** The (K, n, m) grid of small models on which the sector decomposition is checked exhaustively. */
    static final int[][] SMALL_GRID = {{2, 1, 1}, {3, 4, 2}, {4, 3, 5}, {3, 5, 0}, {2, 6, 3}};

    private MinimalModelRuns() {
    }

    /** The derived theory of the minimal loss. */
    static LinearFlowTheory theory() {
        return LinearFlowDerivation.derive(PairLoss.minimal());
    }

    static ParticleLayout layout(MinimalModel m) {
        return new ParticleLayout(m);
    }

    static void describe(Evidence e, MinimalModel m) {
        e.param("K", m.classes()).param("n", m.clean()).param("m", m.shared()).param("d", m.dim())
                .param("rho", m.rho());
    }
}
