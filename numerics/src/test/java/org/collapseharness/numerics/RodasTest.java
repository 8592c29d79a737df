package org.collapseharness.numerics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.Arrays;
import org.collapseharness.numerics.problems.TestProblems;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Rodas4: observed orders, continuous extension, Jacobian routes, the linear-solver hook, failure codes")
class RodasTest {
    static final double T = 2;

    /**
     * y' = cos t − (y² − sin² t), y(0) = 0: y = sin t. Nonlinear and non-autonomous (exercises the ∂f/∂t term);
     * analytic Jacobian −2y, or 0 for the negative control, or none (central differences).
     */
    static OdeProblem sine(String jacobian, double[] times) {
        var eq = Equations.of(1, (t, y) -> new double[] {Math.cos(t) - (y[0] * y[0] - Math.sin(t) * Math.sin(t))});
        OdeProblem p = new OdeProblem("sine", eq, new double[] {0}, times).withExact(t -> new double[] {Math.sin(t)});
        return switch (jacobian) {
            case "analytic" -> p.withJacobian((t, y) -> new double[][] {{-2 * y[0]}});
            case "zero" -> p.withJacobian((t, y) -> new double[][] {{0}});
            default -> p;
        };
    }

    /** Fixed steps T/n: tolerances so loose that every step is accepted, first and largest step T/n. */
    static OdeAlgorithm.Rodas4 fixedStep(int n, boolean dense) {
        OdeAlgorithm.Rodas4 a = OdeAlgorithm.rodas(1e6, 1e6).withDenseOutput(dense);
        return a.withControl(a.control().withInitialStep(T / n).withMaxStep(T / n).withMinStep(1e-9));
    }

    /** Global errors for n = 10, 20, 40, 80 fixed steps. */
    static double[] errors(String jacobian, double[] times, boolean dense) {
        int[] ns = {10, 20, 40, 80};
        double[] err = new double[ns.length];
        for (int i = 0; i < ns.length; i++) {
            OdeProblem p = sine(jacobian, times);
            OdeSolution s = OdeSolver.solve(p, fixedStep(ns[i], dense));
            assertThat(s.success()).as(s.message()).isTrue();
            assertThat(s.steps()).isEqualTo(ns[i]);
            err[i] = OdeSolver.maxAbsErrorVsExact(p, s);
        }
        return err;
    }

    static double[] orders(double[] err) {
        double[] q = new double[err.length - 1];
        for (int i = 0; i < q.length; i++) {
            q[i] = Math.log(err[i] / err[i + 1]) / Math.log(2);
        }
        return q;
    }

    @Test
    @DisplayName("observed order 4 with the exact Jacobian (4.17–4.34 measured), also by central differences")
    void orderFour() {
        for (String jac : new String[] {"analytic", "differences"}) {
            double[] q = orders(errors(jac, new double[] {0, T}, false));
            assertThat(Arrays.stream(q).min().orElseThrow()).as(jac + " " + Arrays.toString(q)).isGreaterThan(3.8);
            assertThat(Arrays.stream(q).max().orElseThrow()).as(jac + " " + Arrays.toString(q)).isLessThan(4.6);
        }
    }

    @Test
    @DisplayName("negative control: with a wrong Jacobian (J = 0) the order conditions fail and the order drops below 3")
    void wrongJacobianLosesOrder() {
        double[] good = errors("analytic", new double[] {0, T}, false);
        double[] bad = errors("zero", new double[] {0, T}, false);
        double[] q = orders(bad);
        assertThat(q[0]).as(Arrays.toString(q)).isLessThan(3);
        assertThat(bad[3]).isGreaterThan(1000 * good[3]);
    }

    @Test
    @DisplayName("continuous extension: 37 output times inside the steps, error order ≥ 3 (3.4–3.9 measured)")
    void denseOutputOrder() {
        double[] times = TimeGrid.uniform(T, 37);
        double[] q = orders(errors("analytic", times, true));
        assertThat(Arrays.stream(q).min().orElseThrow()).as(Arrays.toString(q)).isGreaterThan(3.0);
    }

    @Test
    @DisplayName("dense output: 400 output times on HIRES cost no extra steps, the end value keeps its accuracy")
    void denseOutputSavesSteps() {
        OdeProblem hires = TestProblems.hires();
        double tEnd = hires.tEnd();
        OdeProblem grid = new OdeProblem("HIRES grid", hires.equation(), hires.y0(), TimeGrid.uniform(tEnd, 400))
                .withJacobian(hires.jacobian().orElseThrow());
        OdeAlgorithm.Rodas4 a = OdeAlgorithm.rodas(1e-8, 1e-10);
        OdeSolution endOnly = OdeSolver.solve(hires, a);
        OdeSolution clipped = OdeSolver.solve(grid, a);
        OdeSolution dense = OdeSolver.solve(grid, a.withDenseOutput(true));
        assertThat(dense.stats().acceptedSteps()).isEqualTo(endOnly.stats().acceptedSteps());
        assertThat(clipped.stats().acceptedSteps()).isGreaterThan(dense.stats().acceptedSteps() + 100);
        double[] ref = hires.exact().orElseThrow().apply(tEnd);
        assertThat(ArrayOps.maxAbsDiff(dense.last(), ref)).isLessThan(1e-8);
        assertThat(ArrayOps.maxAbsDiff(dense.states()[200], clipped.states()[200])).isLessThan(1e-7);
    }

    @Test
    @DisplayName("differenced Jacobian: same HIRES solution as the analytic one, 2n extra evaluations per Jacobian")
    void differencedJacobian() {
        OdeProblem analytic = TestProblems.hires();
        OdeProblem differenced = new OdeProblem("HIRES", analytic.equation(), analytic.y0(), analytic.outputTimes())
                .withExact(analytic.exact().orElseThrow());
        OdeAlgorithm a = OdeAlgorithm.rodas(1e-8, 1e-10);
        OdeSolution sa = OdeSolver.solve(analytic, a);
        OdeSolution sd = OdeSolver.solve(differenced, a);
        assertThat(OdeSolver.maxAbsErrorVsExact(differenced, sd)).isLessThan(1e-8);
        assertThat(ArrayOps.maxAbsDiff(sa.last(), sd.last())).isLessThan(1e-9);
        // f at each step start, 2n = 16 for each differenced Jacobian plus 1 for ∂f/∂t, 5 stages per attempt
        SolveStats st = sd.stats();
        assertThat(st.jacobianEvaluations()).isEqualTo(st.acceptedSteps());
        assertThat(st.rhsEvaluations()).isEqualTo(st.acceptedSteps() * (1 + 16 + 1)
                + 5 * (st.acceptedSteps() + st.rejectedSteps()));
        assertThat(sa.stats().rhsEvaluations()).isEqualTo(sa.stats().acceptedSteps() * 2
                + 5 * (sa.stats().acceptedSteps() + sa.stats().rejectedSteps()));
    }

    /** A linear-solver hook for diagonal Jacobians: O(n) per factorisation and solve; counts its calls. */
    static final class DiagonalSolver implements ShiftedJacobianSolver {
        final JacobianProvider jac;
        double[] diag;
        double[] w;
        static int factorCalls;

        DiagonalSolver(OdeProblem p) {
            this.jac = p.jacobian().orElseThrow();
        }

        @Override
        public void linearise(double t, double[] y, double[] f) {
            double[][] j = jac.jacobian(t, y);
            diag = new double[y.length];
            for (int i = 0; i < y.length; i++) {
                diag[i] = j[i][i];
            }
        }

        @Override
        public boolean factor(double sigma) {
            factorCalls++;
            w = new double[diag.length];
            for (int i = 0; i < diag.length; i++) {
                w[i] = sigma - diag[i];
                if (w[i] == 0) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void solve(double[] b) {
            for (int i = 0; i < b.length; i++) {
                b[i] /= w[i];
            }
        }
    }

    @Test
    @DisplayName("the linear-solver hook: a diagonal solver on a decoupled stiff system equals the dense LU route")
    void structuredSolverHook() {
        int n = 20;
        var eq = Equations.autonomous(n, y -> {
            double[] f = new double[n];
            for (int i = 0; i < n; i++) {
                f[i] = -Math.pow(10, i % 5) * (y[i] - Math.cos(i)) - y[i] * y[i] * y[i];
            }
            return f;
        });
        double[] y0 = new double[n];
        Arrays.fill(y0, 1);
        OdeProblem p = new OdeProblem("decoupled", eq, y0, new double[] {0, 5}).withJacobian((t, y) -> {
            double[][] j = new double[n][n];
            for (int i = 0; i < n; i++) {
                j[i][i] = -Math.pow(10, i % 5) - 3 * y[i] * y[i];
            }
            return j;
        });
        OdeAlgorithm.Rodas4 dense = OdeAlgorithm.rodas(1e-8, 1e-10);
        DiagonalSolver.factorCalls = 0;
        OdeSolution sd = OdeSolver.solve(p, dense.withLinearSolver((prob, evals) -> new DiagonalSolver(prob)));
        OdeSolution sl = OdeSolver.solve(p, dense);
        assertThat(sd.success()).isTrue();
        assertThat(DiagonalSolver.factorCalls).isEqualTo(sd.stats().luDecompositions()).isPositive();
        assertThat(ArrayOps.maxAbsDiff(sd.last(), sl.last())).isLessThan(1e-12);
        assertThat(sd.stats()).isEqualTo(sl.stats());
    }

    @Test
    @DisplayName("W singular once (J = 4, h = 1, γ = 1/4): the step is halved and the solve succeeds")
    void singularOnceRecovers() {
        var eq = Equations.autonomous(1, y -> new double[] {4 * y[0] - 4 * y[0] * y[0] * y[0]});
        OdeProblem p = new OdeProblem("singular once", eq, new double[] {0.5}, new double[] {0, 3})
                .withJacobian((t, y) -> new double[][] {{4 - 12 * y[0] * y[0]}})
                .withExact(t -> new double[] {t == 0 ? 0.5 : 1 / Math.sqrt(1 + 3 * Math.exp(-8 * t))});
        OdeAlgorithm.Rodas4 a = OdeAlgorithm.rodas(1e-6, 1e-8);
        // J(0.5) = 4 − 3 = 1: W = 4/h − 1 is singular for h = 4
        OdeSolution s = OdeSolver.solve(p, a.withControl(a.control().withInitialStep(4)));
        assertThat(s.code()).as(s.message()).isEqualTo(ReturnCode.SUCCESS);
        assertThat(s.stats().rejectedSteps()).isPositive();
        assertThat(OdeSolver.maxAbsErrorVsExact(p, s)).isLessThan(1e-5);
    }

    @Test
    @DisplayName("W singular at every step size (J with two equal rows of 1e300) ends with SINGULAR_MATRIX")
    void singularAlways() {
        var eq = Equations.autonomous(2, y -> new double[] {-y[0], -y[1]});
        OdeProblem p = new OdeProblem("singular", eq, new double[] {1, 1}, new double[] {0, 1})
                .withJacobian((t, y) -> new double[][] {{1e300, 1e300}, {1e300, 1e300}});
        OdeSolution[] s = new OdeSolution[1];
        assertThatCode(() -> s[0] = OdeSolver.solve(p, OdeAlgorithm.rodas(1e-6, 1e-8))).doesNotThrowAnyException();
        assertThat(s[0].code()).as(s[0].message()).isEqualTo(ReturnCode.SINGULAR_MATRIX);
        assertThat(s[0].message()).contains("singular " + OdeAlgorithm.Rodas4.MAX_SINGULAR + " times");
        assertThat(s[0].times()).containsExactly(0);
        assertThat(s[0].stats().luDecompositions()).isEqualTo(OdeAlgorithm.Rodas4.MAX_SINGULAR);
    }

    @Test
    @DisplayName("a right-hand side that is NaN at the start, or a NaN Jacobian, ends with a failure code, never a throw")
    void nonFiniteStart() {
        var nan = Equations.autonomous(1, y -> new double[] {Double.NaN});
        OdeSolution s = OdeSolver.solve(new OdeProblem("nan", nan, new double[] {1}, new double[] {0, 1}),
                OdeAlgorithm.rodas(1e-6, 1e-8));
        assertThat(s.code()).isEqualTo(ReturnCode.NON_FINITE_STATE);
        assertThat(s.times()).containsExactly(0);
        var decay = Equations.autonomous(1, y -> new double[] {-y[0]});
        OdeProblem nanJac = new OdeProblem("nan J", decay, new double[] {1}, new double[] {0, 1})
                .withJacobian((t, y) -> new double[][] {{Double.NaN}});
        OdeSolution sj = OdeSolver.solve(nanJac, OdeAlgorithm.rodas(1e-6, 1e-8));
        assertThat(sj.code()).isEqualTo(ReturnCode.SINGULAR_MATRIX);
    }

    @Test
    @DisplayName("absTol = 0 with a component that stays 0: the error norm stays finite and the solve succeeds")
    void pureRelativeTolerance() {
        var eq = Equations.autonomous(2, y -> new double[] {-y[0], 0});
        OdeProblem p = new OdeProblem("zero component", eq, new double[] {1, 0}, new double[] {0, 1})
                .withExact(t -> new double[] {Math.exp(-t), 0});
        OdeSolution s = OdeSolver.solve(p, OdeAlgorithm.rodas(1e-8, 0));
        assertThat(s.code()).as(s.message()).isEqualTo(ReturnCode.SUCCESS);
        assertThat(OdeSolver.maxAbsErrorVsExact(p, s)).isLessThan(1e-7);
        assertThat(s.steps()).isLessThan(200);
    }
}
