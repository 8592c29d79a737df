package org.collapseharness.numerics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Invariants of the §3 flow that hold for all model sizes and states (jqwik, fixed seeds, modest try counts). */
class NumericsPropertiesTest {

    static double[] velocity(ParticleLayout l, double[] y) {
        return new MinimalModelFlow(l).computeDerivatives(0, y);
    }

    @Property(tries = 60, seed = "20260409")
    void totalEmbeddingSumIsConserved(@ForAll @IntRange(min = 2, max = 6) int k, @ForAll @IntRange(min = 1, max = 6) int n,
                                      @ForAll @IntRange(min = 0, max = 6) int m, @ForAll @IntRange(min = 1, max = 3) int d,
                                      @ForAll long seed) {
        ParticleLayout l = new ParticleLayout(k, n, m, d);
        double[] y = InitialStates.gaussian(l.size(), seed, 3.0);
        double[] v = velocity(l, y);
        for (int q = 0; q < d; q++) {
            double s = 0;
            double scale = 0;
            for (int i = q; i < v.length; i += d) {
                s += v[i];
                scale += Math.abs(v[i]);
            }
            assertThat(s).isCloseTo(0, within(1e-12 * Math.max(1, scale)));
        }
    }

    @Property(tries = 40, seed = "20260409")
    void flowCommutesWithPermutationsOfClassesAndSamples(@ForAll @IntRange(min = 2, max = 5) int k,
                                                         @ForAll @IntRange(min = 1, max = 5) int n,
                                                         @ForAll @IntRange(min = 0, max = 5) int m,
                                                         @ForAll @IntRange(min = 1, max = 2) int d,
                                                         @ForAll long seed) {
        ParticleLayout l = new ParticleLayout(k, n, m, d);
        Random r = new Random(seed);
        int[] classPerm = perm(k, r);
        int[][] samplePerm = new int[k][];
        for (int c = 0; c < k; c++) {
            samplePerm[c] = perm(n, r);
        }
        int[] sharedPerm = perm(m, r);
        // vector permutation P: clean (c,i) -> (classPerm[c], samplePerm[c][i]); shared s -> sharedPerm[s]; label c -> classPerm[c]
        int[] target = new int[l.vectors()];
        for (int c = 0; c < k; c++) {
            for (int i = 0; i < n; i++) {
                target[l.clean(c, i) / d] = l.clean(classPerm[c], samplePerm[c][i]) / d;
            }
            target[l.label(c) / d] = l.label(classPerm[c]) / d;
        }
        for (int s = 0; s < m; s++) {
            target[l.shared(s) / d] = l.shared(sharedPerm[s]) / d;
        }
        double[] y = InitialStates.gaussian(l.size(), seed, 1.0);
        double[] py = apply(target, y, d);
        double[] lhs = velocity(l, py);
        double[] rhs = apply(target, velocity(l, y), d);
        for (int i = 0; i < lhs.length; i++) {
            assertThat(lhs[i]).isCloseTo(rhs[i], within(1e-12));
        }
        assertThat(new MinimalModelFlow(l).loss(py)).isCloseTo(new MinimalModelFlow(l).loss(y), within(1e-9));
        assertThat(Metrics.minL2(l, py)).isCloseTo(Metrics.minL2(l, y), within(1e-12));
        assertThat(Metrics.accuracy(l, py)).isEqualTo(Metrics.accuracy(l, y));
    }

    @Property(tries = 30, seed = "20260409")
    void jacobianIsSymmetricNegativeSemidefinite(@ForAll @IntRange(min = 2, max = 4) int k,
                                                 @ForAll @IntRange(min = 1, max = 4) int n,
                                                 @ForAll @IntRange(min = 0, max = 4) int m) {
        double[][] a = LinearOperators.assemble(new MinimalModelFlow(new ParticleLayout(k, n, m, 1)));
        assertThat(LinearOperators.asymmetry(a)).isZero();
        double[] ev = NumericSpectrum.symmetric(a).values();
        for (double v : ev) {
            assertThat(v).isLessThan(1e-10);
        }
    }

    static int[] perm(int size, Random r) {
        int[] p = new int[size];
        for (int i = 0; i < size; i++) {
            p[i] = i;
        }
        for (int i = size - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    static double[] apply(int[] target, double[] y, int d) {
        double[] out = new double[y.length];
        for (int v = 0; v < target.length; v++) {
            System.arraycopy(y, v * d, out, target[v] * d, d);
        }
        return out;
    }
}
