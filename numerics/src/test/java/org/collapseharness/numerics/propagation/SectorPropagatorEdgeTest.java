package org.collapseharness.numerics.propagation;

import static org.assertj.core.api.Assertions.assertThat;

import org.collapseharness.numerics.ExactLinearPropagator;
import org.collapseharness.numerics.InitialStates;
import org.collapseharness.numerics.LinearOperators;
import org.collapseharness.numerics.MinimalModelFlow;
import org.collapseharness.numerics.ParticleLayout;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Sector propagation edge cases against the dense eigen-propagator: blocks without fluctuation, the reconstruction error. */
@DisplayName("SectorPropagator: blocks without fluctuation, reconstruction error as defined")
class SectorPropagatorEdgeTest {

    @Test
    @DisplayName("a block whose samples coincide (zero fluctuation) is skipped in sector I; the state still matches the dense route")
    void blockWithoutFluctuation() {
        ParticleLayout l = new ParticleLayout(3, 4, 3, 2);
        double[] y0 = InitialStates.gaussian(l.size(), 23, 1.0);
        int d = l.dim();
        for (int i = 1; i < l.clean(); i++) { // class 1: all clean samples equal in coordinate 0
            y0[l.clean(1, i)] = y0[l.clean(1, 0)];
        }
        for (int s = 1; s < l.shared(); s++) { // shared samples: equal in coordinate 1
            y0[l.shared(s) + 1] = y0[l.shared(0) + 1];
        }
        SectorPropagator s = SectorPropagator.create(l, new MinimalModelFlow(l.perCoordinate()), y0);
        assertThat(s.valid()).isTrue();
        ExactLinearPropagator dense = new ExactLinearPropagator(
                LinearOperators.assemble(new MinimalModelFlow(l.perCoordinate())), d);
        for (double t : new double[] {0, 0.4, 5}) {
            double[] ys = s.state(t);
            assertThat(ys).doesNotContain(Double.NaN);
            assertThat(SectorPropagatorTest.maxDiff(ys, dense.propagate(y0, t))).as("t=%s", t)
                    .isLessThan(SectorPropagatorTest.EXACT_TOL);
        }
    }

    @Test
    @DisplayName("reconstructionError is max|state(0) - y0| / max|y0| exactly, and 0 only if state(0) is bit-identical")
    void reconstructionErrorAsDefined() {
        for (double scale : new double[] {1.0, 40.0}) {
            ParticleLayout l = new ParticleLayout(4, 5, 3, 2);
            double[] y0 = InitialStates.gaussian(l.size(), 31, scale);
            SectorPropagator s = SectorPropagator.create(l, new MinimalModelFlow(l.perCoordinate()), y0);
            double[] back = s.state(0.0);
            double err = 0;
            double max = 0;
            for (int i = 0; i < y0.length; i++) {
                err = Math.max(err, Math.abs(back[i] - y0[i]));
                max = Math.max(max, Math.abs(y0[i]));
            }
            assertThat(s.reconstructionError()).isEqualTo(err / max).isLessThan(1e-14);
        }
        // a zero state: no scale, the absolute error (0) is reported
        ParticleLayout l = new ParticleLayout(2, 2, 1, 1);
        SectorPropagator zero = SectorPropagator.create(l, new MinimalModelFlow(l.perCoordinate()),
                new double[l.size()]);
        assertThat(zero.reconstructionError()).isZero();
        assertThat(zero.state(3.0)).containsOnly(0.0);
    }
}
