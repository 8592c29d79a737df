package org.collapseharness.verification.perf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.collapseharness.verification.report.ReportSection;

/** Runs bench cases and renders them as the report's "performance" section. */
public final class PerformanceSection {
    private PerformanceSection() {
    }

    public static List<BenchResult> run(List<String> ids, java.util.function.Consumer<BenchResult> progress) {
        List<BenchResult> out = new ArrayList<>();
        for (String id : ids) {
            BenchResult r;
            try {
                r = BenchSuite.get(id).run();
            } catch (RuntimeException | OutOfMemoryError e) {
                r = new BenchResult(id, id, "FAIL", Map.of(), "", Double.NaN, Double.NaN, 0, "", 0, Double.NaN,
                        Double.NaN, Double.NaN, new double[0], e.getClass().getSimpleName() + ": " + e.getMessage());
            }
            out.add(r);
            progress.accept(r);
        }
        return out;
    }

    public static ReportSection section(List<BenchResult> results, String suite, String command) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("suite", suite);
        json.put("fullSuiteCommand", "./harness bench --suite full");
        json.put("command", command);
        json.put("cores", Runtime.getRuntime().availableProcessors());
        json.put("note", "wallSeconds/cpuSeconds/witnessSeconds are timing fields (machine- and load-dependent); "
                + "errors are measured against a route independent of the timed one");
        List<Object> cases = new ArrayList<>();
        for (BenchResult r : results) {
            cases.add(r.toJson());
        }
        json.put("cases", cases);
        StringBuilder md = new StringBuilder();
        md.append("Suite `").append(suite).append("` (`").append(command).append("`; full suite: `./harness bench ")
                .append("--suite full`). Errors are against an independent exact route; times depend on the machine. ")
                .append("RHS evals of the sector route count applications of the per-coordinate (d = 1) flow while ")
                .append("building the sector matrices; none are spent per output time.")
                .append("\n\n| case | status | route | wall s | RHS evals | witness evals | max abs error | bound |\n")
                .append("|---|---|---|---|---|---|---|---|\n");
        for (BenchResult r : results) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %.3f | %d | %d | %.3g | %.0e |%n", r.id(),
                    r.status(), r.route(), r.wallSeconds(), r.rhsEvaluations(), r.witnessEvaluations(),
                    r.maxAbsError(), r.errorBound()));
        }
        md.append('\n');
        for (BenchResult r : results) {
            md.append("- `").append(r.id()).append("`: ").append(r.description());
            if (!r.witness().isEmpty()) {
                md.append("; witness: ").append(r.witness());
            }
            if (!r.note().isEmpty()) {
                md.append("; ").append(r.note());
            }
            md.append('\n');
        }
        return new ReportSection("performance", "Performance", md.toString(), json);
    }
}
