package org.collapseharness.verification.perf;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.collapseharness.numerics.ExactLinearPropagator;
import org.collapseharness.numerics.OdeAlgorithm;
import org.collapseharness.numerics.TimeGrid;
import org.collapseharness.numerics.teacherstudent.DataCache;
import org.collapseharness.numerics.teacherstudent.TeacherStudentData;
import org.collapseharness.numerics.teacherstudent.TeacherStudentFlow;
import org.collapseharness.numerics.teacherstudent.TeacherStudentSimulator.Trajectory;
import org.collapseharness.numerics.teacherstudent.TeacherStudentSimulator;
import org.collapseharness.theory.TeacherStudentMode;
import org.collapseharness.verification.claims.TeacherStudentRuns;

/**
 * §5 teacher-student model, plain flow, N_c per class, D: timed route = exact eigen-propagation of the (D+2)×(D+2)
 * per-coordinate operator (data generation and the eigen-decomposition included) on a 400-point output grid; witness =
 * the same flow integrated by Hipparchus DP853 (rtol 1e-11) at the check times, an independent route.
 */
public final class TeacherStudentBenchCase implements BenchCase {
    static final double ERROR_BOUND = 1e-7;
    private final String id;
    private final int perClass;
    private final int dim;
    private final double rho;
    private final double tEnd;
    private final double[] checkTimes;

    public TeacherStudentBenchCase(String id, int perClass, int dim, double rho, double tEnd, double[] checkTimes) {
        this.id = id;
        this.perClass = perClass;
        this.dim = dim;
        this.rho = rho;
        this.tEnd = tEnd;
        this.checkTimes = checkTimes.clone();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String description() {
        return "§5 teacher-student, plain flow, N_c=" + perClass + " per class, D=" + dim + ", rho=" + rho + ", T="
                + (long) tEnd + ", exact eigen-propagation";
    }

    @Override
    public BenchResult run() {
        int k = TeacherStudentRuns.K;
        long cpu0 = MinimalModelBenchCase.processCpu();
        long w0 = System.nanoTime();
        TeacherStudentData data = DataCache.get(dim, perClass, rho, TeacherStudentRuns.MU, TeacherStudentRuns.SIGMA,
                TeacherStudentRuns.DATA_SEED);
        TeacherStudentFlow flow = new TeacherStudentFlow(data, TeacherStudentMode.PLAIN, k);
        ExactLinearPropagator p = TeacherStudentSimulator.plainPropagator(data, k);
        double[] z0 = TeacherStudentSimulator.initialState(dim, k, TeacherStudentMode.PLAIN, TeacherStudentRuns.INIT_SEED);
        double[] grid = TimeGrid.uniform(tEnd, 400);
        Trajectory timed = TeacherStudentSimulator.exact(flow, p, z0, grid, false);
        double wall = (System.nanoTime() - w0) * 1e-9;
        long ws = System.nanoTime();
        Trajectory witness = TeacherStudentSimulator.integrate(flow, z0, checkTimes, OdeAlgorithm.dp853(1e-11, 1e-13),
                false);
        double witnessSeconds = (System.nanoTime() - ws) * 1e-9;
        double cpu = (MinimalModelBenchCase.processCpu() - cpu0) / 1e9;
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("perClass", perClass);
        params.put("dim", dim);
        params.put("rho", rho);
        params.put("k", k);
        params.put("tEnd", tEnd);
        params.put("outputTimes", grid.length);
        params.put("dataSeed", TeacherStudentRuns.DATA_SEED);
        params.put("initSeed", TeacherStudentRuns.INIT_SEED);
        if (!witness.success()) {
            return new BenchResult(id, description(), "FAIL", params, "exact-eigen", wall, cpu, 0, "DP853 rtol 1e-11",
                    witness.evaluations(), witnessSeconds, Double.NaN, ERROR_BOUND, checkTimes,
                    "witness failed: " + witness.code() + " " + witness.message());
        }
        double err = 0;
        for (int i = 0; i < checkTimes.length; i++) {
            double[] exact = p.propagate(z0, checkTimes[i]);
            double[] w = witness.states()[i];
            for (int j = 0; j < exact.length; j++) {
                err = Math.max(err, Math.abs(exact[j] - w[j]));
            }
        }
        String note = String.format(Locale.ROOT, "eigen-decomposition quality %.2g; minL2Final=%.6g",
                p.quality(), timed.minL2Final());
        return new BenchResult(id, description(), err <= ERROR_BOUND ? "OK" : "FAIL", params, "exact-eigen", wall, cpu,
                0, "DP853 rtol 1e-11", witness.evaluations(), witnessSeconds, err, ERROR_BOUND, checkTimes, note);
    }
}
