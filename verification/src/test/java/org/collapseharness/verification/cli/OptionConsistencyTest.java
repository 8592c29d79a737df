package org.collapseharness.verification.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.collapseharness.verification.cli.PerfCommandsTest.Run;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** One default seed, one meaning of --dim, integrator names printed as accepted, limits stated once. */
class OptionConsistencyTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void everySeedOptionDefaultsToTheOneConstant() {
        CommandLine root = HarnessCli.commandLine();
        int seen = 0;
        for (CommandLine sub : root.getSubcommands().values()) {
            for (OptionSpec o : sub.getCommandSpec().options()) {
                // basins --seeds S is a count (seeds 1..S per cell), not a seed
                boolean count = sub.getCommandName().equals("basins") && o.longestName().equals("--seeds");
                if (!count && (o.longestName().equals("--seed") || o.longestName().equals("--seeds"))) {
                    assertThat(o.defaultValue()).as(sub.getCommandName()).isEqualTo(HarnessCli.DEFAULT_SEED);
                    seen++;
                }
            }
        }
        assertThat(seen).isGreaterThanOrEqualTo(5);
        assertThat(HarnessCli.DEFAULT_SEED).isEqualTo("20260409");
    }

    @Test
    void everyHelpTextRendersWithoutPicocliWarnings() {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream saved = System.err;
        int rendered = 0;
        try {
            System.setErr(new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
            java.util.ArrayDeque<CommandLine> todo = new java.util.ArrayDeque<>(java.util.List.of(HarnessCli.commandLine()));
            while (!todo.isEmpty()) {
                CommandLine c = todo.pop();
                assertThat(c.getUsageMessage()).isNotBlank();
                rendered++;
                todo.addAll(c.getSubcommands().values());
            }
        } finally {
            System.setErr(saved);
        }
        assertThat(rendered).isGreaterThan(10);
        // an unescaped '%' in a description makes picocli print a warning to stderr when help is rendered
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void teacherStudentTakesInputDimAndKeepsDimAsADeprecatedAlias() throws Exception {
        String[] base = {"teacher-student", "--rho", "0.2", "--per-class", "30", "--mode", "plain", "--t-end", "5",
                "--points", "20", "--json"};
        Run now = PerfCommandsTest.run(concat(base, "--input-dim", "12"));
        assertThat(now.code()).as(now.err()).isZero();
        assertThat(now.err()).isEmpty();
        var n = MAPPER.readTree(now.out());
        assertThat(n.get("parameters").get("dim").asInt()).isEqualTo(12);
        assertThat(n.get("integrator").get("integrator").asText()).isIn("dp853", "exponential");
        Run old = PerfCommandsTest.run(concat(base, "--dim", "12"));
        assertThat(old.code()).as(old.err()).isZero();
        assertThat(MAPPER.readTree(old.out()).get("parameters").get("dim").asInt()).isEqualTo(12);
        assertThat(old.err().trim()).doesNotContain("\n").contains("deprecated").contains("--input-dim");
        // hidden from help, --input-dim shown
        Run help = PerfCommandsTest.run("teacher-student", "--help");
        assertThat(help.out()).contains("--input-dim").doesNotContain("--dim=");
    }

    @Test
    void integratorNamesPrintedAreTheAcceptedNames() throws Exception {
        for (String name : new String[] {"exponential", "dp853", "rodas", "rodas-full"}) {
            Run r = PerfCommandsTest.run("projection", "-K", "3", "-n", "4", "-m", "1", "--dim", "2",
                    "--stop-gradient", "--t-end", "2", "--integrator", name, "--json");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(MAPPER.readTree(r.out()).get("parameters").get("integrator").asText()).isEqualTo(name);
        }
        Run auto = PerfCommandsTest.run("projection", "-K", "3", "-n", "4", "-m", "1", "--dim", "2",
                "--stop-gradient", "--t-end", "2", "--json");
        assertThat(ProjectionCommand.INTEGRATORS)
                .contains(MAPPER.readTree(auto.out()).get("parameters").get("integrator").asText());
        Run sim = PerfCommandsTest.run("simulate", "-K", "3", "-n", "4", "-m", "1", "--dim", "2", "--t-end", "2",
                "--route", "dp853", "--json");
        var p = MAPPER.readTree(sim.out()).get("parameters");
        assertThat(p.get("route").asText()).isEqualTo("dp853");
        assertThat(p.get("integrator").asText()).isEqualTo("dp853");
        Run sector = PerfCommandsTest.run("simulate", "-K", "3", "-n", "4", "-m", "1", "--dim", "2", "--t-end", "2",
                "--json");
        assertThat(MAPPER.readTree(sector.out()).get("parameters").get("route").asText()).isEqualTo("sector");
    }

    @Test
    void exactRoutesAcceptAnyHorizonAndTheIntegratorRouteIsLimited() throws Exception {
        Run exact = PerfCommandsTest.run("simulate", "-K", "3", "-n", "10", "-m", "3", "--dim", "2", "--t-end",
                "1e9", "--json");
        assertThat(exact.err()).doesNotContain("explicit integrator");
        assertThat(MAPPER.readTree(exact.out()).get("parameters").get("tEnd").asDouble()).isEqualTo(1e9);
        Run explicit = PerfCommandsTest.run("simulate", "-K", "3", "-n", "10", "-m", "3", "--dim", "2", "--t-end",
                "1e9", "--route", "dp853");
        assertThat(explicit.code()).isEqualTo(2);
        assertThat(explicit.err().trim()).doesNotContain("\n").contains("explicit integrator");
    }

    @Test
    void theStoredNumbersLimitIsOneNumberPrintedAndDocumented() throws Exception {
        assertThat(SimulateCommand.MAX_STORED_DOUBLES_TEXT).isEqualTo("2.5e8");
        assertThat(Double.parseDouble(SimulateCommand.MAX_STORED_DOUBLES_TEXT))
                .isEqualTo(SimulateCommand.MAX_STORED_DOUBLES);
        Run big = PerfCommandsTest.run("simulate", "-K", "10", "-n", "100000", "-m", "1", "--dim", "2", "--t-end",
                "1", "--points", "2000");
        assertThat(big.code()).isEqualTo(2);
        assertThat(big.err().trim()).doesNotContain("\n").contains("more than 2.5e8");
        String readme = Files.readString(Path.of("..", "docs", "reliability.md"), StandardCharsets.UTF_8);
        assertThat(readme).contains("2.5e8 stored numbers").doesNotContain("2.5·10⁸").doesNotContain("3e8");
    }

    @Test
    void helpTextsNameTheKrylovWitness() {
        for (String cmd : new String[] {"simulate", "sweep"}) {
            String help = PerfCommandsTest.run(cmd, "--help").out().replaceAll("\\s+", " ");
            assertThat(help).as(cmd).contains("Krylov").doesNotContain("Chebyshev witness")
                    .doesNotContain("Chebyshev exp(tA) on the hand-coded RHS for exact routes");
        }
    }

    static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
