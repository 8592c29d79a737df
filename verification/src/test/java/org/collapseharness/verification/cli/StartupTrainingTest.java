package org.collapseharness.verification.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The launcher's training command lines stay valid as options evolve (parsed, not run: they start Symja). */
class StartupTrainingTest {

    @Test
    @DisplayName("every training command line parses; a misspelt option in the same form is rejected")
    void trainingCommandLinesParse() {
        assertThat(StartupTraining.RUNS).extracting(r -> r[0])
                .contains("simulate", "projection", "teacher-student");
        var runs = new java.util.ArrayList<>(StartupTraining.RUNS);
        runs.add(StartupTraining.basins(java.nio.file.Path.of("target", "training-basins.jsonl")));
        for (String[] run : runs) {
            assertThat(HarnessCli.commandLine().parseArgs(run).subcommand().commandSpec().name()).isEqualTo(run[0]);
        }
        String[] typo = StartupTraining.RUNS.get(0).clone();
        typo[1] = "--clases";
        assertThatThrownBy(() -> HarnessCli.commandLine().parseArgs(typo))
                .isInstanceOf(CommandLine.ParameterException.class);
    }
}
