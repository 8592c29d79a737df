package org.collapseharness.verification;

import java.util.List;
import java.util.Map;

/**
 * One row of the report.
 *
 * @param id                claim id, e.g. "3.2-c"
 * @param section           paper section, e.g. "§3.2"
 * @param title             short title
 * @param statement         the claim in one sentence
 * @param uses              ids of claims this one relies on
 * @param status            PASS / FAIL / DEVIATION
 * @param tolerance         the primary tolerance (first comparison's), or null
 * @param parameters        model and numerical parameters that produced the numbers
 * @param measurements      named numbers (and small arrays) for the JSON report
 * @param comparisons       every quantitative check
 * @param negativeControls  every deliberately wrong expectation, each must be rejected
 * @param notes             free-text remarks (derived formulas, decisions)
 * @param deviation         why the result differs from the paper's wording (DEVIATION), else empty
 * @param deviationCheck    the quantity that differs from the paper's wording, or null when not named
 * @param failure           diagnostics when a numerical step failed, else empty
 * @param plots             figures
 * @param source            code that produced the row (class)
 * @param wallSeconds       time spent (a timing field: excluded from determinism comparisons)
 * @param timings           further wall times recorded by the check (timing fields too)
 */
public record ClaimResult(String id, String section, String title, String statement, List<String> uses,
                          Status status, Tolerance tolerance, Map<String, Object> parameters,
                          Map<String, Object> measurements, List<Comparison> comparisons,
                          List<NegativeControl> negativeControls, List<String> notes, String deviation,
                          DeviationCheck deviationCheck, String failure, List<Plot> plots, String source, double wallSeconds,
                          Map<String, Double> timings) {

    public boolean allControlsRejected() {
        return !negativeControls.isEmpty() && negativeControls.stream().allMatch(NegativeControl::rejected);
    }

    /** A measurement as a double, by its typed key. */
    public double number(Measure key) {
        return number(key.key());
    }

    /** A recorded measurement (number, text or array), by its typed key. */
    public Object value(Measure key) {
        Object v = measurements.get(key.key());
        if (v == null) {
            throw new IllegalArgumentException("claim " + id + " has no measurement '" + key.key() + "'");
        }
        return v;
    }

    /** A measurement as a double (claims store numbers), for tests. */
    public double number(String key) {
        Object v = measurements.get(key);
        if (!(v instanceof Number num)) {
            throw new IllegalArgumentException("claim " + id + " has no numeric measurement '" + key + "'");
        }
        return num.doubleValue();
    }
}
