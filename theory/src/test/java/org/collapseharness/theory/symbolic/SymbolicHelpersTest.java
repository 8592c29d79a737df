package org.collapseharness.theory.symbolic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.collapseharness.theory.Bindings;
import org.collapseharness.theory.ExplicitJacobian;
import org.collapseharness.theory.LinearFlowTheory;
import org.collapseharness.theory.MinimalModel;
import org.collapseharness.theory.PairFlowCoefficients;
import org.collapseharness.theory.PairLoss;
import org.collapseharness.theory.SymbolicException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Symbolic helpers: numeric roots of derived polynomials, zero tests, pair-flow coefficients")
class SymbolicHelpersTest {

    @Test
    @DisplayName("RootForm: roots ascending by real then imaginary part, checked against the factors they came from")
    void rootForm() {
        // (lam + 2)(lam - a)(lam - 5): roots -2 < a < 5 for a in (-2, 5), in ascending order whatever Laguerre returns.
        RootForm mid = new RootForm(Symja.eval("Expand[(lam + 2)*(lam - a)*(lam - 5)]"), 1);
        assertThat(mid.text()).startsWith("Root[").endsWith(", 2]").contains("lam^3");
        assertThat(mid.toString()).isEqualTo(mid.text());
        for (double a : new double[] {-1.5, 0.3, 4.2}) {
            Bindings b = Bindings.of("a", a);
            assertThat(new RootForm(Symja.eval("Expand[(lam + 2)*(lam - a)*(lam - 5)]"), 0).at(b))
                    .isCloseTo(-2, within(1e-10));
            assertThat(mid.at(b)).isCloseTo(a, within(1e-10));
            assertThat(new RootForm(Symja.eval("Expand[(lam + 2)*(lam - a)*(lam - 5)]"), 2).at(b))
                    .isCloseTo(5, within(1e-10));
        }
        // (lam^2 + 1)(lam - 3): the conjugate pair +-i first (their real parts agree up to round-off), then 3.
        String p = "Expand[(lam^2 + 1)*(lam - 3)]";
        double[] z0 = new RootForm(Symja.eval(p), 0).complexAt(Bindings.of());
        double[] z1 = new RootForm(Symja.eval(p), 1).complexAt(Bindings.of());
        assertThat(z0[0]).isCloseTo(0, within(1e-10));
        assertThat(z1[0]).isCloseTo(0, within(1e-10));
        assertThat(Math.abs(z0[1])).isCloseTo(1, within(1e-10));
        assertThat(z0[1] + z1[1]).isCloseTo(0, within(1e-10));
        assertThat(new RootForm(Symja.eval(p), 1).at(Bindings.of())).isNaN();
        assertThat(new RootForm(Symja.eval(p), 2).at(Bindings.of())).isCloseTo(3, within(1e-10));
        // Degenerate: an index beyond the degree, a vanishing leading coefficient, unbound symbols.
        assertThatThrownBy(() -> new RootForm(Symja.eval(p), 3).complexAt(Bindings.of()))
                .isInstanceOfSatisfying(SymbolicException.class,
                        e -> assertThat(e.key()).isEqualTo(SymbolicException.Key.NOT_REAL));
        // a = 1: (lam - 1)(lam^2 + lam + 2), the real root 1 comes after the pair with real part -1/2.
        RootForm lead = new RootForm(Symja.eval("a*lam^3 + lam - 2"), 2);
        assertThat(lead.at(Bindings.of("a", 1))).isCloseTo(1, within(1e-10));
        assertThat(new RootForm(Symja.eval("a*lam^3 + lam - 2"), 0).complexAt(Bindings.of("a", 1))[0])
                .isCloseTo(-0.5, within(1e-10));
        assertThatThrownBy(() -> lead.complexAt(Bindings.of("a", 0)))
                .isInstanceOfSatisfying(SymbolicException.class, e -> assertThat(e.getMessage()).contains("degenerate"));
        assertThatThrownBy(() -> lead.complexAt(Bindings.of()))
                .isInstanceOfSatisfying(SymbolicException.class, e -> assertThat(e.getMessage()).contains("not numbers"));
    }

    @Test
    @DisplayName("Symja zero tests: expansion, rational cancellation, numeric disproof, polynomial test")
    void zeroTests() {
        assertThat(Symja.isZero(Symja.eval("x - x"))).isTrue();
        assertThat(Symja.isZero(Symja.eval("x + 1"))).isFalse();
        assertThat(Symja.isZero(Symja.eval("(x^2 - 1)/(x - 1) - x - 1"))).isTrue();
        assertThat(Symja.isZero(Symja.eval("Sqrt[x] + 1"))).isFalse();
        assertThat(Symja.isRational(Symja.eval("x^2 + 1/(x + y)"))).isTrue();
        assertThat(Symja.isRational(Symja.eval("Ix + 1"))).isTrue();
        for (String e : new String[] {"Sqrt[x] + 1", "x^(1/3)", "x^(-2/3)", "Log[x] + 1", "Abs[x] + 1",
            "Sin[x] + 1", "Cos[x] + 1", "x + I"}) {
            assertThat(Symja.isRational(Symja.eval(e))).as(e).isFalse();
        }
        assertThat(Symja.numericallyNonZero(Symja.eval("x - y"))).isTrue();
        assertThat(Symja.numericallyNonZero(Symja.eval("x + 10^(-9)*y"))).isTrue();
        assertThat(Symja.numericallyNonZero(Symja.eval("10^(-10)*x"))).isFalse();
        assertThat(Symja.numericallyNonZero(Symja.eval("(x^2 - 1)/(x - 1) - x - 1"))).isFalse();
        assertThat(Symja.numericallyNonZero(Symja.eval("1/(x - x)"))).isFalse();
        assertThat(Symja.isZeroPolynomial(Symja.eval("(x + 1)^2 - x^2 - 2*x - 1"))).isTrue();
        assertThat(Symja.isZeroPolynomial(Symja.eval("x"))).isFalse();
    }

    @Test
    @DisplayName("pair-flow coefficients: the minimal loss, a weighted loss with a ridge, an EMA target, and refusals")
    void coefficients() {
        PairFlowCoefficients m = LinearFlowDerivation.coefficients(PairLoss.minimal());
        // Second witness (hand-typed): -d/ds 1/2 (s - y)^2 = y - s; -d/dy = s - y.
        assertThat(m.cleanSample()).containsExactly(-1, 1, 0);
        assertThat(m.cleanLabel()).containsExactly(1, -1, 0);
        assertThat(m.sharedSample()).containsExactly(-1, 1, 0);
        assertThat(m.sharedLabel()).containsExactly(1, -1, 0);
        assertThat(m.samplePenalty()).isZero();
        assertThat(m.labelPenalty()).isZero();
        assertThat(m.emaRate()).isZero();
        assertThat(m.hasTarget()).isFalse();
        PairLoss weighted = new PairLoss("w", "alpha/2*(s - y)^2", "1/2*(s - sg[y])^2", "beta/2*s^2", "y^2",
                "", Bindings.of("alpha", 3, "beta", 0.5));
        PairFlowCoefficients w = LinearFlowDerivation.coefficients(weighted);
        assertThat(w.cleanSample()).containsExactly(-3, 3, 0);
        assertThat(w.cleanLabel()).containsExactly(3, -3, 0);
        assertThat(w.sharedSample()).containsExactly(-1, 1, 0);
        assertThat(w.sharedLabel()).containsExactly(0, 0, 0);
        assertThat(w.samplePenalty()).isEqualTo(-0.5);
        assertThat(w.labelPenalty()).isEqualTo(-2);
        PairLoss ema = new PairLoss("e", "1/2*(s - sg[t])^2", "1/2*(s - y)^2", "0", "0", "tau", Bindings.of("tau", 0.2));
        PairFlowCoefficients e = LinearFlowDerivation.coefficients(ema);
        assertThat(e.cleanSample()).containsExactly(-1, 0, 1);
        assertThat(e.cleanLabel()).containsExactly(0, 0, 0);
        assertThat(e.emaRate()).isEqualTo(0.2);
        assertThat(e.hasTarget()).isTrue();
        // A pair term using t without a target species; a non-linear flow; a coefficient that is not a number.
        PairLoss noTarget = new PairLoss("n", "1/2*(s - t)^2", "1/2*(s - y)^2", "0", "0");
        assertThatThrownBy(() -> LinearFlowDerivation.coefficients(noTarget))
                .isInstanceOfSatisfying(SymbolicException.class,
                        x -> assertThat(x.key()).isEqualTo(SymbolicException.Key.PARSE_ERROR));
        PairLoss sharedT = new PairLoss("n", "1/2*(s - y)^2", "t*s", "0", "0");
        assertThatThrownBy(() -> LinearFlowDerivation.coefficients(sharedT))
                .isInstanceOfSatisfying(SymbolicException.class,
                        x -> assertThat(x.key()).isEqualTo(SymbolicException.Key.PARSE_ERROR));
        PairLoss quartic = new PairLoss("q", "1/4*(s - y)^4", "1/2*(s - y)^2", "0", "0");
        assertThatThrownBy(() -> LinearFlowDerivation.coefficients(quartic))
                .isInstanceOfSatisfying(SymbolicException.class,
                        x -> assertThat(x.key()).isEqualTo(SymbolicException.Key.NOT_LINEAR));
        PairLoss log = new PairLoss("l", "Log[beta]/2*(s - y)^2", "1/2*(s - y)^2", "0", "0", "",
                Bindings.of("beta", -1));
        assertThatThrownBy(() -> LinearFlowDerivation.coefficients(log))
                .isInstanceOfSatisfying(SymbolicException.class,
                        x -> assertThat(x.key()).isEqualTo(SymbolicException.Key.NOT_REAL));
    }

    @Test
    @DisplayName("explicit Jacobian of a parameterised loss: parameters are substituted, targets are refused")
    void explicitJacobianWithParameters() {
        PairLoss weighted = new PairLoss("w", "alpha/2*(s - y)^2", "1/2*(s - y)^2", "0", "0", "",
                Bindings.of("alpha", 0.5));
        ExplicitJacobian j = LinearFlowDerivation.explicitJacobian(weighted, 2, 1, 0);
        assertThat(j.variables()).containsExactly("xc1i1", "xc2i1", "yc1", "yc2");
        // Second witness (hand-typed): dx/dt = alpha (y - x), dy/dt = alpha (x - y).
        assertThat(j.jacobian()).isDeepEqualTo(new double[][] {
            {-0.5, 0, 0.5, 0}, {0, -0.5, 0, 0.5}, {0.5, 0, -0.5, 0}, {0, 0.5, 0, -0.5}});
        PairLoss ema = new PairLoss("e", "1/2*(s - sg[t])^2", "1/2*(s - y)^2", "0", "0", "tau", Bindings.of("tau", 0.2));
        assertThatThrownBy(() -> LinearFlowDerivation.explicitJacobian(ema, 2, 1, 0))
                .isInstanceOfSatisfying(SymbolicException.class,
                        x -> assertThat(x.key()).isEqualTo(SymbolicException.Key.UNSOLVED));
    }

    @Test
    @DisplayName("vectors per coordinate: K n + m + K, plus K targets for an EMA loss")
    void vectorsPerCoordinate() {
        MinimalModel model = new MinimalModel(3, 4, 2, 1);
        LinearFlowTheory plain = new LinearFlowTheory(PairLoss.minimal(), null, null, null, null, null, null, null,
                null, null, null, null, null);
        PairLoss ema = new PairLoss("e", "1/2*(s - sg[t])^2", "1/2*(s - y)^2", "0", "0", "tau", Bindings.of("tau", 0.2));
        LinearFlowTheory target = new LinearFlowTheory(ema, null, null, null, null, null, null, null, null, null, null,
                null, null);
        assertThat(plain.vectorsPerCoordinate(model)).isEqualTo(3 * 4 + 2 + 3);
        assertThat(target.vectorsPerCoordinate(model)).isEqualTo(3 * 4 + 2 + 3 + 3);
        assertThat(target.bindings(model).get("tau")).isEqualTo(0.2);
        assertThat(target.bindings(model).get("k")).isEqualTo(3);
    }
}
