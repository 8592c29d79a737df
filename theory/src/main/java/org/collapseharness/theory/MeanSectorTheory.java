package org.collapseharness.theory;

import java.util.List;

/**
 * What the symbolic pipeline derived about the label-mean sector of a fixed point of the §4 projection-head model
 * with stop-gradient, for a symmetric W whose eigenvector e₁ carries the label mean ȳ = a e₁ with eigenvalue
 * σ = ±1 (W² ȳ = ȳ) and whose eigenvector e₂ has eigenvalue w.
 *
 * <p>The sector is the class-symmetric perturbation along e₂: the label mean, every clean sample and every shared
 * sample moved along e₂ by class-independent amounts, and the entry W₂₁ (e₂ e₁ᵀ). It is derived from the class-symmetric
 * mean system (K classes of n clean samples, m shared samples) written with the d = 2 pair loss. At a fixed point
 * whose class biases are orthogonal to ȳ (every separated fixed point with symmetric W) the same block appears, because
 * W₂₁ does not see the biases and every pair residual sums to zero per vector. Its characteristic polynomial is
 * λ (λ³ + A λ² + B λ + C): C &lt; 0 gives a real positive eigenvalue, the label mean then turns towards e₂. A value of
 * this record exists only when the derivation proved the point a fixed point, the sector invariant and the zero root
 * (otherwise it throws).
 *
 * @param sigma                 the eigenvalue of W on ȳ (+1 or −1)
 * @param sectorVariables       the four sector coordinates, in block order
 * @param block                 the 4 × 4 sector block, row-major (symbols k = K, n, m, a = |ȳ|, w)
 * @param cubicA                A (symbols k, n, m, a, w)
 * @param cubicB                B
 * @param cubicC                C, factored
 * @param signChangesOfC        the real roots in w of the odd-multiplicity factors of C that are linear in w
 * @param quadraticDiscriminant discriminant in w of C's factor that is quadratic in w (symbols k, n, m, a): that factor
 *                              has no real root, so keeps its sign, when it is negative
 * @param signStructure         the derived sign argument, one sentence
 */
public record MeanSectorTheory(int sigma, List<String> sectorVariables, List<ClosedForm> block, ClosedForm cubicA,
                               ClosedForm cubicB, ClosedForm cubicC, List<ClosedForm> signChangesOfC,
                               ClosedForm quadraticDiscriminant, String signStructure) {

    /** Bindings of the derived forms. */
    public static Bindings at(int classes, int clean, int shared, double meanNorm, double w) {
        return Bindings.of("k", classes, "n", clean, "m", shared, "a", meanNorm, "w", w);
    }

    /** The sector block at concrete values. */
    public double[][] blockAt(int classes, int clean, int shared, double meanNorm, double w) {
        Bindings b = at(classes, clean, shared, meanNorm, w);
        double[][] out = new double[4][4];
        for (int i = 0; i < 16; i++) {
            out[i / 4][i % 4] = block.get(i).at(b);
        }
        return out;
    }

    /** {A, B, C} of λ³ + A λ² + B λ + C at concrete values. */
    public double[] cubicAt(int classes, int clean, int shared, double meanNorm, double w) {
        Bindings b = at(classes, clean, shared, meanNorm, w);
        return new double[] {cubicA.at(b), cubicB.at(b), cubicC.at(b)};
    }

    /**
     * Whether the derived cubic has a root with positive real part (Routh–Hurwitz: stable iff A &gt; 0, C &gt; 0 and
     * A B &gt; C; C &lt; 0 alone gives a real positive root).
     */
    public boolean unstableAt(int classes, int clean, int shared, double meanNorm, double w) {
        double[] c = cubicAt(classes, clean, shared, meanNorm, w);
        return !(c[0] > 0 && c[2] > 0 && c[0] * c[1] > c[2]);
    }
}
