package org.collapseharness.verification.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Validation of --out arguments before any work starts (bad paths are usage errors, exit 2). */
final class OutputPaths {
    private OutputPaths() {
    }

    /** A directory that exists or can be created: not blank, not a file, not below a file. */
    static void requireDirectory(Path out, String option) {
        if (out.toString().isBlank() || Files.exists(out) && !Files.isDirectory(out) || belowFile(out)) {
            throw new HarnessCli.UsageException(option + " must name a directory (got '" + out + "')");
        }
    }

    /** A regular file that exists or can be created: not blank, not a directory, not below a file. */
    static void requireFile(Path out, String option) {
        if (out.toString().isBlank() || Files.isDirectory(out) || belowFile(out)) {
            throw new HarnessCli.UsageException(option + " must name a file (got '" + out + "')");
        }
    }

    private static boolean belowFile(Path out) {
        for (Path p = out.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                return !Files.isDirectory(p);
            }
        }
        return false;
    }
}
