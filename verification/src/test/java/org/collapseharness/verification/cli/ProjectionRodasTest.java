package org.collapseharness.verification.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.collapseharness.verification.cli.PerfCommandsTest.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ./harness projection with Rodas4: routes, counts in the JSON, agreement with DP853, the size limit of rodas-full. */
class ProjectionRodasTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Stiff at T = 400 (index ~1e5): auto selects Rodas4. */
    private static final String[] STIFF = {"projection", "-K", "3", "-n", "12", "-m", "3", "--dim", "3",
            "--stop-gradient", "--t-end", "400", "--points", "10", "--json"};

    private static JsonNode json(String... args) throws Exception {
        Run r = PerfCommandsTest.run(args);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        return MAPPER.readTree(r.out());
    }

    private static String[] with(String[] base, String... more) {
        String[] out = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, out, base.length, more.length);
        return out;
    }

    private static double maxDiff(JsonNode a, JsonNode b, String key) {
        double m = 0;
        for (int i = 0; i < a.get(key).size(); i++) {
            m = Math.max(m, Math.abs(a.get(key).get(i).get(0).asDouble() - b.get(key).get(i).get(0).asDouble()));
        }
        return m;
    }

    @Test
    void autoSelectsRodasOnAStiffFlowAndReportsItsCounts() throws Exception {
        JsonNode auto = json(STIFF);
        assertThat(auto.get("stiffness").get("index").asDouble()).isGreaterThan(1e4);
        assertThat(auto.get("parameters").get("integrator").asText()).isEqualTo("rodas");
        assertThat(auto.get("parameters").get("rtol").asDouble()).isEqualTo(ProjectionCommand.RODAS_RTOL);
        JsonNode s = auto.get("solver");
        assertThat(s.get("integrator").asText()).isEqualTo("rodas");
        assertThat(s.get("jacobianEvaluations").asLong()).isEqualTo(s.get("acceptedSteps").asLong()).isPositive();
        assertThat(s.get("luDecompositions").asLong())
                .isEqualTo(s.get("acceptedSteps").asLong() + s.get("rejectedSteps").asLong());
        assertThat(s.get("rhsEvaluations").asLong()).isEqualTo(auto.get("rhsEvaluations").asLong());
        // the same flow on all particles and with the explicit witness: the same end state
        JsonNode full = json(with(STIFF, "--integrator", "rodas-full"));
        JsonNode dp = json(with(STIFF, "--integrator", "dp853"));
        assertThat(full.get("solver").get("integrator").asText()).isEqualTo("rodas");
        assertThat(dp.get("solver").get("integrator").asText()).isEqualTo("dp853");
        assertThat(dp.get("solver").get("jacobianEvaluations").asLong()).isZero();
        for (JsonNode other : new JsonNode[] {full, dp}) {
            assertThat(maxDiff(auto, other, "wSquaredSpectrum")).isLessThan(1e-6);
            assertThat(Math.abs(auto.get("minL2Final").asDouble() - other.get("minL2Final").asDouble()))
                    .isLessThan(1e-6);
        }
        // negative control: a run stopped early is told apart at this tolerance
        String[] shorter = STIFF.clone();
        shorter[java.util.Arrays.asList(STIFF).indexOf("400")] = "40";
        JsonNode early = json(with(shorter, "--integrator", "rodas"));
        assertThat(maxDiff(auto, early, "wSquaredSpectrum")
                + Math.abs(auto.get("minL2Final").asDouble() - early.get("minL2Final").asDouble())).isGreaterThan(1e-6);
    }

    @Test
    void autoWithAnEndStateIntegratesAllParticlesWithRodas(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("end.json");
        JsonNode auto = json(with(STIFF, "--state-out", out.toString()));
        assertThat(auto.get("parameters").get("integrator").asText()).isEqualTo("rodas-full");
        assertThat(Files.exists(out)).isTrue();
    }

    @Test
    void rodasFullRefusesModelsAboveItsSizeLimit(@TempDir Path dir) throws Exception {
        Path keep = dir.resolve("end.json");
        Run r = PerfCommandsTest.run("projection", "-K", "3", "-n", "7000", "-m", "10", "--dim", "3",
                "--stop-gradient", "--t-end", "1", "--integrator", "rodas-full", "--state-out", keep.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().trim()).doesNotContain("\n").contains("rodas-full").contains("20000");
        assertThat(Files.exists(keep)).isFalse();
    }
}
