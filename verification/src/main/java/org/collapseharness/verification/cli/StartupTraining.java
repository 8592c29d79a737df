package org.collapseharness.verification.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The launcher's class-data-sharing training: tiny runs of the short commands (simulate, projection, teacher-student,
 * basins) in one JVM with every output discarded, so that the archive the launcher writes at its exit
 * ({@code -XX:ArchiveClassesAtExit}) holds the classes these commands load. Not a user command; basins writes into a
 * temporary directory that is removed afterwards. Always exits 0: a failed training run only leaves classes out.
 */
public final class StartupTraining {
    /** The training command lines, each small enough to finish in well under a second once derivations are cached. */
    static final List<String[]> RUNS = List.of(
            new String[] {"simulate", "--classes", "3", "--clean", "20", "--shared", "5", "--dim", "2", "--t-end",
                "5", "--json"},
            new String[] {"simulate", "--classes", "2", "--clean", "4", "--shared", "1", "--dim", "2", "--t-end",
                "1"},
            new String[] {"projection", "-K", "3", "-n", "8", "-m", "2", "--dim", "3", "--stop-gradient", "--t-end",
                "5", "--json"},
            new String[] {"projection", "-K", "2", "-n", "4", "-m", "1", "--dim", "3", "--stop-gradient", "--t-end",
                "1"},
            new String[] {"teacher-student", "--rho", "0.2", "--mode", "projection-sg", "--input-dim", "8",
                "--per-class", "20", "--k", "2", "--t-end", "2", "--points", "10", "--json"});

    private StartupTraining() {
    }

    /** The basins training run (one cell, one seed), writing into out. */
    static String[] basins(Path out) {
        return new String[] {"basins", "--out", out.toString(), "-K", "2", "--dim", "3", "-n", "4", "--rho", "0.1",
            "--seeds", "1", "--t-end", "5", "--threads", "1", "--quiet", "--json"};
    }

    public static void main(String[] args) throws IOException {
        PrintStream nullStream = new PrintStream(OutputStream.nullOutputStream());
        PrintWriter discard = new PrintWriter(OutputStream.nullOutputStream());
        System.setOut(nullStream);
        System.setErr(nullStream);
        for (String[] run : RUNS) {
            HarnessCli.run(run, discard, discard);
        }
        Path dir = Files.createTempDirectory("harness-training");
        try {
            HarnessCli.run(basins(dir.resolve("basins.jsonl")), discard, discard);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        System.exit(0);
    }
}
