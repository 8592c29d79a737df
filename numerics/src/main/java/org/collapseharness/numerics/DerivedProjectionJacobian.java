package org.collapseharness.numerics;

import org.collapseharness.theory.ProjectionJacobianForm;

/**
 * The Jacobian of the §4 particle system ({@link ProjectionFlow}) assembled from the derived per-pair Jacobian
 * ({@link ProjectionJacobianForm#pairJacobian}): every pair (sample, label) adds its (2d + d²)² block at the rows and columns
 * of its sample, its label and W. Bordered: the blocks are the sample vectors, the border is the labels and W, so
 * {@link BorderedSolver} solves with it in O(vectors · d · (d + K d + d²)²); the dense form serves the dense LU.
 */
public final class DerivedProjectionJacobian implements BorderedJacobian.Provider {
    private final ParticleLayout layout;
    private final ProjectionJacobianForm pair;
    private final int[] blockOffsets;
    private final int[] border;
    /** Per pair: its sample block and its label's class. */
    private final int[] pairBlock;
    private final int[] pairClass;

    public DerivedProjectionJacobian(ParticleLayout layout, ProjectionJacobianForm derived) {
        if (derived.dim() != layout.dim()) {
            throw new IllegalArgumentException("derived Jacobian for d = " + derived.dim() + ", layout has d = "
                    + layout.dim());
        }
        this.layout = layout;
        this.pair = derived;
        int d = layout.dim();
        int k = layout.classes();
        int vectors = k * layout.clean() + layout.shared();
        blockOffsets = new int[vectors];
        pairBlock = new int[k * layout.clean() + k * layout.shared()];
        pairClass = new int[pairBlock.length];
        int v = 0;
        int p = 0;
        for (int c = 0; c < k; c++) {
            for (int i = 0; i < layout.clean(); i++) {
                blockOffsets[v] = layout.clean(c, i);
                pairBlock[p] = v++;
                pairClass[p++] = c;
            }
        }
        for (int s = 0; s < layout.shared(); s++) {
            blockOffsets[v] = layout.shared(s);
            for (int c = 0; c < k; c++) {
                pairBlock[p] = v;
                pairClass[p++] = c;
            }
            v++;
        }
        border = new int[k * d + d * d];
        for (int c = 0; c < k; c++) {
            for (int a = 0; a < d; a++) {
                border[c * d + a] = layout.label(c) + a;
            }
        }
        for (int a = 0; a < d * d; a++) {
            border[k * d + a] = layout.size() + a;
        }
    }

    @Override
    public BorderedJacobian allocate() {
        return new BorderedJacobian(layout.dim(), blockOffsets, border);
    }

    @Override
    public void evaluate(double t, double[] u, BorderedJacobian out) {
        out.clear();
        int d = layout.dim();
        int k = layout.classes();
        int nv = 2 * d + d * d;
        double[] values = new double[nv];
        double[] j = new double[nv * nv];
        int w0 = layout.size();
        int[] blockOf = new int[nv];
        int[] indexOf = new int[nv];
        for (int q = 0; q < pairBlock.length; q++) {
            int v = pairBlock[q];
            int c = pairClass[q];
            System.arraycopy(u, blockOffsets[v], values, 0, d);
            System.arraycopy(u, layout.label(c), values, d, d);
            System.arraycopy(u, w0, values, 2 * d, d * d);
            pair.pairJacobian(values, j);
            for (int a = 0; a < nv; a++) {
                blockOf[a] = a < d ? v : -1;
                indexOf[a] = a < d ? a : a < 2 * d ? c * d + a - d : k * d + a - 2 * d;
            }
            for (int r = 0; r < nv; r++) {
                for (int col = 0; col < nv; col++) {
                    double x = j[r * nv + col];
                    if (x != 0) {
                        out.add(blockOf[r], indexOf[r], blockOf[col], indexOf[col], x);
                    }
                }
            }
        }
    }
}
