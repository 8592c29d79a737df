package org.collapseharness.verification;

/**
 * The quantity behind a DEVIATION verdict: what differs from the paper's wording.
 *
 * @param quantity what is measured, e.g. "sg runs that stay separated"
 * @param measured its value in this run
 * @param paper    what the paper's wording implies, as text (e.g. "all 12", "≈ 1")
 */
public record DeviationCheck(String quantity, double measured, String paper) {
}
