package org.collapseharness.verification.cli;

import java.io.PrintWriter;
import java.util.Map;
import org.collapseharness.verification.JsonOutput;
import picocli.CommandLine.Option;

/** --json: the command prints one JSON document instead of text. */
final class JsonOption {
    @Option(names = "--json", description = "print JSON")
    boolean json;

    /** Prints a command's result: one JSON document with --json, else one "key: value" line per entry. */
    void print(Map<String, Object> out, PrintWriter w) {
        if (json) {
            w.println(JsonOutput.pretty(out));
        } else {
            JsonOutput.text(out, w);
        }
    }
}
