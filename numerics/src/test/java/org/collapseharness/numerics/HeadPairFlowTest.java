package org.collapseharness.numerics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The variant-file projection-head flow, assembled from per-pair polynomial fields, against the hand-written
 * {@link ProjectionFlow}. numerics does not depend on theory, so the pair fields are built here: the projection
 * (-sg) pair velocities expanded by hand into monomials of s1..sd, y1..yd, w11..wdd (second witness, labelled).
 */
@DisplayName("HeadPairFlow: polynomial pair fields reproduce the projection(-sg) flow")
class HeadPairFlowTest {

    private static final double TOL = 1e-12; // round-off of O(1)-sized sums of a few hundred products

    /** Polynomial with merged monomials: exponent vector -> coefficient. */
    private static final class Poly {
        final int nv;
        final Map<List<Integer>, Double> terms = new LinkedHashMap<>();

        Poly(int nv) {
            this.nv = nv;
        }

        void add(double coef, int... vars) {
            Integer[] e = new Integer[nv];
            Arrays.fill(e, 0);
            for (int v : vars) {
                e[v]++;
            }
            terms.merge(List.of(e), coef, Double::sum);
        }
    }

    /**
     * Second witness, expanded by hand from r1 = W s - y, r2 = W y - s: ṡ = -Wᵀ r1 (+ r2), ẏ = -Wᵀ r2 (+ r1),
     * Ẇ = -r1 sᵀ - r2 yᵀ (the bracketed terms only without stop-gradient).
     */
    static HeadPairFlow.PairField projectionField(int d, boolean sg) {
        int nv = 2 * d + d * d;
        Poly[] out = new Poly[nv];
        for (int j = 0; j < nv; j++) {
            out[j] = new Poly(nv);
        }
        for (int b = 0; b < d; b++) {
            for (int a = 0; a < d; a++) {
                for (int c = 0; c < d; c++) {
                    out[b].add(-1, w(d, a, b), w(d, a, c), c);          // -W_ab W_ac s_c
                    out[d + b].add(-1, w(d, a, b), w(d, a, c), d + c);  // -W_ab W_ac y_c
                }
                out[b].add(1, w(d, a, b), d + a);                      // +W_ab y_a
                out[d + b].add(1, w(d, a, b), a);                      // +W_ab s_a
            }
            if (!sg) {
                for (int c = 0; c < d; c++) {
                    out[b].add(1, w(d, b, c), d + c);                  // +W_bc y_c
                    out[d + b].add(1, w(d, b, c), c);                  // +W_bc s_c
                }
                out[b].add(-1, b);                                     // -s_b
                out[d + b].add(-1, d + b);                             // -y_b
            }
        }
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < d; b++) {
                Poly p = out[2 * d + a * d + b];
                for (int c = 0; c < d; c++) {
                    p.add(-1, w(d, a, c), c, b);                       // -W_ac s_c s_b
                    p.add(-1, w(d, a, c), d + c, d + b);               // -W_ac y_c y_b
                }
                p.add(1, d + a, b);                                    // +y_a s_b
                p.add(1, a, d + b);                                    // +s_a y_b
            }
        }
        double[][] coef = new double[nv][];
        int[][][] exps = new int[nv][][];
        for (int j = 0; j < nv; j++) {
            coef[j] = new double[out[j].terms.size()];
            exps[j] = new int[out[j].terms.size()][];
            int k = 0;
            for (Map.Entry<List<Integer>, Double> t : out[j].terms.entrySet()) {
                coef[j][k] = t.getValue();
                exps[j][k] = t.getKey().stream().mapToInt(Integer::intValue).toArray();
                k++;
            }
        }
        return new HeadPairFlow.PairField(d, coef, exps);
    }

    private static int w(int d, int a, int b) {
        return 2 * d + a * d + b;
    }

    private static HeadPairFlow.PairField zeroField(int d) {
        int nv = 2 * d + d * d;
        return new HeadPairFlow.PairField(d, new double[nv][0], new int[nv][0][]);
    }

    private static double[] randomState(int n, long seed) {
        Random r = new Random(seed);
        double[] u = new double[n];
        for (int i = 0; i < n; i++) {
            u[i] = r.nextGaussian();
        }
        return u;
    }

    @Test
    @DisplayName("the projection and projection-sg pair fields give exactly ProjectionFlow's velocities (d = 1, 2, 3)")
    void matchesProjectionFlow() {
        ParticleLayout[] layouts = {new ParticleLayout(3, 2, 2, 2), new ParticleLayout(2, 3, 1, 3),
            new ParticleLayout(4, 1, 3, 1), new ParticleLayout(2, 2, 0, 2)};
        long seed = 11;
        for (ParticleLayout l : layouts) {
            for (boolean sg : new boolean[] {true, false}) {
                HeadPairFlow.PairField f = projectionField(l.dim(), sg);
                HeadPairFlow head = new HeadPairFlow(l, f, f);
                ProjectionFlow hand = new ProjectionFlow(l, sg);
                assertThat(head.getDimension()).isEqualTo(hand.getDimension())
                        .isEqualTo(l.size() + l.dim() * l.dim());
                assertThat(head.wOffset()).isEqualTo(hand.wOffset()).isEqualTo(l.size());
                assertThat(head.layout()).isEqualTo(l);
                for (int rep = 0; rep < 3; rep++) {
                    double[] u = randomState(head.getDimension(), seed++);
                    double[] a = head.computeDerivatives(0.0, u);
                    double[] b = hand.computeDerivatives(0.0, u);
                    assertThat(a).hasSize(b.length);
                    for (int i = 0; i < a.length; i++) {
                        assertThat(a[i]).as("component %d, %s, sg=%s", i, l, sg).isCloseTo(b[i], within(TOL));
                    }
                    assertThat(head.w(u)).isDeepEqualTo(hand.w(u));
                    assertThat(head.labels(u)).isDeepEqualTo(hand.labels(u));
                }
            }
        }
    }

    @Test
    @DisplayName("clean pairs use the clean field, shared pairs the shared field; per-pair velocities add up")
    void cleanAndSharedFieldsAreAssembledSeparately() {
        ParticleLayout l = new ParticleLayout(3, 2, 2, 2);
        int d = l.dim();
        HeadPairFlow.PairField withSg = projectionField(d, true);
        HeadPairFlow.PairField plain = projectionField(d, false);
        HeadPairFlow mixed = new HeadPairFlow(l, withSg, plain);
        ProjectionFlow oneSg = new ProjectionFlow(ParticleLayout.singlePair(d), true);
        ProjectionFlow onePlain = new ProjectionFlow(ParticleLayout.singlePair(d), false);
        double[] u = randomState(mixed.getDimension(), 5);
        // independent assembly: one single-pair ProjectionFlow per pair, state (s, y, W)
        double[] expected = new double[u.length];
        int w0 = l.size();
        for (int c = 0; c < l.classes(); c++) {
            for (int j = 0; j < l.clean() + l.shared(); j++) {
                boolean isClean = j < l.clean();
                int so = isClean ? l.clean(c, j) : l.shared(j - l.clean());
                int yo = l.label(c);
                double[] one = new double[2 * d + d * d];
                System.arraycopy(u, so, one, 0, d);
                System.arraycopy(u, yo, one, d, d);
                System.arraycopy(u, w0, one, 2 * d, d * d);
                double[] v = (isClean ? oneSg : onePlain).computeDerivatives(0, one);
                for (int q = 0; q < d; q++) {
                    expected[so + q] += v[q];
                    expected[yo + q] += v[d + q];
                }
                for (int q = 0; q < d * d; q++) {
                    expected[w0 + q] += v[2 * d + q];
                }
            }
        }
        double[] got = mixed.computeDerivatives(0, u);
        for (int i = 0; i < u.length; i++) {
            assertThat(got[i]).as("component %d", i).isCloseTo(expected[i], within(TOL));
        }
        // linearity in the fields: (clean, 0) + (0, shared) = (clean, shared); each part is non-trivial
        double[] onlyClean = new HeadPairFlow(l, withSg, zeroField(d)).computeDerivatives(0, u);
        double[] onlyShared = new HeadPairFlow(l, zeroField(d), plain).computeDerivatives(0, u);
        for (int i = 0; i < u.length; i++) {
            assertThat(onlyClean[i] + onlyShared[i]).isCloseTo(got[i], within(TOL));
        }
        // a shared sample receives nothing from the clean field, a clean sample nothing from the shared field
        for (int q = 0; q < d; q++) {
            assertThat(onlyClean[l.shared(1) + q]).isZero();
            assertThat(onlyShared[l.clean(2, 1) + q]).isZero();
            assertThat(onlyClean[l.clean(2, 1) + q]).isNotZero();
            assertThat(onlyShared[l.shared(1) + q]).isNotZero();
        }
    }

    /** Variable indices of compiled monomial k (outputs in order, monomials in order), with repetition. */
    static int[] factorsOf(HeadPairFlow.PairField f, int k) {
        var m = f.compiled();
        return java.util.Arrays.copyOfRange(m.factors(), m.factorStart()[k], m.factorStart()[k + 1]);
    }

    @Test
    @DisplayName("a pair field evaluates monomials with repeated factors and constants exactly")
    void pairFieldEvaluatesMonomials() {
        int d = 1; // variables s, y, w
        int[][][] exps = {
            {{0, 0, 0}, {2, 0, 1}},      // 1.5 + 3 s^2 w
            {{1, 1, 1}},                 // -2 s y w
            {{0, 3, 0}, {1, 0, 0}},      // y^3 + 0.5 s
        };
        double[][] coef = {{1.5, 3.0}, {-2.0}, {1.0, 0.5}};
        HeadPairFlow.PairField f = new HeadPairFlow.PairField(d, coef, exps);
        assertThat(factorsOf(f, 0)).isEmpty();
        assertThat(factorsOf(f, 1)).containsExactly(0, 0, 2);
        assertThat(factorsOf(f, 2)).containsExactly(0, 1, 2);
        assertThat(factorsOf(f, 3)).containsExactly(1, 1, 1);
        double s = 0.7;
        double y = -1.3;
        double w = 2.1;
        double[] out = new double[3];
        f.eval(new double[] {s, y, w}, out);
        assertThat(out[0]).isCloseTo(1.5 + 3 * s * s * w, within(TOL));
        assertThat(out[1]).isCloseTo(-2 * s * y * w, within(TOL));
        assertThat(out[2]).isCloseTo(y * y * y + 0.5 * s, within(TOL));
        // on a one-pair layout the flow is the field itself: state (s, y, w)
        HeadPairFlow flow = new HeadPairFlow(ParticleLayout.singlePair(1), f, zeroField(1));
        assertThat(flow.computeDerivatives(0, new double[] {s, y, w})).containsExactly(out[0], out[1], out[2]);
    }

    @Test
    @DisplayName("fields of the wrong size or dimension are refused")
    void refusesMismatchedFields() {
        HeadPairFlow.PairField two = projectionField(2, true);
        HeadPairFlow.PairField three = projectionField(3, true);
        ParticleLayout l = new ParticleLayout(2, 1, 1, 2);
        assertThatThrownBy(() -> new HeadPairFlow(l, three, two)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("another dimension");
        assertThatThrownBy(() -> new HeadPairFlow(l, two, three)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("another dimension");
        assertThat(new HeadPairFlow(l, two, two).getDimension()).isEqualTo(l.size() + 4);
        assertThatThrownBy(() -> new HeadPairFlow.PairField(2, new double[7][0], new int[8][0][]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected 8");
        assertThatThrownBy(() -> new HeadPairFlow.PairField(2, new double[8][0], new int[7][0][]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new HeadPairFlow.PairField(2, new double[8][0], new int[8][0][]).compiled().rows()).isEqualTo(8);
    }
}
