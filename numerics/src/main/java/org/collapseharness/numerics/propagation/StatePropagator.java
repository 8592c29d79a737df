package org.collapseharness.numerics.propagation;

/** An exact propagator of a linear flow from a fixed initial state: the state (or just the labels) at any time. */
public interface StatePropagator {
    /** Full state at time t. */
    double[] state(double t);

    /** Labels at time t, K·d values (label c at [c·d, (c+1)·d)). */
    double[] labels(double t);

    /** Right-hand-side evaluations spent so far. */
    long rhsEvaluations();

    /** Whether the route's own consistency checks hold. */
    boolean valid();

    /** Short name of the route ("sector", "dense-eigen", "dense-expm"). */
    String route();
}
