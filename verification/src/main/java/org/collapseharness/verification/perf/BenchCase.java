package org.collapseharness.verification.perf;

/**
 * One benchmark case: a model run timed by the route under test, with its error measured against an exact solution
 * computed by a route independent of the timed one. Implementations live next to their model; the suite is listed in
 * {@link BenchSuite}.
 */
public interface BenchCase {
    /** Stable id, e.g. "s3-k4-n500". */
    String id();

    /** One-line description (model, sizes, routes). */
    String description();

    /** Runs the case (never throws for numerical failure: status FAIL with diagnostics instead). */
    BenchResult run();
}
