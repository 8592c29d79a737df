package org.collapseharness.numerics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.List;
import java.util.stream.Stream;
import org.collapseharness.numerics.problems.TestProblems;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Every algorithm on every catalogue problem: exact solution within the tolerance bound, counts, "
        + "immutability; failures as return codes")
class OdeAlgorithmContractTest {
    static final double RTOL = 1e-8;
    static final double ATOL = 1e-10;
    /**
     * Global error bound: FACTOR · (RTOL · max(1, max|y|) + ATOL). The algorithms control the local error per step;
     * on these contractive or neutrally stable problems the global error is at most the sum of the local errors of
     * the last few decay times. Observed: ≤ 2.1× the local tolerance, except DP853 on Prothero–Robinson (10.3×: the
     * explicit step sits at its stability limit there); 100 leaves a decade of margin over the worst, while a
     * tolerance 1e4 times looser (the negative control below) breaks it. The stiff test-set problems (Robertson, Van
     * der Pol, HIRES, OREGO; Rodas only) keep the same bound: their reference values are accurate to ~1e-16 relative
     * and Rodas stays below 2.1e-3 of the bound there (OREGO 2.8e-6 against 1.2e-3, its components reach 1228).
     */
    static final double FACTOR = 100;

    /** The algorithms under test; adding an algorithm is one line here. */
    static List<OdeAlgorithm> algorithms() {
        return List.of(
                OdeAlgorithm.dp853(RTOL, ATOL),
                OdeAlgorithm.dp54(RTOL, ATOL),
                OdeAlgorithm.exponential(RTOL, ATOL),
                OdeAlgorithm.exponentialKrylov(RTOL, ATOL),
                OdeAlgorithm.rodas(RTOL, ATOL));
    }

    /**
     * Whether a runs the stiff problems here: Rodas only. The explicit pairs would need ~10⁶–10⁸ steps; the
     * exponential integrators solve them (third order: 33,000 steps and 2.5–7 s each on Van der Pol and OREGO at this
     * tolerance), which is measured by {@code WorkPrecision} instead of this fast matrix.
     */
    static boolean runsStiff(OdeAlgorithm a) {
        return a instanceof OdeAlgorithm.Rodas4;
    }

    static Stream<Arguments> algorithmNames() {
        return algorithms().stream().map(a -> Arguments.of(Named.of(a.name(), a)));
    }

    static Stream<Arguments> matrix() {
        return algorithms().stream().flatMap(a -> TestProblems.all().stream()
                .filter(p -> runsStiff(a) || !TestProblems.isStiff(p))
                .map(p -> Arguments.of(Named.of(a.name(), a), Named.of(p.name(), p))));
    }

    static double bound(OdeProblem p, OdeAlgorithm a) {
        double size = 1;
        for (double t : p.outputTimes()) {
            size = Math.max(size, ArrayOps.maxAbs(p.exact().orElseThrow().apply(t)));
        }
        return FACTOR * (a.control().relTol() * size + a.control().absTol());
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("matrix")
    @DisplayName("SUCCESS at every output time, error vs exact within the bound, counts populated, problem unchanged")
    void solvesEveryProblem(OdeAlgorithm a, OdeProblem p) {
        double[] y0 = p.y0();
        double[] times = p.outputTimes();
        OdeSolution s = OdeSolver.solve(p, a);
        assertThat(s.code()).as(s.message()).isEqualTo(ReturnCode.SUCCESS);
        assertThat(s.message()).isEmpty();
        assertThat(s.algorithm()).isEqualTo(a.name());
        assertThat(s.times()).containsExactly(times);
        assertThat(OdeSolver.maxAbsErrorVsExact(p, s)).isLessThan(bound(p, a));
        SolveStats st = s.stats();
        assertThat(st.rhsEvaluations()).isPositive();
        assertThat(st.acceptedSteps()).isPositive();
        if (a instanceof OdeAlgorithm.Rodas4) {
            // one Jacobian per accepted step, one LU per attempt
            assertThat(st.jacobianEvaluations()).isEqualTo(st.acceptedSteps());
            assertThat(st.luDecompositions()).isEqualTo(st.acceptedSteps() + st.rejectedSteps());
        } else {
            assertThat(st.luDecompositions()).isZero();
        }
        if (a instanceof OdeAlgorithm.ExponentialRosenbrockEuler || a instanceof OdeAlgorithm.Rodas4) {
            assertThat(st.jacobianEvaluations()).isPositive();
            assertThat(st.rejectedSteps()).isNotNegative();
        } else {
            assertThat(st.jacobianEvaluations()).isZero();
            assertThat(st.rejectedSteps()).isEqualTo(SolveStats.NOT_COUNTED);
        }
        // immutability: the problem is unchanged and a second solve is the same solve
        assertThat(p.y0()).containsExactly(y0);
        assertThat(p.outputTimes()).containsExactly(times);
        OdeSolution again = OdeSolver.solve(p, a);
        assertThat(again.states()).isDeepEqualTo(s.states());
        assertThat(again.stats()).isEqualTo(st);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("algorithmNames")
    @DisplayName("negative control: a tolerance 1e4 times looser misses the bound on a nonlinear problem")
    void looseToleranceBreaksTheBound(OdeAlgorithm a) {
        OdeProblem p = TestProblems.logistic();
        OdeAlgorithm loose = a.withControl(a.control().withTolerances(1e4 * RTOL, 1e4 * ATOL));
        OdeSolution s = OdeSolver.solve(p, loose);
        assertThat(s.success()).isTrue();
        assertThat(OdeSolver.maxAbsErrorVsExact(p, s)).isGreaterThan(bound(p, a));
    }

    static OdeProblem problem(String name, OrdinaryDifferentialEquation f, double[] y0, double tEnd) {
        return new OdeProblem(name, f, y0, new double[] {0, tEnd});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("algorithmNames")
    @DisplayName("a right-hand side that turns NaN ends with NON_FINITE_STATE, the prefix kept, never an exception")
    void nonFiniteRhs(OdeAlgorithm a) {
        OrdinaryDifferentialEquation nan = OdeSolverTest.eq(1, (t, y) -> new double[] {t > 0.3 ? Double.NaN : -y[0]});
        OdeSolution s = OdeSolver.solve(problem("nan", nan, new double[] {1}, 1), a.withMinStep(1e-6));
        assertThat(s.code()).as(s.message()).isEqualTo(ReturnCode.NON_FINITE_STATE);
        assertThat(s.times()).containsExactly(0);
        assertThat(s.message()).isNotBlank();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("algorithmNames")
    @DisplayName("a tiny evaluation budget ends with MAX_EVALUATIONS")
    void tinyBudget(OdeAlgorithm a) {
        OdeSolution s = OdeSolver.solve(TestProblems.rotationWithDecay(), a.withMaxEvaluations(5));
        assertThat(s.code()).as(s.message()).isEqualTo(ReturnCode.MAX_EVALUATIONS);
        assertThat(s.times()).containsExactly(0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("algorithmNames")
    @DisplayName("a step budget of one ends with MAX_EVALUATIONS")
    void tinyStepBudget(OdeAlgorithm a) {
        OdeSolution s = OdeSolver.solve(TestProblems.logistic(), a.withControl(a.control().withMaxSteps(1)));
        assertThat(s.code()).as(s.message()).isEqualTo(ReturnCode.MAX_EVALUATIONS);
        assertThat(s.message()).contains("step budget 1");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("algorithmNames")
    @DisplayName("a minimum step above what the tolerance needs ends with STEP_SIZE_UNDERFLOW")
    void minStepTooLarge(OdeAlgorithm a) {
        OdeAlgorithm tight = a.withControl(a.control().withTolerances(1e-14, 1e-16).withMinStep(0.5));
        OdeSolution[] s = new OdeSolution[1];
        assertThatCode(() -> s[0] = OdeSolver.solve(TestProblems.logistic(), tight)).doesNotThrowAnyException();
        assertThat(s[0].code()).as(s[0].message()).isEqualTo(ReturnCode.STEP_SIZE_UNDERFLOW);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("algorithmNames")
    @DisplayName("the name is stable and the algorithm is a value (equal settings, equal algorithms)")
    void names(OdeAlgorithm a) {
        assertThat(a.name()).isIn("dp853", "dp54", "exponential", "exponential-krylov", "rodas");
        assertThat(a.withControl(a.control())).isEqualTo(a);
        assertThat(a.withMinStep(1e-3).control().minStep()).isEqualTo(1e-3);
    }
}
