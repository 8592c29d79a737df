package org.collapseharness.numerics;

import org.hipparchus.ode.AbstractIntegrator;
import org.hipparchus.ode.nonstiff.DormandPrince54Integrator;
import org.hipparchus.ode.nonstiff.DormandPrince853Integrator;

/**
 * An explicit embedded Runge–Kutta integrator from Hipparchus and its settings.
 *
 * @param kind            DP853 (8th order) or DP54 (5th order)
 * @param relTol          relative tolerance per step
 * @param absTol          absolute tolerance per step
 * @param minStep         smallest admissible step (below: STEP_SIZE_UNDERFLOW)
 * @param maxEvaluations  right-hand-side budget (beyond: MAX_EVALUATIONS)
 */
public record OdeAlgorithm(Kind kind, double relTol, double absTol, double minStep, int maxEvaluations) {

    public enum Kind { DP853, DP54 }

    public static OdeAlgorithm dp853(double relTol, double absTol) {
        return new OdeAlgorithm(Kind.DP853, relTol, absTol, 1e-12, 20_000_000);
    }

    public OdeAlgorithm withMinStep(double h) {
        return new OdeAlgorithm(kind, relTol, absTol, h, maxEvaluations);
    }

    public OdeAlgorithm withMaxEvaluations(int max) {
        return new OdeAlgorithm(kind, relTol, absTol, minStep, max);
    }

    AbstractIntegrator create(double maxStep) {
        AbstractIntegrator it = switch (kind) {
            case DP853 -> new DormandPrince853Integrator(minStep, maxStep, absTol, relTol);
            case DP54 -> new DormandPrince54Integrator(minStep, maxStep, absTol, relTol);
        };
        it.setMaxEvaluations(maxEvaluations);
        return it;
    }

    @Override
    public String toString() {
        return kind + "(rtol=" + relTol + ", atol=" + absTol + ")";
    }
}
