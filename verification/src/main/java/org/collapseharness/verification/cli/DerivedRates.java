package org.collapseharness.verification.cli;

import org.collapseharness.theory.MinimalModel;
import org.collapseharness.theory.PairLoss;
import org.collapseharness.theory.symbolic.LinearFlowDerivation;

/** The derived slow rate, kept in its own class so that commands load the Symja pipeline only when asked. */
final class DerivedRates {
    private DerivedRates() {
    }

    /** Positive slow decay rate −λ_slow from the symbolic derivation (0 without shared samples). */
    static double slowRate(MinimalModel m) {
        return m.shared() > 0 ? -LinearFlowDerivation.derive(PairLoss.minimal()).slowEigenvalue().at(m.bindings()) : 0.0;
    }
}
