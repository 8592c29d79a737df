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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.DoubleUnaryOperator;
import org.collapseharness.verification.basins.Basins;
import org.collapseharness.verification.basins.Basins.Grid;
import org.collapseharness.verification.basins.Basins.Point;
import org.collapseharness.verification.basins.Basins.WInit;
import org.collapseharness.verification.report.HeatMapSvg;

/**
 * The output of {@code ./harness basins}: JSON lines in grid order, a header ({@link #HEADER_FIELD}) with every
 * result-changing setting and the whole grid, then one line per run ({@link Basins}) keyed by its coordinates;
 * resumable ({@link ResumableJsonl}); shards ({@code i/N}: every N-th point from the i-th) and {@link #merge} of all
 * shards into the unsharded file; the cell table (CSV) and the phase diagram (SVG) next to it.
 */
public final class BasinsFile {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Name of the single field of the header line. */
    public static final String HEADER_FIELD = "basinsHeader";

    private static final Map<String, String> OPTION_OF = Map.of("codeVersion", "code version", "tEnd", "--t-end",
            "classes", "--classes", "dim", "--dim", "rho", "--rho", "clean", "--clean", "wInit", "--w-init",
            "seeds", "--seeds", "stopGradient", "--no-stop-gradient");

    private static final ResumableJsonl OUTPUT = new ResumableJsonl(HEADER_FIELD, "basins", OPTION_OF, true);

    private BasinsFile() {
    }

    /** A run's summary. */
    public record Outcome(int total, int skipped, int computed, int failed, Path jsonl, List<Map<String, Object>> cells) {
    }

    /**
     * Runs shard {@code shard} of {@code shards} of the grid into {@code jsonl}, resuming the runs already there when
     * its header equals this run's, and writes the cell table (CSV) and the phase diagram (SVG) next to it.
     *
     * @param protectedValue the derived protected value 1 − ρ at the actual ρ of a model (evaluated serially)
     * @throws Sweep.StaleOutputException when the file exists with other settings (and not {@code fresh}) or is not
     *                                    a basins output; the file is then untouched
     */
    public static Outcome run(Grid grid, int shard, int shards, Path jsonl, int threads,
                              DoubleUnaryOperator protectedValue, PrintWriter progress, boolean fresh)
            throws IOException, InterruptedException {
        List<Point> mine = grid.shard(shard, shards);
        String header = OUTPUT.header(grid.header());
        Map<String, String> done = OUTPUT.check(jsonl, header, fresh) ? ResumableJsonl.readDone(jsonl)
                : new LinkedHashMap<>();
        List<Point> todo = new ArrayList<>();
        for (Point p : mine) {
            if (!done.containsKey(p.key())) {
                todo.add(p);
            }
        }
        int skipped = mine.size() - todo.size();
        // runs of other shards already in the file are kept too
        List<String> kept = inGridOrder(grid, done);
        Map<Double, Double> mu = new LinkedHashMap<>();
        for (Point p : todo) {
            mu.computeIfAbsent(p.model().rho(), protectedValue::applyAsDouble);
        }
        // Rewrite the kept lines (drops a truncated last line), then append.
        ResumableJsonl.replace(jsonl, header, kept);
        int failed = 0;
        ExecutorService pool = Basins.pool(threads);
        long t0 = System.nanoTime();
        try (BufferedWriter w = Files.newBufferedWriter(jsonl, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
            List<Future<Map<String, Object>>> futures = Basins.submit(pool, grid, todo, mu);
            for (int i = 0; i < futures.size(); i++) {
                Map<String, Object> line = Basins.result(grid, todo.get(i), futures.get(i));
                if (!ResumableJsonl.append(w, line)) {
                    failed++;
                }
                if (progress != null) {
                    ResumableJsonl.bar(progress, "basins", "runs", i + 1, todo.size(), skipped,
                            (System.nanoTime() - t0) / 1e9);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        if (progress != null && !todo.isEmpty()) {
            progress.println();
            progress.flush();
        }
        List<String> ordered = inGridOrder(grid, ResumableJsonl.readDone(jsonl));
        ResumableJsonl.replace(jsonl, header, ordered);
        List<Map<String, Object>> cells = writeSummaries(grid, jsonl, ordered);
        return new Outcome(mine.size(), skipped, todo.size(), failed, jsonl, cells);
    }

    /** The lines of the grid's runs among {@code lines} (by key), in grid order. */
    private static List<String> inGridOrder(Grid grid, Map<String, String> lines) {
        List<String> out = new ArrayList<>();
        for (Point p : grid.points()) {
            String l = lines.get(p.key());
            if (l != null) {
                out.add(l);
            }
        }
        return out;
    }

    /** Merges shard files (same header) into {@code out}: the file an unsharded run writes. */
    public static Outcome merge(List<Path> inputs, Path out) throws IOException {
        String header = null;
        Path first = null;
        Map<String, String> lines = new LinkedHashMap<>();
        for (Path in : inputs) {
            if (!Files.isRegularFile(in)) {
                throw new IllegalArgumentException("basins merge: '" + in + "' is not a file");
            }
            JsonNode h = ResumableJsonl.firstLine(in);
            if (h == null || !h.isObject() || !h.has(HEADER_FIELD)) {
                throw new IllegalArgumentException("basins merge: '" + in + "' is not a basins output");
            }
            String text;
            try (var r = Files.newBufferedReader(in, StandardCharsets.UTF_8)) {
                text = r.readLine();
            }
            if (header == null) {
                header = text;
                first = in;
            } else if (!header.equals(text)) {
                throw new IllegalArgumentException("basins merge: '" + in + "' was written with other settings than '"
                        + first + "'");
            }
            ResumableJsonl.readDone(in).forEach(lines::putIfAbsent);
        }
        if (header == null) {
            throw new IllegalArgumentException("basins merge: no input files");
        }
        Grid grid = Grid.of(MAPPER.readTree(header).get(HEADER_FIELD));
        List<String> ordered = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Point p : grid.points()) {
            String l = lines.get(p.key());
            if (l == null) {
                missing.add(p.key());
            } else {
                ordered.add(l);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("basins merge: " + missing.size() + " runs of the grid are in no input "
                    + "(first: " + missing.get(0) + "); nothing written");
        }
        ResumableJsonl.replace(out, header, ordered);
        int failed = (int) ordered.stream().filter(l -> !l.contains("\"status\":\"OK\"")).count();
        return new Outcome(ordered.size(), ordered.size(), 0, failed, out, writeSummaries(grid, out, ordered));
    }

    /** Writes FILE-cells.csv and FILE-phase.svg next to the JSON lines; returns the cells. */
    private static List<Map<String, Object>> writeSummaries(Grid grid, Path jsonl, List<String> lines)
            throws IOException {
        List<Map<String, Object>> cells = Basins.cells(grid, lines);
        StringBuilder csv = new StringBuilder(
                "classes,dim,rho,clean,wInit,stopGradient,runs,separated,collapsed,undecided,wilsonLow,wilsonHigh\n");
        for (Map<String, Object> c : cells) {
            List<String> v = new ArrayList<>();
            c.values().forEach(x -> v.add(String.valueOf(x)));
            csv.append(String.join(",", v)).append('\n');
        }
        String base = ResumableJsonl.stripExt(jsonl.getFileName().toString());
        Files.writeString(jsonl.resolveSibling(base + "-cells.csv"), csv.toString(), StandardCharsets.UTF_8);
        Files.writeString(jsonl.resolveSibling(base + "-phase.svg"), phaseDiagram(grid, cells), StandardCharsets.UTF_8);
        return cells;
    }

    /**
     * Heat maps of P(separated): over (d, K) for each (ρ, n, W law), and over (d, W law) for each (ρ, n, K) when the
     * grid has more than one W law.
     */
    static String phaseDiagram(Grid grid, List<Map<String, Object>> cells) {
        List<HeatMapSvg.Panel> panels = new ArrayList<>();
        List<String> dLabels = grid.dims().stream().distinct().map(d -> "d=" + d).toList();
        List<String> kLabels = grid.classes().stream().distinct().map(k -> "K=" + k).toList();
        List<String> wLabels = grid.inits().stream().distinct().map(WInit::text).toList();
        for (double rho : grid.rhos().stream().distinct().toList()) {
            for (int n : grid.cleans().stream().distinct().toList()) {
                for (String w : wLabels) {
                    panels.add(panel(String.format(Locale.ROOT, "rho=%s n=%d W0 %s", rho, n, w), dLabels, kLabels,
                            cells, c -> c.get("rho").equals(rho) && c.get("clean").equals(n) && c.get("wInit").equals(w),
                            c -> "d=" + c.get("dim"), c -> "K=" + c.get("classes")));
                }
                if (wLabels.size() > 1) {
                    for (int k : grid.classes().stream().distinct().toList()) {
                        panels.add(panel(String.format(Locale.ROOT, "rho=%s n=%d K=%d", rho, n, k), dLabels, wLabels,
                                cells, c -> c.get("rho").equals(rho) && c.get("clean").equals(n)
                                        && c.get("classes").equals(k),
                                c -> "d=" + c.get("dim"), c -> (String) c.get("wInit")));
                    }
                }
            }
        }
        return HeatMapSvg.render("P(separated) per cell, " + (grid.stopGradient() ? "stop-gradient" : "no stop-gradient")
                + ", T=" + grid.tEnd() + " (cell text: separated/runs, Wilson 95 % interval)", panels);
    }

    private static HeatMapSvg.Panel panel(String title, List<String> xs, List<String> ys, List<Map<String, Object>> cells,
                                          java.util.function.Predicate<Map<String, Object>> in,
                                          java.util.function.Function<Map<String, Object>, String> x,
                                          java.util.function.Function<Map<String, Object>, String> y) {
        double[][] v = new double[ys.size()][xs.size()];
        String[][] text = new String[ys.size()][xs.size()];
        for (double[] row : v) {
            java.util.Arrays.fill(row, Double.NaN);
        }
        for (Map<String, Object> c : cells) {
            int i = ys.indexOf(y.apply(c));
            int j = xs.indexOf(x.apply(c));
            if (!in.test(c) || i < 0 || j < 0) {
                continue;
            }
            int runs = (Integer) c.get("runs");
            int sep = (Integer) c.get("separated");
            v[i][j] = (double) sep / runs;
            text[i][j] = String.format(Locale.ROOT, "%d/%d [%.2f,%.2f]", sep, runs, (Double) c.get("wilsonLow"),
                    (Double) c.get("wilsonHigh"));
        }
        return new HeatMapSvg.Panel(title, xs, ys, v, text);
    }

}

