package org.collapseharness.verification.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class DmftCommandTest {

    @Test
    void smallRunConvergesAndMatchesParticles() throws Exception {
        PerfCommandsTest.Run r = PerfCommandsTest.run("dmft", "--classes", "3", "--clean", "4", "--shared", "1", "--dim",
                "2", "--t-end", "0.5", "--grid", "100", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode n = new ObjectMapper().readTree(r.out());
        assertThat(n.get("status").asText()).isEqualTo("SUCCESS");
        assertThat(n.get("iterations").asInt()).isPositive();
        assertThat(n.get("finalResidual").asDouble()).isLessThan(1e-10);
        assertThat(n.get("residualHistoryFirstWindow").size()).isPositive();
        assertThat(n.get("particles").get("maxAbsDiffW").asDouble()).isLessThan(1e-3);
        assertThat(n.get("minL2").asDouble()).isCloseTo(n.get("particles").get("minL2").asDouble(),
                org.assertj.core.api.Assertions.within(1e-3));
    }

    @Test
    void badInputExitsTwoWithOneLine() {
        for (String[] bad : new String[][] {
                {"dmft", "--classes", "3", "--clean", "4", "--shared", "1", "--dim", "2", "--t-end", "1", "--grid", "100",
                        "--damping", "1.5"},
                {"dmft", "--classes", "3", "--clean", "4", "--shared", "1", "--dim", "2", "--t-end", "-1", "--grid", "100"},
                {"dmft", "--classes", "3", "--clean", "4", "--shared", "1", "--dim", "2", "--t-end", "1", "--grid", "1"},
                {"dmft", "--classes", "3", "--clean", "4", "--shared", "1", "--dim", "2", "--t-end", "1", "--grid", "101"}}) {
            PerfCommandsTest.Run r = PerfCommandsTest.run(bad);
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err().trim()).doesNotContain("\n").isNotEmpty();
        }
    }
}
