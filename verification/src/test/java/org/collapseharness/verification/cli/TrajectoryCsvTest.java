package org.collapseharness.verification.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --trajectory FILE.csv on simulate, projection, teacher-student and dmft, read back with a strict parser. */
class TrajectoryCsvTest {

    /** A strictly parsed trajectory: header and numeric rows. */
    record Table(List<String> header, double[][] rows) {
    }

    private static final Pattern NUMBER = Pattern.compile("-?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?|nan|inf|-inf");

    /**
     * Strict reader: LF line ends, a header of bare names with t first, every row with as many cells as the header,
     * every cell an unquoted decimal number or nan/inf/-inf, t strictly increasing from 0 to tEnd.
     */
    static Table parse(String text, double tEnd, String... metrics) {
        if (text.isEmpty() || !text.endsWith("\n") || text.contains("\r")) {
            throw new IllegalArgumentException("not LF-terminated lines");
        }
        String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
        List<String> header = List.of(lines[0].split(",", -1));
        List<String> expected = new java.util.ArrayList<>(List.of("t"));
        expected.addAll(List.of(metrics));
        if (!header.equals(expected)) {
            throw new IllegalArgumentException("header " + header + ", expected " + expected);
        }
        double[][] rows = new double[lines.length - 1][];
        for (int i = 1; i < lines.length; i++) {
            String[] cells = lines[i].split(",", -1);
            if (cells.length != header.size()) {
                throw new IllegalArgumentException("row " + i + " has " + cells.length + " cells");
            }
            rows[i - 1] = new double[cells.length];
            for (int j = 0; j < cells.length; j++) {
                if (!NUMBER.matcher(cells[j]).matches()) {
                    throw new IllegalArgumentException("row " + i + " cell " + j + " is not a number: '" + cells[j] + "'");
                }
                rows[i - 1][j] = Double.parseDouble(cells[j].replace("nan", "NaN").replace("inf", "Infinity"));
            }
            if (i > 1 && !(rows[i - 1][0] > rows[i - 2][0])) {
                throw new IllegalArgumentException("t not increasing at row " + i);
            }
        }
        if (rows.length < 2 || rows[0][0] != 0 || rows[rows.length - 1][0] != tEnd) {
            throw new IllegalArgumentException("t must run from 0 to " + tEnd);
        }
        return new Table(header, rows);
    }

    private static Table run(Path csv, double tEnd, String[] metrics, String... args) throws IOException {
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                java.util.stream.Stream.of("--trajectory", csv.toString())).toArray(String[]::new);
        PerfCommandsTest.Run r = PerfCommandsTest.run(all);
        assertThat(r.code()).as(r.err()).isZero();
        return parse(Files.readString(csv, StandardCharsets.UTF_8), tEnd, metrics);
    }

    @Test
    void simulateWritesOneRowPerOutputTime(@TempDir Path dir) throws Exception {
        Table t = run(dir.resolve("sim.csv"), 8, new String[] {"minL2", "accuracy", "loss"}, "simulate", "-K", "3",
                "-n", "5", "-m", "2", "--dim", "2", "--t-end", "8", "--points", "25", "--json");
        // 25 uniform intervals (26 times) plus the 40 log-spaced early times in (0, 8), distinct
        assertThat(t.rows().length).isBetween(26 + 38, 26 + 40);
        for (double[] row : t.rows()) {
            assertThat(row[1]).isPositive();
            assertThat(row[2]).isBetween(0.0, 1.0);
            assertThat(row[3]).isNotNegative();
        }
        // the dp853 route gives the same columns
        Table dp = run(dir.resolve("dp.csv"), 8, new String[] {"minL2", "accuracy", "loss"}, "simulate", "-K", "3",
                "-n", "5", "-m", "2", "--dim", "2", "--t-end", "8", "--points", "25", "--route", "dp853");
        assertThat(dp.rows().length).isEqualTo(t.rows().length);
        assertThat(dp.rows()[dp.rows().length - 1][1]).isCloseTo(t.rows()[t.rows().length - 1][1],
                org.assertj.core.api.Assertions.within(1e-8));
    }

    @Test
    void projectionTeacherStudentAndDmftWriteTheirMetrics(@TempDir Path dir) throws Exception {
        String[] head = {"minL2", "fieldNorm", "w2BiasSpanMin", "w2BiasSpanMax", "detW", "meanPlus", "meanMinus"};
        Table p = run(dir.resolve("p.csv"), 3, head, "projection", "-K", "3", "-n", "4", "-m", "1", "--dim", "2",
                "--no-stop-gradient", "--t-end", "3", "--points", "12");
        assertThat(p.rows().length).isBetween(13 + 28, 13 + 30);
        Table ts = run(dir.resolve("ts.csv"), 20, new String[] {"minL2", "accuracy", "loss"}, "teacher-student",
                "--rho", "0.2", "--dim", "10", "--per-class", "40", "--k", "2", "--t-end", "20", "--points", "40");
        assertThat(ts.rows().length).isEqualTo(41);
        Table tsp = run(dir.resolve("tsp.csv"), 4, new String[] {"minL2", "accuracy", "loss"}, "teacher-student",
                "--rho", "0.2", "--dim", "10", "--per-class", "40", "--k", "2", "--mode", "projection", "--t-end", "4",
                "--points", "10");
        assertThat(tsp.rows().length).isEqualTo(11);
        Table dm = run(dir.resolve("dmft.csv"), 0.5, head, "dmft", "-K", "3", "-n", "4", "-m", "1", "--dim", "2",
                "--t-end", "0.5", "--grid", "50");
        // dmft: one row per grid time (its own grid, --grid steps)
        assertThat(dm.rows().length).isEqualTo(51);
        for (double[] row : dm.rows()) {
            assertThat(row[2]).isFinite();
        }
    }

    @Test
    void strictParserRejectsWhatNumpyCannotRead() {
        String ok = "t,minL2\n0.0,1.5\n2.0,nan\n";
        assertThat(parse(ok, 2, "minL2").rows()).hasNumberOfRows(2);
        assertThatThrownBy(() -> parse("t,minL2\n0.0,\n2.0,1\n", 2, "minL2")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> parse("t,minL2\n0.0,\"1\"\n2.0,1\n", 2, "minL2")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> parse("t,minL2\n0.0,NaN\n2.0,1\n", 2, "minL2")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> parse("t,minL2\n0.0,[D@1f\n2.0,1\n", 2, "minL2")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> parse("t,minL2\n0.0,1\n2.0\n", 2, "minL2")).hasMessageContaining("cells");
        assertThatThrownBy(() -> parse("minL2,t\n1,0.0\n1,2.0\n", 2, "minL2")).hasMessageContaining("header");
        assertThatThrownBy(() -> parse("t,minL2\n0.0,1\n0.0,1\n2.0,1\n", 2, "minL2")).hasMessageContaining("increasing");
        assertThatThrownBy(() -> parse("t,minL2\n0.5,1\n2.0,1\n", 2, "minL2")).hasMessageContaining("from 0");
        assertThatThrownBy(() -> parse("t,minL2\n0.0,1\n1.5,1\n", 2, "minL2")).hasMessageContaining("from 0");
    }
}
