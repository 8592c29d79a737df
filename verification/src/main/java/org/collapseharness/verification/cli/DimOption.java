package org.collapseharness.verification.cli;

import picocli.CommandLine.Option;

/** --dim: the embedding dimension of a command that integrates the particle system (required there). */
final class DimOption {
    /** The largest dimension of the projection-head model (projection and dmft). */
    static final int MAX_HEAD_DIM = 12;

    @Option(names = "--dim", paramLabel = "d", required = true,
            description = "embedding dimension (>= 1; projection and dmft: at most " + MAX_HEAD_DIM + ")")
    int dim;

    /** The dimension as given; the model checks d >= 1. */
    int value() {
        return dim;
    }

    /** The dimension for the projection-head model: at most {@link #MAX_HEAD_DIM}. */
    int forHead() {
        if (dim > MAX_HEAD_DIM) {
            throw new HarnessCli.UsageException("--dim at most " + MAX_HEAD_DIM + " for the projection model (got "
                    + dim + ")");
        }
        return dim;
    }
}
