package org.collapseharness.verification.perf;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Outcome of a benchmark case.
 *
 * @param id                 case id
 * @param description        what was run
 * @param status             OK, FAIL (error above the case's bound or a numerical failure) or PENDING (hook not yet
 *                           filled by the model's implementation)
 * @param parameters         model and numerical parameters
 * @param route              the timed route
 * @param wallSeconds        wall time of the timed route (timing field)
 * @param cpuSeconds         process CPU time of the whole case, route and witness (timing field)
 * @param rhsEvaluations     right-hand-side evaluations of the timed route
 * @param witness            the independent exact route
 * @param witnessEvaluations right-hand-side evaluations of the witness
 * @param witnessSeconds     wall time of the witness (timing field)
 * @param maxAbsError        max |timed − witness| over the check times
 * @param errorBound         the bound the error must meet for OK
 * @param checkTimes         times at which the error was measured
 * @param note               diagnostics or remarks
 */
public record BenchResult(String id, String description, String status, Map<String, Object> parameters, String route,
                          double wallSeconds, double cpuSeconds, long rhsEvaluations, String witness,
                          long witnessEvaluations, double witnessSeconds, double maxAbsError, double errorBound,
                          double[] checkTimes, String note) {

    public static BenchResult pending(String id, String description, String note) {
        return new BenchResult(id, description, "PENDING", Map.of(), "", Double.NaN, Double.NaN, 0, "", 0, Double.NaN,
                Double.NaN, Double.NaN, new double[0], note);
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("description", description);
        m.put("status", status);
        m.put("parameters", parameters);
        m.put("route", route);
        m.put("rhsEvaluations", rhsEvaluations);
        m.put("witness", witness);
        m.put("witnessRhsEvaluations", witnessEvaluations);
        m.put("maxAbsErrorVsExact", maxAbsError);
        m.put("errorBound", errorBound);
        if (checkTimes.length <= 12) {
            m.put("checkTimes", checkTimes);
        } else {
            Map<String, Object> ct = new LinkedHashMap<>();
            ct.put("count", checkTimes.length);
            ct.put("first", checkTimes[0]);
            ct.put("last", checkTimes[checkTimes.length - 1]);
            m.put("checkTimes", ct);
        }
        m.put("note", note);
        Map<String, Object> timing = new LinkedHashMap<>();
        timing.put("wallSeconds", wallSeconds);
        timing.put("cpuSeconds", cpuSeconds);
        timing.put("witnessSeconds", witnessSeconds);
        m.put("timing", timing);
        return m;
    }
}
