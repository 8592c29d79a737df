package org.collapseharness.verification.basins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.DoubleUnaryOperator;
import org.collapseharness.numerics.EndStateClassifier;
import org.collapseharness.numerics.InitialStates;
import org.collapseharness.numerics.OdeAlgorithm;
import org.collapseharness.numerics.ParticleLayout;
import org.collapseharness.numerics.ProjectionSimulator;
import org.collapseharness.numerics.TimeGrid;
import org.collapseharness.theory.MinimalModel;
import org.collapseharness.theory.ProjectionJacobianForm;
import org.collapseharness.theory.symbolic.DerivationCache;

/**
 * Basins of separation of the §4 projection-head model: a grid over (K, d, ρ, n, initial law of W, seed), one Rodas4
 * run on the exact moment reduction per point, each end state classified by {@link EndStateClassifier} into one line
 * (a map of the recorded quantities). The initial state of a run depends only on its point (embeddings N(0,1) from
 * the seed, W from seed + 1), so any subset of the grid (a shard) computes exactly the lines the whole grid computes
 * for those points. The resumable file around it is {@code perf.BasinsFile}.
 */
public final class Basins {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Rodas4 tolerances (relative, absolute) of every run. */
    static final double RTOL = 1e-6;
    static final double ATOL = 1e-8;
    /** Uniform output points over [0, T] (the tail fit of the classifier uses the last quarter). */
    static final int OUTPUT_POINTS = 80;
    /** 97.5 % standard normal quantile of the Wilson interval. */
    static final double Z = 1.959963984540054;

    private Basins() {
    }

    /**
     * Initial law of W: {@code identity-noise:SCALE} is I + (SCALE/√d) G, {@code random:SCALE} (or {@code random},
     * scale 1) is (SCALE/√d) G, G i.i.d. N(0,1) from seed + 1.
     */
    public record WInit(boolean identity, double scale) {
        public static WInit parse(String s) {
            String t = s.trim();
            int colon = t.indexOf(':');
            String kind = colon < 0 ? t : t.substring(0, colon);
            if (!kind.equals("identity-noise") && !kind.equals("random")) {
                throw new IllegalArgumentException("--w-init must be identity-noise:SCALE or random[:SCALE] (got '"
                        + s + "')");
            }
            if (colon < 0 && kind.equals("identity-noise")) {
                throw new IllegalArgumentException("--w-init identity-noise needs a scale, e.g. identity-noise:0.3");
            }
            double scale;
            try {
                scale = colon < 0 ? 1.0 : Double.parseDouble(t.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--w-init scale is not a number (got '" + s + "')");
            }
            if (!(scale >= 0 && scale <= 100) || !kind.equals("identity-noise") && scale == 0) {
                throw new IllegalArgumentException("--w-init scale must lie in [0, 100] (positive for random), got '"
                        + s + "'");
            }
            return new WInit(kind.equals("identity-noise"), scale);
        }

        public String text() {
            return (identity ? "identity-noise:" : "random:") + scale;
        }

        public double[] initialState(ParticleLayout l, long seed) {
            double[] p = InitialStates.gaussian(l.size(), seed, 1.0);
            int d = l.dim();
            double[] g = InitialStates.gaussian(d * d, seed + 1, scale / Math.sqrt(d));
            double[] u = new double[l.size() + d * d];
            System.arraycopy(p, 0, u, 0, p.length);
            for (int i = 0; i < d * d; i++) {
                u[l.size() + i] = g[i] + (identity && i % (d + 1) == 0 ? 1 : 0);
            }
            return u;
        }
    }

    /** One run: a cell (K, d, ρ, n, W law) and a seed. */
    public record Point(int classes, int dim, double rho, int clean, WInit init, long seed) {
        public MinimalModel model() {
            return new MinimalModel(classes, clean, MinimalModel.sharedFor(clean, rho), dim);
        }

        public String key() {
            return cell() + " seed=" + seed;
        }

        /** The cell this run belongs to. */
        public String cell() {
            return String.format(Locale.ROOT, "K=%d d=%d rho=%s n=%d w=%s", classes, dim, rho, clean, init.text());
        }
    }

    /**
     * @param classes      K values
     * @param dims         d values
     * @param rhos         frustration ratios (m = round(ρ n / (1 − ρ)))
     * @param cleans       clean samples per class
     * @param inits        initial laws of W
     * @param seeds        seeds 1..seeds per cell
     * @param tEnd         end time
     * @param stopGradient with stop-gradient (the model of the claims) or without (the control)
     * @param extendTo     a run still undecided at tEnd is integrated again from its initial state to this longer
     *                     horizon and classified there; equal to tEnd: no extension
     */
    public record Grid(List<Integer> classes, List<Integer> dims, List<Double> rhos, List<Integer> cleans,
                       List<WInit> inits, int seeds, double tEnd, boolean stopGradient, double extendTo) {
        public Grid {
            if (!(extendTo >= tEnd)) {
                throw new IllegalArgumentException("the extension horizon " + extendTo + " is below the end time "
                        + tEnd);
            }
        }

        /** A grid without extension of undecided runs. */
        public Grid(List<Integer> classes, List<Integer> dims, List<Double> rhos, List<Integer> cleans,
                    List<WInit> inits, int seeds, double tEnd, boolean stopGradient) {
            this(classes, dims, rhos, cleans, inits, seeds, tEnd, stopGradient, tEnd);
        }

        /** Whether undecided runs are continued to {@link #extendTo}. */
        public boolean extending() {
            return extendTo > tEnd;
        }

        /** Every run in grid order (K, d, ρ, n, W law, seed; a value given twice is one point). */
        public List<Point> points() {
            LinkedHashSet<Point> out = new LinkedHashSet<>();
            for (int k : classes) {
                for (int d : dims) {
                    for (double r : rhos) {
                        for (int n : cleans) {
                            for (WInit w : inits) {
                                for (long s = 1; s <= seeds; s++) {
                                    out.add(new Point(k, d, r, n, w, s));
                                }
                            }
                        }
                    }
                }
            }
            return new ArrayList<>(out);
        }

        /** The points of shard {@code index} of {@code count}: every count-th point of the grid from the index-th. */
        public List<Point> shard(int index, int count) {
            List<Point> all = points();
            List<Point> out = new ArrayList<>();
            for (int i = index; i < all.size(); i += count) {
                out.add(all.get(i));
            }
            return out;
        }

        /** Every result-changing setting, the grid included (a shard's header equals the unsharded one). */
        public Map<String, Object> header() {
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("codeVersion", org.collapseharness.verification.Version.get());
            h.put("model", "§4 projection head, " + (stopGradient ? "stop-gradient" : "no stop-gradient"));
            h.put("integrator", "Rodas4 on the exact moment reduction, rtol " + RTOL + ", atol " + ATOL
                    + ", derived Jacobian (dimension-free word form)");
            h.put("initialState", "embeddings N(0,1) from seed; W by wInit from seed + 1");
            h.put("outputTimes", OUTPUT_POINTS + " uniform + 30 log-spaced from 0.01");
            EndStateClassifier.Criteria c = EndStateClassifier.Criteria.DEFAULT;
            h.put("classifier", String.format(Locale.ROOT, "tail %s, slope tol %s, residual tol %s, protected tol "
                    + "%s, floor %s", c.tailFraction(), c.slopeTol(), c.residualTol(), c.protectedTol(), c.floor()));
            h.put("stopGradient", stopGradient);
            h.put("tEnd", tEnd);
            if (extending()) {
                h.put("extendTo", extendTo);
            }
            h.put("classes", classes);
            h.put("dim", dims);
            h.put("rho", rhos);
            h.put("clean", cleans);
            h.put("wInit", inits.stream().map(WInit::text).toList());
            h.put("seeds", seeds);
            return h;
        }

        /** The grid a header records. */
        public static Grid of(JsonNode h) {
            List<Integer> k = new ArrayList<>();
            h.get("classes").forEach(x -> k.add(x.asInt()));
            List<Integer> d = new ArrayList<>();
            h.get("dim").forEach(x -> d.add(x.asInt()));
            List<Double> r = new ArrayList<>();
            h.get("rho").forEach(x -> r.add(x.asDouble()));
            List<Integer> n = new ArrayList<>();
            h.get("clean").forEach(x -> n.add(x.asInt()));
            List<WInit> w = new ArrayList<>();
            h.get("wInit").forEach(x -> w.add(WInit.parse(x.asText())));
            double t = h.get("tEnd").asDouble();
            return new Grid(k, d, r, n, w, h.get("seeds").asInt(), t, h.get("stopGradient").asBoolean(),
                    h.has("extendTo") ? h.get("extendTo").asDouble() : t);
        }
    }

    /** Every run of the grid in memory, in grid order (the run lines of a basins output). */
    public static List<Map<String, Object>> computeAll(Grid grid, DoubleUnaryOperator protectedValue, int threads)
            throws InterruptedException {
        List<Point> all = grid.points();
        Map<Double, Double> mu = new LinkedHashMap<>();
        for (Point p : all) {
            mu.computeIfAbsent(p.model().rho(), protectedValue::applyAsDouble);
        }
        ExecutorService pool = pool(threads);
        try {
            List<Future<Map<String, Object>>> futures = submit(pool, grid, all, mu);
            List<Map<String, Object>> out = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                out.add(result(grid, all.get(i), futures.get(i)));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Submits one run per point to the pool. */
    public static List<Future<Map<String, Object>>> submit(ExecutorService pool, Grid grid, List<Point> points,
                                                            Map<Double, Double> mu) {
        Map<Integer, ProjectionJacobianForm> derived = new HashMap<>();
        for (Point p : points) {
            int d = p.model().dim();
            if (!derived.containsKey(d)) {
                derived.put(d, DerivationCache.projection(grid.stopGradient(), d).jacobians());
            }
        }
        List<Future<Map<String, Object>>> futures = new ArrayList<>();
        for (Point p : points) {
            ProjectionJacobianForm jac = derived.get(p.model().dim());
            futures.add(pool.submit(() -> compute(grid, p, mu.get(p.model().rho()), jac)));
        }
        return futures;
    }

    /** The line of a submitted run; a run that threw is a FAIL line with the exception as its reason. */
    public static Map<String, Object> result(Grid grid, Point p, Future<Map<String, Object>> f)
            throws InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            return failure(grid, p, String.valueOf(e.getCause()));
        }
    }

    /** A fixed pool of daemon worker threads for the runs. */
    public static ExecutorService pool(int threads) {
        return Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "basins");
            t.setDaemon(true);
            return t;
        });
    }

    static Map<String, Object> compute(Grid grid, Point p, double mu, ProjectionJacobianForm derived) {
        long t0 = System.nanoTime();
        Map<String, Object> line = compute(grid, p, mu, derived, grid.tEnd());
        double reached = grid.tEnd();
        if (grid.extending() && "OK".equals(line.get("status"))
                && EndStateClassifier.Outcome.UNDECIDED.label().equals(line.get("outcome"))) {
            long steps = ((Number) line.get("steps")).longValue();
            long evaluations = ((Number) line.get("rhsEvaluations")).longValue();
            line = compute(grid, p, mu, derived, grid.extendTo());
            reached = grid.extendTo();
            line.put("steps", steps + ((Number) line.get("steps")).longValue());
            line.put("rhsEvaluations", evaluations + ((Number) line.get("rhsEvaluations")).longValue());
        }
        if (grid.extending()) {
            line.put("tEndReached", reached);
        }
        line.put("wallSeconds", (System.nanoTime() - t0) / 1e9);
        return line;
    }

    private static Map<String, Object> compute(Grid grid, Point p, double mu, ProjectionJacobianForm derived,
                                               double tEnd) {
        MinimalModel m = p.model();
        ParticleLayout l = new ParticleLayout(m);
        double[] times = TimeGrid.mixed(tEnd, Math.min(1e-2, tEnd / 10), 30, OUTPUT_POINTS);
        ProjectionSimulator.Result r = ProjectionSimulator.simulate(l, grid.stopGradient(),
                p.init().initialState(l, p.seed()), times, ProjectionSimulator.Representation.MOMENTS,
                OdeAlgorithm.rodas(RTOL, ATOL), derived);
        Map<String, Object> line = head(grid, p);
        line.put("protectedValue", mu);
        boolean ok = r.solution().success() && r.times().length == times.length;
        if (!ok) {
            line.put("status", "FAIL");
            line.put("outcome", EndStateClassifier.Outcome.UNDECIDED.label());
            line.put("reason", "integration failed: " + r.solution().code() + " " + r.solution().message());
        } else {
            double[] bias = new double[r.times().length];
            for (int i = 0; i < bias.length; i++) {
                bias[i] = EndStateClassifier.biasNorm(r.labels()[i]);
            }
            EndStateClassifier.EndState s = EndStateClassifier.classify(r.times(), r.minL2(), bias, r.residual(),
                    r.finalW(), r.finalLabels(), mu, EndStateClassifier.Criteria.DEFAULT);
            line.put("status", "OK");
            line.put("outcome", s.outcome().label());
            line.put("reason", s.reason());
            line.put("minL2Initial", r.minL2()[0]);
            line.put("minL2", s.minL2());
            line.put("slope", s.slope());
            line.put("biasSlope", s.biasSlope());
            line.put("residual", s.residual());
            line.put("wSpectrum", s.wSpectrum());
            line.put("detW", s.detW());
            line.put("biasRank", s.biasRank());
            line.put("w2OnBiasSpan", s.w2OnBiasSpan());
            line.put("protectedDeviation", s.protectedDeviation());
            line.put("biasSpanInvariance", s.spanInvariance());
            double[] mean = org.collapseharness.numerics.BiasSubspace.mean(r.finalLabels());
            line.put("labelMeanNorm", norm(mean));
            line.put("labelMean", mean);
            line.put("meanSplit", EndStateClassifier.meanSplit(r.finalW(), mean));
            line.put("finalW", r.finalW());
        }
        line.put("steps", r.solution().steps());
        line.put("rhsEvaluations", r.solution().evaluations());
        return line;
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    private static Map<String, Object> head(Grid grid, Point p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", p.key());
        m.put("classes", p.classes());
        m.put("dim", p.dim());
        m.put("rho", p.rho());
        m.put("clean", p.clean());
        m.put("shared", p.model().shared());
        m.put("rhoActual", p.model().rho());
        m.put("wInit", p.init().text());
        m.put("stopGradient", grid.stopGradient());
        m.put("seed", p.seed());
        return m;
    }

    private static Map<String, Object> failure(Grid grid, Point p, String msg) {
        Map<String, Object> m = head(grid, p);
        m.put("status", "FAIL");
        m.put("outcome", EndStateClassifier.Outcome.UNDECIDED.label());
        m.put("reason", msg);
        return m;
    }

    /**
     * Per-cell counts in grid order with the Wilson 95 % interval of P(separated) (undecided runs count in the
     * denominator, so the interval is conservative for separation).
     */
    public static List<Map<String, Object>> cells(Grid grid, List<String> lines) throws IOException {
        Map<String, int[]> counts = new LinkedHashMap<>();
        Map<String, Point> firstOf = new LinkedHashMap<>();
        for (Point p : grid.points()) {
            counts.putIfAbsent(p.cell(), new int[3]);
            firstOf.putIfAbsent(p.cell(), p);
        }
        for (String l : lines) {
            JsonNode n = MAPPER.readTree(l);
            String key = n.get("key").asText();
            int[] c = counts.get(key.substring(0, key.lastIndexOf(" seed=")));
            if (c == null) {
                continue;
            }
            switch (n.get("outcome").asText()) {
                case "separated" -> c[0]++;
                case "collapsed" -> c[1]++;
                default -> c[2]++;
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        counts.forEach((cell, c) -> {
            int runs = c[0] + c[1] + c[2];
            if (runs == 0) {
                return;
            }
            Point p = firstOf.get(cell);
            double[] wi = wilson(c[0], runs);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("classes", p.classes());
            m.put("dim", p.dim());
            m.put("rho", p.rho());
            m.put("clean", p.clean());
            m.put("wInit", p.init().text());
            m.put("stopGradient", grid.stopGradient());
            m.put("runs", runs);
            m.put("separated", c[0]);
            m.put("collapsed", c[1]);
            m.put("undecided", c[2]);
            m.put("wilsonLow", wi[0]);
            m.put("wilsonHigh", wi[1]);
            out.add(m);
        });
        return out;
    }

    /** Wilson score interval (95 %) of a proportion k/n; [0, 1] for n = 0. */
    public static double[] wilson(int k, int n) {
        if (n == 0) {
            return new double[] {0, 1};
        }
        double p = (double) k / n;
        double z2 = Z * Z;
        double denom = 1 + z2 / n;
        double centre = (p + z2 / (2.0 * n)) / denom;
        double half = Z / denom * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
    }
}
