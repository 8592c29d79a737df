package org.collapseharness.theory;

import java.util.List;

/**
 * What the symbolic pipeline derived from a variant file with species head (the projection head W).
 *
 * @param loss           the head loss as read
 * @param pairLoss2      the clean pair term written out at d = 2 (what was differentiated)
 * @param fieldEquations the derived field in readable form: per mode (d = 1, scalar w) and the block word forms
 * @param relations      the steady-state derivation (blocks as words in W, Wᵀ; operator T; sg: bias operator and
 *                       protected value; no sg: sup of the per-mode T)
 * @param stopGradient   whether the terms carry sg markers
 */
public record HeadFlowTheory(HeadLoss loss, String pairLoss2, List<String> fieldEquations, ProjectionTheory relations,
                             boolean stopGradient) {

    /** True when the derived bias operator exists (stop-gradient type): class biases survive on its protected value. */
    public boolean protectedSpectrum() {
        return relations.biasOperator() != null && relations.protectedValue() != null;
    }
}
