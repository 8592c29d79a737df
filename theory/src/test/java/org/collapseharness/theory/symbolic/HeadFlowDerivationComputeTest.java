package org.collapseharness.theory.symbolic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.collapseharness.theory.Bindings;
import org.collapseharness.theory.HeadFlowTheory;
import org.collapseharness.theory.HeadLoss;
import org.collapseharness.theory.PolynomialField;
import org.collapseharness.theory.SymbolicException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The head pipeline run uncached ({@code compute}, {@code computeField}, package-private) so that mutation testing sees
 * the derivation itself, not a memoised result: the polynomial field against a hand-typed witness (labelled), typed
 * failures, the exact text expansion of vector terms, the variable order and exact parameter rationals.
 */
@DisplayName("HeadFlowDerivation uncached: field, relations, failures, expansion")
class HeadFlowDerivationComputeTest {
    private static final double TOL = 1e-12; // round-off of a few dozen O(1) products

    /**
     * Hand-typed witness (second route): r1 = W s − y, r2 = W y − s; ṡ = −Wᵀr1 (+ r2 without sg), ẏ = −Wᵀr2 (+ r1),
     * Ẇ = −r1 sᵀ − r2 yᵀ; variables s1..sd, y1..yd, w11..wdd.
     */
    static double[] witness(int d, boolean sg, double[] v) {
        double[] out = new double[2 * d + d * d];
        double[] r1 = new double[d];
        double[] r2 = new double[d];
        for (int a = 0; a < d; a++) {
            r1[a] = -v[d + a];
            r2[a] = -v[a];
            for (int b = 0; b < d; b++) {
                r1[a] += v[2 * d + d * a + b] * v[b];
                r2[a] += v[2 * d + d * a + b] * v[d + b];
            }
        }
        for (int b = 0; b < d; b++) {
            out[b] = sg ? 0 : r2[b];
            out[d + b] = sg ? 0 : r1[b];
            for (int a = 0; a < d; a++) {
                out[b] -= v[2 * d + d * a + b] * r1[a];
                out[d + b] -= v[2 * d + d * a + b] * r2[a];
            }
        }
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < d; b++) {
                out[2 * d + d * a + b] = -r1[a] * v[b] - r2[a] * v[d + b];
            }
        }
        return out;
    }

    @Test
    @DisplayName("computeField at d = 1, 2 equals the hand-typed witness, with and without sg; exponents are exact")
    void fieldAgainstWitness() {
        Random r = new Random(3);
        for (int d = 1; d <= 2; d++) {
            for (HeadLoss loss : new HeadLoss[] {HeadFlowDerivationTest.SG, HeadFlowDerivationTest.NO_SG}) {
                boolean sg = loss == HeadFlowDerivationTest.SG;
                PolynomialField f = HeadFlowDerivation.computeField(loss.cleanTerm(), d, loss.parameters());
                int nv = 2 * d + d * d;
                assertThat(f.dim()).isEqualTo(d);
                assertThat(f.variables()).isEqualTo(HeadFlowDerivation.variables(d));
                assertThat(f.coefficients()).hasNumberOfRows(nv);
                assertThat(f.text()).hasSize(nv);
                for (int[][] e : f.exponents()) {
                    for (int[] mono : e) {
                        assertThat(mono).hasSize(nv);
                        int deg = 0;
                        for (int p : mono) {
                            assertThat(p).isBetween(0, 2);
                            deg += p;
                        }
                        assertThat(deg).isBetween(1, 3); // the field of a quartic loss: degrees 1..3, no constant
                    }
                }
                for (int trial = 0; trial < 5; trial++) {
                    double[] v = new double[nv];
                    for (int i = 0; i < nv; i++) {
                        v[i] = r.nextGaussian();
                    }
                    double[] got = f.at(v);
                    double[] want = witness(d, sg, v);
                    for (int i = 0; i < nv; i++) {
                        assertThat(got[i]).as("d=%d sg=%s output %d", d, sg, i).isCloseTo(want[i], within(TOL));
                    }
                }
            }
        }
        // d = 1 with sg: ṡ = -w (w s - y) = -w² s + w y, i.e. exactly two monomials with exponents (1,0,2), (0,1,1)
        PolynomialField one = HeadFlowDerivation.computeField(HeadFlowDerivationTest.SG.cleanTerm(), 1, Bindings.of());
        assertThat(one.coefficients()[0]).hasSize(2);
        assertThat(one.text().get(0)).startsWith("ds/dt = ");
    }

    @Test
    @DisplayName("a variable whose velocity vanishes identically (held by sg) gets no monomial at all")
    void zeroVelocityHasNoMonomials() {
        PolynomialField f = HeadFlowDerivation.computeField("1/2*sq[W.s - sg[y]]", 2, Bindings.of());
        assertThat(f.coefficients()[2]).isEmpty(); // y1
        assertThat(f.coefficients()[3]).isEmpty(); // y2
        assertThat(f.exponents()[2]).isEmpty();
        assertThat(f.coefficients()[0]).isNotEmpty();
        assertThat(f.text().get(2)).isEqualTo("dy1/dt = 0");
        // s1: -(w11 (w11 s1 + w12 s2 - y1) + w21 (w21 s1 + w22 s2 - y2)) has 6 monomials
        assertThat(f.coefficients()[0]).hasSize(6);
        // every w_ab: -(w_a1 s1 s_b + w_a2 s2 s_b - y_a s_b), 3 monomials
        assertThat(f.monomials()).isEqualTo(2 * 6 + 4 * 3);
    }

    @Test
    @DisplayName("compute (uncached): relations of the projection-sg terms and the listed field equations (no sg: via derive in HeadFlowDerivationTest)")
    void computeUncached() {
        HeadFlowTheory sg = HeadFlowDerivation.compute(HeadFlowDerivationTest.SG);
        assertThat(sg).isNotNull();
        assertThat(sg.loss()).isEqualTo(HeadFlowDerivationTest.SG);
        assertThat(sg.stopGradient()).isTrue();
        assertThat(sg.pairLoss2()).isEqualTo(HeadFlowDerivation.expand(HeadFlowDerivationTest.SG.cleanTerm(), 2,
                Bindings.of()));
        assertThat(sg.relations().protectedValue().at(Bindings.of("rho", 0.25))).isCloseTo(0.75, within(1e-14));
        List<String> eq = sg.fieldEquations();
        assertThat(eq).hasSize(sg.relations().perModeField().size() + 3);
        assertThat(eq.get(0)).startsWith("per mode (d = 1, scalar w): ");
        assertThat(eq.get(eq.size() - 1)).startsWith("clean pairs:");
    }

    @Test
    @DisplayName("derive hands back the asked-for loss also for a renamed copy served from the cache")
    void deriveKeepsTheLoss() {
        HeadLoss a = new HeadLoss("first-name", HeadFlowDerivationTest.SG.cleanTerm(),
                HeadFlowDerivationTest.SG.sharedTerm(), Bindings.of());
        HeadLoss b = new HeadLoss("second-name", a.cleanTerm(), a.sharedTerm(), Bindings.of());
        assertThat(HeadFlowDerivation.derive(a).loss()).isEqualTo(a);
        assertThat(HeadFlowDerivation.derive(b).loss()).isEqualTo(b);
        assertThat(HeadFlowDerivation.derive(a).loss()).isEqualTo(a);
        assertThat(HeadFlowDerivation.pairField(a, 2, false).coefficients()[0])
                .containsExactly(HeadFlowDerivation.pairField(b, 2, true).coefficients()[0]);
    }

    @Test
    @DisplayName("typed failures: different clean and shared terms, non-polynomial field, undeclared parameter, non-scalar")
    void failures() {
        HeadLoss differs = new HeadLoss("differs", "1/2*sq[W.s - y]", "sq[W.s - y]", Bindings.of());
        assertThatThrownBy(() -> HeadFlowDerivation.compute(differs)).isInstanceOf(SymbolicException.class)
                .hasMessageContaining("same clean and shared pair term")
                .extracting(e -> ((SymbolicException) e).key()).isEqualTo(SymbolicException.Key.UNSOLVED);
        assertThatThrownBy(() -> HeadFlowDerivation.computeField("Sqrt[1 + sq[W.s - y]]", 1, Bindings.of()))
                .isInstanceOf(SymbolicException.class).hasMessageContaining("not a polynomial")
                .extracting(e -> ((SymbolicException) e).key()).isEqualTo(SymbolicException.Key.NOT_LINEAR);
        assertThatThrownBy(() -> HeadFlowDerivation.computeField("beta*sq[W.s - y]", 1, Bindings.of()))
                .isInstanceOf(SymbolicException.class).hasMessageContaining("not a number")
                .extracting(e -> ((SymbolicException) e).key()).isEqualTo(SymbolicException.Key.NOT_REAL);
        // with the parameter declared the same term is fine and scales linearly
        PolynomialField ok = HeadFlowDerivation.computeField("beta*sq[W.s - y]", 1, Bindings.of("beta", 2.0));
        PolynomialField unit = HeadFlowDerivation.computeField("sq[W.s - y]", 1, Bindings.of());
        double[] v = {0.3, -0.8, 1.7};
        for (int i = 0; i < 3; i++) {
            assertThat(ok.at(v)[i]).isCloseTo(2 * unit.at(v)[i], within(TOL));
        }
        for (String vectorTerm : new String[] {"W.s - y", "Norm[W] + sq[s]"}) {
            assertThatThrownBy(() -> HeadFlowDerivation.computeField(vectorTerm, 2, Bindings.of()))
                    .isInstanceOf(SymbolicException.class).hasMessageContaining("not a scalar")
                    .extracting(e -> ((SymbolicException) e).key()).isEqualTo(SymbolicException.Key.PARSE_ERROR);
        }
    }

    /** A fresh unused parameter value per call: a memo miss, so the memoised path itself runs (also under mutation). */
    private static final java.util.concurrent.atomic.AtomicLong FRESH = new java.util.concurrent.atomic.AtomicLong();

    @Test
    @DisplayName("pairField serves the clean term for clean pairs and the shared term for shared pairs (memo hit and miss)")
    void pairFieldPicksTheTerm() {
        for (int rep = 0; rep < 2; rep++) {
            HeadLoss loss = new HeadLoss("two", "1/2*sq[W.s - y] + 1/2*sq[W.y - s]", "3*(1/2*sq[W.s - y] + 1/2*sq[W.y - s])",
                    Bindings.of("unused", (double) FRESH.incrementAndGet()));
            // a second loss whose clean term is the first one's shared term: the memo must key by the term served
            HeadLoss tripled = new HeadLoss("three", loss.sharedTerm(), loss.sharedTerm(), loss.parameters());
            double[] v = {0.4, -1.1, 0.9};
            double[] clean = HeadFlowDerivation.pairField(loss, 1, true).at(v);
            double[] shared = HeadFlowDerivation.pairField(loss, 1, false).at(v);
            double[] other = HeadFlowDerivation.pairField(tripled, 1, true).at(v);
            double[] want = witness(1, false, v);
            for (int i = 0; i < 3; i++) {
                assertThat(clean[i]).isCloseTo(want[i], within(TOL));
                assertThat(shared[i]).isCloseTo(3 * want[i], within(TOL));
                assertThat(other[i]).isCloseTo(3 * want[i], within(TOL));
            }
        }
    }

    @Test
    @DisplayName("variables: s, y, w at d = 1; s1..sd, y1..yd, w11..wdd (row-major) otherwise")
    void variableNames() {
        assertThat(HeadFlowDerivation.variables(1)).containsExactly("s", "y", "w");
        assertThat(HeadFlowDerivation.variables(2))
                .containsExactly("s1", "s2", "y1", "y2", "w11", "w12", "w21", "w22");
        assertThat(HeadFlowDerivation.variables(3)).hasSize(15).endsWith("w32", "w33");
    }

    @Test
    @DisplayName("expansion text: functions, sq and sg nested with parts, spaces before brackets, parameters")
    void expansionText() {
        Bindings none = Bindings.of();
        assertThat(HeadFlowDerivation.expand("sq[Abs[s - y]]", 1, none))
                .isEqualTo("Total[Flatten[(Abs[{s} - {y}])^2]]");
        assertThat(HeadFlowDerivation.expand("sq[(W.s)[[1]]] + s.y", 2, none))
                .isEqualTo("Total[Flatten[(({{w11,w12},{w21,w22}}.{s1,s2})[[1]])^2]] + {s1,s2}.{y1,y2}");
        assertThat(HeadFlowDerivation.expand("sq [sg [W].s]", 1, none))
                .isEqualTo("Total[Flatten[(({{sg[w]}}).{s})^2]]");
        assertThat(HeadFlowDerivation.expand("sg[sq[y]] * s", 1, none))
                .isEqualTo("(Total[Flatten[({sg[y]})^2]]) * {s}");
        assertThat(HeadFlowDerivation.expand("a*sq[s] + b", 1, Bindings.of("a", 0.5)))
                .isEqualTo("(1/2)*Total[Flatten[({s})^2]] + b");
        assertThat(HeadFlowDerivation.expand("x1]", 1, none)).isEqualTo("x1]");
    }

    @Test
    @DisplayName("parameters become exact rationals equal to the double value, also beyond small denominators and 2^63")
    void rationals() {
        assertThat(HeadFlowDerivation.rational(2.0)).isEqualTo("2/1");
        assertThat(HeadFlowDerivation.rational(-0.75)).isEqualTo("-3/4");
        assertThat(HeadFlowDerivation.rational(1.0 / 7)).isEqualTo("1/7");
        assertThat(HeadFlowDerivation.rational(0.123456789)).isEqualTo("123456789/1000000000");
        for (double v : new double[] {1.0 / 997, 0.123456789, 1e-7, 3.5e12, 1e20, -2.5e30, 1.0 / 1001}) {
            String text = HeadFlowDerivation.rational(v);
            assertThat(Symja.eval("N[" + text + "]").evalf()).as(text).isCloseTo(v, within(Math.abs(v) * 1e-15));
        }
    }
}
