package org.collapseharness.verification.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("./harness network: summary JSON, trajectory CSV, bad input")
class NetworkCommandTest {
    private static final String[] SMALL = {"network", "--rho", "0.2", "--steps", "60", "--per-class", "8",
        "--hidden", "8", "--json"};

    private static PerfCommandsTest.Run run(String... extra) {
        String[] args = new String[SMALL.length + extra.length];
        System.arraycopy(SMALL, 0, args, 0, SMALL.length);
        System.arraycopy(extra, 0, args, SMALL.length, extra.length);
        return PerfCommandsTest.run(args);
    }

    @Test
    @DisplayName("the JSON carries the summary keys, the minimal model's mapped rate, and is deterministic")
    void json() throws Exception {
        ObjectMapper om = new ObjectMapper();
        PerfCommandsTest.Run a = run("--mode", "head-sg");
        assertThat(a.code()).as(a.err()).isZero();
        assertThat(a.err()).isEmpty();
        JsonNode n = om.readTree(a.out());
        for (String k : List.of("accuracyPeak", "accuracyPeakStep", "accuracyFinal", "minL2Initial", "minL2AtPeak",
                "minL2Final", "minL2LateRate", "lossFinal")) {
            assertThat(n.has(k)).as(k).isTrue();
        }
        assertThat(n.get("minimalModel").get("minimalModelSlowRatePerStepTime").asDouble()).isPositive();
        assertThat(n.get("parameters").get("shared").asInt()).isEqualTo(2);
        assertThat(n.get("parameters").get("mode").asText()).isEqualTo("head-sg");
        JsonNode b = om.readTree(run("--mode", "head-sg").out());
        ((com.fasterxml.jackson.databind.node.ObjectNode) n).remove("wallSeconds");
        ((com.fasterxml.jackson.databind.node.ObjectNode) b).remove("wallSeconds");
        assertThat(b).isEqualTo(n);
    }

    @Test
    @DisplayName("--trajectory writes t, step, loss, accuracy, minL2 and never overwrites a file it did not write")
    void trajectory(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("tr.csv");
        assertThat(run("--trajectory", csv.toString()).code()).isZero();
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("t,step,loss,accuracy,minL2");
        assertThat(lines.get(lines.size() - 1)).startsWith("6.0,60.0,");
        Path mine = dir.resolve("mine.csv");
        Files.writeString(mine, "x,y\n1,2\n");
        PerfCommandsTest.Run r = run("--trajectory", mine.toString());
        assertThat(r.code()).isEqualTo(HarnessCli.USAGE);
        assertThat(r.err().strip().lines().count()).isEqualTo(1);
        assertThat(Files.readString(mine)).isEqualTo("x,y\n1,2\n");
    }

    @Test
    @DisplayName("bad input: one line on stderr, exit 2; a diverging step size is exit 1 with diagnostics")
    void badInput() {
        for (String[] bad : List.of(new String[] {"--mode", "sg"}, new String[] {"--eta", "-1"},
                new String[] {"--hidden", "0"}, new String[] {"--classes", "1"}, new String[] {"--noise", "nan"})) {
            PerfCommandsTest.Run r = run(bad);
            assertThat(r.code()).as(String.join(" ", bad)).isEqualTo(HarnessCli.USAGE);
            assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
            assertThat(r.out()).isEmpty();
        }
        PerfCommandsTest.Run r = PerfCommandsTest.run("network", "--rho", "1.5");
        assertThat(r.code()).isEqualTo(HarnessCli.USAGE);
        PerfCommandsTest.Run d = PerfCommandsTest.run("network", "--rho", "0.1", "--eta", "10", "--steps", "100");
        assertThat(d.code()).isEqualTo(HarnessCli.FAILED);
        assertThat(d.out()).contains("not finite");
    }
}
