package org.collapseharness.verification.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PerfCommandsTest {
    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = HarnessCli.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void simulateSectorRouteIsCheckedAgainstTheWitness() throws Exception {
        Run r = run("simulate", "-K", "3", "-n", "40", "-m", "10", "--dim", "2", "--t-end", "30", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        var n = new ObjectMapper().readTree(r.out());
        assertThat(n.get("parameters").get("route").asText()).isEqualTo("sector");
        assertThat(n.get("maxAbsErrorVsExact").asDouble()).isLessThan(1e-10);
        assertThat(n.get("errorCheckTimes").asInt()).isEqualTo(4);
        assertThat(n.get("slowRateFitted").asDouble()).isCloseTo(n.get("slowRateNumericSector").asDouble(),
                org.assertj.core.api.Assertions.within(1e-4));
        assertThat(n.get("slowRateDerived").isNull()).isTrue();
        assertThat(n.get("slowRateDerivedNote").asText()).contains("--derived");
    }

    @Test
    void simulateDp853RouteIsCheckedAgainstTheSectorPropagator() throws Exception {
        Run r = run("simulate", "-K", "3", "-n", "10", "-m", "3", "--dim", "2", "--t-end", "20", "--route", "dp853",
                "--json");
        assertThat(r.code()).as(r.err()).isZero();
        var n = new ObjectMapper().readTree(r.out());
        // DP853's dense output at rtol 1e-10 is good to ~1e-7 here (sector vs dense eigen agree to 1e-14).
        assertThat(n.get("maxAbsErrorVsExact").asDouble()).isLessThan(1e-6).isGreaterThan(0);
        assertThat(n.get("rhsEvaluations").asLong()).isGreaterThan(100);
        assertThat(n.get("exactWitness").asText()).contains("sector");
    }

    @Test
    void badInputIsOneLineAndExitTwo(@TempDir Path dir) {
        Run r = run("simulate", "-K", "3", "-n", "10", "-m", "3", "--dim", "2", "--t-end", "20", "--route", "rk4");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().trim()).doesNotContain("\n").contains("--route");
        Run b = run("bench", "--suite", "huge", "--out", dir.toString());
        assertThat(b.code()).isEqualTo(2);
        Run s = run("sweep", "--rho", "1.5", "--out", dir.resolve("s.jsonl").toString());
        assertThat(s.code()).isEqualTo(2);
        assertThat(s.err().trim()).doesNotContain("\n");
    }

    @Test
    void benchListsCasesAndWritesPerformanceJson(@TempDir Path dir) throws Exception {
        Run l = run("bench", "--list");
        assertThat(l.code()).isZero();
        assertThat(l.out()).contains("s3-k10-n1e5", "s5-ts-nc16000-d200");
        Run b = run("bench", "--only", "s3-k4-n500", "--out", dir.toString());
        assertThat(b.code()).as(b.err()).isZero();
        var n = new ObjectMapper().readTree(dir.resolve("performance.json").toFile());
        var cases = n.get("performance").get("cases");
        assertThat(cases.get(0).get("status").asText()).isEqualTo("OK");
        assertThat(cases.size()).isEqualTo(1);
    }
}
