package org.collapseharness.theory;

/**
 * Jacobians of the §4 projection-head model at a dimension d, in whichever derived form: the per-pair Jacobian
 * ∂f/∂v over v = (s1..sd, y1..yd, w11..wdd), (2d + d²)², and the fluctuation Jacobian ∂q/∂v over v = (w11..wdd,
 * c11..cdd), (2d²)² (see {@link ProjectionJacobians} for q). Numerics assembles the particle and moment Jacobians
 * from them.
 */
public interface ProjectionJacobianForm {
    int dim();

    boolean stopGradient();

    /** Writes ∂f/∂v at values (row-major, (2d + d²)² numbers) into out. */
    void pairJacobian(double[] values, double[] out);

    /** Writes ∂q/∂v at values (row-major, (2d²)² numbers) into out. */
    void fluctuationJacobian(double[] values, double[] out);
}
