package org.collapseharness.numerics;

import java.util.Optional;
import java.util.function.DoubleFunction;
import org.hipparchus.ode.OrdinaryDifferentialEquation;

/**
 * An initial-value problem: the equation, the initial state, the output times. Optionally carries an exact solution
 * (computed by a route independent of the integrator) for error measurement and an analytic Jacobian (used by
 * algorithms that need one; without it they difference the right-hand side with {@link Jacobians}). Immutable:
 * accessors return copies, so a solve never changes its problem.
 *
 * @param name        label for diagnostics
 * @param equation    right-hand side
 * @param y0          initial state at t = 0 (copied)
 * @param outputTimes ascending times ≥ 0 at which the solution is recorded; the last is the end time
 * @param exact       exact solution t ↦ y(t), if known
 * @param jacobian    analytic Jacobian, if known
 */
public record OdeProblem(String name, OrdinaryDifferentialEquation equation, double[] y0, double[] outputTimes,
                         Optional<DoubleFunction<double[]>> exact, Optional<JacobianProvider> jacobian) {

    public OdeProblem {
        y0 = y0.clone();
        outputTimes = outputTimes.clone();
        if (outputTimes.length == 0 || outputTimes[0] < 0) {
            throw new IllegalArgumentException("output times must be non-empty and non-negative");
        }
        for (int i = 1; i < outputTimes.length; i++) {
            if (!(outputTimes[i] > outputTimes[i - 1])) {
                throw new IllegalArgumentException("output times must increase");
            }
        }
    }

    public OdeProblem(String name, OrdinaryDifferentialEquation equation, double[] y0, double[] outputTimes) {
        this(name, equation, y0, outputTimes, Optional.empty(), Optional.empty());
    }

    /** A copy of the initial state (the problem is immutable: solvers may work in the returned array). */
    @Override
    public double[] y0() {
        return y0.clone();
    }

    /** A copy of the output times. */
    @Override
    public double[] outputTimes() {
        return outputTimes.clone();
    }

    public double tEnd() {
        return outputTimes[outputTimes.length - 1];
    }

    public OdeProblem withExact(DoubleFunction<double[]> solution) {
        return new OdeProblem(name, equation, y0, outputTimes, Optional.of(solution), jacobian);
    }

    public OdeProblem withJacobian(JacobianProvider j) {
        return new OdeProblem(name, equation, y0, outputTimes, exact, Optional.of(j));
    }
}
