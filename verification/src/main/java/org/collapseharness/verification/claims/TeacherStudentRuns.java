package org.collapseharness.verification.claims;

import org.collapseharness.numerics.ExactLinearPropagator;
import org.collapseharness.numerics.OdeAlgorithm;
import org.collapseharness.numerics.teacherstudent.DataCache;
import org.collapseharness.numerics.teacherstudent.TeacherStudentData;
import org.collapseharness.numerics.teacherstudent.TeacherStudentFlow;
import org.collapseharness.numerics.teacherstudent.TeacherStudentSimulator.Trajectory;
import org.collapseharness.numerics.teacherstudent.TeacherStudentSimulator;
import org.collapseharness.theory.Bindings;
import org.collapseharness.theory.TeacherStudentMode;
import org.collapseharness.theory.TeacherStudentModel;
import org.collapseharness.theory.TeacherStudentTheory;
import org.collapseharness.theory.symbolic.TeacherStudentDerivation;
import org.collapseharness.verification.Evidence;

/** The setup every §5 claim shares: seeds, model size, integrators, the data and the exact plain trajectory. */
public final class TeacherStudentRuns {
    /** Seed of the teacher and the data. */
    public static final long DATA_SEED = 20260409L;
    /** Seed of the student's initial state. */
    public static final long INIT_SEED = 20260410L;
    public static final int D = TeacherStudentModel.DEFAULT_DIM;
    public static final int K = TeacherStudentModel.DEFAULT_K;
    public static final double MU = 1;
    public static final double SIGMA = 1;
    /** Integrator for the linear plain flow (compared with exact propagation). */
    public static final OdeAlgorithm LINEAR_INTEGRATOR = OdeAlgorithm.dp853(1e-10, 1e-12);
    /** Integrator for the nonlinear projection variants. */
    public static final OdeAlgorithm HEAD_INTEGRATOR = OdeAlgorithm.dp853(1e-8, 1e-11);

    static final int[] SWEEP_NC = {250, 500, 1000, 2000, 4000, 8000, 16000};
    static final double SWEEP_RHO = 0.1;
    static final double[] RHO_SET = {0.02, 0.05, 0.1, 0.2};
    static final int LARGE_NC = 16000;

    private TeacherStudentRuns() {
    }

    /** The derived reduced theory. */
    static TeacherStudentTheory theory() {
        return TeacherStudentDerivation.derive();
    }

    static TeacherStudentData data(int perClass, double rho) {
        return DataCache.get(D, perClass, rho, MU, SIGMA, DATA_SEED);
    }

    static Bindings bindings(TeacherStudentData d) {
        return Bindings.of("rho", d.rho(), "mu", d.mu(), "sigma", d.sigma());
    }

    static void describe(Evidence e, TeacherStudentData d, TeacherStudentMode v) {
        e.param("D", d.dim()).param("N_c", d.perClass()).param("rho", d.rho()).param("mu", d.mu())
                .param("sigma", d.sigma()).param("k", K).param("variant", v.name()).param("dataSeed", DATA_SEED)
                .param("initSeed", INIT_SEED);
    }

    /** Exact plain trajectory. */
    static Trajectory plainExact(TeacherStudentData d, double[] times, boolean accuracy) {
        TeacherStudentFlow f = new TeacherStudentFlow(d, TeacherStudentMode.PLAIN, K);
        ExactLinearPropagator p = TeacherStudentSimulator.plainPropagator(d, K);
        double[] z0 = TeacherStudentSimulator.initialState(D, K, TeacherStudentMode.PLAIN, INIT_SEED);
        return TeacherStudentSimulator.exact(f, p, z0, times, accuracy);
    }
}
