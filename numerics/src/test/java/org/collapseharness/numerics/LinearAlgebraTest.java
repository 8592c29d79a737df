package org.collapseharness.numerics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Exact propagator, linear operators, spectra and sector bases against analytic results")
class LinearAlgebraTest {

    static double[][] randomSymmetric(int n, long seed) {
        Random r = new Random(seed);
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                a[i][j] = a[j][i] = r.nextGaussian();
            }
        }
        return a;
    }

    @Test
    @DisplayName("eigen-propagation equals the analytic solution of a 2x2 flow and Hipparchus' matrix exponential")
    void propagator() {
        ExactLinearPropagator p = new ExactLinearPropagator(new double[][] {{-2, 1}, {1, -2}}, 1);
        double t = 0.7;
        double[] y = p.propagate(new double[] {1, 0}, t);
        // Analytic: eigenvalues -1 (vector (1,1)) and -3 (vector (1,-1)).
        assertThat(y[0]).isCloseTo(0.5 * (Math.exp(-t) + Math.exp(-3 * t)), within(1e-14));
        assertThat(y[1]).isCloseTo(0.5 * (Math.exp(-t) - Math.exp(-3 * t)), within(1e-14));
        assertThat(p.eigenvalues()).containsExactlyInAnyOrder(-1.0, -3.0);
        assertThat(p.quality()).isLessThan(1e-14);
        ExactLinearPropagator random = new ExactLinearPropagator(randomSymmetric(7, 5), 1);
        assertThat(random.quality()).isGreaterThan(0).isLessThan(1e-13);
        for (long seed = 1; seed <= 3; seed++) {
            double[][] a = randomSymmetric(6, seed);
            RealMatrix e = MatrixUtils.matrixExponential(MatrixUtils.createRealMatrix(a).scalarMultiply(0.9));
            double[] y0 = new Random(seed + 10).doubles(12).toArray(); // d = 2, interleaved
            double[] out = new ExactLinearPropagator(a, 2).propagate(y0, 0.9);
            for (int q = 0; q < 2; q++) {
                for (int i = 0; i < 6; i++) {
                    double s = 0;
                    for (int j = 0; j < 6; j++) {
                        s += e.getEntry(i, j) * y0[j * 2 + q];
                    }
                    assertThat(out[i * 2 + q]).isCloseTo(s, within(1e-10 * Math.max(1, Math.abs(s))));
                }
            }
        }
        assertThatThrownBy(() -> new ExactLinearPropagator(new double[][] {{0, 1}, {0, 0}}, 1))
                .isInstanceOf(IllegalArgumentException.class);
        double[] copy = p.eigenvalues();
        copy[0] = 99;
        assertThat(p.eigenvalues()).doesNotContain(99.0);
    }

    @Test
    @DisplayName("assemble() rebuilds the matrix of a linear flow and refuses an affine one; asymmetry measures")
    void operators() {
        double[][] a = {{1, 2}, {3, 4}};
        double[][] got = LinearOperators.assemble(OdeSolverTest.eq(2,
                (t, y) -> new double[] {a[0][0] * y[0] + a[0][1] * y[1], a[1][0] * y[0] + a[1][1] * y[1]}));
        assertThat(got).isDeepEqualTo(a);
        assertThatThrownBy(() -> LinearOperators.assemble(OdeSolverTest.eq(1, (t, y) -> new double[] {y[0] + 1})))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("f(0) != 0");
        assertThat(LinearOperators.asymmetry(a)).isEqualTo(1.0 / 4);
        assertThat(LinearOperators.asymmetry(new double[2][2])).isZero();
        assertThat(LinearOperators.asymmetry(new double[][] {{1, -2}, {-2, 1}})).isZero();
    }

    @Test
    @DisplayName("spectra: symmetric with quality, general with complex pairs, clustering into multiplicities")
    void spectra() {
        NumericSpectrum.Result s = NumericSpectrum.ofSymmetric(new double[][] {{2, 0, 0}, {0, 2, 0}, {0, 0, -1}}, 1e-9);
        assertThat(s.distinctReal()).containsExactly(-1, 2);
        assertThat(s.multiplicities()).containsExactly(1, 2);
        assertThat(s.total()).isEqualTo(3);
        assertThat(s.quality()).isLessThan(1e-15);
        NumericSpectrum.Result rot = NumericSpectrum.ofGeneral(new double[][] {{0, -1}, {1, 0}}, 1e-9);
        assertThat(rot.eigenvalues()).hasSize(2);
        assertThat(rot.eigenvalues().get(0).im()).isCloseTo(-1, within(1e-12));
        assertThat(rot.eigenvalues().get(1).im()).isCloseTo(1, within(1e-12));
        assertThat(rot.quality()).isNaN();
        NumericSpectrum.Result gen = NumericSpectrum.ofGeneral(new double[][] {{-1, 1}, {4, -4}}, 1e-9);
        assertThat(gen.distinctReal()[0]).isCloseTo(-5, within(1e-12));
        assertThat(gen.distinctReal()[1]).isCloseTo(0, within(1e-12));
        // Clustering: relative tolerance times max(1, |lambda|); averaging of the members.
        var c = NumericSpectrum.cluster(new double[][] {{1000, 0}, {1000.5, 0}, {1002, 0}, {0, 0}, {0.0005, 0}},
                1e-3);
        assertThat(c).extracting(Eigenpair::multiplicity).containsExactly(2, 2, 1);
        assertThat(c.get(0).re()).isCloseTo(0.00025, within(1e-15));
        assertThat(c.get(1).re()).isCloseTo(1000.25, within(1e-12));
        assertThat(NumericSpectrum.cluster(new double[0][], 1e-3)).isEmpty();
        // Complex pairs cluster with their imaginary parts averaged.
        var pairs = NumericSpectrum.cluster(new double[][] {{-1, 2}, {-1, -2}, {-1, 2.0000001}, {-1, -2.0000001}}, 1e-3);
        assertThat(pairs).extracting(Eigenpair::multiplicity).containsExactly(2, 2);
        assertThat(pairs.get(0).im()).isCloseTo(-2.00000005, within(1e-12));
        assertThat(pairs.get(1).im()).isCloseTo(2.00000005, within(1e-12));
        assertThat(pairs.get(1).re()).isEqualTo(-1.0);
        // Quality is relative: a matrix of norm 1e8 still decomposes to ~1e-16.
        double[][] big = randomSymmetric(6, 3);
        for (double[] row : big) {
            for (int j = 0; j < row.length; j++) {
                row[j] *= 1e8;
            }
        }
        assertThat(NumericSpectrum.symmetric(big).quality()).isLessThan(1e-13);
        var sym = NumericSpectrum.symmetric(randomSymmetric(5, 7));
        assertThat(sym.quality()).isLessThan(1e-13).isGreaterThanOrEqualTo(0);
        assertThat(NumericSpectrum.symmetric(new double[2][2]).quality()).isZero();
    }

    @Test
    @DisplayName("Helmert contrasts are orthonormal and sum to zero; sector bases are orthonormal and complete")
    void sectorBases() {
        assertThat(SectorBasis.helmert(1)).isEmpty();
        assertThat(SectorBasis.helmert(0)).isEmpty();
        for (int p = 2; p <= 6; p++) {
            double[][] h = SectorBasis.helmert(p);
            assertThat(h).hasNumberOfRows(p - 1);
            for (int i = 0; i < h.length; i++) {
                assertThat(java.util.Arrays.stream(h[i]).sum()).isCloseTo(0, within(1e-14));
                for (int j = 0; j < h.length; j++) {
                    assertThat(dot(h[i], h[j])).isCloseTo(i == j ? 1 : 0, within(1e-14));
                }
            }
        }
        for (int[] g : new int[][] {{2, 1, 0}, {3, 4, 2}, {4, 3, 5}, {2, 2, 1}}) {
            ParticleLayout l = new ParticleLayout(g[0], g[1], g[2], 2);
            java.util.List<double[]> all = new java.util.ArrayList<>();
            for (String s : new String[] {"I", "II", "III"}) {
                double[][] b = SectorBasis.of(l, s);
                all.addAll(java.util.List.of(b));
                if (b.length > 0) {
                    SectorBasis.Restriction r = SectorBasis.restrict(new MinimalModelFlow(l.perCoordinate()), b);
                    assertThat(r.invarianceResidual()).isLessThan(1e-13);
                    assertThat(r.matrix()).hasNumberOfRows(b.length);
                }
            }
            assertThat(all).hasSize(l.perCoordinate().size());
            for (int i = 0; i < all.size(); i++) {
                for (int j = 0; j < all.size(); j++) {
                    assertThat(dot(all.get(i), all.get(j))).isCloseTo(i == j ? 1 : 0, within(1e-13));
                }
            }
            assertThat(SectorBasis.of(l, "II")).hasNumberOfRows(2 * (g[0] - 1));
            assertThat(SectorBasis.of(l, "III")).hasNumberOfRows(g[2] > 0 ? 3 : 2);
            assertThat(SectorBasis.of(l, "I")).hasNumberOfRows(g[0] * (g[1] - 1) + Math.max(0, g[2] - 1));
        }
        assertThatThrownBy(() -> SectorBasis.of(new ParticleLayout(2, 1, 0, 1), "IV"))
                .isInstanceOf(IllegalArgumentException.class);
        // A span that is not invariant has a residual; the identity flow restricts to the identity.
        ParticleLayout l = new ParticleLayout(3, 2, 1, 1);
        double[][] ii = SectorBasis.of(l, "II");
        assertThat(SectorBasis.restrict(new MinimalModelFlow(l), new double[][] {ii[0]}).invarianceResidual())
                .isGreaterThan(1e-3);
        var id = SectorBasis.restrict(OdeSolverTest.eq(l.size(), (t, y) -> y.clone()), ii);
        for (int i = 0; i < ii.length; i++) {
            for (int j = 0; j < ii.length; j++) {
                assertThat(id.matrix()[i][j]).isCloseTo(i == j ? 1 : 0, within(1e-14));
            }
        }
        assertThat(SectorBasis.restrict(OdeSolverTest.eq(l.size(), (t, y) -> new double[y.length]), ii)
                .invarianceResidual()).isZero();
        // Residual by hand: f = 2 * swap on R^2, span{e1}: the image 2 e2 leaks completely -> relative residual 1.
        var swap = SectorBasis.restrict(OdeSolverTest.eq(2, (t, y) -> new double[] {2 * y[1], 2 * y[0]}),
                new double[][] {{1, 0}});
        assertThat(swap.invarianceResidual()).isEqualTo(1.0);
        assertThat(swap.matrix()[0][0]).isZero();
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
