package org.collapseharness.numerics.problems;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.collapseharness.numerics.OdeAlgorithm;
import org.collapseharness.numerics.OdeProblem;
import org.collapseharness.numerics.OdeSolution;
import org.collapseharness.numerics.OdeSolver;
import org.collapseharness.numerics.ParticleLayout;
import org.collapseharness.numerics.ProjectionMoments;
import org.collapseharness.numerics.ProjectionSimulator;
import org.collapseharness.numerics.SolveStats;

/**
 * Work-precision table: every algorithm on every catalogue problem (and the §4 moment flow) at several tolerances —
 * error against the exact or reference solution, right-hand-side evaluations, Jacobians, LU decompositions, steps and
 * wall time (the faster of two runs when the first takes less than a second, so the first one warms up the JIT).
 * Explicit methods get a budget of {@value #EXPLICIT_BUDGET} evaluations on the stiff problems, which they exhaust or
 * fail earlier; the Krylov exponential integrator (meant for large systems) does not run the small stiff problems:
 * on Robertson it needs 110,736 evaluations and 9 s at rtol 1e-6 (error 1.3e-4; the dense variant 1,088 and 0.06 s,
 * error 1.5e-10). Usage:
 * {@code WorkPrecision [output.csv]} (default {@code target/work-precision.csv}; an existing file is replaced only
 * when it is a work-precision table).
 */
public final class WorkPrecision {
    /** Relative tolerances of the table; the absolute tolerance is 1e-2 times the relative one. */
    public static final double[] RELATIVE_TOLERANCES = {1e-4, 1e-6, 1e-8};
    /** Evaluation budget of explicit methods on stiff problems. */
    public static final long EXPLICIT_BUDGET = 1_000_000;
    /** CSV header. */
    public static final String HEADER = "problem,stiff,algorithm,rtol,atol,code,maxAbsError,rhsEvaluations,"
            + "jacobians,luDecompositions,acceptedSteps,rejectedSteps,wallSeconds";

    private WorkPrecision() {
    }

    /**
     * The §4 moment flow with stop-gradient, K = 3, n = 40, m = 10, d = 3, seed 1, to T = 400, with the DP853
     * solution at rtol 1e-11 (atol 1e-14) as its reference at T.
     */
    public static OdeProblem projectionMoments() {
        ParticleLayout l = new ParticleLayout(3, 40, 10, 3);
        ProjectionMoments mo = new ProjectionMoments(l.model(), true);
        double[] y0 = mo.fromParticles(l, ProjectionSimulator.initialState(l, 1));
        double tEnd = 400;
        OdeProblem p = new OdeProblem("projection moments K=3 n=40 m=10 d=3 sg", mo, y0, new double[] {0, tEnd});
        OdeSolution ref = OdeSolver.solve(p, OdeAlgorithm.dp853(1e-11, 1e-14));
        if (!ref.success()) {
            throw new IllegalStateException("reference solve failed: " + ref.message());
        }
        double[] yEnd = ref.last();
        return p.withExact(t -> t == 0 ? y0.clone() : yEnd.clone());
    }

    /** The algorithms compared at one tolerance. */
    public static List<OdeAlgorithm> algorithms(double rtol, double atol) {
        return List.of(OdeAlgorithm.rodas(rtol, atol), OdeAlgorithm.dp853(rtol, atol),
                OdeAlgorithm.exponential(rtol, atol), OdeAlgorithm.exponentialKrylov(rtol, atol));
    }

    /** One row: the faster of two identical solves. */
    public static String row(OdeProblem p, boolean stiff, OdeAlgorithm a) {
        OdeAlgorithm run = stiff && !(a instanceof OdeAlgorithm.Rodas4 || a instanceof OdeAlgorithm.ExponentialRosenbrockEuler)
                ? a.withMaxEvaluations(EXPLICIT_BUDGET) : a;
        OdeSolution s = OdeSolver.solve(p, run);
        double wall = s.wallSeconds() < 1 ? Math.min(s.wallSeconds(), OdeSolver.solve(p, run).wallSeconds())
                : s.wallSeconds();
        double err = s.success() ? OdeSolver.maxAbsErrorVsExact(p, s) : Double.NaN;
        SolveStats st = s.stats();
        return String.format(Locale.ROOT, "\"%s\",%b,%s,%.0e,%.0e,%s,%.3e,%d,%d,%d,%d,%d,%.4f", p.name(), stiff,
                a.name(), a.control().relTol(), a.control().absTol(), s.code(), err, st.rhsEvaluations(),
                st.jacobianEvaluations(), st.luDecompositions(), st.acceptedSteps(), st.rejectedSteps(), wall);
    }

    /** Every row of the table. */
    public static List<String> table() {
        List<String> rows = new ArrayList<>();
        List<OdeProblem> problems = new ArrayList<>(TestProblems.all());
        problems.add(projectionMoments());
        for (OdeProblem p : problems) {
            boolean stiff = TestProblems.isStiff(p);
            for (double rtol : RELATIVE_TOLERANCES) {
                for (OdeAlgorithm a : algorithms(rtol, 1e-2 * rtol)) {
                    if (stiff && a.name().equals("exponential-krylov")) {
                        continue;
                    }
                    rows.add(row(p, stiff, a));
                }
            }
        }
        return rows;
    }

    /**
     * Writes the table to out.
     *
     * @throws IllegalArgumentException when out exists and is not a work-precision table (it is left untouched)
     */
    public static void write(Path out) throws IOException {
        if (Files.exists(out) && !Files.readString(out, StandardCharsets.UTF_8).startsWith(HEADER)) {
            throw new IllegalArgumentException("refusing to overwrite " + out + ": not a work-precision table");
        }
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        lines.addAll(table());
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.write(out, lines, StandardCharsets.UTF_8);
    }

    public static void main(String[] args) throws IOException {
        try {
            write(Path.of(args.length > 0 ? args[0] : "target/work-precision.csv"));
        } catch (IllegalArgumentException e) {
            PrintStream err = System.err;
            err.println(e.getMessage());
            System.exit(2);
        }
    }
}
