package org.collapseharness.numerics;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * W = σI − J for a {@link BorderedJacobian} by block elimination: every block A_v = σI − J_vv is inverted (bs×bs),
 * the border's Schur complement S = σI − J_bb − Σ_v J_bv A_v⁻¹ J_vb is factorised by EJML's LU, and a solve is
 * x_b = S⁻¹ (r_b + Σ_v J_bv A_v⁻¹ r_v), x_v = A_v⁻¹ (r_v + J_vb x_b). Cost per factorisation O(blocks · (bs³ + bs² nb +
 * bs nb²) + nb³), per solve O(blocks · bs · nb + nb²), instead of O(n³) and O(n²) dense. Singular when a block
 * cannot be inverted, S is singular by {@link PivotedLu}'s scale-invariant test or anything is not finite. The problem's Jacobian must be a {@link BorderedJacobian.Provider}.
 */
public final class BorderedSolver implements ShiftedJacobianSolver {
    /** Creates the solver; the problem must carry a {@link BorderedJacobian.Provider}. */
    public static final Factory FACTORY = BorderedSolver::new;

    private final BorderedJacobian.Provider provider;
    private final BorderedJacobian jac;
    private final int bs;
    private final int nb;
    private final int blocks;
    private final double[] inv;
    private final double[] g;
    private final DMatrixRMaj a;
    private final DMatrixRMaj aInv;
    private final DMatrixRMaj s;
    private final DMatrixRMaj rb;
    private final DMatrixRMaj xb;
    private final PivotedLu lu;
    private final double[] t;

    BorderedSolver(OdeProblem problem, long[] evals) {
        if (!(problem.jacobian().orElse(null) instanceof BorderedJacobian.Provider p)) {
            throw new IllegalArgumentException("the bordered solver needs a bordered Jacobian (problem "
                    + problem.name() + ")");
        }
        this.provider = p;
        this.jac = p.allocate();
        if (jac.dimension() != problem.equation().getDimension()) {
            throw new IllegalArgumentException("bordered Jacobian of dimension " + jac.dimension() + " for a problem of "
                    + "dimension " + problem.equation().getDimension());
        }
        this.bs = jac.blockSize();
        this.nb = jac.borderSize();
        this.blocks = jac.blocks();
        this.inv = new double[blocks * bs * bs];
        this.g = new double[blocks * bs * nb];
        this.a = new DMatrixRMaj(bs, bs);
        this.aInv = new DMatrixRMaj(bs, bs);
        this.s = new DMatrixRMaj(nb, nb);
        this.rb = new DMatrixRMaj(nb, 1);
        this.xb = new DMatrixRMaj(nb, 1);
        this.lu = new PivotedLu();
        this.t = new double[bs];
    }

    @Override
    public void linearise(double time, double[] y, double[] f) {
        provider.evaluate(time, y, jac);
    }

    @Override
    public boolean factor(double sigma) {
        for (int i = 0; i < nb; i++) {
            for (int j = 0; j < nb; j++) {
                s.unsafe_set(i, j, (i == j ? sigma : 0) - jac.corner[i * nb + j]);
            }
        }
        for (int v = 0; v < blocks; v++) {
            int d0 = v * bs * bs;
            for (int i = 0; i < bs; i++) {
                for (int j = 0; j < bs; j++) {
                    a.unsafe_set(i, j, (i == j ? sigma : 0) - jac.diag[d0 + i * bs + j]);
                }
            }
            if (!CommonOps_DDRM.invert(a, aInv)) {
                return false;
            }
            System.arraycopy(aInv.data, 0, inv, d0, bs * bs);
            // G_v = A_v⁻¹ J_vb (bs×nb); S −= J_bv G_v
            int r0 = v * bs * nb;
            for (int i = 0; i < bs; i++) {
                for (int k = 0; k < nb; k++) {
                    double acc = 0;
                    for (int j = 0; j < bs; j++) {
                        acc += inv[d0 + i * bs + j] * jac.right[r0 + j * nb + k];
                    }
                    g[r0 + i * nb + k] = acc;
                }
            }
            int c0 = v * nb * bs;
            for (int p = 0; p < nb; p++) {
                for (int i = 0; i < bs; i++) {
                    double dpi = jac.down[c0 + p * bs + i];
                    if (dpi == 0) {
                        continue;
                    }
                    for (int k = 0; k < nb; k++) {
                        s.data[p * nb + k] -= dpi * g[r0 + i * nb + k];
                    }
                }
            }
        }
        for (double x : s.data) {
            if (!Double.isFinite(x)) {
                return false;
            }
        }
        for (double x : inv) {
            if (!Double.isFinite(x)) {
                return false;
            }
        }
        if (nb == 0) {
            return true;
        }
        return lu.factor(s);
    }

    @Override
    public void solve(double[] b) {
        for (int k = 0; k < nb; k++) {
            rb.data[k] = b[jac.borderIndex(k)];
        }
        // t_v = A_v⁻¹ r_v (kept in b), r_b += J_bv t_v
        for (int v = 0; v < blocks; v++) {
            int o = jac.blockOffset(v);
            int d0 = v * bs * bs;
            for (int i = 0; i < bs; i++) {
                double acc = 0;
                for (int j = 0; j < bs; j++) {
                    acc += inv[d0 + i * bs + j] * b[o + j];
                }
                t[i] = acc;
            }
            System.arraycopy(t, 0, b, o, bs);
            int c0 = v * nb * bs;
            for (int p = 0; p < nb; p++) {
                double acc = 0;
                for (int i = 0; i < bs; i++) {
                    acc += jac.down[c0 + p * bs + i] * t[i];
                }
                rb.data[p] += acc;
            }
        }
        if (nb > 0) {
            lu.solve(rb, xb);
        }
        for (int k = 0; k < nb; k++) {
            b[jac.borderIndex(k)] = xb.data[k];
        }
        // x_v = t_v + G_v x_b
        for (int v = 0; v < blocks; v++) {
            int o = jac.blockOffset(v);
            int r0 = v * bs * nb;
            for (int i = 0; i < bs; i++) {
                double acc = 0;
                for (int k = 0; k < nb; k++) {
                    acc += g[r0 + i * nb + k] * xb.data[k];
                }
                b[o + i] += acc;
            }
        }
    }
}
