package org.collapseharness.numerics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("MinimalModelSimulator: the slow fit ends where MinL2 reaches the floor 1e-7·max|y0|")
class MinimalModelSimulatorFloorTest {

    @Test
    @DisplayName("K = 2, n = 1, m = 1 from a state of scale 10: fit window ends at the last point above the floor")
    void floor() {
        ParticleLayout l = new ParticleLayout(2, 1, 1, 1);
        double[] y0 = InitialStates.gaussian(l.size(), 12, 10.0);
        double floor = 1e-7 * ArrayOps.maxAbs(y0);
        double[] times = TimeGrid.uniform(80, 160);
        MinimalModelSimulator.Result r = MinimalModelSimulator.simulate(l, y0, times, OdeAlgorithm.dp853(1e-11, 1e-13));
        double lastAbove = Double.NaN;
        for (int i = 0; i < times.length; i++) {
            if (r.minL2()[i] > floor) {
                lastAbove = times[i];
            }
        }
        assertThat(lastAbove).isLessThan(70);
        assertThat(r.slowFit().tEnd()).isEqualTo(lastAbove);
        assertThat(r.slowFit().rate()).isCloseTo(-(3 - Math.sqrt(5)) / 2, within(1e-3));
    }

    @Test
    @DisplayName("mixed grids are increasing and never pass t_end, whatever the rounding of the last log-spaced point")
    void mixedGridEnd() {
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < 2000; i++) {
            double tEnd = 0.1 + 100 * r.nextDouble();
            double tMin = tEnd * (1e-4 + 0.5 * r.nextDouble());
            double[] g = TimeGrid.mixed(tEnd, tMin, 7, 5);
            // the end time exactly (tEnd·n/n can round above tEnd, which would drop the end time from the grid)
            assertThat(g[g.length - 1]).isEqualTo(tEnd);
            assertThat(TimeGrid.uniform(tEnd, 3)[3]).isEqualTo(tEnd);
            for (int j = 1; j < g.length; j++) {
                assertThat(g[j]).isGreaterThan(g[j - 1]);
            }
            assertThat(g[0]).isZero();
        }
    }
}
