package org.collapseharness.verification.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.collapseharness.verification.Claim;
import org.collapseharness.verification.ClaimRunner;
import org.collapseharness.verification.claims.ClaimRegistry;
import org.collapseharness.verification.cli.HarnessCli;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Determinism: two report runs give the same report.json apart from timing fields")
class DeterminismTest {

    static final String SUBSET = "3.1-a,3.1-c,3.2-b";

    @Test
    @DisplayName("two in-process report runs on a subset of claims: identical JSON without timing; reliability section present")
    void twoRunsAgree(@TempDir Path dir) throws Exception {
        JsonNode a = report(dir.resolve("r1"));
        JsonNode b = report(dir.resolve("r2"));
        assertThat(a.toString()).isEqualTo(b.toString()); // text: member order matters for a byte-stable file
        assertThat(a.path("claims").size()).isEqualTo(3);
        JsonNode rel = a.path("sections").path("reliability");
        assertThat(rel.path("claims").path("checked").asInt()).isEqualTo(3);
        assertThat(rel.path("claims").path("negativeControlsRun").asLong())
                .isEqualTo(rel.path("claims").path("negativeControlsRejected").asLong()).isPositive();
        assertThat(rel.path("fuzz").path("violations").size()).isZero();
        assertThat(rel.path("failures").path("caughtAsFail").asInt())
                .isEqualTo(rel.path("failures").path("provoked").asInt());
        assertThat(rel.path("determinism").path("identical").asInt())
                .isEqualTo(rel.path("determinism").path("rerun").asInt()).isEqualTo(2);
        assertThat(rel.path("mutation").path("command").asText()).contains("-Pmutation");
        assertThat(Files.readString(dir.resolve("r1/report.md"), StandardCharsets.UTF_8)).contains("## Reliability")
                .contains("mutation score");
        assertThat(Files.readString(dir.resolve("r1/report.html"), StandardCharsets.UTF_8)).contains("Reliability");
        // The raw files do differ in their timing fields only (the comparison strips them).
        String raw = Files.readString(dir.resolve("r1/report.json"), StandardCharsets.UTF_8);
        assertThat(raw).contains("\"timing\"");
        // Control: a changed value is detected by the same comparison.
        JsonNode changed = ReliabilitySection.withoutTiming(raw.replaceFirst("\"status\" : \"PASS\"",
                "\"status\" : \"FAIL\""));
        assertThat(changed.toString()).isNotEqualTo(a.toString());
    }

    @Test
    @Tag("slow")
    @DisplayName("every registered claim, run twice in one JVM, gives the same row apart from timing (-Pslow)")
    void everyRegisteredClaimRepeats() {
        for (Claim c : ClaimRegistry.all()) {
            String a = ReliabilitySection.withoutTiming(ReliabilitySection.row(ClaimRunner.run(c))).toString();
            String b = ReliabilitySection.withoutTiming(ReliabilitySection.row(ClaimRunner.run(c))).toString();
            assertThat(a).as(c.id()).isEqualTo(b);
        }
    }

    static JsonNode report(Path out) throws Exception {
        StringWriter err = new StringWriter();
        int code = HarnessCli.run(new String[] {"report", "--only", SUBSET, "--reliability", "--out", out.toString(),
                        "--quiet"},
                new PrintWriter(new StringWriter()), new PrintWriter(err, true));
        assertThat(code).as(err.toString()).isZero();
        assertThat(err.toString()).isEmpty();
        return ReliabilitySection.withoutTiming(Files.readString(out.resolve("report.json"), StandardCharsets.UTF_8));
    }
}
