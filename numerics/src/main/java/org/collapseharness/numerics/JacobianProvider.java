package org.collapseharness.numerics;

/** An analytic Jacobian ∂f/∂y of a right-hand side; algorithms that need a Jacobian use it instead of differences. */
@FunctionalInterface
public interface JacobianProvider {
    /** The n × n Jacobian at (t, y); y must not be modified. */
    double[][] jacobian(double t, double[] y);

    /**
     * Whether the right-hand side that implements this does not depend on t; Rosenbrock methods then take ∂f/∂t = 0
     * instead of differencing it (one right-hand side evaluation per step).
     */
    default boolean autonomous() {
        return false;
    }
}
