package org.collapseharness.numerics.propagation;

import org.collapseharness.numerics.MinimalModelFlow;
import org.hipparchus.ode.OrdinaryDifferentialEquation;

/** A linear map y ↦ A y applied matrix-free into a caller-owned output array (flat primitive arrays, no allocation). */
public interface LinearMap {
    int dimension();

    void apply(double[] in, double[] out);

    /** The hand-coded §3 right-hand side, allocation-free. */
    static LinearMap of(MinimalModelFlow flow) {
        return new LinearMap() {
            @Override
            public int dimension() {
                return flow.getDimension();
            }

            @Override
            public void apply(double[] in, double[] out) {
                flow.derivatives(in, out);
            }
        };
    }

    /** Any linear, autonomous ODE right-hand side (allocates per call). */
    static LinearMap of(OrdinaryDifferentialEquation f) {
        return new LinearMap() {
            @Override
            public int dimension() {
                return f.getDimension();
            }

            @Override
            public void apply(double[] in, double[] out) {
                System.arraycopy(f.computeDerivatives(0, in), 0, out, 0, out.length);
            }
        };
    }
}
