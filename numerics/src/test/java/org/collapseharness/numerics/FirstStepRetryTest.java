package org.collapseharness.numerics;

import static org.assertj.core.api.Assertions.assertThat;

import org.collapseharness.numerics.problems.TestProblems;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The explicit pairs retry a non-finite first step from a shorter one: Robertson's quadratic term overflows from a
 * first step of 1 (given) and from the estimated first step on its 10¹¹ interval; a right-hand side that is NaN
 * after t = 0 still ends NON_FINITE_STATE (the retry does not hide a genuine failure), and one that is NaN at the
 * start is not retried.
 */
@DisplayName("DP853 / DP54: a non-finite first step is retried from a shorter one")
class FirstStepRetryTest {

    static OdeProblem robertsonUntil(double tEnd) {
        OdeProblem r = TestProblems.robertson();
        return new OdeProblem("Robertson to " + tEnd, r.equation(), r.y0(), new double[] {0, tEnd / 2, tEnd});
    }

    @Test
    @DisplayName("Robertson to t = 1 from h0 = 1: retried, agrees with Rodas4 to 1e-7; DP54 too")
    void givenFirstStep() {
        OdeProblem p = robertsonUntil(1);
        OdeSolution ref = OdeSolver.solve(p, OdeAlgorithm.rodas(1e-10, 1e-14));
        assertThat(ref.success()).isTrue();
        for (OdeAlgorithm a : new OdeAlgorithm[] {
            OdeAlgorithm.dp853(1e-8, 1e-12).withControl(OdeAlgorithm.dp853(1e-8, 1e-12).control().withInitialStep(1)),
            OdeAlgorithm.dp54(1e-8, 1e-12).withControl(OdeAlgorithm.dp54(1e-8, 1e-12).control().withInitialStep(1))}) {
            OdeSolution s = OdeSolver.solve(p, a);
            assertThat(s.code()).as(a.name() + ": " + s.message()).isEqualTo(ReturnCode.SUCCESS);
            assertThat(s.message()).contains("first step not finite (h = 1.0)");
            assertThat(s.times()).containsExactly(0, 0.5, 1);
            assertThat(ArrayOps.maxAbsDiff(s.states()[2], ref.states()[2])).as(a.name()).isLessThan(1e-7);
        }
    }

    @Test
    @DisplayName("Robertson on its 10¹¹ interval, estimated first step: past the first step (budget exhausted, not NON_FINITE)")
    void estimatedFirstStep() {
        OdeAlgorithm.DormandPrince853 a = OdeAlgorithm.dp853(1e-6, 1e-8);
        OdeSolution s = OdeSolver.solve(TestProblems.robertson(), a.withControl(a.control().withMaxEvaluations(3000)));
        assertThat(s.code()).as(s.message()).isEqualTo(ReturnCode.MAX_EVALUATIONS);
        assertThat(s.message()).contains("first step not finite");
        assertThat(s.stats().rhsEvaluations()).isGreaterThan(3000);
    }

    // The first step is given: a NaN inside Hipparchus' own first-step estimate leaves the failed step unknown.
    @Test
    @DisplayName("negative control: NaN after t = 0 ends NON_FINITE_STATE after the retries; NaN at the start is not retried")
    void genuineFailureStays() {
        var late = OdeSolverTest.eq(1, (t, y) -> new double[] {t > 0 ? Double.NaN : -y[0]});
        OdeAlgorithm.DormandPrince853 a = OdeAlgorithm.dp853(1e-6, 1e-8);
        OdeSolution s = OdeSolver.solve(new OdeProblem("nan after 0", late, new double[] {1}, new double[] {0, 1}),
                a.withControl(a.control().withInitialStep(0.5)));
        assertThat(s.code()).isEqualTo(ReturnCode.NON_FINITE_STATE);
        assertThat(s.times()).containsExactly(0);
        assertThat(s.message()).contains("retried " + OdeSolver.FIRST_STEP_RETRIES + " time(s)");
        var start = Equations.autonomous(1, y -> new double[] {Double.NaN});
        OdeSolution n = OdeSolver.solve(new OdeProblem("nan", start, new double[] {1}, new double[] {0, 1}),
                OdeAlgorithm.dp853(1e-6, 1e-8));
        assertThat(n.code()).isEqualTo(ReturnCode.NON_FINITE_STATE);
        assertThat(n.message()).doesNotContain("retried");
    }
}
