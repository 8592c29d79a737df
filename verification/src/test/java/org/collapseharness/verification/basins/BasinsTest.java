package org.collapseharness.verification.basins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import org.junit.jupiter.api.Test;

class BasinsTest {
    @Test
    void wilsonIntervalMatchesTheClosedForm() {
        // 0 of 32: [0, z²/(n + z²)]
        double z2 = Basins.Z * Basins.Z;
        assertThat(Basins.wilson(0, 32)[0]).isZero();
        assertThat(Basins.wilson(0, 32)[1]).isCloseTo(z2 / (32 + z2), offset(1e-12));
        assertThat(Basins.wilson(32, 32)[0]).isCloseTo(32 / (32 + z2), offset(1e-12));
        double[] half = Basins.wilson(16, 32);
        assertThat(half[0] + half[1]).isCloseTo(1, offset(1e-12));
        assertThat(half[0]).isCloseTo(0.3363, offset(1e-4));
        assertThat(Basins.wilson(0, 0)).containsExactly(0, 1);
    }

    @Test
    void shardsPartitionTheGridInOrder() {
        Basins.Grid g = new Basins.Grid(List.of(2, 3), List.of(1, 2, 3), List.of(0.1, 0.3), List.of(4),
                List.of(Basins.WInit.parse("identity-noise:0.3"), Basins.WInit.parse("random")), 3, 10, true);
        List<Basins.Point> all = g.points();
        assertThat(all).hasSize(2 * 3 * 2 * 2 * 3);
        for (int n : new int[] {1, 2, 5, 100}) {
            List<Basins.Point> joined = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                joined.addAll(g.shard(i, n));
            }
            assertThat(joined).containsExactlyInAnyOrderElementsOf(all);
        }
    }

    @Test
    void theDefaultLawOfWIsTheProjectionSimulatorsInitialState() {
        var l = new org.collapseharness.numerics.ParticleLayout(3, 4, 1, 3);
        assertThat(Basins.WInit.parse("identity-noise:" + org.collapseharness.numerics.ProjectionSimulator.W0_NOISE)
                .initialState(l, 7)).containsExactly(org.collapseharness.numerics.ProjectionSimulator.initialState(l, 7));
        assertThat(Basins.WInit.parse("random").text()).isEqualTo("random:1.0");
        assertThatThrownBy(() -> Basins.WInit.parse("random:0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Basins.WInit.parse("identity-noise:abc")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anUndecidedRunIsExtendedToTheCapAndTheLineSaysHowFar() {
        Basins.Grid plain = new Basins.Grid(java.util.List.of(2), java.util.List.of(1), java.util.List.of(0.2),
                java.util.List.of(4), java.util.List.of(Basins.WInit.parse("identity-noise:0.3")), 1, 1, true);
        Basins.Grid extended = new Basins.Grid(plain.classes(), plain.dims(), plain.rhos(), plain.cleans(),
                plain.inits(), 1, 1, true, 400);
        Basins.Point p = plain.points().get(0);
        double mu = 1 - p.model().rho();
        java.util.Map<String, Object> shortRun = Basins.compute(plain, p, mu, null);
        assertThat(shortRun.get("outcome")).isEqualTo("undecided");
        assertThat(shortRun).doesNotContainKey("tEndReached");
        java.util.Map<String, Object> longRun = Basins.compute(extended, p, mu, null);
        assertThat(longRun.get("outcome")).isEqualTo("collapsed");
        assertThat(longRun.get("tEndReached")).isEqualTo(400.0);
        assertThat(((Number) longRun.get("steps")).longValue()).isGreaterThan(((Number) shortRun.get("steps")).longValue());
        // the cap is a result-changing setting: in the header (and back), absent without extension
        assertThat(plain.header()).doesNotContainKey("extendTo");
        assertThat(extended.header()).containsEntry("extendTo", 400.0);
        com.fasterxml.jackson.databind.JsonNode h = new com.fasterxml.jackson.databind.ObjectMapper()
                .valueToTree(extended.header());
        assertThat(Basins.Grid.of(h)).isEqualTo(extended);
    }
}
