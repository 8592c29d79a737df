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
}
