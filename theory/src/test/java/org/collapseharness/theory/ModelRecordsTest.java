package org.collapseharness.theory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Model records: domain checks with one-line messages, derived sizes, bindings")
class ModelRecordsTest {

    @Test
    @DisplayName("MinimalModel rejects parameters outside its domain with a one-line message")
    void domain() {
        assertThatThrownBy(() -> new MinimalModel(1, 1, 0, 1)).isInstanceOf(ModelParameterException.class)
                .hasMessageContaining("classes K must be at least 2 (got 1)");
        assertThatThrownBy(() -> new MinimalModel(2, 0, 0, 1)).hasMessageContaining("at least 1 (got 0)");
        assertThatThrownBy(() -> new MinimalModel(2, 1, -1, 1)).hasMessageContaining("at least 0 (got -1)");
        assertThatThrownBy(() -> new MinimalModel(2, 1, 0, 0)).hasMessageContaining("dimension d must be at least 1");
        assertThatThrownBy(() -> new MinimalModel(2, 1, 0, 20_000_000)).hasMessageContaining("model too large");
        assertThatThrownBy(() -> new MinimalModel(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, 1))
                .isInstanceOf(ModelParameterException.class).hasMessageNotContaining("\n");
        // Exactly at the limit is allowed.
        assertThat(new MinimalModel(2, 1, MinimalModel.MAX_VARIABLES - 4, 1).variables())
                .isEqualTo(MinimalModel.MAX_VARIABLES);
        assertThatThrownBy(() -> new MinimalModel(2, 1, MinimalModel.MAX_VARIABLES - 3, 1))
                .isInstanceOf(ModelParameterException.class);
        assertThat(new MinimalModel(2, 1, 0, 1).classes()).isEqualTo(2);
    }

    @Test
    @DisplayName("sizes, frustration ratio, bindings and sharedFor")
    void sizes() {
        MinimalModel m = new MinimalModel(3, 4, 2, 5);
        assertThat(m.vectors()).isEqualTo(3 * 4 + 2 + 3);
        assertThat(m.variables()).isEqualTo(17 * 5);
        assertThat(m.rho()).isEqualTo(2.0 / 6);
        assertThat(m.withDim(2)).isEqualTo(new MinimalModel(3, 4, 2, 2));
        assertThat(MinimalModel.perCoordinate(3, 4, 2).dim()).isEqualTo(1);
        Bindings b = m.bindings();
        assertThat(b.get("k")).isEqualTo(3);
        assertThat(b.get("n")).isEqualTo(4);
        assertThat(b.get("m")).isEqualTo(2);
        assertThat(b.get("d")).isEqualTo(5);
        assertThat(b.get("rho")).isEqualTo(2.0 / 6);
        assertThat(MinimalModel.sharedFor(8, 0.2)).isEqualTo(2);
        assertThat(MinimalModel.sharedFor(7, 0.3)).isEqualTo(3);
        assertThat(MinimalModel.sharedFor(7, 0.0)).isZero();
        assertThatThrownBy(() -> MinimalModel.sharedFor(7, 1.0)).isInstanceOf(ModelParameterException.class);
        assertThatThrownBy(() -> MinimalModel.sharedFor(7, -0.1)).isInstanceOf(ModelParameterException.class);
        assertThatThrownBy(() -> MinimalModel.sharedFor(7, Double.NaN)).isInstanceOf(ModelParameterException.class);
    }

    @Test
    @DisplayName("Bindings: immutable, ordered, typed lookup failures")
    void bindings() {
        Bindings b = Bindings.of("n", 2, "a", 1.5);
        Bindings c = b.with("z", 3);
        assertThat(b.has("z")).isFalse();
        assertThat(c.has("z")).isTrue();
        assertThat(c.get("a")).isEqualTo(1.5);
        assertThat(c.asMap().keySet()).containsExactly("a", "n", "z");
        assertThat(b.toString()).isEqualTo("{a=1.5, n=2.0}");
        assertThatThrownBy(() -> b.get("q")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'q'");
        assertThatThrownBy(() -> Bindings.of("n")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.asMap().put("x", 1.0)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    @DisplayName("PairLoss refuses empty terms; SectorSpectrum sums its multiplicities; exceptions carry keys")
    void records() {
        assertThatThrownBy(() -> new PairLoss("x", " ", "s", "0", "0")).isInstanceOf(ModelParameterException.class);
        assertThatThrownBy(() -> new PairLoss(null, "s", "s", "0", "0")).isInstanceOf(ModelParameterException.class);
        assertThatThrownBy(() -> new PairLoss("x", "s", "s", "0", "")).isInstanceOf(ModelParameterException.class);
        assertThat(PairLoss.minimal().cleanTerm()).isEqualTo("1/2*(s-y)^2");
        assertThat(new SectorSpectrum("I", new double[] {-1, -2}, new int[] {3, 4}, "").dimension()).isEqualTo(7);
        SymbolicException e = new SymbolicException(SymbolicException.Key.TIMEOUT, "t");
        assertThat(e.key()).isEqualTo(SymbolicException.Key.TIMEOUT);
        assertThat(e.getMessage()).isEqualTo("t");
        Expansion x = new Expansion("q", -2, List.of(constant(1), constant(2), constant(3), constant(4)));
        assertThat(x.at(2, Bindings.of())).isEqualTo(1 * 4 + 2 * 2 + 3 + 4 * 0.5);
        assertThat(x.text()).isEqualTo("(1)*n^2 + (2)*n + (3) + (4)/n + O(1/n^2)");
        Expansion y = new Expansion("q", 1, List.of(constant(1), constant(2)));
        assertThat(y.text()).isEqualTo("(1)/n + (2)/n^2 + O(1/n^3)");
    }

    static ClosedForm constant(double v) {
        return new ClosedForm() {
            @Override
            public String text() {
                return Long.toString((long) v);
            }

            @Override
            public double at(Bindings bindings) {
                return v;
            }

            @Override
            public double[] complexAt(Bindings bindings) {
                return new double[] {v, 0};
            }
        };
    }
}
