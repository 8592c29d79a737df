package org.collapseharness.verification.claims;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.collapseharness.theory.Bindings;
import org.collapseharness.verification.basins.Basins;

/**
 * The reduced basin map of the report: the §4 sg model over K ∈ {2, 3}, d ∈ {1, 2, 3}, ρ ∈ {0.2, 0.5}, n = 4,
 * seeds 1..8 per cell, T = 400 (96 Rodas4 runs on the moment reduction, each end state classified as separated,
 * collapsed or undecided), and the same initial states without stop-gradient at d = 3 (32 runs). Computed once per
 * JVM and shared by 4.2-c, 4.2-e and 4.2-h.
 */
final class BasinMap {
    /** Runs per cell. */
    static final int SEEDS = 8;
    /** The sg grid. */
    static final Basins.Grid SG = new Basins.Grid(List.of(2, 3), List.of(1, 2, 3), List.of(0.2, 0.5), List.of(4),
            List.of(Basins.WInit.parse("identity-noise:0.3")), SEEDS, 400, true);
    /** The no-sg control: the d = 3 cells of {@link #SG} without stop-gradient. */
    static final Basins.Grid NO_SG = new Basins.Grid(SG.classes(), List.of(3), SG.rhos(), SG.cleans(), SG.inits(),
            SEEDS, SG.tEnd(), false);
    /** Worker threads of the map. */
    private static final int THREADS = 2;

    private static List<Map<String, Object>> sgRuns;
    private static List<Map<String, Object>> noSgRuns;

    private BasinMap() {
    }

    /** The derived protected value 1 − ρ at ρ. */
    static double protectedValue(double rho) {
        return ProjectionRuns.sg().protectedValue().at(Bindings.of("rho", rho));
    }

    static synchronized List<Map<String, Object>> sg() throws InterruptedException {
        if (sgRuns == null) {
            sgRuns = Basins.computeAll(SG, BasinMap::protectedValue, THREADS);
        }
        return sgRuns;
    }

    static synchronized List<Map<String, Object>> noSg() throws InterruptedException {
        if (noSgRuns == null) {
            noSgRuns = Basins.computeAll(NO_SG, BasinMap::protectedValue, THREADS);
        }
        return noSgRuns;
    }

    /** Outcome counts over the runs that match. */
    record Count(int runs, int separated, int collapsed, int undecided, int failed) {
        static Count of(List<Map<String, Object>> runs, Predicate<Map<String, Object>> which) {
            int n = 0;
            int s = 0;
            int c = 0;
            int f = 0;
            for (Map<String, Object> r : runs) {
                if (!which.test(r)) {
                    continue;
                }
                n++;
                f += "OK".equals(r.get("status")) ? 0 : 1;
                switch ((String) r.get("outcome")) {
                    case "separated" -> s++;
                    case "collapsed" -> c++;
                    default -> { }
                }
            }
            return new Count(n, s, c, n - s - c, f);
        }

        double wilsonLow() {
            return Basins.wilson(separated, runs)[0];
        }

        double wilsonHigh() {
            return Basins.wilson(separated, runs)[1];
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "%d/%d separated, %d collapsed, %d undecided, Wilson 95%% "
                    + "[%.3f, %.3f]", separated, runs, collapsed, undecided, wilsonLow(), wilsonHigh());
        }
    }

    static Predicate<Map<String, Object>> dim(int d) {
        return r -> ((Integer) r.get("dim")) == d;
    }

    static String gridText(Basins.Grid g) {
        return "K " + g.classes() + ", d " + g.dims() + ", rho " + g.rhos() + ", n " + g.cleans() + ", W0 "
                + g.inits().get(0).text() + ", seeds 1.." + g.seeds() + ", T " + g.tEnd() + ", Rodas4 (moments)";
    }
}
