package org.collapseharness.verification.perf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.collapseharness.verification.report.Block;
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
        List<Block> body = new ArrayList<>();
        body.add(new Block.Paragraph("Suite `" + suite + "` (`" + command + "`; full suite: `./harness bench "
                + "--suite full`). Errors are against an independent exact route; times depend on the machine. "
                + "RHS evals of the sector route count applications of the per-coordinate (d = 1) flow while "
                + "building the sector matrices; none are spent per output time."));
        List<List<String>> rows = new ArrayList<>();
        for (BenchResult r : results) {
            rows.add(List.of("`" + r.id() + "`", "**" + r.status() + "**", r.route(),
                    String.format(Locale.ROOT, "%.3f", r.wallSeconds()), Long.toString(r.rhsEvaluations()),
                    Long.toString(r.witnessEvaluations()), String.format(Locale.ROOT, "%.3g", r.maxAbsError()),
                    String.format(Locale.ROOT, "%.0e", r.errorBound())));
        }
        body.add(new Block.Table(List.of("case", "status", "route", "wall s", "RHS evals", "witness evals",
                "max abs error", "bound"), rows));
        List<String> items = new ArrayList<>();
        for (BenchResult r : results) {
            items.add("`" + r.id() + "`: " + r.description() + (r.witness().isEmpty() ? "" : "; witness: " + r.witness())
                    + (r.note().isEmpty() ? "" : "; " + r.note()));
        }
        body.add(new Block.Bullets("", items));
        return new ReportSection("performance", "Performance", body, json);
    }
}
