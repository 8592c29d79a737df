package org.collapseharness.numerics.propagation;

import org.collapseharness.numerics.MinimalModelFlow;
import org.collapseharness.numerics.ParticleLayout;

/** Route selection for exact propagation of §3-type linear flows: sectors first, the dense route as fallback. */
public final class Propagators {
    private Propagators() {
    }

    /**
     * The sector propagator when its numeric checks hold; otherwise the dense route if the system is small enough;
     * otherwise an {@link IllegalStateException} naming the residual.
     */
    public static StatePropagator forMinimalModel(ParticleLayout layout, double sharedWeight, double[] y0) {
        MinimalModelFlow perCoordinate = new MinimalModelFlow(layout.perCoordinate(), sharedWeight);
        SectorPropagator s = SectorPropagator.create(layout, perCoordinate, y0);
        if (s.valid()) {
            return s;
        }
        if (layout.vectors() <= DensePropagator.MAX_VECTORS) {
            return new DensePropagator(layout, perCoordinate, y0);
        }
        throw new IllegalStateException("sector split not invariant (residual " + s.invarianceResidual()
                + ", reconstruction " + s.reconstructionError() + ") and the system is too large for the dense route");
    }
}
