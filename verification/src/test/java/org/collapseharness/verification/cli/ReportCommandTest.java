package org.collapseharness.verification.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.collapseharness.verification.claims.ClaimRegistry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("report --only / --bench / --reliability, progress lines, and the claims listing")
class ReportCommandTest {

    @Test
    @DisplayName("report --only runs just those claims (a V/ id too), no bench or reliability unless asked; "
            + "progress [k/N] on stderr in aligned columns")
    void onlyIsFastAndAligned(@TempDir Path dir) throws Exception {
        PerfCommandsTest.Run r = PerfCommandsTest.run("report", "--only", "3.2-b,V/minimal/dynamics", "--out",
                dir.toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode n = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        assertThat(n.path("claims").size()).isEqualTo(2);
        assertThat(n.path("claims").get(1).path("id").asText()).isEqualTo("V/minimal/dynamics");
        assertThat(n.path("sections").has("performance")).isFalse();
        assertThat(n.path("sections").has("reliability")).isFalse();
        List<String> lines = r.err().lines().filter(l -> l.startsWith("[")).toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("[1/2] 3.2-b ");
        assertThat(lines.get(1)).startsWith("[2/2] V/minimal/dynamics ");
        // the status column starts at the same offset on both lines
        assertThat(lines.get(0).indexOf("PASS")).isEqualTo(lines.get(1).indexOf("PASS")).isPositive();
        assertThat(r.out()).contains("2 claims, 0 FAIL").doesNotContain("[1/2]");
        assertThat(Files.readString(dir.resolve("report.html"))).contains("id=\"claim-V-minimal-dynamics\"");
    }

    @Test
    @DisplayName("--bench with --only adds the performance section")
    void benchOnRequest(@TempDir Path dir) throws Exception {
        PerfCommandsTest.Run r = PerfCommandsTest.run("report", "--only", "3.2-b", "--bench", "--quiet", "--out",
                dir.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        JsonNode n = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        assertThat(n.path("sections").path("performance").path("suite").asText()).isEqualTo("default");
        assertThat(n.path("sections").has("reliability")).isFalse();
        assertThat(Files.readString(dir.resolve("report.html"))).contains("<th>RHS evals</th>");
    }

    @Test
    @DisplayName("bad --bench tier or unknown id: one line on stderr, exit 2, nothing written")
    void badInput(@TempDir Path dir) {
        for (String[] args : new String[][] {{"report", "--only", "3.2-b", "--bench", "huge", "--out", dir.toString()},
            {"report", "--only", "nosuch", "--out", dir.toString()},
            {"report", "--only", "V/nosuch/spectrum", "--out", dir.toString()}}) {
            PerfCommandsTest.Run r = PerfCommandsTest.run(args);
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err().strip()).doesNotContain("\n");
        }
        assertThat(dir.resolve("report.json")).doesNotExist();
    }

    @Test
    @DisplayName("claims lists every id the report can produce, V/ variant ids included, in aligned columns")
    void claimsListsVariantIds() throws Exception {
        PerfCommandsTest.Run r = PerfCommandsTest.run("claims");
        assertThat(r.code()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).anyMatch(l -> l.startsWith("V/projection-sg/steady "));
        assertThat(lines).anyMatch(l -> l.startsWith("3.2-f "));
        int col = lines.get(0).indexOf("§");
        assertThat(lines).allMatch(l -> l.length() > col && l.charAt(col - 1) == ' ' && l.charAt(col) != ' ');
        PerfCommandsTest.Run j = PerfCommandsTest.run("claims", "--json");
        JsonNode rows = new ObjectMapper().readTree(j.out()).path("claims");
        List<String> ids = new ArrayList<>();
        rows.forEach(row -> ids.add(row.path("id").asText()));
        assertThat(ids).hasSize(lines.size()).contains("4.2-c", "V/projection-sg/steady", "V/minimal/builtin");
        assertThat(rows.get(ids.indexOf("V/minimal/builtin")).path("kind").asText()).isEqualTo("variant");
        // every listed id is accepted by report --only (resolved, not run)
        ids.forEach(id -> assertThat(ClaimRegistry.getIncludingVariants(id).id()).isEqualTo(id));
    }
}
