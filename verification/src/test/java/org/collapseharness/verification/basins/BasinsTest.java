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
}
