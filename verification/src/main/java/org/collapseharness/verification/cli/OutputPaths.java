package org.collapseharness.verification.cli;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
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

    /**
     * A file that {@link #replace} may write: as {@link #requireFile}, and when it exists, empty or starting with
     * text this harness writes there ({@code ours} sees its first 4096 bytes), so a user's other file is never
     * overwritten.
     */
    static void requireReplaceable(Path out, String option, java.util.function.Predicate<String> ours) {
        requireFile(out, option);
        if (!Files.exists(out)) {
            return;
        }
        String head;
        try (var in = Files.newInputStream(out)) {
            head = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new HarnessCli.UsageException(option + " " + out + ": cannot read the existing file (" + e.getMessage()
                    + ")");
        }
        if (!head.isEmpty() && !ours.test(head)) {
            throw new HarnessCli.UsageException(option + " " + out + ": the file exists and was not written by this "
                    + "option; not overwritten (remove it or choose another name)");
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

    /** Body of a file written by {@link #replace}. */
    @FunctionalInterface
    interface Body {
        void write(Writer w) throws IOException;
    }

    /**
     * Writes {@code target} through a temporary sibling moved into place at the end: a failed write leaves an
     * existing file untouched. An I/O failure is one line naming the option (exit 2).
     */
    static void replace(Path target, String option, Body body) {
        try {
            org.collapseharness.verification.AtomicWrite.replace(target, body::write);
        } catch (IOException e) {
            throw new HarnessCli.UsageException(option + " " + target + ": cannot write (" + e.getMessage() + ")");
        }
    }
}
