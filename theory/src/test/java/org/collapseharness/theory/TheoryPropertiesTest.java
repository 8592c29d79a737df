package org.collapseharness.theory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.collapseharness.theory.symbolic.LinearFlowDerivation;
import org.collapseharness.theory.symbolic.ProjectionDerivation;
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

    static final ProjectionTheory NO_SG = ProjectionDerivation.derive(false);
    static final ProjectionTheory SG = ProjectionDerivation.derive(true);

    /** Eigenvalues (re, im) of a 2×2 matrix from its trace and determinant (an independent, closed-form route). */
    static double[][] eig2(double[][] t) {
        double tr = t[0][0] + t[1][1];
        double det = t[0][0] * t[1][1] - t[0][1] * t[1][0];
        double disc = tr * tr / 4 - det;
        if (disc >= 0) {
            return new double[][] {{tr / 2 + Math.sqrt(disc), 0}, {tr / 2 - Math.sqrt(disc), 0}};
        }
        return new double[][] {{tr / 2, Math.sqrt(-disc)}, {tr / 2, -Math.sqrt(-disc)}};
    }

    /**
     * §4.1 spectral bound (claim 4.1-b, here for all W): without sg the label-mean operator T(W, ρ) has a real,
     * non-negative spectrum whose radius never exceeds the derived sup_w T = 1 − ρ, for every d = 2 head W (not only
     * symmetric ones) and every ρ. The sg operator (1 − ρ) W⁻² is the control: it exceeds the bound for small W.
     */
    @Property(tries = 60, seed = "20260409")
    void operatorTSpectrumIsBoundedByTheDerivedBound(@ForAll @IntRange(min = -30, max = 30) int a,
                                                     @ForAll @IntRange(min = -30, max = 30) int b,
                                                     @ForAll @IntRange(min = -30, max = 30) int c,
                                                     @ForAll @IntRange(min = -30, max = 30) int e,
                                                     @ForAll @IntRange(min = 1, max = 9) int rhoTenths) {
        double[][] w = {{a / 10.0, b / 10.0}, {c / 10.0, e / 10.0}};
        double rho = rhoTenths / 10.0;
        double bound = NO_SG.tBound().at(Bindings.of("rho", rho));
        assertThat(bound).isCloseTo(1 - rho, within(1e-12));
        double[][] t = NO_SG.operatorT(w, rho);
        if (t == null) {
            return; // singular blocks: T undefined at this W
        }
        for (double[] ev : eig2(t)) {
            assertThat(Math.hypot(ev[0], ev[1])).isLessThanOrEqualTo(bound * (1 + 1e-9));
            assertThat(Math.abs(ev[1])).isLessThan(1e-8);
            assertThat(ev[0]).isGreaterThan(-1e-10);
        }
    }

    @Property(tries = 20, seed = "20260409")
    void theStopGradientOperatorViolatesTheNoSgBound(@ForAll @IntRange(min = 1, max = 9) int scaleTenths,
                                                     @ForAll @IntRange(min = 1, max = 9) int rhoTenths) {
        double s = scaleTenths / 20.0; // |W| < 1/2: (1 − ρ)/s² > 1 − ρ
        double rho = rhoTenths / 10.0;
        double[][] ts = SG.operatorT(new double[][] {{s, 0}, {0, s}}, rho);
        double rad = 0;
        for (double[] ev : eig2(ts)) {
            rad = Math.max(rad, Math.hypot(ev[0], ev[1]));
        }
        assertThat(rad).isGreaterThan(1 - rho);
    }
}
