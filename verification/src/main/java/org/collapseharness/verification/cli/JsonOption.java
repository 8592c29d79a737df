package org.collapseharness.verification.cli;

import picocli.CommandLine.Option;

/** --json: the command prints one JSON document instead of text. */
final class JsonOption {
    @Option(names = "--json", description = "print JSON")
    boolean json;
}
