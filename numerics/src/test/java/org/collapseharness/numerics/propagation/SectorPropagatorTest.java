package org.collapseharness.numerics.propagation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.collapseharness.numerics.ExactLinearPropagator;
import org.collapseharness.numerics.InitialStates;
import org.collapseharness.numerics.LinearOperators;
import org.collapseharness.numerics.MinimalModelFlow;
import org.collapseharness.numerics.OdeAlgorithm;
import org.collapseharness.numerics.OdeProblem;
import org.collapseharness.numerics.OdeSolution;
import org.collapseharness.numerics.OdeSolver;
import org.collapseharness.numerics.ParticleLayout;
import org.collapseharness.numerics.SectorBasis;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SectorPropagatorTest {
    /** Roundoff of O(N) sums and a few small eigen-decompositions, relative to O(1) entries. */
    static final double EXACT_TOL = 1e-11;

    static double maxDiff(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    @ParameterizedTest(name = "K={0} n={1} m={2} d={3} alpha={4}")
    @CsvSource({"3,5,4,2,1.0", "2,1,1,1,1.0", "4,6,0,3,1.0", "3,4,7,2,0.5", "5,2,3,1,1.0"})
    void matchesDenseEigenPropagation(int k, int n, int m, int d, double alpha) {
        ParticleLayout l = new ParticleLayout(k, n, m, d);
        double[] y0 = InitialStates.gaussian(l.size(), 11, 1.0);
        SectorPropagator s = SectorPropagator.create(l, new MinimalModelFlow(l.perCoordinate(), alpha), y0);
        assertThat(s.valid()).isTrue();
        assertThat(s.invarianceResidual()).isLessThan(1e-13);
        assertThat(s.reconstructionError()).isLessThan(1e-14);
        ExactLinearPropagator dense = new ExactLinearPropagator(
                LinearOperators.assemble(new MinimalModelFlow(l.perCoordinate(), alpha)), d);
        for (double t : new double[] {0, 1e-3, 0.3, 2, 17, 120}) {
            double[] ys = s.state(t);
            assertThat(maxDiff(ys, dense.propagate(y0, t))).as("t=%s", t).isLessThan(EXACT_TOL);
            double[] lab = s.labels(t);
            for (int c = 0; c < k; c++) {
                for (int q = 0; q < d; q++) {
                    assertThat(lab[c * d + q]).isEqualTo(ys[l.label(c) + q]);
                }
            }
        }
    }

    @Test
    void matchesExplicitIntegrator() {
        ParticleLayout l = new ParticleLayout(3, 8, 5, 2);
        double[] y0 = InitialStates.gaussian(l.size(), 3, 1.0);
        SectorPropagator s = SectorPropagator.create(l, new MinimalModelFlow(l.perCoordinate()), y0);
        double[] times = {0.5, 2, 10};
        OdeSolution sol = OdeSolver.solve(new OdeProblem("t", new MinimalModelFlow(l), y0, times),
                OdeAlgorithm.dp853(1e-12, 1e-14));
        assertThat(sol.success()).isTrue();
        for (int i = 0; i < times.length; i++) {
            assertThat(maxDiff(sol.states()[i], s.state(times[i]))).isLessThan(1e-9);
        }
        // Negative control: a state 1% off in one label is detected at the same tolerance.
        double[] wrong = s.state(10);
        wrong[l.label(0)] += 0.01;
        assertThat(maxDiff(sol.states()[2], wrong)).isGreaterThan(1e-9);
    }

    @Test
    void sectorMatricesComeFromTheFlow() {
        ParticleLayout l = new ParticleLayout(3, 10, 4, 1);
        double[] y0 = InitialStates.gaussian(l.size(), 5, 1.0);
        SectorPropagator s = SectorPropagator.create(l, new MinimalModelFlow(l.perCoordinate()), y0);
        // Sector II of the hand-coded flow: Helmert 2x2 blocks with trace -(1 + n + m) and determinant m.
        double[][] b = s.sectorMatrices()[1];
        assertThat(b).hasDimensions(4, 4);
        double tr = b[0][0] + b[1][1];
        double det = b[0][0] * b[1][1] - b[0][1] * b[1][0];
        assertThat(tr).isCloseTo(-15.0, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(det).isCloseTo(4.0, org.assertj.core.api.Assertions.within(1e-12));
    }

    @Test
    void nonInvariantSplitIsDetected() {
        // A flow that couples one clean sample to the shared block breaks the permutation symmetry.
        ParticleLayout l = new ParticleLayout(2, 4, 3, 1);
        MinimalModelFlow base = new MinimalModelFlow(l);
        OrdinaryDifferentialEquation broken = new OrdinaryDifferentialEquation() {
            @Override
            public int getDimension() {
                return l.size();
            }

            @Override
            public double[] computeDerivatives(double t, double[] y) {
                double[] dy = base.computeDerivatives(t, y);
                dy[l.clean(0, 0)] += 0.3 * (y[l.shared(0)] - y[l.clean(0, 0)]);
                dy[l.shared(0)] += 0.3 * (y[l.clean(0, 0)] - y[l.shared(0)]);
                return dy;
            }
        };
        double[] y0 = InitialStates.gaussian(l.size(), 2, 1.0);
        SectorPropagator s = SectorPropagator.create(l, broken, y0);
        assertThat(s.valid()).isFalse();
        assertThat(s.invarianceResidual()).isGreaterThan(1e-3);
        DensePropagator fallback = new DensePropagator(l, broken, y0);
        ExactLinearPropagator dense = new ExactLinearPropagator(LinearOperators.assemble(broken), 1);
        assertThat(maxDiff(fallback.state(3), dense.propagate(y0, 3))).isLessThan(EXACT_TOL);
        assertThat(SectorBasis.restrict(broken, SectorBasis.of(l, "II")).invarianceResidual()).isGreaterThan(1e-3);
    }

    @Test
    void eigenRouteAgreesWithHipparchusPade() {
        ParticleLayout l = new ParticleLayout(4, 20, 6, 1);
        double[] y0 = InitialStates.gaussian(l.size(), 9, 1.0);
        SectorPropagator s = SectorPropagator.create(l, new MinimalModelFlow(l.perCoordinate()), y0);
        double[][] b = s.sectorMatrices()[1];
        SmallExponential e = new SmallExponential(b);
        assertThat(e.symmetricRoute()).isTrue();
        double[] c = {1, -2, 0.5, 3, -1, 2};
        for (double t : new double[] {0.01, 1, 5}) {
            double[][] p = SmallExponential.pade(b, t);
            double[] viaPade = new double[c.length];
            for (int i = 0; i < c.length; i++) {
                for (int j = 0; j < c.length; j++) {
                    viaPade[i] += p[i][j] * c[j];
                }
            }
            assertThat(maxDiff(e.apply(t, c), viaPade)).isLessThan(1e-11);
        }
    }

    @Test
    void denseRouteIsLimitedInSize() {
        ParticleLayout l = new ParticleLayout(4, 1000, 100, 1);
        assertThatThrownBy(() -> new DensePropagator(l, new MinimalModelFlow(l), new double[l.size()]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
