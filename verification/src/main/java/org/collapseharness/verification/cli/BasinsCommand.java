package org.collapseharness.verification.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.collapseharness.theory.Bindings;
import org.collapseharness.theory.ProjectionTheory;
import org.collapseharness.theory.symbolic.ProjectionDerivation;
import org.collapseharness.verification.JsonOutput;
import org.collapseharness.verification.basins.Basins;
import org.collapseharness.verification.perf.BasinsFile;
import org.collapseharness.verification.perf.Sweep;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "basins", mixinStandardHelpOptions = true, subcommands = BasinsCommand.Merge.class,
        description = "Basins of separation of the §4 projection-head model: one Rodas4 run (moment reduction) per "
                + "(K, d, rho, n, initial law of W, seed), each end state classified as separated, collapsed or "
                + "undecided (see docs/basins.md). Writes one JSON line per run to --out (resumable: runs already "
                + "there are skipped; a file written with other settings is refused unless --fresh), FILE-cells.csv "
                + "(P(separated) per cell with its Wilson 95%% interval) and FILE-phase.svg (heat maps). --shard i/N "
                + "computes every N-th run from the i-th; 'basins merge' joins the shard files.")
final class BasinsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"--classes", "-K"}, split = ",", defaultValue = "2,3,4,5", paramLabel = "K",
            description = "classes (default ${DEFAULT-VALUE})")
    List<Integer> classes;

    @Option(names = "--dim", split = ",", defaultValue = "1,2,3,4,6", paramLabel = "d",
            description = "embedding dimensions (default ${DEFAULT-VALUE})")
    List<Integer> dims;

    @Option(names = "--rho", split = ",", defaultValue = "0.1,0.3,0.5", paramLabel = "R",
            description = "frustration ratios in [0,1); m = round(rho n / (1 - rho)) (default ${DEFAULT-VALUE})")
    List<Double> rhos;

    @Option(names = {"--clean", "-n"}, split = ",", defaultValue = "8", paramLabel = "n",
            description = "clean samples per class (default ${DEFAULT-VALUE})")
    List<Integer> cleans;

    @Option(names = "--seeds", defaultValue = "32", paramLabel = "S",
            description = "seeds 1..S per cell (default ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--t-end", defaultValue = "400", paramLabel = "T", description = "end time (default ${DEFAULT-VALUE})")
    double tEnd;

    @Option(names = "--extend-to", paramLabel = "T2", description = "integrate a run still undecided at --t-end again "
            + "to T2 (> --t-end) and classify it there; the line records tEndReached (default: no extension)")
    Double extendTo;

    @Option(names = "--w-init", split = ",", defaultValue = "identity-noise:0.3", paramLabel = "LAW",
            description = "initial laws of W: identity-noise:SCALE (I + SCALE/sqrt(d) G) or random[:SCALE] "
                    + "(SCALE/sqrt(d) G, scale 1 by default) (default ${DEFAULT-VALUE})")
    List<String> wInit;

    @Option(names = "--no-stop-gradient", description = "plain gradient flow (the control; default: stop-gradient)")
    boolean noSg;

    @Option(names = "--shard", paramLabel = "i/N", description = "compute only shard i of N (0 <= i < N)")
    String shard;

    @Option(names = "--threads", paramLabel = "N", description = "worker threads (default: available cores)")
    Integer threads;

    @Option(names = "--out", paramLabel = "FILE.jsonl", description = "JSON-lines output (required), resumed if present")
    Path out;

    @Option(names = "--fresh", description = "recompute every run, replacing a basins output written with other "
            + "settings (without it such a file is refused and left untouched)")
    boolean fresh;

    @Mixin
    JsonOption json = new JsonOption();

    @Option(names = "--quiet", description = "no progress bar (also off when stderr is not a terminal)")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        if (out == null) {
            throw new HarnessCli.UsageException("basins: --out FILE.jsonl is required");
        }
        OutputPaths.requireFile(out, "--out");
        Basins.Grid grid = grid();
        int[] sh = shard();
        int nThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (nThreads < 1) {
            throw new HarnessCli.UsageException("--threads must be >= 1");
        }
        ProjectionTheory th = ProjectionDerivation.derive(true);
        PrintWriter err = spec.commandLine().getErr();
        boolean progress = !quiet && !json.json && System.console() != null;
        BasinsFile.Outcome o;
        try {
            o = BasinsFile.run(grid, sh[0], sh[1], out, nThreads,
                    rho -> th.protectedValue().at(Bindings.of("rho", rho)), progress ? err : null, fresh);
        } catch (Sweep.StaleOutputException e) {
            throw new HarnessCli.UsageException(e.getMessage());
        }
        report(o, spec.commandLine().getOut(), json.json, null);
        return o.failed() == 0 ? 0 : HarnessCli.FAILED;
    }

    private Basins.Grid grid() {
        SweepCommand.checkGrid(rhos, cleans, classes, dims);
        if (seeds < 1 || seeds > 1_000_000) {
            throw new HarnessCli.UsageException("--seeds must lie in [1, 1000000] (got " + seeds + ")");
        }
        TEndOption.check(tEnd);
        List<Basins.WInit> inits = new ArrayList<>();
        for (String w : wInit) {
            try {
                inits.add(Basins.WInit.parse(w));
            } catch (IllegalArgumentException e) {
                throw new HarnessCli.UsageException(e.getMessage());
            }
        }
        double cap = tEnd;
        if (extendTo != null) {
            cap = extendTo;
            if (!Double.isFinite(cap) || !(cap > tEnd)) {
                throw new HarnessCli.UsageException("--extend-to must be a finite number above --t-end " + tEnd
                        + " (got " + extendTo + ")");
            }
        }
        Basins.Grid g = new Basins.Grid(classes, dims, rhos, cleans, inits, seeds, tEnd, !noSg, cap);
        for (Basins.Point p : g.points()) {
            p.model(); // validates the sizes (ModelParameterException: exit 2)
        }
        return g;
    }

    private int[] shard() {
        if (shard == null) {
            return new int[] {0, 1};
        }
        String[] parts = shard.split("/", -1);
        try {
            int i = Integer.parseInt(parts[0].trim());
            int n = Integer.parseInt(parts[1].trim());
            if (parts.length == 2 && n >= 1 && i >= 0 && i < n) {
                return new int[] {i, n};
            }
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            // reported below
        }
        throw new HarnessCli.UsageException("--shard must be i/N with 0 <= i < N (got '" + shard + "')");
    }

    /** The summary; {@code mergedFiles} is the number of shard files of a merge, null for a run. */
    static void report(BasinsFile.Outcome o, PrintWriter w, boolean json, Integer mergedFiles) {
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("cells", o.cells());
            w.println(JsonOutput.pretty(m));
            return;
        }
        if (mergedFiles != null) {
            w.printf("%d runs merged from %d shard files, %d FAIL; %s%n", o.total(), mergedFiles, o.failed(), o.jsonl());
        } else {
            w.printf("%d runs: %d computed, %d already done (skipped), %d FAIL; %s%n", o.total(), o.computed(),
                    o.skipped(), o.failed(), o.jsonl());
        }
        for (Map<String, Object> c : o.cells()) {
            w.printf(java.util.Locale.ROOT, "K=%s d=%s rho=%s n=%s %s: %s/%s separated, %s collapsed, %s undecided, "
                    + "P(separated) in [%.3f, %.3f]%n", c.get("classes"), c.get("dim"), c.get("rho"), c.get("clean"),
                    c.get("wInit"), c.get("separated"), c.get("runs"), c.get("collapsed"), c.get("undecided"),
                    (Double) c.get("wilsonLow"), (Double) c.get("wilsonHigh"));
        }
    }

    @Command(name = "merge", mixinStandardHelpOptions = true,
            description = "Merge basins shard files (written with the same settings) into the file an unsharded run "
                    + "writes, with its -cells.csv and -phase.svg.")
    static final class Merge implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "FILES", description = "shard outputs")
        List<Path> files;

        @Option(names = "--out", required = true, paramLabel = "FILE.jsonl", description = "merged output")
        Path out;

        @Mixin
        JsonOption json = new JsonOption();

        @Override
        public Integer call() throws Exception {
            OutputPaths.requireReplaceable(out, "--out", head -> head.startsWith("{\"" + BasinsFile.HEADER_FIELD + "\""));
            for (Path f : files) {
                if (!Files.isRegularFile(f)) {
                    throw new HarnessCli.UsageException("basins merge: '" + f + "' is not a file");
                }
            }
            BasinsFile.Outcome o;
            try {
                o = BasinsFile.merge(files, out);
            } catch (IllegalArgumentException e) {
                throw new HarnessCli.UsageException(e.getMessage());
            }
            report(o, spec.commandLine().getOut(), json.json, files.size());
            return o.failed() == 0 ? 0 : HarnessCli.FAILED;
        }
    }
}
