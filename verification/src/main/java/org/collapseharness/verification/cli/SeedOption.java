package org.collapseharness.verification.cli;

import picocli.CommandLine.Option;

/** --seed: the seed of a command's random initial state or data; every command has the same default. */
final class SeedOption {
    @Option(names = "--seed", paramLabel = "s", defaultValue = HarnessCli.DEFAULT_SEED,
            description = "seed (default ${DEFAULT-VALUE})")
    long seed;

    long value() {
        return seed;
    }
}
