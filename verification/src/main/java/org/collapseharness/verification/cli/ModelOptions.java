package org.collapseharness.verification.cli;

import org.collapseharness.theory.MinimalModel;
import picocli.CommandLine.Option;

/** --classes, --clean, --shared | --rho, --dim: the §3 model parameters, validated into a MinimalModel. */
final class ModelOptions {
    @Option(names = {"--classes", "-K"}, required = true, paramLabel = "K", description = "number of classes (>= 2)")
    int classes;

    @Option(names = {"--clean", "-n"}, required = true, paramLabel = "n", description = "clean samples per class (>= 1)")
    int clean;

    @Option(names = {"--shared", "-m"}, paramLabel = "m", description = "shared samples (>= 0)")
    Integer shared;

    @Option(names = "--rho", paramLabel = "RHO",
            description = "frustration ratio m/(n+m) in [0,1), instead of --shared (m is rounded)")
    Double rho;

    MinimalModel model(int dim) {
        if (shared != null && rho != null) {
            throw new HarnessCli.UsageException("give either --shared or --rho, not both");
        }
        if (rho != null) {
            if (!(rho >= 0 && rho < 1)) {
                throw new HarnessCli.UsageException("frustration ratio --rho must lie in [0,1) (got " + rho + ")");
            }
            return new MinimalModel(classes, clean, MinimalModel.sharedFor(clean, rho), dim);
        }
        if (shared == null) {
            throw new HarnessCli.UsageException("missing --shared (or --rho)");
        }
        return new MinimalModel(classes, clean, shared, dim);
    }
}
