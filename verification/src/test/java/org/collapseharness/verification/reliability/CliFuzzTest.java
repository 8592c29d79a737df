package org.collapseharness.verification.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.collapseharness.verification.cli.HarnessCli;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

@DisplayName("Bad input everywhere: every option of every subcommand fuzzed in-process")
class CliFuzzTest {

    @Test
    @DisplayName("no stack trace, no hang, exit 2 with exactly one stderr line for every invalid input")
    void everyOptionOfEverySubcommand() {
        CliFuzzer.Summary s = ReliabilitySection.fuzz(HarnessCli.fuzzTarget());
        assertThat(s.violations()).as("violations:%n%s", String.join("\n",
                s.violations().stream().map(CliFuzzer::describe).toList())).isEmpty();
        assertThat(s.subcommands()).containsAll(HarnessCli.commandLine().getSubcommands().keySet());
        assertThat(s.invocations()).isGreaterThan(500);
        assertThat(s.usageErrors()).isGreaterThan(s.invocations() / 2);
        assertThat(s.optionsFuzzed()).isGreaterThanOrEqualTo(15);
        assertThat(CliFuzzer.json(s)).containsKeys("invocations", "violations", "notDeeplyFuzzed");
        // basins and basins merge are fuzzed inside a valid context, where well-typed values are accepted
        assertThat(s.subcommands()).contains("basins merge");
        for (String sub : java.util.List.of("basins", "basins merge")) {
            assertThat(CliFuzzer.LAST_CASES).as(sub).anyMatch(c -> c.subcommand().equals(sub)
                    && c.target().equals("context") && c.exitCode() == 0);
        }
        assertThat(CliFuzzer.LAST_CASES).anyMatch(c -> c.subcommand().equals("basins")
                && !c.target().equals("context") && c.exitCode() == 0);
    }

    @Test
    @DisplayName("the fuzzer itself detects a stack trace, extra stderr lines and accepted invalid input")
    void theFuzzerCanFail() {
        assertThat(CliFuzzer.looksLikeStackTrace("java.lang.IllegalStateException: x\n\tat a.b.C.d(C.java:3)")).isTrue();
        assertThat(CliFuzzer.looksLikeStackTrace("harness: classes K must be at least 2 (got 1)")).isFalse();
        assertThat(CliFuzzer.invalidFor(int.class, "3")).isFalse();
        assertThat(CliFuzzer.invalidFor(int.class, "3.5")).isTrue();
        assertThat(CliFuzzer.invalidFor(int.class, "")).isTrue();
        assertThat(CliFuzzer.invalidFor(double.class, "NaN")).isTrue();
        assertThat(CliFuzzer.invalidFor(Double.class, "-1e309")).isTrue();
        assertThat(CliFuzzer.invalidFor(double.class, "0.5")).isFalse();
        assertThat(CliFuzzer.invalidFor(String.class, "anything")).isFalse();
        // A case that prints two lines with exit 2 is a violation.
        var pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            CliFuzzer.Case ok = CliFuzzer.invoke(pool, HarnessCli.fuzzTarget(), "sectors", "--classes", java.util.List.of("sectors",
                    "--classes", "1", "--clean", "1", "--shared", "0"), true);
            assertThat(ok.violation()).isNull();
            assertThat(ok.exitCode()).isEqualTo(2);
            assertThat(ok.stderr()).startsWith("harness: ").contains("at least 2");
            CliFuzzer.Case accepted = CliFuzzer.invoke(pool, HarnessCli.fuzzTarget(), "claims", "-", java.util.List.of("claims"), true);
            assertThat(accepted.violation()).startsWith("invalid input accepted");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("simulate refuses inputs that cannot finish: a dp853 horizon beyond the integrator budget, a trajectory beyond memory")
    void simulateGuards() {
        for (String[] args : new String[][] {
            {"simulate", "-K", "2", "-n", "2", "-m", "1", "--dim", "5000000", "--t-end", "1", "--points", "10"},
            {"simulate", "-K", "2", "-n", "2", "-m", "1", "--dim", "1", "--t-end", "1e9", "--route", "dp853"}}) {
            StringWriter err = new StringWriter();
            long t0 = System.nanoTime();
            int code = HarnessCli.run(args, new PrintWriter(new StringWriter()), new PrintWriter(err, true));
            assertThat(code).as(err.toString()).isEqualTo(2);
            assertThat(err.toString().strip()).startsWith("harness: ").doesNotContain("\n");
            assertThat((System.nanoTime() - t0) / 1e9).isLessThan(5);
        }
    }

    @Test
    @DisplayName("--out pointing at a file, or empty, is a usage error (exit 2, one line)")
    void reportOutMustBeADirectory() throws Exception {
        java.nio.file.Path f = java.nio.file.Files.createTempFile("harness", ".txt");
        for (String out : new String[] {f.toString(), f.resolve("x").toString(), ""}) {
            StringWriter err = new StringWriter();
            int code = HarnessCli.run(new String[] {"report", "--only", "3.2-b", "--quiet", "--out", out},
                    new PrintWriter(new StringWriter()), new PrintWriter(err, true));
            assertThat(code).isEqualTo(2);
            assertThat(err.toString().strip()).startsWith("harness: --out must name a directory").doesNotContain("\n");
        }
    }
}
