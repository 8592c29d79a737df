package org.collapseharness.theory;

/**
 * A closed-form expression that came out of the symbolic pipeline. Consumers evaluate it at parameter values and may
 * show its text; they never re-parse the text.
 */
public interface ClosedForm {

    /** The expression as derived, in Symja input form (for display and for the report). */
    String text();

    /** Real value at the given bindings; NaN when the value is not real (imaginary part above 1e-9 relative). */
    default double at(Bindings bindings) {
        double[] c = complexAt(bindings);
        return Math.abs(c[1]) <= 1e-9 * Math.max(1, Math.abs(c[0])) ? c[0] : Double.NaN;
    }

    /** Complex value {re, im} at the given bindings. */
    double[] complexAt(Bindings bindings);
}
