package org.collapseharness.verification.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/examples/read_outputs.py reads a state and a trajectory written by the CLI (mvn test -Ppython). Skipped when
 * no python3 with numpy and matplotlib is found: -Dharness.python=PATH, else python3 on the PATH, else
 * /usr/bin/python3.
 */
@Tag("python")
class PythonReaderTest {

    private static int exec(List<String> command, Path log) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    private static String python(Path log) throws Exception {
        List<String> candidates = new ArrayList<>();
        if (System.getProperty("harness.python") != null) {
            candidates.add(System.getProperty("harness.python"));
        }
        candidates.add("python3");
        candidates.add("/usr/bin/python3");
        for (String c : candidates) {
            try {
                if (exec(List.of(c, "-c", "import numpy, matplotlib, pandas"), log) == 0) {
                    return c;
                }
            } catch (java.io.IOException notFound) {
                // try the next candidate
            }
        }
        return null;
    }

    private static Path script() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path s = p.resolve("docs/examples/read_outputs.py");
            if (Files.isRegularFile(s)) {
                return s;
            }
        }
        throw new IllegalStateException("docs/examples/read_outputs.py not found above " + Path.of("").toAbsolutePath());
    }

    @Test
    void exampleReaderPlotsMinL2FromCliOutputs(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("python.log");
        String python = python(log);
        Assumptions.assumeTrue(python != null, "python3 with numpy, matplotlib and pandas not found");
        Path state = dir.resolve("state.json");
        Path csv = dir.resolve("trajectory.csv");
        PerfCommandsTest.Run r = PerfCommandsTest.run("simulate", "--classes", "3", "--clean", "20", "--shared", "5",
                "--dim", "2", "--t-end", "20", "--state-out", state.toString(), "--trajectory", csv.toString());
        assertThat(r.code()).as(r.err()).isZero();
        Path png = dir.resolve("minl2.png");
        int code = exec(List.of(python, script().toString(), state.toString(), csv.toString(), png.toString()), log);
        assertThat(code).as(Files.readString(log)).isZero();
        assertThat(Files.readString(log)).contains("x (3, 20, 2)", "z (5, 2)", "y (3, 2)");
        byte[] head = Files.readAllBytes(png);
        assertThat(head.length).isGreaterThan(1000);
        assertThat(new String(head, 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PNG");

        // pandas reads every command's trajectory: all columns float, as many rows as the file has
        Path proj = dir.resolve("projection.csv");
        assertThat(PerfCommandsTest.run("projection", "--classes", "3", "--clean", "4", "--shared", "1", "--dim", "2",
                "--no-stop-gradient", "--t-end", "2", "--trajectory", proj.toString()).code()).isZero();
        for (Path f : List.of(csv, proj)) {
            long rows = Files.readAllLines(f).size() - 1;
            int c = exec(List.of(python, "-c", "import pandas as pd, sys; d = pd.read_csv(sys.argv[1]); "
                    + "assert all(str(t) == 'float64' for t in d.dtypes), d.dtypes; assert len(d) == int(sys.argv[2])",
                    f.toString(), Long.toString(rows)), log);
            assertThat(c).as(Files.readString(log)).isZero();
        }

        // negative control: a trajectory without a minL2 column is rejected by the reader
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "t,loss\n0.0,1.0\n1.0,0.5\n");
        assertThat(exec(List.of(python, script().toString(), state.toString(), bad.toString(),
                dir.resolve("bad.png").toString()), log)).isNotZero();
    }
}
