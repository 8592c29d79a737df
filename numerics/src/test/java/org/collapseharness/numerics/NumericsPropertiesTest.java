package org.collapseharness.numerics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Invariants of the §3 flow that hold for all model sizes and states (seeded parameter draws, corners included). */
class NumericsPropertiesTest {

    static double[] velocity(ParticleLayout l, double[] y) {
        return new MinimalModelFlow(l).computeDerivatives(0, y);
    }

    @ParameterizedTest(name = "k={0}, n={1}, m={2}, d={3}, seed={4}")
    @MethodSource("totalEmbeddingSumIsConservedCases")
    void totalEmbeddingSumIsConserved(int k, int n, int m, int d, long seed) {
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

    @ParameterizedTest(name = "k={0}, n={1}, m={2}, d={3}, seed={4}")
    @MethodSource("flowCommutesWithPermutationsOfClassesAndSamplesCases")
    void flowCommutesWithPermutationsOfClassesAndSamples(int k, int n, int m, int d, long seed) {
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

    @ParameterizedTest(name = "k={0}, n={1}, m={2}")
    @MethodSource("jacobianIsSymmetricNegativeSemidefiniteCases")
    void jacobianIsSymmetricNegativeSemidefinite(int k, int n, int m) {
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

    static Stream<Arguments> totalEmbeddingSumIsConservedCases() {
        return cases(60, new long[] {2, 6}, new long[] {1, 6}, new long[] {0, 6}, new long[] {1, 3}, null);
    }

    static Stream<Arguments> flowCommutesWithPermutationsOfClassesAndSamplesCases() {
        return cases(40, new long[] {2, 5}, new long[] {1, 5}, new long[] {0, 5}, new long[] {1, 2}, null);
    }

    static Stream<Arguments> jacobianIsSymmetricNegativeSemidefiniteCases() {
        return cases(30, new long[] {2, 4}, new long[] {1, 4}, new long[] {0, 4});
    }
}
