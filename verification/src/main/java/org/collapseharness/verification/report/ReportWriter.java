package org.collapseharness.verification.report;

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
import org.collapseharness.verification.DeviationCheck;
import org.collapseharness.verification.JsonOutput;
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
        harness.put("schema", 2);
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
        return JsonOutput.pretty(root) + "\n";
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
            if (cp.oneSided()) {
                m.put("bound", cp.kind() == Comparison.Kind.AT_MOST ? "at most" : "at least");
                m.put("margin", cp.margin());
            }
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
        if (r.deviationCheck() != null) {
            Map<String, Object> dc = new LinkedHashMap<>();
            dc.put("quantity", r.deviationCheck().quantity());
            dc.put("measured", r.deviationCheck().measured());
            dc.put("paper", r.deviationCheck().paper());
            c.put("deviationCheck", dc);
        }
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

    // ------------------------------------------------------------------ Markdown and HTML

    public static String markdown(List<ClaimResult> results, List<ReportSection> sections) {
        return "# Verification report\n\n" + Markup.markdown(document(results, sections));
    }

    public static String html(List<ClaimResult> results, List<ReportSection> sections) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>collapse-harness report</title>\n<style>" + CSS + "</style></head><body>\n"
                + "<h1>Verification report</h1>\n" + Markup.html(document(results, sections)) + "</body></html>\n";
    }

    private static final String CSS = "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;"
            + "max-width:1200px;margin:2em auto;padding:0 1.5em;color:#222;line-height:1.45}"
            + "h1{margin-bottom:0.3em}h2{font-size:1.3em;margin-top:1.6em}"
            + ".table{overflow-x:auto;margin:0.6em 0}table{border-collapse:collapse}"
            + "td,th{border:1px solid #d0d0d0;padding:4px 8px;font-size:13px;vertical-align:top;text-align:left}"
            + "th{background:#f3f3f3;white-space:nowrap}a{white-space:nowrap}tbody tr:nth-child(even){background:#fafafa}"
            + "td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}"
            + ".PASS,.OK{color:#1a7f37}.FAIL{color:#c62828}.DEVIATION{color:#a35a00}"
            + "blockquote{border-left:4px solid #ccc;margin:0.5em 0;padding-left:1em;color:#444}"
            + "code{background:#f3f3f3;padding:1px 3px;border-radius:3px;font-size:0.92em;overflow-wrap:anywhere}"
            + "h2{border-top:2px solid #eee;padding-top:0.8em}"
            + "figure{margin:1em 0}figure svg{width:100%;min-width:600px;max-width:960px;height:auto;display:block}"
            + "li{margin:0.15em 0}";

    /** The report body (after the top heading) as blocks: summary, one section per claim, the extra sections. */
    static List<Block> document(List<ClaimResult> results, List<ReportSection> sections) {
        List<Block> d = new ArrayList<>();
        d.add(new Block.Paragraph("Paper: " + PAPER + "."));
        Map<String, Object> sum = summary(results);
        d.add(new Block.Paragraph("**" + sum.get("claims") + " claims: " + sum.get("pass") + " PASS, "
                + sum.get("deviation") + " DEVIATION, " + sum.get("fail") + " FAIL.** Negative controls run: "
                + sum.get("negativeControls") + ", rejected: " + sum.get("negativeControlsRejected") + "."));
        d.add(new Block.Paragraph("Statuses: PASS = every comparison within its named tolerance and every negative "
                + "control rejected; DEVIATION = the evidence holds but differs from the paper's wording (the row "
                + "names the quantity that differs and why); FAIL = a comparison failed, a control was not rejected, "
                + "or a numerical step failed. One-sided bounds show their margin: how far inside the bound the "
                + "measurement lies (positive = inside)."));
        List<List<String>> rows = new ArrayList<>();
        for (ClaimResult r : results) {
            rows.add(summaryRow(r));
        }
        d.add(new Block.Table(List.of("id", "section", "claim", "status", "key check", "error / margin",
                "tolerance, or why it deviates"), rows));
        java.util.Set<String> present = new java.util.HashSet<>();
        results.forEach(r -> present.add(r.id()));
        for (ClaimResult r : results) {
            claimBlocks(r, present, d);
        }
        for (ReportSection sec : sections) {
            d.add(new Block.Heading(2, "section-" + sec.key(), sec.title(), false));
            d.addAll(sec.body());
        }
        return d;
    }

    /** The summary row: the key check, or for a DEVIATION the quantity that differs and the one-line reason. */
    static List<String> summaryRow(ClaimResult r) {
        String check = "";
        String error = "";
        String tol = "";
        Comparison k = keyCheck(r);
        if (k != null) {
            check = k.quantity();
            error = errorOrMargin(k);
            tol = k.tolerance().toString();
        }
        if (r.status() == Status.DEVIATION) {
            DeviationCheck dc = r.deviationCheck();
            if (dc != null) {
                check = dc.quantity() + " = " + num(dc.measured()) + " (paper: " + dc.paper() + ")";
                error = "";
            }
            tol = firstSentence(r.deviation());
        }
        return List.of("[" + r.id() + "](#claim-" + anchor(r.id()) + ")", r.section(), r.title(),
                "**" + r.status() + "**", check, error, tol);
    }

    static String errorOrMargin(Comparison c) {
        return c.oneSided() ? "margin " + num(c.margin()) : num(c.error());
    }

    private static void claimBlocks(ClaimResult r, java.util.Set<String> present, List<Block> d) {
        d.add(new Block.Heading(2, "claim-" + anchor(r.id()), r.id() + " — " + r.title() + " (" + r.section()
                + "): **" + r.status() + "**"));
        d.add(new Block.Quote(r.statement()));
        d.add(new Block.Paragraph((r.uses().isEmpty() ? "" : "Uses: " + String.join(", ", r.uses().stream()
                .map(u -> present.contains(u) ? "[" + u + "](#claim-" + anchor(u) + ")" : u).toList()) + ". ")
                + "Produced by `" + sourcePath(r.source()) + "` with parameters `" + r.parameters() + "`."));
        if (!r.deviation().isEmpty()) {
            DeviationCheck dc = r.deviationCheck();
            d.add(new Block.Paragraph("**Deviation from the paper's wording:** " + (dc == null ? ""
                    : dc.quantity() + " = " + num(dc.measured()) + " (paper: " + dc.paper() + "). ") + r.deviation()));
        }
        if (!r.failure().isEmpty()) {
            d.add(new Block.Paragraph("**Failure diagnostics:** " + r.failure()));
        }
        List<List<String>> rows = new ArrayList<>();
        for (Comparison c : r.comparisons()) {
            rows.add(List.of(c.quantity(), num(c.measured()), num(c.expected()), errorOrMargin(c),
                    c.tolerance().toString(), c.pass() ? "yes" : "**no**"));
        }
        d.add(new Block.Table(List.of("check", "measured", "expected / bound", "error / margin", "tolerance", "pass"),
                rows));
        d.add(new Block.Bullets("Negative controls (each must be rejected):", r.negativeControls().stream()
                .map(n -> (n.rejected() ? "rejected: " : "**NOT rejected**: ") + n.description() + " (measured "
                        + num(n.measured()) + ", wrong " + num(n.wrong()) + ")").toList()));
        if (!r.notes().isEmpty()) {
            d.add(new Block.Bullets("Notes:", r.notes()));
        }
        if (!r.measurements().isEmpty()) {
            d.add(new Block.Paragraph("Measurements: `" + measurementsText(r.measurements()) + "`"));
        }
        if (!r.timings().isEmpty()) {
            d.add(new Block.Paragraph("Wall times (s, this machine; timing fields): `"
                    + measurementsText(new LinkedHashMap<>(r.timings())) + "`"));
        }
        for (Plot p : r.plots()) {
            d.add(new Block.Figure(p));
        }
        List<String> tols = r.comparisons().stream().map(Comparison::tolerance).distinct()
                .filter(t -> !t.reason().equals(Tolerance.INTEGER_FACT))
                .map(t -> "`" + t.name() + "` = " + num(t.value()) + " (" + t.mode().name().toLowerCase(Locale.ROOT)
                        + "): " + t.reason()).toList();
        if (!tols.isEmpty()) {
            d.add(new Block.Bullets("Tolerances used:", tols));
        }
    }

    /** The first sentence of a text (up to ". "), at most about 200 characters, cut at a word. */
    static String firstSentence(String text) {
        String t = text.replaceAll("\\s+", " ").trim();
        int dot = t.indexOf(". ");
        if (dot >= 0) {
            t = t.substring(0, dot + 1);
        }
        if (t.length() > 200) {
            int cut = t.lastIndexOf(' ', 199);
            t = t.substring(0, cut > 100 ? cut : 199) + " …";
        }
        return t;
    }

    // ------------------------------------------------------------------ helpers

    /**
     * The row's key check for the summary table: a failing comparison if there is one; else the two-sided comparison
     * closest to its tolerance (largest error/tolerance); one-sided bounds (the one with the smallest margin relative
     * to its threshold) and integer facts only when there is nothing else.
     */
    static Comparison keyCheck(ClaimResult r) {
        for (Comparison c : r.comparisons()) {
            if (!c.pass()) {
                return c;
            }
        }
        Comparison best = null;
        double worst = -1;
        for (Comparison c : r.comparisons()) {
            if (c.kind() != Comparison.Kind.TWO_SIDED || !(c.tolerance().value() > 0)) {
                continue;
            }
            double ratio = c.error() / c.tolerance().value();
            if (ratio > worst) {
                worst = ratio;
                best = c;
            }
        }
        if (best != null) {
            return best;
        }
        double tightest = Double.POSITIVE_INFINITY;
        for (Comparison c : r.comparisons()) {
            if (c.oneSided()) {
                double rel = c.margin() / Math.max(Math.abs(c.expected()), 1e-300);
                if (rel < tightest) {
                    tightest = rel;
                    best = c;
                }
            }
        }
        return best != null || r.comparisons().isEmpty() ? best : r.comparisons().get(r.comparisons().size() - 1);
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

}
