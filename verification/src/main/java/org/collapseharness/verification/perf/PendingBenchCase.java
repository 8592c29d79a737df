package org.collapseharness.verification.perf;

/** Placeholder for a bench case whose model is implemented elsewhere (reported as PENDING, never as OK). */
public final class PendingBenchCase implements BenchCase {
    private final String id;
    private final String description;
    private final String owner;

    public PendingBenchCase(String id, String description, String owner) {
        this.id = id;
        this.description = description;
        this.owner = owner;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public BenchResult run() {
        return BenchResult.pending(id, description, "hook: the model is built in " + owner
                + "; its implementation registers the case in BenchSuite");
    }
}
