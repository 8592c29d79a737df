package org.collapseharness.theory;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.collapseharness.theory.symbolic.LinearFlowDerivation;
import org.collapseharness.theory.symbolic.SgCalculus;
import org.collapseharness.theory.symbolic.Symja;

/** Invariants of the derived theory that hold for all parameters (jqwik, fixed seeds, modest try counts). */
class TheoryPropertiesTest {

    static final LinearFlowTheory TH = LinearFlowDerivation.derive(PairLoss.minimal());

    @Property(tries = 60, seed = "20260409")
    void sectorMultiplicitiesAddUpToTheDimension(@ForAll @IntRange(min = 2, max = 12) int k,
                                                 @ForAll @IntRange(min = 1, max = 60) int n,
                                                 @ForAll @IntRange(min = 0, max = 60) int m,
                                                 @ForAll @IntRange(min = 1, max = 4) int d) {
        MinimalModel model = new MinimalModel(k, n, m, d);
        int sum = TH.spectrumAt(model).stream().mapToInt(SectorSpectrum::dimension).sum();
        assertThat(sum).isEqualTo(model.variables());
        assertThat(TH.fullSpectrumAt(model).dimension()).isEqualTo(model.variables());
    }

    @Property(tries = 40, seed = "20260409")
    void spectrumIsStableWithExactlyOneZeroModePerCoordinate(@ForAll @IntRange(min = 2, max = 12) int k,
                                                             @ForAll @IntRange(min = 1, max = 60) int n,
                                                             @ForAll @IntRange(min = 1, max = 60) int m) {
        SectorSpectrum all = TH.fullSpectrumAt(new MinimalModel(k, n, m, 1));
        int zeros = 0;
        for (int i = 0; i < all.eigenvalues().length; i++) {
            assertThat(all.eigenvalues()[i]).isLessThan(1e-12);
            if (Math.abs(all.eigenvalues()[i]) < 1e-12) {
                zeros += all.multiplicities()[i];
            }
        }
        assertThat(zeros).isEqualTo(1);
    }

    @Property(tries = 40, seed = "20260409")
    void slowRateLiesBetweenZeroAndRhoTimesOnePlusOneOverN(@ForAll @IntRange(min = 2, max = 8) int k,
                                                           @ForAll @IntRange(min = 1, max = 200) int n,
                                                           @ForAll @IntRange(min = 1, max = 200) int m) {
        MinimalModel model = new MinimalModel(k, n, m, 1);
        double slow = TH.slowEigenvalue().at(model.bindings());
        // Interlacing bound of the 2x2 sector-II matrix: -min(1, m) <= slow < 0.
        assertThat(slow).isNegative().isGreaterThanOrEqualTo(-1.0);
        assertThat(TH.fastEigenvalue().at(model.bindings())).isLessThanOrEqualTo(-(n + m));
    }

    @Property(tries = 20, seed = "20260409")
    void derivativesThroughStopGradientVanish(@ForAll @IntRange(min = -5, max = 5) int a,
                                              @ForAll @IntRange(min = -5, max = 5) int b,
                                              @ForAll @IntRange(min = 1, max = 3) int p) {
        // L = (a s + b sg[y])^(p+1) / (p+1): y receives nothing; s receives the full chain rule with sg(y) = y.
        String loss = "(" + a + "*s + " + b + "*sg[y])^" + (p + 1) + "/" + (p + 1);
        assertThat(Symja.isZero(SgCalculus.d(Symja.eval(loss), "y"))).isTrue();
        assertThat(Symja.isZero(Symja.eval("(#0) - " + a + "*(" + a + "*s + " + b + "*y)^" + p,
                SgCalculus.d(Symja.eval(loss), "s")))).isTrue();
        // Control: without sg the y-derivative is b (a s + b y)^p, zero only when b = 0.
        String plain = "(" + a + "*s + " + b + "*y)^" + (p + 1) + "/" + (p + 1);
        assertThat(Symja.isZero(SgCalculus.d(Symja.eval(plain), "y"))).isEqualTo(b == 0);
    }
}
