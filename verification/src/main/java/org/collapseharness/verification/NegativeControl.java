package org.collapseharness.verification;

/**
 * The same check run against a deliberately wrong expectation. It must be rejected; if not, the check cannot fail and
 * the claim is FAIL.
 *
 * @param description what was made wrong
 * @param measured    the measured value
 * @param wrong       the wrong expectation
 * @param rejected    true when the check turned it down
 */
public record NegativeControl(String description, double measured, double wrong, boolean rejected) {
}
