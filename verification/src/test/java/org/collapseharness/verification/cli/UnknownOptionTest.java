package org.collapseharness.verification.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.collapseharness.verification.cli.PerfCommandsTest.Run;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A misspelt option name is reported as unknown first, in one line with exit 2, by every subcommand. */
class UnknownOptionTest {
    @Test
    void aTypoInAnOptionNameSaysUnknownOptionForEverySubcommand() {
        int seen = 0;
        for (Class<?> c : HarnessCli.SUBCOMMANDS) {
            if (c == CommandLine.HelpCommand.class) {
                continue;
            }
            String name = c.getAnnotation(CommandLine.Command.class).name();
            Run r = PerfCommandsTest.run(name, "--t-ned", "5");
            assertThat(r.code()).as(name).isEqualTo(2);
            assertThat(r.err().trim()).as(name).doesNotContain("\n").startsWith("harness: Unknown option: '--t-ned'")
                    .doesNotContain("Missing required");
            assertThat(r.out()).as(name).isEmpty();
            seen++;
        }
        assertThat(seen).isEqualTo(HarnessCli.SUBCOMMANDS.size() - 1);
    }

    @Test
    void theTypoInsideAnOtherwiseCompleteCommandSuggestsTheRealName() {
        Run r = PerfCommandsTest.run("simulate", "-K", "3", "-n", "10", "-m", "3", "--dim", "2", "--t-ned", "5");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().trim()).doesNotContain("\n").contains("Unknown option: '--t-ned'").contains("--t-end");
        Run missing = PerfCommandsTest.run("simulate", "-K", "3", "-n", "10", "-m", "3", "--dim", "2");
        assertThat(missing.err()).contains("Missing required option");
    }
}
