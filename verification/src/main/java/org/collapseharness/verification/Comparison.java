package org.collapseharness.verification;

/**
 * One quantitative check: a measured value against an expectation within a tolerance.
 *
 * @param quantity  what is compared
 * @param measured  the value from the route under test (numerics)
 * @param expected  the value from the other route (usually derived), or the threshold of a one-sided bound
 * @param error     the error measure of the tolerance (absolute or relative); for a one-sided bound
 *                  measured − threshold (see {@link #margin()} for the signed distance inside the bound)
 * @param tolerance the bound
 * @param pass      error ≤ tolerance and both finite (one-sided: measured on the allowed side of the threshold)
 * @param kind      two-sided tolerance, one-sided bound (at most / at least) or exact integer fact
 */
public record Comparison(String quantity, double measured, double expected, double error, Tolerance tolerance,
                         boolean pass, Kind kind) {

    /** How measured and expected are compared. */
    public enum Kind { TWO_SIDED, AT_MOST, AT_LEAST, EXACT }

    public Comparison(String quantity, double measured, double expected, double error, Tolerance tolerance,
                      boolean pass) {
        this(quantity, measured, expected, error, tolerance, pass, Kind.TWO_SIDED);
    }

    public static Comparison of(String quantity, double measured, double expected, Tolerance tol) {
        return new Comparison(quantity, measured, expected, tol.error(measured, expected), tol,
                tol.accepts(measured, expected));
    }

    /** A one-sided bound: measured ≤ threshold (at most) or measured ≥ threshold, recorded with the threshold's name. */
    public static Comparison bound(String quantity, double measured, Threshold t) {
        return new Comparison(quantity + (t.atMost() ? " <= " : " >= ") + t.value(), measured, t.value(),
                measured - t.value(), t.tolerance(), t.holds(measured), t.atMost() ? Kind.AT_MOST : Kind.AT_LEAST);
    }

    public boolean oneSided() {
        return kind == Kind.AT_MOST || kind == Kind.AT_LEAST;
    }

    /**
     * How far inside its bound the measurement lies (positive = inside, negative = outside), in the units of the
     * measurement for a one-sided bound and of the error measure (tolerance − error) for a two-sided one.
     */
    public double margin() {
        return switch (kind) {
            case AT_MOST -> expected - measured;
            case AT_LEAST -> measured - expected;
            case TWO_SIDED, EXACT -> tolerance.value() - error;
        };
    }
}
