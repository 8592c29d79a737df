package org.collapseharness.verification.cli;

import org.collapseharness.verification.JsonOutput;

/** Deterministic JSON output for the CLI (non-finite numbers as null, see {@link JsonOutput}). */
final class Json {
    private Json() {
    }

    static String write(Object o) {
        return JsonOutput.pretty(o);
    }
}
