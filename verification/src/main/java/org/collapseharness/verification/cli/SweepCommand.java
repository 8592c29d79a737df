package org.collapseharness.verification.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.collapseharness.theory.symbolic.LinearFlowDerivation;
import org.collapseharness.verification.perf.Sweep;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Sweep the §3 model over a grid of (rho, n, K, d, seed): exact sector propagation per point, "
                + "error against the Krylov witness, slow rate fitted from MinL2 and (unless --no-derived) the "
                + "derived slow rate. Parallel across cores, output identical to a serial run, progress bar on "
                + "stderr, resumable JSON-lines output (points already in the file are skipped; a file written with other "
                + "settings is refused unless --fresh), phase-diagram SVG.")
final class SweepCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--rho", split = ",", defaultValue = "0.05,0.1,0.2,0.3,0.5", paramLabel = "R",
            description = "frustration ratios in [0,1) (default ${DEFAULT-VALUE})")
    List<Double> rhos;

    @Option(names = {"--clean", "-n"}, split = ",", defaultValue = "20,50,200", paramLabel = "n",
            description = "clean samples per class (default ${DEFAULT-VALUE})")
    List<Integer> cleans;

    @Option(names = {"--classes", "-K"}, split = ",", defaultValue = "4", paramLabel = "K",
            description = "classes (default ${DEFAULT-VALUE})")
    List<Integer> classes;

    @Option(names = "--dim", split = ",", defaultValue = "2", paramLabel = "d",
            description = "embedding dimensions (default ${DEFAULT-VALUE})")
    List<Integer> dims;

    @Option(names = "--seeds", split = ",", defaultValue = HarnessCli.DEFAULT_SEED, paramLabel = "s",
            description = "seeds (default ${DEFAULT-VALUE})")
    List<Long> seeds;

    @Option(names = "--t-end", paramLabel = "T", description = "end time (default: 20/rho per point, 20 at rho = 0)")
    Double tEnd;

    @Option(names = "--points", defaultValue = "200", description = "uniform output points (default ${DEFAULT-VALUE})")
    int points;

    @Option(names = "--error-checks", defaultValue = "1",
            description = "witness check times per point (default ${DEFAULT-VALUE}: the end time)")
    int errorChecks;

    @Option(names = "--threads", paramLabel = "N", description = "worker threads (default: available cores)")
    Integer threads;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "target/sweep/sweep.jsonl",
            description = "JSON-lines output, resumed if present (default ${DEFAULT-VALUE}); the SVG goes next to it")
    Path out;

    @Option(names = "--fresh", description = "recompute every point, replacing a sweep output written with other "
            + "settings (without it such a file is refused and left untouched)")
    boolean fresh;

    @Option(names = "--no-derived", description = "skip the derived slow rate (no Symja start-up, about 2.5 s)")
    boolean noDerived;

    @Option(names = "--quiet", description = "no progress bar")
    boolean quiet;

    /** The one check of grid lists (sweep and basins): ρ in [0,1), n ≥ 1, K ≥ 2, d ≥ 1; else a usage error. */
    static void checkGrid(List<Double> rhos, List<Integer> cleans, List<Integer> classes, List<Integer> dims) {
        for (double r : rhos) {
            if (!(r >= 0 && r < 1)) {
                throw new HarnessCli.UsageException("--rho values must lie in [0,1) (got " + r + ")");
            }
        }
        requireAtLeast("--clean", cleans, 1);
        requireAtLeast("--classes", classes, 2);
        requireAtLeast("--dim", dims, 1);
    }

    private static void requireAtLeast(String option, List<Integer> values, int min) {
        for (int v : values) {
            if (v < min) {
                throw new HarnessCli.UsageException(option + " values must be >= " + min + " (got " + v + ")");
            }
        }
    }

    @Override
    public Integer call() throws Exception {
        OutputPaths.requireFile(out, "--out");
        checkGrid(rhos, cleans, classes, dims);
        if (tEnd != null) {
            TEndOption.check(tEnd);
        }
        if (points < 10 || points > 100_000) {
            throw new HarnessCli.UsageException("--points must lie in [10, 100000]");
        }
        if (errorChecks < 0) {
            throw new HarnessCli.UsageException("--error-checks must be >= 0");
        }
        int nThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (nThreads < 1) {
            throw new HarnessCli.UsageException("--threads must be >= 1");
        }
        Sweep.Grid grid = new Sweep.Grid(rhos, cleans, classes, dims, seeds, tEnd == null ? Double.NaN : tEnd,
                points, errorChecks);
        for (Sweep.Point p : grid.gridPoints()) {
            p.model(); // validates the sizes (ModelParameterException: exit 2)
        }
        PrintWriter err = spec.commandLine().getErr();
        Sweep.DerivedRate derived = noDerived ? null
                : p -> LinearFlowDerivation.minimalSlowRate(p.model());
        Sweep.Outcome o;
        try {
            o = Sweep.run(grid, out, nThreads, derived, quiet ? null : err, fresh);
        } catch (Sweep.StaleOutputException e) {
            throw new HarnessCli.UsageException(e.getMessage());
        }
        var w = spec.commandLine().getOut();
        w.printf("%d points: %d computed, %d already done (skipped), %d FAIL; %s, %s%n", o.total(), o.computed(),
                o.skipped(), o.failed(), o.jsonl(), o.svg());
        return o.failed() == 0 ? 0 : HarnessCli.FAILED;
    }
}
