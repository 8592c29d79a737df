package org.collapseharness.theory.symbolic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.collapseharness.theory.Bindings;
import org.collapseharness.theory.HeadFlowTheory;
import org.collapseharness.theory.HeadLoss;
import org.collapseharness.theory.PolynomialField;
import org.collapseharness.theory.SymbolicException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The head pipeline for variant files (species head): expansion, polynomial field, steady-state relations. */
class HeadFlowDerivationTest {
    static final HeadLoss SG = new HeadLoss("projection-sg", "1/2*sq[W.s - sg[y]] + 1/2*sq[W.y - sg[s]]",
            "1/2*sq[W.s - sg[y]] + 1/2*sq[W.y - sg[s]]", Bindings.of());
    static final HeadLoss NO_SG = new HeadLoss("projection", "1/2*sq[W.s - y] + 1/2*sq[W.y - s]",
            "1/2*sq[W.s - y] + 1/2*sq[W.y - s]", Bindings.of());

    @Test
    @DisplayName("vector terms written out at d = 2 are the built-in §4 pair losses, and not the sg-toggled ones")
    void expansionMatchesBuiltin() {
        assertThat(HeadFlowDerivation.sameAsBuiltin(SG, true)).isTrue();
        assertThat(HeadFlowDerivation.sameAsBuiltin(SG, false)).isFalse();
        assertThat(HeadFlowDerivation.sameAsBuiltin(NO_SG, false)).isTrue();
        assertThat(HeadFlowDerivation.sameAsBuiltin(NO_SG, true)).isFalse();
        assertThat(HeadFlowDerivation.expand("sq[sg[W.y] - s]", 1, Bindings.of()))
                .isEqualTo("Total[Flatten[(({{sg[w]}}.{sg[y]}) - {s})^2]]");
    }

    @Test
    @DisplayName("the pair field at d = 3 equals a hand-typed witness (labelled) at random points, with and without sg")
    void pairFieldVsHandTypedWitness() {
        Random r = new Random(7);
        for (HeadLoss loss : new HeadLoss[] {SG, NO_SG}) {
            boolean sg = loss == SG;
            PolynomialField f = HeadFlowDerivation.pairField(loss, 3, true);
            assertThat(f.variables()).hasSize(15);
            for (int trial = 0; trial < 10; trial++) {
                double[] v = new double[15];
                for (int i = 0; i < v.length; i++) {
                    v[i] = r.nextGaussian();
                }
                double[] got = f.at(v);
                // Hand-typed witness: r1 = W s − y, r2 = W y − s; ṡ = −Wᵀr1 (+ r2 without sg), ẏ = −Wᵀr2 (+ r1),
                // Ẇ = −r1 sᵀ − r2 yᵀ.
                double[] r1 = new double[3];
                double[] r2 = new double[3];
                for (int a = 0; a < 3; a++) {
                    r1[a] = -v[3 + a];
                    r2[a] = -v[a];
                    for (int b = 0; b < 3; b++) {
                        r1[a] += v[6 + 3 * a + b] * v[b];
                        r2[a] += v[6 + 3 * a + b] * v[3 + b];
                    }
                }
                for (int b = 0; b < 3; b++) {
                    double ds = sg ? 0 : r2[b];
                    double dy = sg ? 0 : r1[b];
                    for (int a = 0; a < 3; a++) {
                        ds -= v[6 + 3 * a + b] * r1[a];
                        dy -= v[6 + 3 * a + b] * r2[a];
                    }
                    assertThat(got[b]).isCloseTo(ds, within(1e-12));
                    assertThat(got[3 + b]).isCloseTo(dy, within(1e-12));
                }
                for (int a = 0; a < 3; a++) {
                    for (int b = 0; b < 3; b++) {
                        assertThat(got[6 + 3 * a + b]).isCloseTo(-r1[a] * v[b] - r2[a] * v[3 + b], within(1e-12));
                    }
                }
            }
        }
    }

    @Test
    @DisplayName("relations: sg gives the bias operator W.W with protected value 1 − ρ; no sg the bound 1 − ρ")
    void relations() {
        HeadFlowTheory sg = HeadFlowDerivation.derive(SG);
        assertThat(sg.protectedSpectrum()).isTrue();
        assertThat(sg.relations().biasOperator().text()).isEqualTo("W.W");
        for (double rho : new double[] {0.1, 0.37, 0.8}) {
            assertThat(sg.relations().protectedValue().at(Bindings.of("rho", rho))).isCloseTo(1 - rho, within(1e-14));
        }
        HeadFlowTheory no = HeadFlowDerivation.derive(NO_SG);
        assertThat(no.protectedSpectrum()).isFalse();
        assertThat(no.relations().tBound().at(Bindings.of("rho", 0.37))).isCloseTo(0.63, within(1e-14));
    }

    @Test
    @DisplayName("parameters enter as exact rationals; a weighted term scales the field")
    void parameters() {
        HeadLoss weighted = new HeadLoss("w", "beta*(1/2*sq[W.s - sg[y]] + 1/2*sq[W.y - sg[s]])",
                "beta*(1/2*sq[W.s - sg[y]] + 1/2*sq[W.y - sg[s]])", Bindings.of("beta", 1.0 / 3));
        assertThat(HeadFlowDerivation.rational(1.0 / 3)).isEqualTo("1/3");
        assertThat(HeadFlowDerivation.rational(0.25)).isEqualTo("1/4");
        PolynomialField a = HeadFlowDerivation.pairField(weighted, 2, true);
        PolynomialField b = HeadFlowDerivation.pairField(SG, 2, true);
        double[] v = {0.3, -1.2, 0.7, 0.4, 1.1, -0.2, 0.5, 0.9};
        double[] fa = a.at(v);
        double[] fb = b.at(v);
        for (int i = 0; i < fa.length; i++) {
            assertThat(fa[i]).isCloseTo(fb[i] / 3, within(1e-14));
        }
    }

    @Test
    @DisplayName("a term that is a vector, not a scalar, is rejected with a typed error")
    void vectorTermRejected() {
        HeadLoss bad = new HeadLoss("bad", "(W.s - y)^2", "(W.s - y)^2", Bindings.of());
        assertThatThrownBy(() -> HeadFlowDerivation.derive(bad)).isInstanceOf(SymbolicException.class)
                .hasMessageContaining("not a scalar");
    }
}
