package org.collapseharness.verification.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.collapseharness.verification.cli.PerfCommandsTest.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sweep output is reused only for the settings it was written with. */
class SweepResumeCommandTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Four small points (K = 3, n = 6, two ρ, two seeds), no Symja. */
    private static Run sweep(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("sweep", "--rho", "0.2,0.4", "--clean", "6", "--classes", "3",
                "--seeds", "1,2", "--points", "40", "--threads", "1", "--no-derived", "--quiet", "--out",
                out.toString()));
        args.addAll(Arrays.asList(extra));
        return PerfCommandsTest.run(args.toArray(String[]::new));
    }

    private static List<Double> tEnds(Path out) throws Exception {
        List<Double> t = new ArrayList<>();
        for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
            var n = MAPPER.readTree(line);
            if (n.has("key")) {
                t.add(n.get("tEnd").asDouble());
            }
        }
        return t;
    }

    @Test
    void aSecondSweepWithAnotherTEndIsRefusedAndTheFileKept(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("s.jsonl");
        Run first = sweep(out);
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).contains("4 points: 4 computed, 0 already done");
        byte[] before = Files.readAllBytes(out);

        Run stale = sweep(out, "--t-end", "5");
        assertThat(stale.code()).isEqualTo(2);
        assertThat(stale.out()).doesNotContain("already done");
        assertThat(stale.err().trim()).doesNotContain("\n").contains("--t-end").contains("--fresh")
                .doesNotContain("--points");
        assertThat(Files.readAllBytes(out)).isEqualTo(before);

        Run fresh = sweep(out, "--t-end", "5", "--fresh");
        assertThat(fresh.code()).as(fresh.err()).isZero();
        assertThat(fresh.out()).contains("4 computed, 0 already done");
        assertThat(tEnds(out)).containsExactly(5.0, 5.0, 5.0, 5.0);

        Run again = sweep(out, "--t-end", "5");
        assertThat(again.out()).contains("0 computed, 4 already done");
    }

    @Test
    void everyResultChangingOptionIsPartOfTheResumeRecord(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("s.jsonl");
        assertThat(sweep(out).code()).isZero();
        byte[] before = Files.readAllBytes(out);
        String[][] changes = {{"--points", "50"}, {"--error-checks", "2"}, {"--t-end", "30"}};
        for (String[] c : changes) {
            Run r = sweep(out, c);
            assertThat(r.code()).as(String.join(" ", c)).isEqualTo(2);
            assertThat(r.err()).contains(c[0]);
        }
        // the derived rate on/off changes the slowRateDerived column
        Run derived = PerfCommandsTest.run("sweep", "--rho", "0.2,0.4", "--clean", "6", "--classes", "3", "--seeds",
                "1,2", "--points", "40", "--quiet", "--out", out.toString());
        assertThat(derived.code()).isEqualTo(2);
        assertThat(derived.err()).contains("--no-derived");
        assertThat(Files.readAllBytes(out)).isEqualTo(before);
        // the grid coordinates are the per-point key: a wider grid resumes and computes only the new points
        Run wider = sweep(out, "--rho", "0.6");
        assertThat(wider.code()).as(wider.err()).isZero();
        assertThat(wider.out()).contains("6 points: 2 computed, 4 already done");
    }

    @Test
    void aKilledRunResumesWithoutTheBrokenLine(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("s.jsonl");
        assertThat(sweep(out).code()).isZero();
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        String last = lines.get(lines.size() - 1);
        // killed while writing the fourth point: half of its line, no newline
        String killed = String.join("\n", lines.subList(0, lines.size() - 1)) + "\n"
                + last.substring(0, last.length() / 2);
        Files.writeString(out, killed, StandardCharsets.UTF_8);
        Run resumed = sweep(out);
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("1 computed, 3 already done");
        assertThat(Files.readAllLines(out, StandardCharsets.UTF_8)).isEqualTo(lines);
    }

    @Test
    void aFileThatIsNoSweepOutputIsNeverOverwritten(@TempDir Path dir) throws Exception {
        Path notes = dir.resolve("notes.jsonl");
        Files.writeString(notes, "my notes\n", StandardCharsets.UTF_8);
        for (String[] extra : new String[][] {{}, {"--fresh"}}) {
            Run r = sweep(notes, extra);
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err().trim()).doesNotContain("\n").contains("not a sweep output");
        }
        assertThat(Files.readString(notes)).isEqualTo("my notes\n");
        Path headerless = dir.resolve("old.jsonl");
        Files.writeString(headerless, "{\"key\":\"K=3 n=6 rho=0.2 d=2 seed=1\",\"status\":\"OK\"}\n");
        Run old = sweep(headerless);
        assertThat(old.code()).isEqualTo(2);
        assertThat(old.err()).contains("no sweep parameter header");
    }
}
