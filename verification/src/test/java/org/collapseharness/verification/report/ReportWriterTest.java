package org.collapseharness.verification.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.collapseharness.verification.Claim;
import org.collapseharness.verification.ClaimResult;
import org.collapseharness.verification.ClaimRunner;
import org.collapseharness.verification.ClaimSpec;
import org.collapseharness.verification.Status;
import org.collapseharness.verification.Threshold;
import org.collapseharness.verification.Tolerance;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ReportWriter: summary rows, margins of one-sided bounds, sections as real tables")
class ReportWriterTest {
    static final Tolerance TIGHT = Tolerance.absolute("tight", 1e-6, "test");

    static ClaimResult run(String id, Claim.Check check) {
        return ClaimRunner.run(new Claim(new ClaimSpec(id, "§9", "title " + id, "statement", List.of("nowhere"), false,
                ReportWriterTest.class.getName()), check));
    }

    static ClaimResult deviating() {
        return run("9-a", e -> {
            e.compare("side witness", 1 + 3e-9, 1, TIGHT);
            e.require("separated runs", 6, Threshold.atLeast("test-runs", 1, "test"), 13, "more than all runs");
            e.deviation("separated runs", 6, "all 12", "Separation depends on the initial state. More words follow.");
        });
    }

    @Test
    @DisplayName("a DEVIATION row shows the deviating quantity and a one-line reason, not a side witness")
    void deviationRow() {
        ClaimResult r = deviating();
        assertThat(r.status()).isEqualTo(Status.DEVIATION);
        List<String> row = ReportWriter.summaryRow(r);
        assertThat(row.get(4)).isEqualTo("separated runs = 6 (paper: all 12)");
        assertThat(row.get(6)).isEqualTo("Separation depends on the initial state.");
        String md = ReportWriter.markdown(List.of(r), List.of());
        String summaryLine = md.lines().filter(l -> l.startsWith("| [9-a]")).findFirst().orElseThrow();
        assertThat(summaryLine).contains("| separated runs = 6 (paper: all 12) |").doesNotContain("side witness");
        // Control: without the named deviation the same row would show the side witness.
        ClaimResult plain = run("9-b", e -> {
            e.compare("side witness", 1 + 3e-9, 1, TIGHT);
            e.deviation("Separation depends on the initial state.");
        });
        assertThat(ReportWriter.summaryRow(plain).get(4)).isEqualTo("side witness");
    }

    @Test
    @DisplayName("one-sided bounds show a positive margin inside the bound; report.json keeps error and adds margin")
    void boundsShowAMargin() throws Exception {
        ClaimResult r = run("9-c", e -> {
            e.bound("residual", 0.3, Threshold.atMost("test-residual", 0.5, "test"));
            e.bound("separation", 0.7, Threshold.atLeast("test-separation", 0.5, "test"));
            e.control("c", 1, 0, true);
        });
        String md = ReportWriter.markdown(List.of(r), List.of());
        assertThat(md).contains("| residual <= 0.5 | 0.300000 | 0.500000 | margin 0.200000 |")
                .contains("| separation >= 0.5 | 0.700000 | 0.500000 | margin 0.200000 |");
        assertThat(ReportWriter.html(List.of(r), List.of())).contains("<td class=\"num\">margin 0.200000</td>");
        JsonNode c = new ObjectMapper().readTree(ReportWriter.json(List.of(r), List.of(), 0)).path("claims").get(0)
                .path("comparisons");
        assertThat(c.get(0).path("margin").asDouble()).isCloseTo(0.2, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(c.get(0).path("bound").asText()).isEqualTo("at most");
        assertThat(c.get(0).path("error").asDouble()).isCloseTo(-0.2, org.assertj.core.data.Offset.offset(1e-12));
        // Control: a violated bound has a negative margin.
        ClaimResult bad = run("9-d", e -> e.bound("residual", 0.8, Threshold.atMost("test-residual", 0.5, "test")));
        assertThat(bad.comparisons().get(0).margin()).isNegative();
        assertThat(ReportWriter.summaryRow(bad).get(5)).startsWith("margin -0.3");
    }

    @Test
    @DisplayName("sections render as HTML tables and Markdown pipe tables; text is escaped; links resolve")
    void sectionsAreRealTables() {
        ReportSection sec = new ReportSection("demo", "Demo", List.of(new Block.Paragraph("run `x | y` <now>"),
                new Block.Table(List.of("case", "wall s"), List.of(List.of("a|b", "1.5"), List.of("**FAIL**", "2")))),
                Map.of());
        ClaimResult r = deviating();
        String html = ReportWriter.html(List.of(r), List.of(sec));
        assertThat(html).doesNotContain("<pre>").doesNotContain("|---")
                .contains("<th>case</th><th>wall s</th>").contains("<td>a|b</td><td class=\"num\">1.5</td>")
                .contains("<b class=\"FAIL\">FAIL</b>").contains("<code>x | y</code> &lt;now&gt;")
                .contains("id=\"section-demo\"").contains("href=\"#claim-9-a\"").contains("id=\"claim-9-a\"");
        // "Uses" of a claim that is not in the report stays plain text (no dangling in-page link).
        assertThat(html).doesNotContain("#claim-nowhere");
        String md = ReportWriter.markdown(List.of(r), List.of(sec));
        assertThat(md).contains("| case | wall s |\n|---|---|\n| a\\|b | 1.5 |\n| **FAIL** | 2 |\n");
    }

    @Test
    @DisplayName("report.json writes a number that is not finite as null, never as a string")
    void nonFiniteMeasurementsAreNull() throws Exception {
        ClaimResult r = run("9-n", e -> {
            e.measure("notComputed", Double.NaN);
            e.measure("series", new double[] {1, Double.POSITIVE_INFINITY});
            e.compare("x", 1, 1, TIGHT);
        });
        String json = ReportWriter.json(List.of(r), List.of(), 0);
        JsonNode m = new ObjectMapper().readTree(json).path("claims").get(0).path("measurements");
        assertThat(m.get("notComputed").isNull()).isTrue();
        assertThat(m.get("series").get(1).isNull()).isTrue();
        assertThat(json).doesNotContain("\"NaN\"").doesNotContain("\"Infinity\"");
    }
}
