package org.collapseharness.numerics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("DMFT fixed point without sg and with several shared samples: order 2, windows, controls, damping, failures")
class DmftSolverNoSgTest {

    /** m = 3 shared samples, so the shared fluctuations Cz (and the factor K in their propagator) are live. */
    static final ParticleLayout L = new ParticleLayout(3, 3, 3, 2);
    static final ProjectionMoments MO = new ProjectionMoments(3, 3, 3, 2, false);
    static final double[] S0 = MO.fromParticles(L, ProjectionSimulator.initialState(L, 4));
    /** Built inside each test (not in a static initialiser) so that mutation tools attribute its coverage. */
    DmftSolver solver() {
        return new DmftSolver(new ProjectionMoments(3, 3, 3, 2, false), false);
    }

    static DmftSolver.Options opts(int steps, int windows, double damping, boolean adaptive, int maxIter) {
        return new DmftSolver.Options(steps, windows, damping, adaptive, 1e-12, maxIter);
    }

    @Test
    @DisplayName("second order in h against DP853 on the moment ODE; windows give the same (causal) fixed point")
    void orderAndWindows() {
        double tEnd = 0.5;
        double[] ref = DmftSolverTest.reference(MO, S0, tEnd);
        DmftSolver.Result coarse = solver().solve(S0, tEnd, opts(10, 1, 1, false, 200));
        DmftSolver.Result fine = solver().solve(S0, tEnd, opts(20, 1, 1, false, 200));
        DmftSolver.Result split = solver().solve(S0, tEnd, opts(20, 2, 1, false, 200));
        for (DmftSolver.Result r : new DmftSolver.Result[] {coarse, fine, split}) {
            assertThat(r.converged()).as(r.status().toString()).isTrue();
            assertThat(r.status()).isEqualTo(ReturnCode.SUCCESS);
            assertThat(r.finalResidual()).isLessThan(1e-12).isPositive();
            assertThat(r.wallSeconds()).isBetween(0.0, 60.0);
        }
        double e1 = DmftSolverTest.err(coarse.last(), ref);
        double e2 = DmftSolverTest.err(fine.last(), ref);
        assertThat(e2).isLessThan(1e-2);
        assertThat(Math.log(e1 / e2) / Math.log(2)).isCloseTo(2, within(0.3));
        assertThat(DmftSolverTest.err(split.last(), fine.last())).isLessThan(1e-9);
        // the middle of the split run (end of window 1) is the fine run's state there too
        assertThat(DmftSolverTest.err(split.states()[10], fine.states()[10])).isLessThan(1e-9);
        // grid, bookkeeping
        assertThat(fine.times()).hasSize(21);
        for (int j = 0; j <= 20; j++) {
            assertThat(fine.times()[j]).isEqualTo(j * (tEnd / 20));
            assertThat(fine.states()[j]).hasSize(MO.getDimension());
        }
        assertThat(fine.states()[0]).containsExactly(S0);
        assertThat(fine.residualHistory()).hasSize(fine.iterations());
        assertThat(fine.worstIterations()).isEqualTo(fine.iterations());
        assertThat(fine.finalResidual()).isEqualTo(fine.residualHistory()[fine.iterations() - 1]);
        assertThat(split.iterations()).isGreaterThan(split.worstIterations());
        assertThat(split.residualHistory().length).isLessThanOrEqualTo(split.worstIterations());
        assertThat(split.iterations()).isLessThanOrEqualTo(2 * split.worstIterations());
        // W stored in every state is the converged trajectory: W(t_j) − W(0) ≈ trapezoid of the W field
        double[][] w0 = MO.w(fine.states()[0]);
        double[][] w1 = MO.w(fine.states()[1]);
        double[] f0 = MO.computeDerivatives(0, fine.states()[0]);
        double[] f1 = MO.computeDerivatives(0, fine.states()[1]);
        double h = tEnd / 20;
        for (int p = 0; p < 2; p++) {
            for (int q = 0; q < 2; q++) {
                int i = MO.wOffset() + p * 2 + q;
                assertThat(w1[p][q] - w0[p][q]).isCloseTo(0.5 * h * (f0[i] + f1[i]), within(1e-9));
            }
        }
    }

    /** Test couplings through the {@link DmftSolver.Coupling} hooks: no memory term, or the medium frozen at W(0). */
    static final DmftSolver.Coupling NO_MEMORY = new DmftSolver.Coupling() {
        @Override
        public double[] wEquationInput(ProjectionMoments mo, double[] s) {
            double[] u = s.clone();
            java.util.Arrays.fill(u, mo.cx(), mo.wOffset(), 0.0);
            return u;
        }
    };
    static final DmftSolver.Coupling FROZEN_MEDIUM = new DmftSolver.Coupling() {
        @Override
        public double[][] medium(double[][] midpoint, double[][] initial) {
            return initial;
        }
    };

    /** The moment ODE with the same piece changed. */
    static org.hipparchus.ode.OrdinaryDifferentialEquation variantOde(DmftSolver.Coupling v) {
        return OdeSolverTest.eq(MO.getDimension(), (t, s) -> {
            double[] f = MO.computeDerivatives(0, s);
            if (v == NO_MEMORY) {
                double[] u = s.clone();
                java.util.Arrays.fill(u, MO.cx(), MO.wOffset(), 0.0);
                double[] g = MO.computeDerivatives(0, u);
                System.arraycopy(g, MO.wOffset(), f, MO.wOffset(), 4);
            } else {
                // Ls0 = −W0ᵀW0 − I (no sg); Ċx = Ls0 Cx + Cx Ls0ᵀ, Ċz = K (Ls0 Cz + Cz Ls0ᵀ)
                double[][] w0 = MO.w(S0);
                double[][] ls = new double[2][2];
                for (int a = 0; a < 2; a++) {
                    for (int b = 0; b < 2; b++) {
                        ls[a][b] = -(w0[0][a] * w0[0][b] + w0[1][a] * w0[1][b]) - (a == b ? 1 : 0);
                    }
                }
                for (int[] block : new int[][] {{MO.cx(), 1}, {MO.cz(), 3}}) {
                    for (int a = 0; a < 2; a++) {
                        for (int b = 0; b < 2; b++) {
                            double acc = 0;
                            for (int p = 0; p < 2; p++) {
                                acc += ls[a][p] * s[block[0] + p * 2 + b] + s[block[0] + a * 2 + p] * ls[b][p];
                            }
                            f[block[0] + a * 2 + b] = block[1] * acc;
                        }
                    }
                }
            }
            return f;
        });
    }

    static double[] reference(org.hipparchus.ode.OrdinaryDifferentialEquation f, double t) {
        return OdeSolver.solve(new OdeProblem("variant", f, S0, new double[] {0, t}), OdeAlgorithm.dp853(1e-12, 1e-14))
                .last();
    }

    @Test
    @DisplayName("negative controls: dropping the memory term or freezing the medium misses the trajectory by far,"
            + " and each control is the fixed point of its own modified ODE")
    void controls() {
        double tEnd = 0.5;
        double[] ref = DmftSolverTest.reference(MO, S0, tEnd);
        double full = DmftSolverTest.err(solver().solve(S0, tEnd, opts(10, 1, 1, false, 200)).last(), ref);
        for (DmftSolver.Coupling v : new DmftSolver.Coupling[] {NO_MEMORY, FROZEN_MEDIUM}) {
            DmftSolver.Result r = solver().solve(S0, tEnd, opts(10, 1, 1, false, 200), v);
            assertThat(r.converged()).as(v == NO_MEMORY ? "no memory" : "frozen medium").isTrue();
            double miss = DmftSolverTest.err(r.last(), ref);
            assertThat(miss).as(v == NO_MEMORY ? "no memory" : "frozen medium").isGreaterThan(0.1).isGreaterThan(10 * full);
            double own = DmftSolverTest.err(r.last(), reference(variantOde(v), tEnd));
            assertThat(own).as(v == NO_MEMORY ? "no memory" : "frozen medium").isLessThan(0.05).isLessThan(miss / 5);
            if (v == NO_MEMORY) {
                // this contraction is monotone from its first iterate on (recorded as such)
                assertThat(r.monotoneAfterDamping()).isTrue();
            }
        }
    }

    @Test
    @DisplayName("a long window: plain iteration oscillates, adaptive damping converges, fixed damping 1/2 contracts")
    void damping() {
        double tEnd = 5;
        DmftSolver.Result plain = solver().solve(S0, tEnd, opts(50, 1, 1, false, 30));
        assertThat(plain.status()).isEqualTo(ReturnCode.NOT_CONVERGED);
        assertThat(plain.converged()).isFalse();
        assertThat(plain.monotoneAfterDamping()).isFalse();
        assertThat(plain.iterations()).isEqualTo(30);
        assertThat(plain.residualHistory()).hasSize(30);
        assertThat(plain.finalResidual()).isGreaterThan(1);
        DmftSolver.Result adaptive = solver().solve(S0, tEnd, opts(50, 1, 1, true, 60));
        assertThat(adaptive.converged()).isTrue();
        DmftSolver.Result half = solver().solve(S0, tEnd, opts(50, 1, 0.5, false, 30));
        assertThat(half.status()).isEqualTo(ReturnCode.NOT_CONVERGED);
        double[] hist = half.residualHistory();
        assertThat(hist[29]).isLessThan(1e-5);
        // after the transient the error contracts by the damping factor 1/2 per iteration
        assertThat(hist[29] / hist[28]).isCloseTo(0.5, within(0.05));
        // the same fixed point: the short-window solve on the same grid
        DmftSolver.Result windows = solver().solve(S0, tEnd, opts(50, 10, 1, true, 200));
        assertThat(windows.converged()).as(windows.status() + " " + windows.iterations()).isTrue();
        assertThat(DmftSolverTest.err(adaptive.last(), windows.last())).isLessThan(1e-8);
        assertThat(DmftSolverTest.err(half.last(), windows.last())).isLessThan(1e-3);
    }

    @Test
    @DisplayName("a window that does not converge stops the solve: the rest of the grid repeats its last state")
    void stopsAtFailedWindow() {
        DmftSolver.Result r = solver().solve(S0, 5, opts(50, 2, 1, false, 12));
        assertThat(r.status()).isEqualTo(ReturnCode.NOT_CONVERGED);
        assertThat(r.iterations()).isEqualTo(12);
        assertThat(r.worstIterations()).isEqualTo(12);
        assertThat(r.states()).hasNumberOfRows(51);
        assertThat(java.util.Arrays.asList(r.states())).doesNotContainNull();
        for (int j = 26; j <= 50; j++) {
            assertThat(r.states()[j]).isSameAs(r.states()[25]);
        }
        assertThat(r.states()[24]).isNotSameAs(r.states()[25]);
    }

    @Test
    @DisplayName("an overflowing state (|W| ~ 1e160) ends as NON_FINITE with its residual history, never an exception")
    void nonFinite() {
        double[] s = S0.clone();
        for (int i = MO.wOffset(); i < s.length; i++) {
            s[i] *= 1e160;
        }
        DmftSolver.Result r = solver().solve(s, 0.5, opts(10, 2, 1, false, 20));
        assertThat(r.status()).isEqualTo(ReturnCode.NON_FINITE_STATE);
        assertThat(r.converged()).isFalse();
        assertThat(r.monotoneAfterDamping()).isFalse();
        assertThat(r.residualHistory()).isNotEmpty();
        assertThat(Double.isFinite(r.residualHistory()[r.residualHistory().length - 1])).isFalse();
        assertThat(r.states()).hasNumberOfRows(11);
        assertThat(java.util.Arrays.asList(r.states())).doesNotContainNull();
        // the first window overflowed: every later grid point repeats the (finite) initial state
        assertThat(r.states()[10]).isSameAs(r.states()[0]);
        assertThat(r.last()).containsExactly(s);
    }

    @Test
    @DisplayName("options are checked at their boundaries")
    void options() {
        assertThat(new DmftSolver.Options(3, 3, 1.0, false, 1e-9, 1).windows()).isEqualTo(3);
        Object[][] bad = {{0, 1, 1.0, 1e-9, 5}, {4, 0, 1.0, 1e-9, 5}, {5, 2, 1.0, 1e-9, 5}, {4, 2, 0.0, 1e-9, 5},
            {4, 2, 1.0000001, 1e-9, 5}, {4, 2, Double.NaN, 1e-9, 5}, {4, 2, 1.0, 0.0, 5}, {4, 2, 1.0, Double.NaN, 5},
            {4, 2, 1.0, 1e-9, 0}};
        for (Object[] b : bad) {
            assertThatThrownBy(() -> new DmftSolver.Options((int) b[0], (int) b[1], (double) b[2], false,
                    (double) b[3], (int) b[4])).as(java.util.Arrays.toString(b))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
