package org.collapseharness.theory;

/**
 * Linear stability of the collapsed fixed points of the §4 projection-head model, from the derived pair blocks.
 *
 * <p>A collapsed fixed point: every label at the mean ȳ, every sample at W⁻¹ȳ, and W²ȳ = ȳ (then both residuals of
 * every pair vanish; W is otherwise free, so the collapsed states form a family). Perturb the class biases only:
 * δy_c and the class means δx̄_c of the clean samples with Σ_c δy_c = Σ_c δx̄_c = 0, shared samples and W unchanged.
 * Every residual vanishes at the fixed point, so Ẇ is driven only through Σ_c (residual of class c) ⊗ (a vector common
 * to all classes), which is zero for a zero-sum perturbation: the biases decouple from W at linear order, and the
 * shared samples are driven by Σ_c δy_c = 0. The bias subspace is invariant under the Jacobian, and on it the flow is
 * the frozen-W pair flow summed per class:
 * <pre>
 *   d/dt (δx̄_c, δy_c) = B(W) (δx̄_c, δy_c),   B(W) = [[Gss, Gsy], [n Gys, (n+m) Gyy]]   (2d × 2d),
 * </pre>
 * so the spectrum of B(W) is in the Jacobian's spectrum K − 1 times. With stop-gradient (Gss = Gyy = −WᵀW,
 * Gsy = Gys = Wᵀ) and a symmetric W, B splits over the eigenvalues w of W into 2 × 2 blocks; their trace, determinant,
 * the root of the determinant in u = w² and its identity with the protected value 1 − ρ are derived in
 * {@code theory.symbolic.CollapsedStabilityDerivation} ({@link CollapsedStabilityTheory}). In d = 1, W²ȳ = ȳ forces
 * w² = 1 > 1 − ρ: every collapsed state attracts its bias modes. In d = 2 with an involution W (W² = I, eigenvalues
 * −1, +1; in general far from symmetric) the characteristic polynomial of the whole block is derived as a function of
 * τ = tr(WᵀW), n, m with its Hurwitz determinants ({@link InvolutionStabilityTheory}).
 */
public final class CollapsedStability {
    private CollapsedStability() {
    }

    /** B(W) from the derived blocks of {@code th} for n clean samples per class and m shared ones. */
    public static double[][] biasBlock(ProjectionTheory th, double[][] w, int clean, int shared) {
        int d = w.length;
        double[][] gss = th.gss().at(w);
        double[][] gsy = th.gsy().at(w);
        double[][] gys = th.gys().at(w);
        double[][] gyy = th.gyy().at(w);
        double[][] b = new double[2 * d][2 * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                b[i][j] = gss[i][j];
                b[i][d + j] = gsy[i][j];
                b[d + i][j] = clean * gys[i][j];
                b[d + i][d + j] = (clean + shared) * gyy[i][j];
            }
        }
        return b;
    }

    /**
     * Hand-typed witness, not used by any check as the reference: the determinant of the per-eigenvalue 2 × 2 bias
     * block with stop-gradient, w² ((n+m) w² − n). The derived form is {@link CollapsedStabilityTheory#determinant}.
     */
    public static double perModeDeterminant(double w, int clean, int shared) {
        return w * w * ((clean + shared) * w * w - clean);
    }

    /**
     * Coefficients c₁ … c_k of det(λ I − A) = λ^k + c₁ λ^(k−1) + … + c_k (Faddeev–LeVerrier recursion:
     * M₁ = I, c_j = −tr(A M_j)/j, M_(j+1) = A M_j + c_j I).
     */
    public static double[] characteristicCoefficients(double[][] a) {
        int k = a.length;
        double[] c = new double[k];
        double[][] mj = Mat.identity(k);
        for (int j = 1; j <= k; j++) {
            double[][] am = Mat.mul(a, mj);
            double tr = 0;
            for (int i = 0; i < k; i++) {
                tr += am[i][i];
            }
            c[j - 1] = -tr / j;
            for (int i = 0; i < k; i++) {
                am[i][i] += c[j - 1];
            }
            mj = am;
        }
        return c;
    }
}
