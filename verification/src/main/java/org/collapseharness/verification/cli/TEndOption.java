package org.collapseharness.verification.cli;

import picocli.CommandLine.Option;

/** --t-end: the end time of a command that integrates a flow from t = 0, validated here for every command. */
final class TEndOption {
    @Option(names = "--t-end", paramLabel = "T", required = true, description = "end time (> 0)")
    double tEnd;

    /** The end time; invalid input is a usage error. */
    double value() {
        return check(tEnd);
    }

    /** The end time, which must not exceed {@code max} for this command. */
    double atMost(double max) {
        double t = value();
        if (t > max) {
            throw new HarnessCli.UsageException("--t-end must be at most " + max + " for this command (got " + t + ")");
        }
        return t;
    }

    /** The one check of an end time: positive and finite. */
    static double check(double tEnd) {
        if (!(tEnd > 0) || !Double.isFinite(tEnd)) {
            throw new HarnessCli.UsageException("--t-end must be a positive finite number (got " + tEnd + ")");
        }
        return tEnd;
    }
}
