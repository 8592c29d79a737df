package org.collapseharness.verification;

/**
 * One quantitative check: a measured value against an expectation within a tolerance.
 *
 * @param quantity  what is compared
 * @param measured  the value from the route under test (numerics)
 * @param expected  the value from the other route (usually derived)
 * @param error     the error measure of the tolerance (absolute or relative)
 * @param tolerance the bound
 * @param pass      error ≤ tolerance and both finite
 */
public record Comparison(String quantity, double measured, double expected, double error, Tolerance tolerance,
                         boolean pass) {

    public static Comparison of(String quantity, double measured, double expected, Tolerance tol) {
        return new Comparison(quantity, measured, expected, tol.error(measured, expected), tol,
                tol.accepts(measured, expected));
    }
}
