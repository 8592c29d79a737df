package org.collapseharness.theory;

import java.util.List;

/**
 * What the symbolic pipeline derived about the fluctuations of the §4 projection-head model (paper §4.3): the
 * order-parameter (DMFT) form of the dynamics.
 *
 * <p>Write every sample as its group mean plus a fluctuation, x_{c,i} = x̄_c + x'_{c,i} (Σ_i x' = 0), z_s = z̄ + z'_s.
 * The derivation shows, from the per-pair loss alone:
 * <ul>
 *   <li>the fluctuation field is linear, u' = L(W) u, with L independent of the labels and of the means (the medium
 *       is W alone; with stop-gradient L = −WᵀW = −G); a shared sample pairs with all K labels, so its fluctuations obey
 *       z' ↦ K L(W) z';</li>
 *   <li>hence the summed second moments obey Ċ = L C + C Lᵀ, i.e. C(t) = R(t,0) C(0) R(t,0)ᵀ with the time-ordered
 *       propagator R of L(W(t));</li>
 *   <li>the label field is affine in the sample, so the labels see only the means;</li>
 *   <li>W sees the fluctuations only through the memory term M(W, Cx) + K M(W, Cz), M linear in C (identified as a
 *       combination of the words W.C, C.W, Wᵀ.C, C.Wᵀ, C); the linear part in the fluctuations sums to zero.</li>
 * </ul>
 *
 * @param stopGradient     the model (with or without stop-gradient)
 * @param pairLoss         the per-pair loss as differentiated (d = 2 entries)
 * @param generator        L(W) = ∂(ds/dt)/∂s of one pair, identified as words in W
 * @param memory           M(W, C): the part of dW/dt that is quadratic in one sample's fluctuation, with u uᵀ → C
 * @param fluctuationField the derived per-pair fluctuation field (d = 2 components, fluctuation u, mean a)
 * @param equations        the resulting DMFT equations, as text for the report
 */
public record FluctuationTheory(boolean stopGradient, String pairLoss, MatrixWords generator, List<MemoryTerm> memory,
                                List<String> fluctuationField, List<String> equations) {

    /** Words linear in the covariance C and of degree ≤ 1 in W. */
    public enum CWord {
        C("C"), W_C("W.C"), C_W("C.W"), WT_C("Transpose[W].C"), C_WT("C.Transpose[W]");

        private final String text;

        CWord(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }

        public double[][] at(double[][] w, double[][] c) {
            return switch (this) {
                case C -> Mat.copy(c);
                case W_C -> Mat.mul(w, c);
                case C_W -> Mat.mul(c, w);
                case WT_C -> Mat.mul(Mat.transpose(w), c);
                case C_WT -> Mat.mul(c, Mat.transpose(w));
            };
        }
    }

    /** coefficient × word. */
    public record MemoryTerm(double coefficient, String coefficientText, CWord word) {
    }

    public FluctuationTheory {
        memory = List.copyOf(memory);
        fluctuationField = List.copyOf(fluctuationField);
        equations = List.copyOf(equations);
    }

    /** L(W) at a concrete W (any d). */
    public double[][] generatorAt(double[][] w) {
        return generator.at(w);
    }

    /** M(W, C) at a concrete W and C (any d). */
    public double[][] memoryAt(double[][] w, double[][] c) {
        int d = w.length;
        double[][] out = new double[d][d];
        for (MemoryTerm t : memory) {
            double[][] m = t.word().at(w, c);
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    out[i][j] += t.coefficient() * m[i][j];
                }
            }
        }
        return out;
    }

    /** Ċ = s (L C + C Lᵀ) for a group whose fluctuations move with s·L (s = 1 clean, K shared). */
    public double[][] covarianceRate(double[][] w, double[][] c, double s) {
        double[][] l = generatorAt(w);
        double[][] lc = Mat.mul(l, c);
        double[][] out = Mat.add(lc, Mat.transpose(lc), 1);
        return Mat.scale(out, s);
    }

    /** The memory term as text, e.g. {@code -W.C}. */
    public String memoryText() {
        return MatrixWords.combinationText(memory.stream().map(MemoryTerm::coefficientText).toList(),
                memory.stream().map(t -> t.word().text()).toList());
    }
}
