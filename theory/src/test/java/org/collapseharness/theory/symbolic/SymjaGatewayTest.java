package org.collapseharness.theory.symbolic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.collapseharness.theory.Bindings;
import org.collapseharness.theory.SymbolicException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("The Symja gateway: typed failures, a time limit on every evaluation, sg semantics")
class SymjaGatewayTest {

    @Test
    @Timeout(30)
    @DisplayName("an evaluation that loops is stopped by the time limit as TIMEOUT; the engine stays usable")
    void timeLimit() {
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> Symja.withTimeLimit(Duration.ofMillis(300), () -> Symja.eval("While[True, 1]")))
                .isInstanceOfSatisfying(SymbolicException.class, e -> {
                    assertThat(e.key()).isEqualTo(SymbolicException.Key.TIMEOUT);
                    assertThat(e.getMessage()).contains("300 ms").contains("While[True, 1]").doesNotContain("\n");
                });
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(10);
        assertThat(Symja.timeLimit()).isEqualTo(Symja.DEFAULT_TIME_LIMIT);
        assertThat(Symja.text(Symja.eval("D[x^3, x]"))).isEqualTo("3*x^2");
        assertThat(Symja.withTimeLimit(Duration.ofSeconds(5), () -> Symja.timeLimit())).isEqualTo(Duration.ofSeconds(5));
        assertThat(Symja.DEFAULT_TIME_LIMIT).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        // -Dcollapse.symja.timeoutSeconds: garbage falls back to 60 s instead of failing class initialisation.
        assertThat(Symja.parseLimit(null)).isEqualTo(Duration.ofSeconds(60));
        assertThat(Symja.parseLimit(" 0.5 ")).isEqualTo(Duration.ofMillis(500));
        assertThat(Symja.parseLimit("0.0001")).isEqualTo(Duration.ofMillis(1));
        for (String bad : new String[] {"abc", "", "-1", "0", "NaN", "Infinity", "1e9"}) {
            assertThat(Symja.parseLimit(bad)).as(bad).isEqualTo(Duration.ofSeconds(60));
        }
        assertThat(Symja.parseLimit("999999999")).isEqualTo(Duration.ofSeconds(999999999));
    }

    @Test
    @DisplayName("templates, zero tests, numbers and rules")
    void helpers() {
        assertThat(Symja.text(Symja.eval("Expand[(#0)*(#1)]", Symja.eval("a+1"), Symja.eval("a-1")))).isEqualTo("-1+a^2");
        assertThat(Symja.isZero(Symja.eval("(a+1)^2 - a^2 - 2*a - 1"))).isTrue();
        assertThat(Symja.isZero(Symja.eval("a/(a+1) + 1/(a+1) - 1"))).isTrue();
        assertThat(Symja.isZero(Symja.eval("a"))).isFalse();
        assertThat(Symja.number(3)).isEqualTo("3");
        assertThat(Symja.number(-3)).isEqualTo("-3");
        assertThat(Symja.number(0.25)).isEqualTo("0.25");
        assertThat(Symja.number(-0.25)).isEqualTo("(-0.25)");
        assertThat(Symja.number(1e20)).isEqualTo("100000000000000000000");
        assertThatThrownBy(() -> Symja.number(Double.NaN)).isInstanceOf(SymbolicException.class);
        assertThatThrownBy(() -> Symja.number(Double.POSITIVE_INFINITY)).isInstanceOf(SymbolicException.class);
        assertThat(Symja.rules(Bindings.of("b", 2, "a", 0.5))).isEqualTo("{a->0.5,b->2}");
        assertThat(Symja.rules(Bindings.of())).isEqualTo("{}");
        assertThat(Symja.text(Symja.eval("{1,\n2}"))).doesNotContain("\n");
    }

    @Test
    @DisplayName("sg semantics: derivatives through sg vanish, and sg(e) evaluates to e")
    void stopGradient() {
        assertThat(Symja.isZero(SgCalculus.d(Symja.eval("sg[s]*y"), "s"))).isTrue();
        assertThat(Symja.isZero(SgCalculus.d(Symja.eval("1/2*(s - sg[y])^2"), "y"))).isTrue();
        assertThat(Symja.isZero(Symja.eval("(#0) - (s - y)", SgCalculus.d(Symja.eval("1/2*(s - sg[y])^2"), "s"))))
                .isTrue();
        assertThat(Symja.isZero(Symja.eval("(#0) - (y - s)", SgCalculus.flow(Symja.eval("1/2*(s - sg[y])^2"), "s"))))
                .isTrue();
        assertThat(Symja.isZero(Symja.eval("(#0) - s*y", SgCalculus.strip(Symja.eval("sg[s]*sg[y]"))))).isTrue();
        // Without sg the same derivative does not vanish (control).
        assertThat(Symja.isZero(SgCalculus.d(Symja.eval("1/2*(s - y)^2"), "y"))).isFalse();
        // sg of a composite expression: the chain rule stops at sg.
        assertThat(Symja.isZero(Symja.eval("(#0) - (s^2 + y)", SgCalculus.d(Symja.eval("sg[s^2 + y]*s"), "s"))))
                .isTrue();
    }

    @Test
    @DisplayName("unparseable input becomes a typed PARSE_ERROR, not an exception from the engine")
    void parse() {
        assertThatThrownBy(() -> LinearFlowDerivation.parse("1/2*(s-y", "clean term"))
                .isInstanceOfSatisfying(SymbolicException.class,
                        e -> assertThat(e.key()).isEqualTo(SymbolicException.Key.PARSE_ERROR));
        assertThat(Symja.text(LinearFlowDerivation.parse("s+y", "x"))).isEqualTo("s+y");
    }

    @Test
    @DisplayName("perturbation series of a polynomial with known roots")
    void perturbation() {
        // lam^2 + (n+m+1) lam + m, the sector-II polynomial: slow root -> -rho.
        var c = Perturbation.root(Symja.eval("lam^2 + (n+m+1)*lam + m"), 0, 2);
        assertThat(new SymjaForm(c.get(0)).at(Bindings.of("rho", 0.25))).isEqualTo(-0.25);
        var f = Perturbation.root(Symja.eval("lam^2 + (n+m+1)*lam + m"), -1, 1);
        assertThat(new SymjaForm(f.get(0)).at(Bindings.of("rho", 0.5))).isEqualTo(-2.0);
        assertThatThrownBy(() -> Perturbation.root(Symja.eval("lam - 1"), -1, 2))
                .isInstanceOf(SymbolicException.class);
        assertThat(Perturbation.root(Symja.eval("lam^2 + (n+m+1)*lam + m"), 0, 1)).hasSize(1);
    }
}
