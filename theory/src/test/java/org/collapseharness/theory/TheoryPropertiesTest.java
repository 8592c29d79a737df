package org.collapseharness.theory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.collapseharness.theory.symbolic.LinearFlowDerivation;
import org.collapseharness.theory.symbolic.ProjectionDerivation;
import org.collapseharness.theory.symbolic.SgCalculus;
import org.collapseharness.theory.symbolic.Symja;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Invariants of the derived theory that hold for all parameters (seeded parameter draws, corners included). */
class TheoryPropertiesTest {

    static final LinearFlowTheory TH = LinearFlowDerivation.derive(PairLoss.minimal());

    @ParameterizedTest(name = "k={0}, n={1}, m={2}, d={3}")
    @MethodSource("sectorMultiplicitiesAddUpToTheDimensionCases")
    void sectorMultiplicitiesAddUpToTheDimension(int k, int n, int m, int d) {
        MinimalModel model = new MinimalModel(k, n, m, d);
        int sum = TH.spectrumAt(model).stream().mapToInt(SectorSpectrum::dimension).sum();
        assertThat(sum).isEqualTo(model.variables());
        assertThat(TH.fullSpectrumAt(model).dimension()).isEqualTo(model.variables());
    }

    @ParameterizedTest(name = "k={0}, n={1}, m={2}")
    @MethodSource("spectrumIsStableWithExactlyOneZeroModePerCoordinateCases")
    void spectrumIsStableWithExactlyOneZeroModePerCoordinate(int k, int n, int m) {
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

    @ParameterizedTest(name = "k={0}, n={1}, m={2}")
    @MethodSource("slowRateLiesBetweenZeroAndRhoTimesOnePlusOneOverNCases")
    void slowRateLiesBetweenZeroAndRhoTimesOnePlusOneOverN(int k, int n, int m) {
        MinimalModel model = new MinimalModel(k, n, m, 1);
        double slow = TH.slowEigenvalue().at(model.bindings());
        // Interlacing bound of the 2x2 sector-II matrix: -min(1, m) <= slow < 0.
        assertThat(slow).isNegative().isGreaterThanOrEqualTo(-1.0);
        assertThat(TH.fastEigenvalue().at(model.bindings())).isLessThanOrEqualTo(-(n + m));
    }

    @ParameterizedTest(name = "a={0}, b={1}, p={2}")
    @MethodSource("derivativesThroughStopGradientVanishCases")
    void derivativesThroughStopGradientVanish(int a, int b, int p) {
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
    @ParameterizedTest(name = "a={0}, b={1}, c={2}, e={3}, rhoTenths={4}")
    @MethodSource("operatorTSpectrumIsBoundedByTheDerivedBoundCases")
    void operatorTSpectrumIsBoundedByTheDerivedBound(int a, int b, int c, int e, int rhoTenths) {
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

    @ParameterizedTest(name = "scaleTenths={0}, rhoTenths={1}")
    @MethodSource("theStopGradientOperatorViolatesTheNoSgBoundCases")
    void theStopGradientOperatorViolatesTheNoSgBound(int scaleTenths, int rhoTenths) {
        double s = scaleTenths / 20.0; // |W| < 1/2: (1 − ρ)/s² > 1 − ρ
        double rho = rhoTenths / 10.0;
        double[][] ts = SG.operatorT(new double[][] {{s, 0}, {0, s}}, rho);
        double rad = 0;
        for (double[] ev : eig2(ts)) {
            rad = Math.max(rad, Math.hypot(ev[0], ev[1]));
        }
        assertThat(rad).isGreaterThan(1 - rho);
    }

    /**
     * {@code count} deterministic argument tuples: the lower corner, the upper corner, then uniform draws from
     * {@code Random(20260409)}. Each range is {min, max} (inclusive) of an int argument; {@code null} draws any long.
     */
    static Stream<Arguments> cases(int count, long[]... ranges) {
        Random r = new Random(20260409L);
        List<Arguments> out = new ArrayList<>();
        for (int c = 0; c < count; c++) {
            Object[] args = new Object[ranges.length];
            for (int i = 0; i < ranges.length; i++) {
                long[] range = ranges[i];
                if (range == null) {
                    args[i] = r.nextLong();
                } else {
                    args[i] = (int) (c == 0 ? range[0] : c == 1 ? range[1]
                            : range[0] + r.nextInt((int) (range[1] - range[0] + 1)));
                }
            }
            out.add(Arguments.of(args));
        }
        return out.stream();
    }

    static Stream<Arguments> sectorMultiplicitiesAddUpToTheDimensionCases() {
        return cases(60, new long[] {2, 12}, new long[] {1, 60}, new long[] {0, 60}, new long[] {1, 4});
    }

    static Stream<Arguments> spectrumIsStableWithExactlyOneZeroModePerCoordinateCases() {
        return cases(40, new long[] {2, 12}, new long[] {1, 60}, new long[] {1, 60});
    }

    static Stream<Arguments> slowRateLiesBetweenZeroAndRhoTimesOnePlusOneOverNCases() {
        return cases(40, new long[] {2, 8}, new long[] {1, 200}, new long[] {1, 200});
    }

    static Stream<Arguments> derivativesThroughStopGradientVanishCases() {
        return cases(20, new long[] {-5, 5}, new long[] {-5, 5}, new long[] {1, 3});
    }

    static Stream<Arguments> operatorTSpectrumIsBoundedByTheDerivedBoundCases() {
        return cases(60, new long[] {-30, 30}, new long[] {-30, 30}, new long[] {-30, 30}, new long[] {-30, 30}, new long[] {1, 9});
    }

    static Stream<Arguments> theStopGradientOperatorViolatesTheNoSgBoundCases() {
        return cases(20, new long[] {1, 9}, new long[] {1, 9});
    }
}
