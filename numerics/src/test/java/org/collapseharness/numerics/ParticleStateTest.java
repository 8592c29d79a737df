package org.collapseharness.numerics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ParticleStateTest {

    @Test
    void nestedArraysMapExactlyOntoTheFlatLayout() {
        ParticleLayout l = new ParticleLayout(3, 4, 2, 3);
        double[] u = ProjectionSimulator.initialState(l, 7);
        ParticleState s = new ParticleState(l, u, true);
        int d = l.dim();
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 4; i++) {
                for (int q = 0; q < d; q++) {
                    assertThat(s.x()[c][i][q]).isEqualTo(u[l.clean(c, i) + q]);
                }
            }
            for (int q = 0; q < d; q++) {
                assertThat(s.y()[c][q]).isEqualTo(u[l.label(c) + q]);
            }
        }
        for (int j = 0; j < 2; j++) {
            for (int q = 0; q < d; q++) {
                assertThat(s.z()[j][q]).isEqualTo(u[l.shared(j) + q]);
            }
        }
        // W row-major: W[a][b] = row a, column b, as ProjectionFlow reads it
        double[][] w = new ProjectionFlow(l, true).w(u);
        assertThat(s.w()).isDeepEqualTo(w);
        assertThat(ParticleState.of(l, s.x(), s.z(), s.y(), s.w()).flat()).isEqualTo(u);
        assertThat(s.toString()).doesNotContain("@");

        ParticleState plain = new ParticleState(l, InitialStates.gaussian(l.size(), 3, 1.0), false);
        assertThat(plain.w()).isNull();
        assertThat(ParticleState.of(l, plain.x(), plain.z(), plain.y(), null).flat()).isEqualTo(plain.flat());
        assertThat(plain.finite()).isTrue();
    }

    @Test
    void wrongShapesAndNonFiniteEntriesAreDetected() {
        ParticleLayout l = new ParticleLayout(2, 2, 1, 2);
        ParticleState s = new ParticleState(l, InitialStates.gaussian(l.size(), 1, 1.0), false);
        double[][][] x = s.x();
        x[1] = new double[][] {{1, 2}};
        assertThatThrownBy(() -> ParticleState.of(l, x, s.z(), s.y(), null)).hasMessageContaining("'x'");
        assertThatThrownBy(() -> ParticleState.of(l, s.x(), s.z(), new double[][] {{1, 2}, {3}}, null))
                .hasMessageContaining("'y'");
        assertThatThrownBy(() -> new ParticleState(l, new double[3], false)).hasMessageContaining("expected");
        double[] bad = s.flat().clone();
        bad[2] = Double.NaN;
        assertThat(new ParticleState(l, bad, false).finite()).isFalse();
    }
}
