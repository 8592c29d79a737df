package org.collapseharness.theory;

/**
 * A closed-form expression that came out of the symbolic pipeline. Consumers evaluate it at parameter values and may
 * show its text; they never re-parse the text.
 */
public interface ClosedForm {

    /** The expression as derived, in Symja input form (for display and for the report). */
    String text();

    /** Real value at the given bindings; NaN when the value is not real. */
    double at(Bindings bindings);

    /** Complex value {re, im} at the given bindings. */
    double[] complexAt(Bindings bindings);
}
