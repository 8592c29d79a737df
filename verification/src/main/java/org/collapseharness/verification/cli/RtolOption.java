package org.collapseharness.verification.cli;

import picocli.CommandLine.Option;

/** --rtol: the relative tolerance of an adaptive integrator; each command supplies its own default. */
final class RtolOption {
    @Option(names = "--rtol", paramLabel = "r", description = "relative tolerance of the integrator, in (0, 1) (default: "
            + "simulate 1e-10 (dp853); projection 1e-9 for DP853, 1e-6 for Rodas4, 1e-5 for the exponential "
            + "integrator, which is third order: tighter tolerances cost many steps at large n)")
    Double rtol;

    /** The given tolerance, or {@code fallback} when the option is absent; invalid input is a usage error. */
    double orElse(double fallback) {
        if (rtol == null) {
            return fallback;
        }
        if (!(rtol > 0 && rtol < 1)) {
            throw new HarnessCli.UsageException("--rtol must lie in (0, 1) (got " + rtol + ")");
        }
        return rtol;
    }

    boolean given() {
        return rtol != null;
    }
}
