package org.collapseharness.verification.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.collapseharness.verification.cli.PerfCommandsTest.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ./harness basins: sharding, merging, resuming and bad input on a grid of six short runs. */
class BasinsCommandTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static Run basins(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("basins", "--classes", "2,3", "--dim", "1,2", "--rho", "0.3",
                "--clean", "2", "--seeds", "2", "--threads", "2", "--quiet", "--out", out.toString()));
        args.addAll(Arrays.asList(extra));
        if (!args.contains("--t-end")) {
            args.addAll(List.of("--t-end", "20"));
        }
        return PerfCommandsTest.run(args.toArray(String[]::new));
    }

    /** The file's lines with the timing field removed. */
    private static List<String> withoutTiming(Path p) throws Exception {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
            JsonNode n = MAPPER.readTree(line);
            if (n instanceof ObjectNode o) {
                o.remove("wallSeconds");
            }
            out.add(MAPPER.writeValueAsString(n));
        }
        return out;
    }

    @Test
    void twoShardsMergedEqualOneUnshardedRunApartFromTiming(@TempDir Path dir) throws Exception {
        Path whole = dir.resolve("whole.jsonl");
        Run w = basins(whole, "--json");
        assertThat(w.code()).as(w.err()).isZero();
        assertThat(w.err()).isEmpty();
        JsonNode cells = MAPPER.readTree(w.out()).get("cells");
        assertThat(cells).hasSize(4);
        for (String f : List.of("classes", "dim", "rho", "runs", "separated", "collapsed", "undecided", "wilsonLow",
                "wilsonHigh")) {
            assertThat(cells.get(0).has(f)).as(f).isTrue();
        }
        Path s0 = dir.resolve("s0.jsonl");
        Path s1 = dir.resolve("s1.jsonl");
        assertThat(basins(s0, "--shard", "0/2").code()).isZero();
        assertThat(basins(s1, "--shard", "1/2").code()).isZero();
        assertThat(Files.readAllLines(s0)).hasSize(1 + 4);
        Path merged = dir.resolve("merged.jsonl");
        Run m = PerfCommandsTest.run("basins", "merge", s1.toString(), s0.toString(), "--out", merged.toString());
        assertThat(m.code()).as(m.err()).isZero();
        assertThat(m.out()).startsWith("8 runs merged from 2 shard files, 0 FAIL;");
        assertThat(withoutTiming(merged)).isEqualTo(withoutTiming(whole));
        assertThat(Files.readString(dir.resolve("merged-cells.csv")))
                .isEqualTo(Files.readString(dir.resolve("whole-cells.csv")));
        assertThat(Files.readString(dir.resolve("merged-phase.svg"))).startsWith("<svg");
        JsonNode run = MAPPER.readTree(Files.readAllLines(whole).get(1));
        for (String f : List.of("classes", "dim", "rho", "clean", "seed", "outcome", "minL2", "slope", "residual",
                "wSpectrum", "detW", "biasRank", "w2OnBiasSpan")) {
            assertThat(run.has(f)).as(f).isTrue();
        }
    }

    @Test
    void aTruncatedFileResumesWithoutRecomputingFinishedRuns(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("b.jsonl");
        assertThat(basins(out).code()).isZero();
        List<String> complete = withoutTiming(out);
        String text = Files.readString(out);
        // a kill during the last write: half of the last line
        Files.writeString(out, text.substring(0, text.length() - 40));
        Run again = basins(out);
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out()).contains("8 runs: 1 computed, 7 already done");
        assertThat(withoutTiming(out)).isEqualTo(complete);
        assertThat(basins(out).out()).contains("0 computed, 8 already done");
    }

    @Test
    void otherSettingsAreRefusedAndTheFileKeptUnlessFresh(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("b.jsonl");
        assertThat(basins(out).code()).isZero();
        byte[] before = Files.readAllBytes(out);
        for (String[] c : new String[][] {{"--t-end", "30"}, {"--w-init", "random"}, {"--no-stop-gradient"}}) {
            Run r = basins(out, c);
            assertThat(r.code()).as(String.join(" ", c)).isEqualTo(2);
            assertThat(r.err().trim()).doesNotContain("\n").contains(c[0]).contains("--fresh");
            assertThat(Files.readAllBytes(out)).isEqualTo(before);
        }
        assertThat(basins(out, "--t-end", "30", "--fresh").out()).contains("8 computed, 0 already done");
    }

    @Test
    void anotherShardIntoTheSameFileKeepsTheRunsAlreadyThere(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("b.jsonl");
        assertThat(basins(out, "--shard", "0/2").out()).contains("4 runs: 4 computed");
        Run second = basins(out, "--shard", "1/2");
        assertThat(second.out()).contains("4 runs: 4 computed");
        assertThat(Files.readAllLines(out)).hasSize(1 + 8);
        Path whole = dir.resolve("whole.jsonl");
        assertThat(basins(whole).code()).isZero();
        assertThat(withoutTiming(out)).isEqualTo(withoutTiming(whole));
    }

    @Test
    void badInputIsOneLineExitTwoAndLeavesFilesAlone(@TempDir Path dir) throws Exception {
        Path foreign = dir.resolve("notes.jsonl");
        Files.writeString(foreign, "my notes\n");
        String[][] bad = {{"--shard", "2/2"}, {"--shard", "x"}, {"--w-init", "identity-noise"},
            {"--w-init", "gaussian:1"}, {"--rho", "1"}, {"--seeds", "0"}, {"--dim", "0"}, {"--t-end", "-1"}};
        for (String[] b : bad) {
            Run r = basins(dir.resolve("x.jsonl"), b);
            assertThat(r.code()).as(String.join(" ", b)).isEqualTo(2);
            assertThat(r.err().trim()).as(String.join(" ", b)).doesNotContain("\n").isNotEmpty();
        }
        assertThat(Files.exists(dir.resolve("x.jsonl"))).isFalse();
        for (String fresh : new String[] {"--quiet", "--fresh"}) {
            Run r = basins(foreign, fresh);
            assertThat(r.code()).isEqualTo(2);
            assertThat(Files.readString(foreign)).isEqualTo("my notes\n");
        }
        Run noOut = PerfCommandsTest.run("basins", "--seeds", "1");
        assertThat(noOut.code()).isEqualTo(2);
        assertThat(noOut.err()).contains("--out");
        Run mergeForeign = PerfCommandsTest.run("basins", "merge", foreign.toString(), "--out",
                dir.resolve("m.jsonl").toString());
        assertThat(mergeForeign.code()).isEqualTo(2);
        Path shard = dir.resolve("s0.jsonl");
        assertThat(basins(shard, "--shard", "0/2").code()).isZero();
        Run incomplete = PerfCommandsTest.run("basins", "merge", shard.toString(), "--out",
                dir.resolve("m.jsonl").toString());
        assertThat(incomplete.code()).isEqualTo(2);
        assertThat(incomplete.err()).contains("in no input");
        assertThat(Files.exists(dir.resolve("m.jsonl"))).isFalse();
        Run overForeign = PerfCommandsTest.run("basins", "merge", shard.toString(), "--out", foreign.toString());
        assertThat(overForeign.code()).isEqualTo(2);
        assertThat(Files.readString(foreign)).isEqualTo("my notes\n");
        Path other = dir.resolve("other.jsonl");
        assertThat(basins(other, "--shard", "1/2", "--t-end", "30").code()).isZero();
        Run mixed = PerfCommandsTest.run("basins", "merge", shard.toString(), other.toString(), "--out",
                dir.resolve("m.jsonl").toString());
        assertThat(mixed.code()).isEqualTo(2);
        assertThat(mixed.err()).contains("other settings");
    }
}
