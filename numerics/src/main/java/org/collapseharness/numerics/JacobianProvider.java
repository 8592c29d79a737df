package org.collapseharness.numerics;

/** An analytic Jacobian ∂f/∂y of a right-hand side; algorithms that need a Jacobian use it instead of differences. */
@FunctionalInterface
public interface JacobianProvider {
    /** The n × n Jacobian at (t, y); y must not be modified. */
    double[][] jacobian(double t, double[] y);
}
