package org.collapseharness.theory;

import java.io.Serializable;

/**
 * Jacobians of the §4 projection-head model at a concrete dimension d, derived by the symbolic pipeline (Symja
 * {@code D} of the derived per-pair field) and compiled; numerics assembles the Jacobians of the particle system and
 * of the moment reduction from them.
 *
 * @param dim          embedding dimension d
 * @param stopGradient whether the derivation used stop-gradient
 * @param pair         ∂f/∂v of the per-pair field f over v = (s1..sd, y1..yd, w11..wdd), (2d + d²)²
 * @param fluctuation  ∂q/∂v of the fluctuation field over v = (w11..wdd, c11..cdd), outputs q = (q_W, q_C) with
 *                     q_C = Gss C + C Gssᵀ (Gss = ∂ṡ/∂s) and q_W = ½ Σ_ab ∂²Ẇ/∂s_a∂s_b C_ab: what a fluctuation
 *                     second moment C of the samples contributes to its own velocity and to Ẇ, (2d²)²
 */
public record ProjectionJacobians(int dim, boolean stopGradient, PolynomialMatrix pair, PolynomialMatrix fluctuation)
        implements ProjectionJacobianForm, Serializable {

    public ProjectionJacobians {
        int p = 2 * dim + dim * dim;
        int q = 2 * dim * dim;
        if (pair.rows() != p || pair.cols() != p || fluctuation.rows() != q || fluctuation.cols() != q) {
            throw new IllegalArgumentException("Jacobian sizes do not match d = " + dim);
        }
    }

    @Override
    public void pairJacobian(double[] values, double[] out) {
        pair.evaluate(values, out);
    }

    @Override
    public void fluctuationJacobian(double[] values, double[] out) {
        fluctuation.evaluate(values, out);
    }
}
