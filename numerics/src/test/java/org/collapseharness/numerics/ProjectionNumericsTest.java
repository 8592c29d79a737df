package org.collapseharness.numerics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The §4 projection-head flow: gradients, sg semantics, the exact moment reduction, the simulator")
class ProjectionNumericsTest {

    /**
     * Second witness, written here by pair loops: L1 = Σ ½|W s − y|² and L2 = Σ ½|W y − s|² over every pair (clean
     * sample, its label) and (shared sample, each label). which = 1 or 2 selects one term, 0 their sum.
     */
    static double pairLoss(ParticleLayout l, double[] u, int which) {
        int d = l.dim();
        int w0 = l.size();
        double sum = 0;
        for (int c = 0; c < l.classes(); c++) {
            int total = l.clean() + l.shared();
            for (int j = 0; j < total; j++) {
                int s = j < l.clean() ? l.clean(c, j) : l.shared(j - l.clean());
                int y = l.label(c);
                for (int a = 0; a < d; a++) {
                    double ws = 0;
                    double wy = 0;
                    for (int b = 0; b < d; b++) {
                        ws += u[w0 + a * d + b] * u[s + b];
                        wy += u[w0 + a * d + b] * u[y + b];
                    }
                    double r1 = ws - u[y + a];
                    double r2 = wy - u[s + a];
                    sum += (which != 2 ? 0.5 * r1 * r1 : 0) + (which != 1 ? 0.5 * r2 * r2 : 0);
                }
            }
        }
        return sum;
    }

    /** ∂/∂u_i by central differences (exact up to rounding: every loss is quadratic in each single coordinate). */
    static double partial(ParticleLayout l, double[] u, int i, int which) {
        double h = 1e-3;
        double[] p = u.clone();
        double[] m = u.clone();
        p[i] += h;
        m[i] -= h;
        return (pairLoss(l, p, which) - pairLoss(l, m, which)) / (2 * h);
    }

    static boolean isSample(ParticleLayout l, int i) {
        return i < l.label(0);
    }

    static boolean isLabel(ParticleLayout l, int i) {
        return i >= l.label(0) && i < l.size();
    }

    @Test
    @DisplayName("without sg the particle flow is minus the full gradient of ½|Ws−y|² + ½|Wy−s|² in every coordinate")
    void fullFlowIsGradient() {
        for (ParticleLayout l : new ParticleLayout[] {new ParticleLayout(3, 2, 2, 2), new ParticleLayout(2, 1, 0, 3)}) {
            ProjectionFlow f = new ProjectionFlow(l, false);
            double[] u = ProjectionSimulator.initialState(l, 11);
            double[] v = f.computeDerivatives(0, u);
            assertThat(v).hasSize(f.getDimension());
            for (int i = 0; i < u.length; i++) {
                assertThat(v[i]).as("coordinate %d of %s", i, l).isCloseTo(-partial(l, u, i, 0), within(1e-8));
            }
        }
    }

    @Test
    @DisplayName("with sg: samples follow −∂L1/∂s only, labels −∂L2/∂y only, W the full gradient")
    void stopGradientSemantics() {
        ParticleLayout l = new ParticleLayout(2, 2, 2, 2);
        ProjectionFlow f = new ProjectionFlow(l, true);
        double[] u = ProjectionSimulator.initialState(l, 12);
        double[] v = f.computeDerivatives(0, u);
        double[] noSg = new ProjectionFlow(l, false).computeDerivatives(0, u);
        double differs = 0;
        for (int i = 0; i < u.length; i++) {
            int which = isSample(l, i) ? 1 : isLabel(l, i) ? 2 : 0;
            assertThat(v[i]).as("coordinate %d", i).isCloseTo(-partial(l, u, i, which), within(1e-8));
            if (which == 0) {
                assertThat(v[i]).isCloseTo(noSg[i], within(1e-12));
            } else {
                differs = Math.max(differs, Math.abs(v[i] - noSg[i]));
            }
        }
        assertThat(differs).as("sg changes the particle velocities").isGreaterThan(1e-3);
    }

    @Test
    @DisplayName("accessors: W and labels read back from the flat state, offsets and dimension")
    void projectionFlowAccessors() {
        ParticleLayout l = new ParticleLayout(2, 1, 1, 2);
        ProjectionFlow f = new ProjectionFlow(l, true);
        assertThat(f.layout()).isEqualTo(l);
        assertThat(f.stopGradient()).isTrue();
        assertThat(new ProjectionFlow(l, false).stopGradient()).isFalse();
        assertThat(f.wOffset()).isEqualTo(10);
        assertThat(f.getDimension()).isEqualTo(14);
        double[] u = new double[14];
        for (int i = 0; i < u.length; i++) {
            u[i] = i;
        }
        assertThat(f.w(u)).isDeepEqualTo(new double[][] {{10, 11}, {12, 13}});
        assertThat(f.labels(u)).isDeepEqualTo(new double[][] {{6, 7}, {8, 9}});
        // derivatives(u, out) overwrites a caller-owned array (stale content does not leak in)
        double[] stale = new double[14];
        java.util.Arrays.fill(stale, 123.0);
        f.derivatives(u, stale);
        assertThat(stale).containsExactly(f.computeDerivatives(0, u));
    }

    /** Derivative of the moment map along v: exact for a quadratic map by central differences. */
    static double[] momentRate(ProjectionMoments mo, ParticleLayout l, double[] u, double[] v) {
        double e = 1e-3;
        double[] p = u.clone();
        double[] m = u.clone();
        for (int i = 0; i < u.length; i++) {
            p[i] += e * v[i];
            m[i] -= e * v[i];
        }
        double[] a = mo.fromParticles(l, p);
        double[] b = mo.fromParticles(l, m);
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = (a[i] - b[i]) / (2 * e);
        }
        return r;
    }

    @Test
    @DisplayName("moment reduction is exact: the moment field equals the chain rule through the particle flow (sg, no sg, m = 0, 1, 3)")
    void momentsCloseExactly() {
        ParticleLayout[] layouts = {new ParticleLayout(3, 2, 3, 2), new ParticleLayout(2, 3, 0, 2),
            new ParticleLayout(2, 2, 1, 3), new ParticleLayout(3, 1, 2, 1)};
        for (ParticleLayout l : layouts) {
            for (boolean sg : new boolean[] {true, false}) {
                ProjectionMoments mo = new ProjectionMoments(l.model(), sg);
                double[] u = ProjectionSimulator.initialState(l, 21);
                double[] v = new ProjectionFlow(l, sg).computeDerivatives(0, u);
                double[] want = momentRate(mo, l, u, v);
                double[] got = mo.computeDerivatives(0, mo.fromParticles(l, u));
                assertThat(got).hasSize(mo.getDimension());
                for (int i = 0; i < got.length; i++) {
                    assertThat(got[i]).as("%s sg=%s moment %d", l, sg, i).isCloseTo(want[i], within(1e-7));
                }
            }
        }
    }

    @Test
    @DisplayName("moment layout and fromParticles: means, centred second moments, labels and W by hand")
    void momentLayout() {
        ProjectionMoments mo = new ProjectionMoments(2, 2, 2, 1, true);
        // x̄[2], z̄, y[2], Cx, Cz, W: offsets 0, 2, 3, 5, 6, 7; dimension 8
        assertThat(new int[] {mo.xbar(0), mo.xbar(1), mo.zbar(), mo.label(0), mo.label(1), mo.cx(), mo.cz(),
            mo.wOffset(), mo.getDimension()}).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8);
        ParticleLayout l = new ParticleLayout(2, 2, 2, 1);
        // x: class 0 {1, 3}, class 1 {-2, 2}; z {5, 9}; y {7, -7}; W 0.5
        double[] s = mo.fromParticles(l, new double[] {1, 3, -2, 2, 5, 9, 7, -7, 0.5});
        // Cx = (1-2)² + (3-2)² + (-2)² + 2² = 10; Cz = 2² + 2² = 8
        assertThat(s).containsExactly(2, 0, 7, 7, -7, 10, 8, 0.5);
        assertThat(mo.w(s)).isDeepEqualTo(new double[][] {{0.5}});
        assertThat(mo.labels(s)).isDeepEqualTo(new double[][] {{7}, {-7}});
        // without shared samples the Cz block is inert: an arbitrary Cz neither moves nor feeds W
        for (boolean sg : new boolean[] {true, false}) {
            ProjectionMoments none = new ProjectionMoments(2, 2, 0, 2, sg);
            double[] state = new double[none.getDimension()];
            for (int i = 0; i < state.length; i++) {
                state[i] = Math.sin(1 + i);
            }
            double[] withCz = none.computeDerivatives(0, state);
            for (int i = none.cz(); i < none.wOffset(); i++) {
                assertThat(withCz[i]).isZero();
                state[i] = 0;
            }
            assertThat(withCz).containsExactly(none.computeDerivatives(0, state));
        }
        ProjectionMoments big = new ProjectionMoments(3, 4, 5, 2, false);
        assertThat(new int[] {big.xbar(2), big.zbar(), big.label(1), big.cx(), big.cz(), big.wOffset(),
            big.getDimension()}).containsExactly(4, 6, 10, 14, 18, 22, 26);
    }

    @Test
    @DisplayName("the three routes (full particles DP853, moments DP853, moments exponential) agree on labels, W and MinL2")
    void simulatorRoutesAgree() {
        ParticleLayout l = new ParticleLayout(2, 2, 1, 2);
        double[] times = {0, 0.5, 1.5};
        OdeAlgorithm dp = OdeAlgorithm.dp853(1e-10, 1e-12);
        OdeAlgorithm ex = OdeAlgorithm.exponential(1e-7, 1e-9);
        for (boolean sg : new boolean[] {true, false}) {
            ProjectionSimulator.Result full = ProjectionSimulator.simulate(l, sg, 3, times,
                    ProjectionSimulator.Representation.FULL, dp);
            ProjectionSimulator.Result mom = ProjectionSimulator.simulate(l, sg, 3, times,
                    ProjectionSimulator.Representation.MOMENTS, dp);
            ProjectionSimulator.Result expo = ProjectionSimulator.simulate(l, sg, 3, times,
                    ProjectionSimulator.Representation.MOMENTS, ex);
            for (ProjectionSimulator.Result r : new ProjectionSimulator.Result[] {full, mom, expo}) {
                assertThat(r.solution().success()).isTrue();
                assertThat(r.times()).containsExactly(times);
                assertThat(r.labels()).hasNumberOfRows(3);
                for (int i = 0; i < 3; i++) {
                    assertThat(r.minL2()[i]).isEqualTo(ProjectionSimulator.minL2(r.labels()[i]));
                }
                assertThat(r.finalW()).isSameAs(r.w()[2]);
                assertThat(r.finalLabels()).isSameAs(r.labels()[2]);
            }
            assertThat(full.solution().evaluations()).isPositive();
            // each route is the solver it names: the same problem solved directly costs the same evaluations
            ProjectionMoments m = new ProjectionMoments(2, 2, 1, 2, sg);
            OdeProblem p = new OdeProblem("moments", m, m.fromParticles(l, ProjectionSimulator.initialState(l, 3)),
                    times);
            assertThat(mom.solution().evaluations()).isEqualTo(OdeSolver.solve(p, dp).evaluations());
            assertThat(expo.solution().evaluations()).isEqualTo(OdeSolver.solve(p, ex).evaluations());
            for (int i = 0; i < 3; i++) {
                for (int c = 0; c < 2; c++) {
                    for (int q = 0; q < 2; q++) {
                        assertThat(mom.labels()[i][c][q]).isCloseTo(full.labels()[i][c][q], within(1e-8));
                        assertThat(expo.labels()[i][c][q]).isCloseTo(full.labels()[i][c][q], within(1e-5));
                        assertThat(mom.w()[i][c][q]).isCloseTo(full.w()[i][c][q], within(1e-8));
                        assertThat(expo.w()[i][c][q]).isCloseTo(full.w()[i][c][q], within(1e-5));
                    }
                }
                assertThat(expo.minL2()[i]).isCloseTo(full.minL2()[i], within(1e-5));
            }
            // residual: the norm of each integrated system's own field at its last state
            double[] lastFull = full.solution().last();
            assertThat(full.residual()).isCloseTo(
                    ArrayOps.norm(new ProjectionFlow(l, sg).computeDerivatives(0, lastFull)), within(1e-12));
            ProjectionMoments mo = new ProjectionMoments(2, 2, 1, 2, sg);
            assertThat(mom.residual()).isCloseTo(
                    ArrayOps.norm(mo.computeDerivatives(0, mom.solution().last())), within(1e-12));
            assertThat(full.residual()).isPositive();
        }
        // the seeded and the explicit-state entry points are the same run
        ProjectionSimulator.Result a = ProjectionSimulator.simulate(l, true, 3, times,
                ProjectionSimulator.Representation.MOMENTS, dp);
        ProjectionSimulator.Result b = ProjectionSimulator.simulate(l, true, ProjectionSimulator.initialState(l, 3),
                times, ProjectionSimulator.Representation.MOMENTS, dp);
        assertThat(a.finalW()).isDeepEqualTo(b.finalW());
    }

    @Test
    @DisplayName("a failed solve gives an empty, flagged result (NaN residual), never an exception")
    void simulatorFailure() {
        ParticleLayout l = new ParticleLayout(2, 1, 1, 2);
        ProjectionSimulator.Result r = ProjectionSimulator.simulate(l, true, 3, new double[] {0.5, 1},
                ProjectionSimulator.Representation.FULL, OdeAlgorithm.dp853(1e-10, 1e-12).withMaxEvaluations(5));
        assertThat(r.solution().code()).isEqualTo(ReturnCode.MAX_EVALUATIONS);
        assertThat(r.times()).isEmpty();
        assertThat(r.minL2()).isEmpty();
        assertThat(r.residual()).isNaN();
    }

    @Test
    @DisplayName("seeded initial state: the §3 particles from the seed, W₀ = I + (0.3/√d) G with G from seed + 1")
    void initialState() {
        ParticleLayout l = new ParticleLayout(2, 2, 1, 3);
        double[] u = ProjectionSimulator.initialState(l, 5);
        assertThat(u).hasSize(l.size() + 9);
        double[] p = InitialStates.gaussian(l.size(), 5, 1.0);
        double[] g = InitialStates.gaussian(9, 6, 1.0);
        for (int i = 0; i < l.size(); i++) {
            assertThat(u[i]).isEqualTo(p[i]);
        }
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                assertThat(u[l.size() + a * 3 + b]).isCloseTo((a == b ? 1 : 0) + 0.3 / Math.sqrt(3) * g[a * 3 + b],
                        within(1e-15));
            }
        }
    }

    @Test
    @DisplayName("MinL2 and the Euclidean norm on hand-made values")
    void helpers() {
        assertThat(ProjectionSimulator.minL2(new double[][] {{1, 1}, {4, 5}, {1, 11}, {7, 9}})).isEqualTo(5.0);
        assertThat(ProjectionSimulator.minL2(new double[][] {{2, 0}, {-2, 0}, {9, 9}})).isEqualTo(4.0);
        assertThat(ProjectionSimulator.minL2(new double[][] {{1, 2}})).isInfinite();
        assertThat(ArrayOps.norm(new double[] {3, -4, 12})).isEqualTo(13.0);
    }
}
