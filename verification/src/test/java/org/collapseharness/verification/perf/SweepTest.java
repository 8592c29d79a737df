package org.collapseharness.verification.perf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepTest {
    static Sweep.Grid grid(List<Double> rhos) {
        return new Sweep.Grid(rhos, List.of(6, 15), List.of(3), List.of(2), List.of(1L, 2L), Double.NaN, 60, 1);
    }

    @Test
    void parallelEqualsSerial(@TempDir Path dir) throws Exception {
        Sweep.Grid g = grid(List.of(0.1, 0.3, 0.5));
        Sweep.Outcome serial = Sweep.run(g, dir.resolve("serial.jsonl"), 1, null, null);
        Sweep.Outcome parallel = Sweep.run(g, dir.resolve("parallel.jsonl"), 3, null, null);
        assertThat(serial.computed()).isEqualTo(12);
        assertThat(serial.failed()).isZero();
        assertThat(Files.readString(parallel.jsonl())).isEqualTo(Files.readString(serial.jsonl()));
        assertThat(Files.readString(parallel.svg())).isEqualTo(Files.readString(serial.svg())).contains("<svg");
        // Each point: witness error tiny, fitted slow rate close to the numeric sector rate.
        List<String> lines = Files.readAllLines(serial.jsonl());
        assertThat(lines.get(0)).startsWith("{\"" + Sweep.HEADER_FIELD + "\":");
        for (String line : lines.subList(1, lines.size())) {
            var n = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
            assertThat(n.get("maxAbsErrorVsExact").asDouble()).isLessThan(1e-10);
            assertThat(n.get("slowRateFitted").asDouble())
                    .isCloseTo(n.get("slowRateNumericSector").asDouble(),
                            org.assertj.core.api.Assertions.within(1e-3 * n.get("slowRateNumericSector").asDouble()));
        }
    }

    @Test
    void resumeSkipsDonePointsAndDropsATruncatedLine(@TempDir Path dir) throws Exception {
        Path fresh = dir.resolve("fresh.jsonl");
        Sweep.run(grid(List.of(0.1, 0.3, 0.5)), fresh, 2, null, null);
        Path resumed = dir.resolve("resumed.jsonl");
        Sweep.Outcome first = Sweep.run(grid(List.of(0.1, 0.3)), resumed, 2, null, null);
        assertThat(first.computed()).isEqualTo(8);
        // Simulate a crash in the middle of writing a line.
        Files.writeString(resumed, "{\"key\":\"K=3 n=15 rho=0.5 d=2 seed=1\",\"clas",
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        StringWriter bar = new StringWriter();
        Sweep.Outcome second = Sweep.run(grid(List.of(0.1, 0.3, 0.5)), resumed, 2, null, new PrintWriter(bar));
        assertThat(second.skipped()).isEqualTo(8);
        assertThat(second.computed()).isEqualTo(4);
        assertThat(bar.toString()).contains("4/4 points (8 skipped)");
        // Grid order differs from the fresh run (resumed points come first); the set of lines is the same.
        assertThat(Files.readAllLines(resumed)).containsExactlyInAnyOrderElementsOf(Files.readAllLines(fresh));
        Sweep.Outcome third = Sweep.run(grid(List.of(0.1, 0.3, 0.5)), resumed, 2, null, null);
        assertThat(third.computed()).isZero();
    }
}
