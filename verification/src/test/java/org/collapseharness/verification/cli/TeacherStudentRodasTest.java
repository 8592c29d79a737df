package org.collapseharness.verification.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.collapseharness.verification.cli.PerfCommandsTest.Run;
import org.junit.jupiter.api.Test;

/** ./harness teacher-student with Rodas4 and the derived Jacobian: auto selection, counts, agreement, refusals. */
class TeacherStudentRodasTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * μ = 30 puts an eigenvalue ~μ² into Σ: stiffness index ~2e4 at T = 20; DP853 overflows on its estimated first
     * step (and is retried from a shorter one).
     */
    private static final String[] STIFF = {"teacher-student", "--rho", "0.1", "--input-dim", "10", "--per-class", "50",
        "--mu", "30", "--k", "2", "--mode", "projection-sg", "--t-end", "20", "--points", "20", "--json"};

    private static JsonNode json(String... args) throws Exception {
        Run r = PerfCommandsTest.run(args);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        return MAPPER.readTree(r.out());
    }

    /** STIFF with another end time and more options. */
    private static String[] at(String tEnd, String... more) {
        String[] out = java.util.Arrays.copyOf(STIFF, STIFF.length + more.length);
        out[java.util.Arrays.asList(STIFF).indexOf("20")] = tEnd;
        System.arraycopy(more, 0, out, STIFF.length, more.length);
        return out;
    }

    @Test
    void autoSelectsRodasOnAStiffFlowReportsItsCountsAndAgreesWithTheExponentialRoute() throws Exception {
        JsonNode auto = json(STIFF);
        assertThat(auto.get("stiffness").get("index").asDouble()).isGreaterThan(1e4);
        assertThat(auto.get("stiffness").get("selected").asText()).isEqualTo("rodas");
        JsonNode m = auto.get("measured");
        assertThat(m.get("integrator").asText()).isEqualTo("rodas");
        JsonNode s = m.get("solver");
        assertThat(s.get("integrator").asText()).isEqualTo("rodas");
        assertThat(s.get("jacobianEvaluations").asLong()).isEqualTo(s.get("acceptedSteps").asLong()).isPositive();
        assertThat(s.get("luDecompositions").asLong())
                .isEqualTo(s.get("acceptedSteps").asLong() + s.get("rejectedSteps").asLong());
        assertThat(s.get("rhsEvaluations").asLong()).isEqualTo(m.get("rhsEvaluations").asLong());
        // the witness on a shorter horizon (the exponential route takes ~10 times more evaluations)
        double a = json(at("0.5", "--integrator", "rodas")).get("measured").get("minL2Final").asDouble();
        JsonNode exp = json(at("0.5", "--integrator", "exponential")).get("measured");
        assertThat(exp.get("solver").get("luDecompositions").asLong()).isZero();
        assertThat(Math.abs(a - exp.get("minL2Final").asDouble())).isLessThan(1e-6 * a);
        // the explicit route on the same flow: its first step overflows; the retry is named and the result agrees
        JsonNode dp = json(at("0.5", "--integrator", "dp853")).get("measured");
        assertThat(dp.get("returnCode").asText()).isEqualTo("SUCCESS");
        assertThat(dp.get("diagnostics").asText()).contains("first step not finite");
        assertThat(Math.abs(a - dp.get("minL2Final").asDouble())).isLessThan(1e-6 * a);
    }

    @Test
    void badIntegratorAndOversizedRodasAreUsageErrors() {
        Run bad = PerfCommandsTest.run(at("20", "--integrator", "radau"));
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.out()).isEmpty();
        assertThat(bad.err().trim()).doesNotContain("\n").contains("rodas");
        Run big = PerfCommandsTest.run("teacher-student", "--rho", "0.1", "--input-dim", "1000", "--per-class", "10",
                "--k", "5", "--mode", "projection", "--t-end", "1", "--integrator", "rodas", "--json");
        assertThat(big.code()).isEqualTo(2);
        assertThat(big.out()).isEmpty();
        assertThat(big.err().trim()).doesNotContain("\n").contains(String.valueOf(TeacherStudentCommand.RODAS_MAX_STATE));
    }
}
