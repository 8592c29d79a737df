package org.collapseharness.verification.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.collapseharness.verification.ClaimResult;
import org.collapseharness.verification.Comparison;
import org.collapseharness.verification.NegativeControl;
import org.collapseharness.verification.Plot;
import org.collapseharness.verification.Status;
import org.collapseharness.verification.Tolerance;

/** Writes report.json, report.md and a self-contained report.html (inline SVG) into a directory. */
public final class ReportWriter {
    public static final String PAPER = "Yao, Li, Liu: A Minimal Model of Representation Collapse: Frustration, "
            + "Stop-Gradient, and Dynamics (arXiv 2604.09979, 2026)";

    private ReportWriter() {
    }

    public static void write(Path dir, List<ClaimResult> results, List<ReportSection> sections, double totalSeconds)
            throws IOException {
        Files.createDirectories(dir.resolve("plots"));
        for (ClaimResult r : results) {
            for (Plot p : r.plots()) {
                Files.writeString(dir.resolve("plots").resolve(p.id() + ".svg"), SvgPlotter.render(p),
                        StandardCharsets.UTF_8);
            }
        }
        Files.writeString(dir.resolve("report.json"), json(results, sections, totalSeconds), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("report.md"), markdown(results, sections), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("report.html"), html(results, sections), StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ JSON

    public static String json(List<ClaimResult> results, List<ReportSection> sections, double totalSeconds)
            throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> harness = new LinkedHashMap<>();
        harness.put("name", "collapse-harness");
        harness.put("paper", PAPER);
        harness.put("schema", 1);
        root.put("harness", harness);
        root.put("summary", summary(results));
        List<Object> claims = new ArrayList<>();
        for (ClaimResult r : results) {
            claims.add(claimJson(r));
        }
        root.put("claims", claims);
        Map<String, Object> secs = new LinkedHashMap<>();
        for (ReportSection s : sections) {
            secs.put(s.key(), s.json());
        }
        root.put("sections", secs);
        root.put("timing", Map.of("totalSeconds", totalSeconds));
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        return m.writeValueAsString(root) + "\n";
    }

    static Map<String, Object> summary(List<ClaimResult> results) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("claims", results.size());
        for (Status st : Status.values()) {
            s.put(st.name().toLowerCase(Locale.ROOT), results.stream().filter(r -> r.status() == st).count());
        }
        s.put("negativeControls", results.stream().mapToLong(r -> r.negativeControls().size()).sum());
        s.put("negativeControlsRejected", results.stream()
                .mapToLong(r -> r.negativeControls().stream().filter(NegativeControl::rejected).count()).sum());
        return s;
    }

    static Map<String, Object> claimJson(ClaimResult r) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", r.id());
        c.put("section", r.section());
        c.put("title", r.title());
        c.put("statement", r.statement());
        c.put("uses", r.uses());
        c.put("status", r.status().name());
        c.put("tolerance", r.tolerance() == null ? null : tolJson(r.tolerance()));
        c.put("parameters", r.parameters());
        c.put("measurements", r.measurements());
        List<Object> comps = new ArrayList<>();
        for (Comparison cp : r.comparisons()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("quantity", cp.quantity());
            m.put("measured", cp.measured());
            m.put("expected", cp.expected());
            m.put("error", cp.error());
            m.put("tolerance", tolJson(cp.tolerance()));
            m.put("pass", cp.pass());
            comps.add(m);
        }
        c.put("comparisons", comps);
        List<Object> ctl = new ArrayList<>();
        for (NegativeControl n : r.negativeControls()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("description", n.description());
            m.put("measured", n.measured());
            m.put("wrong", n.wrong());
            m.put("rejected", n.rejected());
            ctl.add(m);
        }
        c.put("negativeControls", ctl);
        c.put("notes", r.notes());
        c.put("deviation", r.deviation());
        c.put("failure", r.failure());
        c.put("plots", r.plots().stream().map(p -> "plots/" + p.id() + ".svg").toList());
        c.put("source", sourcePath(r.source()));
        Map<String, Object> timing = new LinkedHashMap<>();
        timing.put("wallSeconds", r.wallSeconds());
        timing.putAll(r.timings());
        c.put("timing", timing);
        return c;
    }

    static Map<String, Object> tolJson(Tolerance t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", t.name());
        m.put("value", t.value());
        m.put("mode", t.mode().name());
        m.put("reason", t.reason());
        return m;
    }

    /** Repository path of the class that produced a row. */
    public static String sourcePath(String className) {
        String module = className.contains(".verification.") ? "verification" : className.contains(".numerics.")
                ? "numerics" : "theory";
        return module + "/src/main/java/" + className.replace('.', '/') + ".java";
    }

    // ------------------------------------------------------------------ Markdown

    public static String markdown(List<ClaimResult> results, List<ReportSection> sections) {
        StringBuilder s = new StringBuilder();
        s.append("# Verification report\n\n").append("Paper: ").append(PAPER).append(".\n\n");
        Map<String, Object> sum = summary(results);
        s.append("**").append(sum.get("claims")).append(" claims: ").append(sum.get("pass")).append(" PASS, ")
                .append(sum.get("deviation")).append(" DEVIATION, ").append(sum.get("fail")).append(" FAIL.** ")
                .append("Negative controls run: ").append(sum.get("negativeControls")).append(", rejected: ")
                .append(sum.get("negativeControlsRejected")).append(".\n\n");
        s.append("Statuses: PASS = every comparison within its named tolerance and every negative control rejected; "
                + "DEVIATION = the evidence holds but differs from the paper's wording (explained in the row); "
                + "FAIL = a comparison failed, a control was not rejected, or a numerical step failed.\n\n");
        s.append("| id | section | claim | status | key check | error | tolerance |\n|---|---|---|---|---|---|---|\n");
        for (ClaimResult r : results) {
            Comparison k = keyCheck(r);
            s.append("| [").append(r.id()).append("](#claim-").append(anchor(r.id())).append(") | ").append(r.section())
                    .append(" | ").append(cell(r.title())).append(" | **").append(r.status()).append("** | ")
                    .append(k == null ? "" : cell(k.quantity())).append(" | ").append(k == null ? "" : num(k.error()))
                    .append(" | ").append(k == null ? "" : cell(k.tolerance().toString())).append(" |\n");
        }
        s.append('\n');
        for (ClaimResult r : results) {
            s.append("## <a id=\"claim-").append(anchor(r.id())).append("\"></a>").append(r.id()).append(" — ")
                    .append(r.title()).append(" (").append(r.section()).append("): **").append(r.status())
                    .append("**\n\n");
            s.append("> ").append(r.statement()).append("\n\n");
            if (!r.uses().isEmpty()) {
                s.append("Uses: ").append(String.join(", ", r.uses())).append(". ");
            }
            s.append("Produced by `").append(sourcePath(r.source())).append("` with parameters `")
                    .append(r.parameters()).append("`.\n\n");
            if (!r.deviation().isEmpty()) {
                s.append("**Deviation from the paper's wording:** ").append(r.deviation()).append("\n\n");
            }
            if (!r.failure().isEmpty()) {
                s.append("**Failure diagnostics:** ").append(r.failure()).append("\n\n");
            }
            s.append("| check | measured | expected | error | tolerance | pass |\n|---|---|---|---|---|---|\n");
            for (Comparison c : r.comparisons()) {
                s.append("| ").append(cell(c.quantity())).append(" | ").append(num(c.measured())).append(" | ")
                        .append(num(c.expected())).append(" | ").append(num(c.error())).append(" | ")
                        .append(cell(c.tolerance().toString())).append(" | ").append(c.pass() ? "yes" : "**no**")
                        .append(" |\n");
            }
            s.append("\nNegative controls (each must be rejected):\n\n");
            for (NegativeControl n : r.negativeControls()) {
                s.append("- ").append(n.rejected() ? "rejected: " : "**NOT rejected**: ").append(n.description())
                        .append(" (measured ").append(num(n.measured())).append(", wrong ").append(num(n.wrong()))
                        .append(")\n");
            }
            if (!r.notes().isEmpty()) {
                s.append("\nNotes:\n\n");
                r.notes().forEach(n -> s.append("- ").append(n).append('\n'));
            }
            if (!r.measurements().isEmpty()) {
                s.append("\nMeasurements: `").append(measurementsText(r.measurements())).append("`\n");
            }
            if (!r.timings().isEmpty()) {
                s.append("\nWall times (s, this machine; timing fields): `")
                        .append(measurementsText(new java.util.LinkedHashMap<>(r.timings()))).append("`\n");
            }
            for (Plot p : r.plots()) {
                s.append("\n![").append(p.title()).append("](plots/").append(p.id()).append(".svg)\n");
            }
            s.append("\nTolerances used: ");
            r.comparisons().stream().map(Comparison::tolerance).distinct()
                    .filter(t -> !t.reason().equals("one-sided requirement") && !t.reason().equals("integer fact"))
                    .forEach(t -> s.append("\n- `").append(t.name()).append("` = ").append(t.value()).append(" (")
                            .append(t.mode().name().toLowerCase(Locale.ROOT)).append("): ").append(t.reason()));
            s.append("\n\n");
        }
        for (ReportSection sec : sections) {
            s.append("## ").append(sec.title()).append("\n\n").append(sec.markdown()).append("\n\n");
        }
        return s.toString();
    }

    // ------------------------------------------------------------------ HTML

    public static String html(List<ClaimResult> results, List<ReportSection> sections) {
        StringBuilder s = new StringBuilder();
        s.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>collapse-harness report</title>\n")
                .append("<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}"
                        + "table{border-collapse:collapse;margin:0.5em 0}td,th{border:1px solid #ccc;padding:3px 6px;"
                        + "font-size:13px;vertical-align:top}th{background:#f3f3f3}.PASS{color:#1a7f37;font-weight:bold}"
                        + ".FAIL{color:#c62828;font-weight:bold}.DEVIATION{color:#b26a00;font-weight:bold}"
                        + "blockquote{border-left:4px solid #ccc;margin:0.5em 0;padding-left:1em;color:#444}"
                        + "code{background:#f6f6f6;padding:1px 3px}.claim{border-top:2px solid #eee;margin-top:1.5em}"
                        + "pre{white-space:pre-wrap;background:#f6f6f6;padding:0.5em}</style></head><body>\n");
        s.append("<h1>Verification report</h1>\n<p>Paper: ").append(SvgPlotter.esc(PAPER)).append("</p>\n");
        Map<String, Object> sum = summary(results);
        s.append("<p><b>").append(sum.get("claims")).append(" claims: ").append(sum.get("pass")).append(" PASS, ")
                .append(sum.get("deviation")).append(" DEVIATION, ").append(sum.get("fail")).append(" FAIL.</b> ")
                .append("Negative controls run: ").append(sum.get("negativeControls")).append(", rejected: ")
                .append(sum.get("negativeControlsRejected")).append(".</p>\n");
        s.append("<table><tr><th>id</th><th>section</th><th>claim</th><th>status</th><th>key check</th><th>error</th>"
                + "<th>tolerance</th></tr>\n");
        for (ClaimResult r : results) {
            Comparison k = keyCheck(r);
            s.append("<tr><td><a href=\"#claim-").append(anchor(r.id())).append("\">").append(r.id())
                    .append("</a></td><td>").append(r.section()).append("</td><td>").append(h(r.title()))
                    .append("</td><td class=\"").append(r.status()).append("\">").append(r.status()).append("</td><td>")
                    .append(k == null ? "" : h(k.quantity())).append("</td><td>").append(k == null ? "" : num(k.error()))
                    .append("</td><td>").append(k == null ? "" : h(k.tolerance().toString())).append("</td></tr>\n");
        }
        s.append("</table>\n");
        for (ClaimResult r : results) {
            s.append("<div class=\"claim\"><h2 id=\"claim-").append(anchor(r.id())).append("\">").append(r.id())
                    .append(" — ").append(h(r.title())).append(" (").append(r.section()).append(") <span class=\"")
                    .append(r.status()).append("\">").append(r.status()).append("</span></h2>\n");
            s.append("<blockquote>").append(h(r.statement())).append("</blockquote>\n<p>");
            if (!r.uses().isEmpty()) {
                s.append("Uses: ").append(h(String.join(", ", r.uses()))).append(". ");
            }
            s.append("Produced by <code>").append(h(sourcePath(r.source()))).append("</code> with parameters <code>")
                    .append(h(r.parameters().toString())).append("</code>.</p>\n");
            if (!r.deviation().isEmpty()) {
                s.append("<p><b>Deviation from the paper's wording:</b> ").append(h(r.deviation())).append("</p>\n");
            }
            if (!r.failure().isEmpty()) {
                s.append("<p><b>Failure diagnostics:</b> ").append(h(r.failure())).append("</p>\n");
            }
            s.append("<table><tr><th>check</th><th>measured</th><th>expected</th><th>error</th><th>tolerance</th>"
                    + "<th>pass</th></tr>\n");
            for (Comparison c : r.comparisons()) {
                s.append("<tr><td>").append(h(c.quantity())).append("</td><td>").append(num(c.measured()))
                        .append("</td><td>").append(num(c.expected())).append("</td><td>").append(num(c.error()))
                        .append("</td><td title=\"").append(h(c.tolerance().reason())).append("\">")
                        .append(h(c.tolerance().toString())).append("</td><td>").append(c.pass() ? "yes" : "<b>no</b>")
                        .append("</td></tr>\n");
            }
            s.append("</table>\n<p>Negative controls:</p><ul>\n");
            for (NegativeControl n : r.negativeControls()) {
                s.append("<li>").append(n.rejected() ? "rejected: " : "<b>NOT rejected</b>: ").append(h(n.description()))
                        .append("</li>\n");
            }
            s.append("</ul>\n");
            if (!r.notes().isEmpty()) {
                s.append("<ul>");
                r.notes().forEach(n -> s.append("<li>").append(h(n)).append("</li>"));
                s.append("</ul>\n");
            }
            for (Plot p : r.plots()) {
                s.append("<figure>").append(SvgPlotter.render(p)).append("</figure>\n");
            }
            s.append("</div>\n");
        }
        for (ReportSection sec : sections) {
            s.append("<div class=\"claim\"><h2>").append(h(sec.title())).append("</h2><pre>").append(h(sec.markdown()))
                    .append("</pre></div>\n");
        }
        s.append("</body></html>\n");
        return s.toString();
    }

    // ------------------------------------------------------------------ helpers

    /**
     * The row's key check for the summary table: the two-sided comparison closest to its tolerance (largest
     * error/tolerance); one-sided bounds and integer facts only when there is nothing else.
     */
    static Comparison keyCheck(ClaimResult r) {
        Comparison best = null;
        double worst = -1;
        for (Comparison c : r.comparisons()) {
            String reason = c.tolerance().reason();
            if (reason.equals("one-sided requirement") || reason.equals("integer fact") || !(c.tolerance().value() > 0)) {
                continue;
            }
            double ratio = c.error() / c.tolerance().value();
            if (!c.pass() || ratio > worst) {
                worst = c.pass() ? ratio : Double.POSITIVE_INFINITY;
                best = c;
            }
        }
        if (best == null && !r.comparisons().isEmpty()) {
            best = r.comparisons().get(r.comparisons().size() - 1);
        }
        return best;
    }

    static String measurementsText(Map<String, Object> m) {
        StringBuilder s = new StringBuilder();
        m.forEach((k, v) -> {
            if (s.length() > 0) {
                s.append(", ");
            }
            s.append(k).append('=');
            if (v instanceof double[] d) {
                s.append(java.util.Arrays.toString(d));
            } else if (v instanceof Double d) {
                s.append(num(d));
            } else {
                s.append(v);
            }
        });
        return s.toString();
    }

    static String num(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.toString(v);
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.6g", v);
    }

    static String anchor(String id) {
        return id.replaceAll("[^A-Za-z0-9]", "-");
    }

    static String cell(String s) {
        return s.replace("|", "\\|");
    }

    static String h(String s) {
        return SvgPlotter.esc(s);
    }
}
