package org.collapseharness.verification.claims;

import java.util.Arrays;
import org.collapseharness.numerics.DmftSolver;
import org.collapseharness.numerics.ProjectionMoments;

/** Deliberately wrong DMFT iterations, the negative controls of the §4.3 checks (each must miss the particles). */
final class DmftControls {
    private DmftControls() {
    }

    /** Drops the fluctuation feedback (memory) term −W Cx − K W Cz from the W equation. */
    static final DmftSolver.Coupling NO_MEMORY = new DmftSolver.Coupling() {
        @Override
        public double[] wEquationInput(ProjectionMoments mo, double[] state) {
            double[] u = state.clone();
            Arrays.fill(u, mo.cx(), mo.wOffset(), 0.0);
            return u;
        }
    };

    /** Freezes the medium at G(0) in the fluctuation propagators (no self-consistency). */
    static final DmftSolver.Coupling FROZEN_MEDIUM = new DmftSolver.Coupling() {
        @Override
        public double[][] medium(double[][] midpoint, double[][] initial) {
            return initial;
        }
    };
}
