package org.collapseharness.verification;

/**
 * A named tolerance with the reason for its size.
 *
 * @param name   identifier shown in the report
 * @param value  the bound
 * @param mode   ABSOLUTE: |measured − expected| ≤ value; RELATIVE: |measured − expected| ≤ value·max(|expected|, floor)
 * @param reason why this size (what limits the accuracy of the route being compared)
 */
public record Tolerance(String name, double value, Mode mode, String reason) {

    public enum Mode { ABSOLUTE, RELATIVE }

    /** Floor for relative comparisons against a zero expectation. */
    public static final double RELATIVE_FLOOR = 1e-300;

    /** Reason of the tolerance attached to an exact integer fact ({@code Evidence.requireEqual}). */
    public static final String INTEGER_FACT = "integer fact";

    public static Tolerance absolute(String name, double value, String reason) {
        return new Tolerance(name, value, Mode.ABSOLUTE, reason);
    }

    public static Tolerance relative(String name, double value, String reason) {
        return new Tolerance(name, value, Mode.RELATIVE, reason);
    }

    /** The error measure this tolerance bounds. */
    public double error(double measured, double expected) {
        double diff = Math.abs(measured - expected);
        return mode == Mode.ABSOLUTE ? diff : diff / Math.max(Math.abs(expected), RELATIVE_FLOOR);
    }

    public boolean accepts(double measured, double expected) {
        double e = error(measured, expected);
        return Double.isFinite(measured) && Double.isFinite(expected) && e <= value;
    }

    @Override
    public String toString() {
        return name + " (" + (mode == Mode.ABSOLUTE ? "abs " : "rel ") + value + ")";
    }
}
