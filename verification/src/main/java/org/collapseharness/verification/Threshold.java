package org.collapseharness.verification;

/**
 * A named one-sided threshold with the reason for its value: a measurement must lie at most (or at least) this value.
 * Every {@link Evidence#bound} and {@code Evidence.require...} call names one; {@link Thresholds} holds the catalogue.
 *
 * @param name   identifier shown in the report (the tolerance name of the comparison)
 * @param value  the threshold
 * @param atMost true: measured ≤ value passes; false: measured ≥ value passes
 * @param reason why this value (what separates the two outcomes it decides between)
 */
public record Threshold(String name, double value, boolean atMost, String reason) {

    public static Threshold atMost(String name, double value, String reason) {
        return new Threshold(name, value, true, reason);
    }

    public static Threshold atLeast(String name, double value, String reason) {
        return new Threshold(name, value, false, reason);
    }

    /** Whether a measurement meets the threshold (a non-finite measurement never does). */
    public boolean holds(double measured) {
        return Double.isFinite(measured) && (atMost ? measured <= value : measured >= value);
    }

    /** The same criterion at another value (a claim-specific size of the same kind of threshold). */
    public Threshold at(double otherValue) {
        return new Threshold(name, otherValue, atMost, reason);
    }

    /** The tolerance recorded with a comparison against this threshold. */
    public Tolerance tolerance() {
        return Tolerance.absolute(name, value, reason);
    }
}
