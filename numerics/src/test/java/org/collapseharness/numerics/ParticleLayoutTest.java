package org.collapseharness.numerics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ParticleLayout reads labels and the head W out of a flat state")
class ParticleLayoutTest {

    @Test
    @DisplayName("labels sit at label(c), W row-major right after the particles")
    void labelsAndHead() {
        ParticleLayout l = new ParticleLayout(3, 2, 1, 2);
        double[] u = new double[l.size() + 4];
        for (int i = 0; i < u.length; i++) {
            u[i] = i;
        }
        double[][] y = l.labelsOf(u);
        assertThat(y).hasDimensions(3, 2);
        for (int c = 0; c < 3; c++) {
            assertThat(y[c]).containsExactly(l.label(c), l.label(c) + 1);
        }
        double s = l.size();
        assertThat(l.headOf(u)).isDeepEqualTo(new double[][] {{s, s + 1}, {s + 2, s + 3}});
        // copies: changing the result leaves the state alone
        l.headOf(u)[0][0] = -1;
        y[0][0] = -1;
        assertThat(u[l.size()]).isEqualTo(s);
        assertThat(u[l.label(0)]).isEqualTo(l.label(0));
    }
}
