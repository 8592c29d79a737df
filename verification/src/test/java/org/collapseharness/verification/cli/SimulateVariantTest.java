package org.collapseharness.verification.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.collapseharness.verification.cli.PerfCommandsTest.Run;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("simulate --variant: any variant file, JSON outcome, state and trajectory files, bad input refused")
class SimulateVariantTest {
    static final Path VARIANTS = Path.of("..", "variants");

    static Run simulate(String variant, String... extra) {
        return simulateTo(variant, "50", extra);
    }

    static Run simulateTo(String variant, String tEnd, String... extra) {
        String[] args = {"simulate", "--variant", VARIANTS.resolve(variant + ".variant").toString(), "--classes", "3",
            "--clean", "4", "--shared", "1", "--dim", "3", "--t-end", tEnd, "--json"};
        return PerfCommandsTest.run(OptionConsistencyTest.concat(args, extra));
    }

    @Test
    @DisplayName("a cosine variant: JSON with outcome, rate, fixed point and spectrum, integrator counts")
    void cosine(@TempDir Path dir) throws Exception {
        Path traj = dir.resolve("t.csv");
        Path end = dir.resolve("end.json");
        Run r = simulateTo("cosine", "200", "--trajectory", traj.toString(), "--state-out", end.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        JsonNode j = new ObjectMapper().readTree(r.out());
        for (String k : new String[] {"minL2Final", "accuracyFinal", "lateTimeRate", "fixedPoint", "integrator",
            "outcome", "returnCode", "notDerived"}) {
            assertThat(j.has(k)).as(k).isTrue();
        }
        assertThat(j.get("returnCode").asText()).isEqualTo("SUCCESS");
        assertThat(j.get("integrator").get("name").asText()).isEqualTo("rodas");
        assertThat(j.get("fixedPoint").get("converged").asBoolean()).isTrue();
        assertThat(j.get("fixedPoint").get("stable").asBoolean()).isTrue();
        assertThat(Files.readString(traj)).startsWith("t,minL2,accuracy,headMinSingularValue");
        Run again = simulateTo("cosine", "10", "--initial-state", end.toString(), "--points", "10");
        assertThat(again.code()).as(again.err()).isZero();
    }

    @Test
    @DisplayName("a SimSiam-style head: stops on the singular set with a named return code and the time")
    void simsiamStopsOnTheSingularSet() throws Exception {
        Run r = simulate("simsiam");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("returnCode").asText()).isEqualTo("SINGULAR_SET");
        assertThat(j.get("outcome").asText()).isEqualTo("head-rank-loss");
        assertThat(j.get("outcomeText").asText()).isEqualTo("dimensional collapse of the head");
        assertThat(j.get("stopTime").asDouble()).isBetween(0.0, 50.0);
    }

    @Test
    @DisplayName("the eps-regularised normalisation is an explicit option")
    void epsilon() throws Exception {
        Run r = simulateTo("simsiam", "1", "--eps", "0.1", "--integrator", "dp853", "--points", "10");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(new ObjectMapper().readTree(r.out()).get("parameters").get("eps").asDouble()).isEqualTo(0.1);
    }

    @Test
    @DisplayName("bad input: one line on stderr, exit 2, no file touched")
    void badInput(@TempDir Path dir) throws Exception {
        Path mine = dir.resolve("mine.json");
        Files.writeString(mine, "my notes");
        String[][] bad = {{"--eps", "-1"}, {"--integrator", "euler"}, {"--route", "sector"}, {"--dim", "9"},
            {"--state-out", mine.toString()}, {"--points", "5"}};
        for (String[] b : bad) {
            Run r = simulate("simsiam", b);
            assertThat(r.code()).as(String.join(" ", b)).isEqualTo(2);
            assertThat(r.out()).isEmpty();
            assertThat(r.err().trim()).as(String.join(" ", b)).startsWith("harness: ").doesNotContain("\n");
        }
        assertThat(Files.readString(mine)).isEqualTo("my notes");
        Path f = dir.resolve("bad.variant");
        Files.writeString(f, "variant bad\nterm clean = 1 - cos(s)\n");
        Run r = PerfCommandsTest.run("simulate", "--variant", f.toString(), "--classes", "3", "--clean", "4",
                "--shared", "1", "--dim", "3", "--t-end", "5");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().trim()).isEqualTo("harness: " + f + ":2:18: cos(...) takes 2 arguments, not 1");
        Run plain = PerfCommandsTest.run("simulate", "--classes", "3", "--clean", "4", "--shared", "1", "--dim", "1",
                "--t-end", "5", "--eps", "0.1");
        assertThat(plain.code()).isEqualTo(2);
    }

    @Test
    @DisplayName("an EMA target: state files carry 'target', read back bitwise; wrong shapes and stray keys refused")
    void targetRoundTrip(@TempDir Path dir) throws Exception {
        Path start = dir.resolve("start.json");
        Path end = dir.resolve("end.json");
        Path again = dir.resolve("again.json");
        Run r = simulateTo("byol", "0.05", "--points", "10", "--initial-state-out", start.toString(), "--state-out",
                end.toString());
        assertThat(r.code()).as(r.err()).isZero();
        ObjectMapper json = new ObjectMapper();
        JsonNode s0 = json.readTree(start.toFile());
        JsonNode e0 = json.readTree(end.toFile());
        assertThat(s0.get("target")).as("targets start at the labels").isEqualTo(s0.get("y"));
        assertThat(e0.get("target").size()).isEqualTo(3);
        assertThat(e0.get("target")).as("the targets moved").isNotEqualTo(s0.get("target"));
        // Restart from the end state: its targets (not its labels) are where the targets start.
        Run fromEnd = simulateTo("byol", "0.05", "--points", "10", "--initial-state", end.toString(),
                "--initial-state-out", again.toString());
        assertThat(fromEnd.code()).as(fromEnd.err()).isZero();
        assertThat(json.readTree(again.toFile()).get("target")).isEqualTo(e0.get("target"));
        // The written start state reproduces the run bit for bit.
        Path end2 = dir.resolve("end2.json");
        Run replay = simulateTo("byol", "0.05", "--points", "10", "--initial-state", start.toString(), "--state-out",
                end2.toString());
        assertThat(replay.code()).as(replay.err()).isZero();
        JsonNode e2 = json.readTree(end2.toFile());
        for (String k : new String[] {"x", "z", "y", "W", "target", "t"}) {
            assertThat(e2.get(k)).as(k).isEqualTo(e0.get(k));
        }
        // Shape errors and a target given to a variant without one: one line, exit 2.
        Path wrong = dir.resolve("wrong.json");
        Files.writeString(wrong, Files.readString(start).replaceFirst("\"target\" : \\[ \\[", "\"target\" : [ [ 1.0, "));
        Run bad = simulateTo("byol", "0.05", "--initial-state", wrong.toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err().trim()).startsWith("harness: --initial-state ").contains("key 'target'")
                .doesNotContain("\n");
        Path cos = dir.resolve("cos.json");
        assertThat(simulateTo("cosine", "0.05", "--points", "10", "--initial-state-out", cos.toString()).code()).isZero();
        String withTarget = Files.readString(cos).replaceFirst("\"y\" :", "\"target\" : [ [ 1.0 ] ],\n  \"y\" :");
        Files.writeString(cos, withTarget);
        Run stray = simulateTo("cosine", "0.05", "--initial-state", cos.toString());
        assertThat(stray.code()).isEqualTo(2);
        assertThat(stray.err().trim()).contains("key 'target' (EMA targets) is not used by simulate").doesNotContain("\n");
    }
}
