package org.collapseharness.verification.perf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.ToDoubleFunction;
import org.collapseharness.numerics.InitialStates;
import org.collapseharness.numerics.OdeAlgorithm;
import org.collapseharness.numerics.ParticleLayout;
import org.collapseharness.numerics.TimeGrid;
import org.collapseharness.numerics.propagation.MinimalModelRun;
import org.collapseharness.theory.MinimalModel;
import org.collapseharness.verification.Plot;
import org.collapseharness.verification.Series;
import org.collapseharness.verification.report.SvgPlotter;

/**
 * Parameter sweep of the §3 model over (ρ, n, K, d, seed): each grid point is one exact sector-route simulation with
 * its error checked by the Krylov witness and the slow rate fitted from MinL2. Points run in parallel; lines are
 * written in grid order, so the output is identical to a serial run. Output is JSON lines: a header line
 * ({@link #HEADER_FIELD}) records every setting that changes a point's result apart from the point's own coordinates
 * (end time, output points, witness checks, derived rate on/off, the fixed route, integrator and initial state, the
 * code version), then one line per point keyed by its coordinates (K, n, ρ, d, seed). A restart with the same header
 * skips the points already present (a truncated last line is dropped); a file with a different header is refused
 * ({@link StaleOutputException}, the file untouched) unless a fresh run is asked for.
 */
public final class Sweep {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Name of the single field of the header line. */
    public static final String HEADER_FIELD = "sweepHeader";

    /** Header fields that are not the user's options: the fixed route, integrator and initial state of every point. */
    private static final String ROUTE = "sector";
    private static final String WITNESS_INTEGRATOR = "sector propagation; Krylov witness (Chebyshev fallback)";
    private static final String INITIAL_STATE = "N(0,1) entries from Random(seed), scale 1";

    /** The CLI option behind each header field (named in the refusal message). */
    private static final Map<String, String> OPTION_OF = Map.of(
            "codeVersion", "code version", "route", "route", "integrator", "integrator",
            "initialState", "initial state", "tEnd", "--t-end", "points", "--points",
            "errorChecks", "--error-checks", "derived", "--no-derived");

    private static final ResumableJsonl OUTPUT = new ResumableJsonl(HEADER_FIELD, "sweep", OPTION_OF, false);

    /** The output file holds a sweep run with other settings (or is no sweep output); nothing was written. */
    public static final class StaleOutputException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        StaleOutputException(String message) {
            super(message);
        }
    }

    /** One grid point. */
    public record Point(int classes, int clean, double rho, int dim, long seed) {
        public int shared() {
            return MinimalModel.sharedFor(clean, rho);
        }

        /** The model at this point (m rounded from ρ). */
        public MinimalModel model() {
            return new MinimalModel(classes, clean, shared(), dim);
        }

        public String key() {
            return String.format(Locale.ROOT, "K=%d n=%d rho=%s d=%d seed=%d", classes, clean, rho, dim, seed);
        }
    }

    /**
     * @param rhos        frustration ratios
     * @param cleans      clean samples per class
     * @param classes     K values
     * @param dims        d values
     * @param seeds       seeds
     * @param tEnd        end time; NaN = automatic (20/ρ, or 20 at ρ = 0)
     * @param points      uniform output points
     * @param errorChecks witness check times per point
     */
    public record Grid(List<Double> rhos, List<Integer> cleans, List<Integer> classes, List<Integer> dims,
                       List<Long> seeds, double tEnd, int points, int errorChecks) {
        /** The distinct grid points in grid order (a value given twice is one point). */
        public List<Point> gridPoints() {
            Set<Point> out = new LinkedHashSet<>();
            for (int k : classes) {
                for (int d : dims) {
                    for (int n : cleans) {
                        for (double r : rhos) {
                            for (long s : seeds) {
                                out.add(new Point(k, n, r, d, s));
                            }
                        }
                    }
                }
            }
            return new ArrayList<>(out);
        }

        /** The canonical record of every result-changing setting besides the point coordinates. */
        public Map<String, Object> header(boolean derived) {
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("codeVersion", org.collapseharness.verification.Version.get());
            h.put("route", ROUTE);
            h.put("integrator", WITNESS_INTEGRATOR);
            h.put("initialState", INITIAL_STATE);
            h.put("tEnd", Double.isNaN(tEnd) ? "auto (20/rho, 20 at rho = 0)" : (Object) tEnd);
            h.put("points", points);
            h.put("errorChecks", errorChecks);
            h.put("derived", derived);
            return h;
        }

        double tEndFor(Point p) {
            if (!Double.isNaN(tEnd)) {
                return tEnd;
            }
            double rho = p.model().rho();
            return rho > 0 ? 20 / rho : 20;
        }
    }

    /** Summary of a sweep run. */
    public record Outcome(int total, int skipped, int computed, int failed, Path jsonl, Path svg) {
    }

    /** Slow rate per point from the symbolic pipeline, or null (evaluated serially, on the calling thread). */
    public interface DerivedRate {
        double at(Point p);
    }

    private Sweep() {
    }

    public static Outcome run(Grid grid, Path jsonl, int threads, DerivedRate derived, PrintWriter progress)
            throws IOException, InterruptedException {
        return run(grid, jsonl, threads, derived, progress, false);
    }

    /**
     * Runs the grid into {@code jsonl}, resuming the points already there when its header equals this run's.
     *
     * @param fresh discard an existing sweep output written with other settings instead of refusing it
     * @throws StaleOutputException when the file exists with other settings (and not {@code fresh}) or is not a
     *                              sweep output; the file is then untouched
     */
    public static Outcome run(Grid grid, Path jsonl, int threads, DerivedRate derived, PrintWriter progress,
                              boolean fresh) throws IOException, InterruptedException {
        List<Point> all = grid.gridPoints();
        String header = MAPPER.writeValueAsString(Map.of(HEADER_FIELD, grid.header(derived != null)));
        Map<String, String> done = checkResumable(jsonl, header, fresh) ? readDone(jsonl) : new LinkedHashMap<>();
        List<Point> todo = new ArrayList<>();
        for (Point p : all) {
            if (!done.containsKey(p.key())) {
                todo.add(p);
            }
        }
        Map<String, Double> derivedRates = new LinkedHashMap<>();
        if (derived != null) {
            for (Point p : todo) {
                derivedRates.put(p.key(), derived.at(p));
            }
        }
        if (jsonl.getParent() != null) {
            Files.createDirectories(jsonl.getParent());
        }
        // Rewrite the kept lines (drops a truncated last line), then append.
        Files.writeString(jsonl, header + "\n" + (done.isEmpty() ? "" : String.join("\n", done.values()) + "\n"),
                StandardCharsets.UTF_8);
        int failed = 0;
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "sweep");
            t.setDaemon(true);
            return t;
        });
        long t0 = System.nanoTime();
        try (BufferedWriter w = Files.newBufferedWriter(jsonl, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
            List<Future<Map<String, Object>>> futures = new ArrayList<>();
            for (Point p : todo) {
                futures.add(pool.submit(() -> compute(grid, p)));
            }
            for (int i = 0; i < futures.size(); i++) {
                Map<String, Object> line;
                try {
                    line = futures.get(i).get();
                } catch (ExecutionException e) {
                    line = failure(todo.get(i), String.valueOf(e.getCause()));
                }
                Double dr = derivedRates.get(todo.get(i).key());
                line.put("slowRateDerived", dr);
                if (dr == null) {
                    line.put("slowRateDerivedNote", "skipped (--no-derived)");
                }
                if (!ResumableJsonl.append(w, line)) {
                    failed++;
                }
                if (progress != null) {
                    bar(progress, i + 1, todo.size(), done.size(), (System.nanoTime() - t0) / 1e9);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        if (progress != null) {
            progress.println();
            progress.flush();
        }
        Path svg = jsonl.resolveSibling(ResumableJsonl.stripExt(jsonl.getFileName().toString()) + "-phase-diagram.svg");
        Map<String, String> finished = readDone(jsonl);
        Files.writeString(svg, phaseDiagram(finished, all, false), StandardCharsets.UTF_8);
        Path dev = jsonl.resolveSibling(ResumableJsonl.stripExt(jsonl.getFileName().toString()) + "-deviation.svg");
        Files.writeString(dev, phaseDiagram(finished, all, true), StandardCharsets.UTF_8);
        return new Outcome(all.size(), all.size() - todo.size(), todo.size(), failed, jsonl, svg);
    }

    static Map<String, Object> compute(Grid grid, Point p) {
        ParticleLayout l = new ParticleLayout(p.model());
        double tEnd = grid.tEndFor(p);
        double[] times = TimeGrid.mixed(tEnd, Math.min(1e-3, tEnd / 10), 40, grid.points());
        MinimalModelRun.Result r = MinimalModelRun.run(l, InitialStates.gaussian(l.size(), p.seed(), 1.0), times,
                MinimalModelRun.Route.SECTOR, OdeAlgorithm.dp853(1e-10, 1e-12), grid.errorChecks());
        Map<String, Object> m = head(p);
        m.put("tEnd", tEnd);
        boolean ok = r.success() && r.slowFit().ok() && r.maxAbsErrorVsExact() <= MinimalModelBenchCase.ERROR_BOUND;
        m.put("status", ok ? "OK" : "FAIL");
        m.put("slowRateFitted", r.slowFit().ok() ? -r.slowFit().rate() : Double.NaN);
        m.put("slowRateFitResidual", r.slowFit().rmsResidual());
        m.put("slowRateNumericSector", r.numericSlowRate());
        m.put("minL2Final", r.minL2().length > 0 ? r.minL2()[r.minL2().length - 1] : Double.NaN);
        m.put("maxAbsErrorVsExact", r.maxAbsErrorVsExact());
        m.put("witnessRhsEvaluations", r.witnessEvaluations());
        m.put("diagnostics", r.success() ? (r.slowFit().ok() ? "" : r.slowFit().message()) : r.message());
        return m;
    }

    private static Map<String, Object> head(Point p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", p.key());
        m.put("classes", p.classes());
        m.put("clean", p.clean());
        m.put("shared", p.shared());
        m.put("rho", p.rho());
        m.put("rhoActual", p.model().rho());
        m.put("dim", p.dim());
        m.put("seed", p.seed());
        return m;
    }

    private static Map<String, Object> failure(Point p, String msg) {
        Map<String, Object> m = head(p);
        m.put("status", "FAIL");
        m.put("diagnostics", msg);
        return m;
    }

    static boolean checkResumable(Path jsonl, String header, boolean fresh) throws IOException {
        return OUTPUT.check(jsonl, header, fresh);
    }

    static Map<String, String> readDone(Path jsonl) throws IOException {
        return ResumableJsonl.readDone(jsonl);
    }

    static void bar(PrintWriter out, int done, int total, int skipped, double seconds) {
        ResumableJsonl.bar(out, "sweep", "points", done, total, skipped, seconds);
    }

    /** Fitted slow rate against ρ, one colour per n (first K and d of the grid), with the derived rate as lines. */
    static String phaseDiagram(Map<String, String> lines, List<Point> grid, boolean deviation) throws IOException {
        if (grid.isEmpty()) {
            return SvgPlotter.render(new Plot("sweep", "empty sweep", "rho", "rate", false, false, List.of()));
        }
        int k = grid.get(0).classes();
        int d = grid.get(0).dim();
        TreeMap<Integer, TreeMap<Double, double[]>> byN = new TreeMap<>();
        Set<String> keys = new LinkedHashSet<>();
        for (Point p : grid) {
            keys.add(p.key());
        }
        for (String key : keys) {
            String line = lines.get(key);
            if (line == null) {
                continue;
            }
            JsonNode n = MAPPER.readTree(line);
            if (n.get("classes").asInt() != k || n.get("dim").asInt() != d || !"OK".equals(n.get("status").asText())) {
                continue;
            }
            double rho = n.get("rhoActual").asDouble();
            double[] acc = byN.computeIfAbsent(n.get("clean").asInt(), x -> new TreeMap<>())
                    .computeIfAbsent(rho, x -> new double[4]);
            acc[0] += n.get("slowRateFitted").asDouble();
            acc[1] += 1;
            JsonNode dr = n.get("slowRateDerived");
            if (dr != null && dr.isNumber()) {
                acc[2] += dr.asDouble();
                acc[3] += 1;
            }
        }
        List<Series> series = new ArrayList<>();
        if (deviation) {
            byN.forEach((n, m) -> {
                List<double[]> pts = new ArrayList<>();
                m.forEach((rho, a) -> {
                    if (a[3] > 0 && a[2] != 0) {
                        double dv = Math.abs((a[0] / a[1]) / (a[2] / a[3]) - 1);
                        if (dv > 0) {
                            pts.add(new double[] {rho, dv});
                        }
                    }
                });
                if (!pts.isEmpty()) {
                    series.add(Series.line("n=" + n, pts.stream().mapToDouble(p -> p[0]).toArray(),
                            pts.stream().mapToDouble(p -> p[1]).toArray()));
                }
            });
            return SvgPlotter.render(new Plot("sweep-deviation", String.format(Locale.ROOT,
                    "|fitted / derived slow rate - 1| over (rho, n), K=%d, d=%d%s", k, d,
                    series.isEmpty() ? " (no derived rates: --no-derived)" : ""), "rho", "relative deviation",
                    false, !series.isEmpty(), series));
        }
        byN.forEach((n, m) -> {
            series.add(Series.markers("fitted n=" + n, keysOf(m), col(m, a -> a[0] / a[1])).pairedWith("n=" + n));
            if (m.values().stream().allMatch(a -> a[3] > 0)) {
                series.add(Series.line("derived n=" + n, keysOf(m), col(m, a -> a[2] / a[3])).pairedWith("n=" + n));
            }
        });
        return SvgPlotter.render(new Plot("sweep-phase-diagram", String.format(Locale.ROOT,
                "Slow rate over (rho, n): fitted (markers) vs derived (lines), K=%d, d=%d", k, d), "rho",
                "slow decay rate", false, false, series));
    }

    private static double[] col(TreeMap<Double, double[]> m, ToDoubleFunction<double[]> f) {
        return m.values().stream().mapToDouble(f).toArray();
    }

    private static double[] keysOf(TreeMap<Double, double[]> m) {
        return m.keySet().stream().mapToDouble(Double::doubleValue).toArray();
    }

}
