package org.collapseharness.verification.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.collapseharness.verification.cli.PerfCommandsTest.Run;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

@DisplayName("Shared options are picocli mixins: one declaration, one validation and one message per option")
class SharedOptionsTest {

    /** Option name -> the mixin that declares it wherever a subcommand has it. */
    static final Map<String, Class<?>> MIXINS = Map.of("--json", JsonOption.class, "--seed", SeedOption.class,
            "--rtol", RtolOption.class, "--classes", ModelOptions.class, "--clean", ModelOptions.class,
            "--shared", ModelOptions.class, "--rho", ModelOptions.class, "--initial-state", StateOptions.class,
            "--state-out", StateOptions.class, "--trajectory", TrajectoryOption.class);

    /** Commands over a grid: their model options take lists and --t-end has a default. */
    static final List<String> GRID_COMMANDS = List.of("sweep", "basins");

    /**
     * Options of the same name that are another quantity: sweep takes lists, teacher-student's --rho is the §5
     * model's frustration fraction, network's --classes and --rho size the §1 data set (with --per-class, no --clean
     * or --shared).
     */
    static final List<String> OTHER_QUANTITY = List.of("teacher-student --rho", "network --classes", "network --rho");

    /** Valid cheap arguments per command, without the option under test. */
    static final Map<String, List<String>> VALID = Map.of(
            "simulate", List.of("--classes", "2", "--clean", "2", "--shared", "1", "--dim", "1", "--points", "10"),
            "projection", List.of("--classes", "2", "--clean", "2", "--shared", "1", "--dim", "1", "--stop-gradient",
                    "--points", "10"),
            "dmft", List.of("--classes", "2", "--clean", "2", "--shared", "1", "--dim", "1", "--grid", "10"),
            "teacher-student", List.of("--rho", "0.1", "--input-dim", "20", "--per-class", "20", "--points", "10"));

    /** Which user object declares the option in this command: the command itself or one of its mixins. */
    static Object declaringObject(CommandSpec spec, String option) {
        for (CommandSpec mixin : spec.mixins().values()) {
            if (mixin.findOption(option) != null) {
                return mixin.userObject();
            }
        }
        return spec.userObject();
    }

    @Test
    @DisplayName("wherever a subcommand has --json, --seed, --rtol, a model size or an interop option, its mixin declares it")
    void sharedOptionsComeFromMixins() {
        CommandLine root = HarnessCli.commandLine();
        List<String> checked = new ArrayList<>();
        root.getSubcommands().forEach((name, sub) -> {
            CommandSpec spec = sub.getCommandSpec();
            for (OptionSpec o : spec.options()) {
                Class<?> mixin = MIXINS.get(o.longestName());
                if (mixin != null && !GRID_COMMANDS.contains(name) && !OTHER_QUANTITY.contains(name + " " + o.longestName())) {
                    assertThat(declaringObject(spec, o.longestName())).as("%s %s", name, o.longestName())
                            .isInstanceOf(mixin);
                    checked.add(name + " " + o.longestName());
                }
            }
            if (spec.findOption("--t-end") != null && !GRID_COMMANDS.contains(name)) {
                assertThat(declaringObject(spec, "--t-end")).as("%s --t-end", name).isInstanceOf(TEndOption.class);
                checked.add(name + " --t-end");
            }
        });
        for (String name : List.of("simulate", "projection", "dmft")) {
            assertThat(declaringObject(root.getSubcommands().get(name).getCommandSpec(), "--dim")).as(name)
                    .isInstanceOf(DimOption.class);
        }
        assertThat(checked).contains("claims --json", "teacher-student --t-end", "simulate --seed", "projection --rtol", "dmft --classes",
                "simulate --trajectory", "projection --initial-state", "network --seed", "network --json");
    }

    @Test
    @DisplayName("an invalid --t-end or --rtol gets the same one-line message from every command")
    void oneMessagePerOption() {
        for (var e : VALID.entrySet()) {
            List<String> args = new ArrayList<>(List.of(e.getKey()));
            args.addAll(e.getValue());
            args.addAll(List.of("--t-end", "-1"));
            Run r = PerfCommandsTest.run(args.toArray(new String[0]));
            assertThat(r.code()).as(e.getKey()).isEqualTo(HarnessCli.USAGE);
            assertThat(r.err().strip()).as(e.getKey())
                    .isEqualTo("harness: --t-end must be a positive finite number (got -1.0)");
        }
        for (String cmd : List.of("simulate", "projection")) {
            List<String> args = new ArrayList<>(List.of(cmd));
            args.addAll(VALID.get(cmd));
            args.addAll(List.of("--t-end", "1", "--rtol", "2"));
            Run r = PerfCommandsTest.run(args.toArray(new String[0]));
            assertThat(r.code()).as(cmd).isEqualTo(HarnessCli.USAGE);
            assertThat(r.err().strip()).as(cmd).isEqualTo("harness: --rtol must lie in (0, 1) (got 2.0)");
        }
    }

    @Test
    @DisplayName("negative control: an option declared by the command itself is not attributed to a mixin")
    void commandOwnOptionIsDetected() {
        CommandSpec simulate = HarnessCli.commandLine().getSubcommands().get("simulate").getCommandSpec();
        assertThat(declaringObject(simulate, "--atol")).isInstanceOf(SimulateCommand.class);
        assertThat(declaringObject(simulate, "--rtol")).isInstanceOf(RtolOption.class);
    }
}
