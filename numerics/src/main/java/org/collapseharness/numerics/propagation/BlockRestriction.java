package org.collapseharness.numerics.propagation;

import java.util.ArrayList;
import java.util.List;
import org.collapseharness.numerics.SectorBasis;
import org.hipparchus.ode.OrdinaryDifferentialEquation;

/**
 * The same restriction as {@link SectorBasis#restrict} (B = Qᵀ f(Q) and the invariance residual
 * ||AQ − QQᵀAQ||_F / ||AQ||_F), for orthonormal basis vectors that are block-structured: constant on each species
 * block plus an optional pattern on one block. Dot products and back-projections then cost O(N) per basis vector
 * instead of O(r N), which matters at 10⁶ embeddings. The flow is still applied to every (materialised) basis vector.
 */
final class BlockRestriction {
    /**
     * A basis vector: value at vector index v of block b = constants[b] + (b == patternBlock ? pattern[v − start_b] : 0).
     *
     * @param constants    per-block constants (null = all zero)
     * @param patternBlock block carrying the pattern, or −1
     * @param pattern      values on that block
     */
    record BlockVector(double[] constants, int patternBlock, double[] pattern) {
    }

    private BlockRestriction() {
    }

    static SectorBasis.Restriction restrict(OrdinaryDifferentialEquation f, List<BlockVector> basis, int[] start,
                                            int[] end, int size) {
        return restrict(LinearMap.of(f), basis, start, end, size);
    }

    /** As above with an allocation-free map (one output buffer reused for every basis vector). */
    static SectorBasis.Restriction restrict(LinearMap f, List<BlockVector> basis, int[] start, int[] end, int size) {
        int r = basis.size();
        int blocks = start.length;
        boolean[] covered = new boolean[size];
        for (int bl = 0; bl < blocks; bl++) {
            for (int v = start[bl]; v < end[bl]; v++) {
                if (covered[v]) {
                    throw new IllegalArgumentException("blocks overlap at " + v);
                }
                covered[v] = true;
            }
        }
        for (boolean c : covered) {
            if (!c) {
                throw new IllegalArgumentException("blocks do not cover the state");
            }
        }
        List<List<Integer>> patternsOn = new ArrayList<>();
        for (int b = 0; b < blocks; b++) {
            patternsOn.add(new ArrayList<>());
        }
        for (int i = 0; i < r; i++) {
            if (basis.get(i).patternBlock() >= 0) {
                patternsOn.get(basis.get(i).patternBlock()).add(i);
            }
        }
        int[][] patternIdx = new int[blocks][];
        for (int bl = 0; bl < blocks; bl++) {
            patternIdx[bl] = patternsOn.get(bl).stream().mapToInt(Integer::intValue).toArray();
        }
        double[][] b = new double[r][r];
        double leak = 0;
        double norm = 0;
        double[] q = new double[size];
        double[] sums = new double[blocks];
        double[] img = new double[size];
        for (int j = 0; j < r; j++) {
            materialise(basis.get(j), start, end, q);
            f.apply(q, img);
            for (int bl = 0; bl < blocks; bl++) {
                double s = 0;
                for (int v = start[bl]; v < end[bl]; v++) {
                    s += img[v];
                }
                sums[bl] = s;
            }
            for (int i = 0; i < r; i++) {
                BlockVector bv = basis.get(i);
                double s = 0;
                if (bv.constants() != null) {
                    for (int bl = 0; bl < blocks; bl++) {
                        s += bv.constants()[bl] * sums[bl];
                    }
                }
                if (bv.patternBlock() >= 0) {
                    int s0 = start[bv.patternBlock()];
                    double[] p = bv.pattern();
                    for (int v = 0; v < p.length; v++) {
                        s += p[v] * img[s0 + v];
                    }
                }
                b[i][j] = s;
            }
            for (int bl = 0; bl < blocks; bl++) {
                double c = 0;
                for (int i = 0; i < r; i++) {
                    double[] cs = basis.get(i).constants();
                    if (cs != null) {
                        c += b[i][j] * cs[bl];
                    }
                }
                int[] pats = patternIdx[bl];
                int s0 = start[bl];
                if (pats.length == 0) {
                    for (int v = s0; v < end[bl]; v++) {
                        double dlt = img[v] - c;
                        leak += dlt * dlt;
                        norm += img[v] * img[v];
                    }
                } else {
                    double[] coef = new double[pats.length];
                    double[][] pv = new double[pats.length][];
                    for (int x = 0; x < pats.length; x++) {
                        coef[x] = b[pats[x]][j];
                        pv[x] = basis.get(pats[x]).pattern();
                    }
                    for (int v = s0; v < end[bl]; v++) {
                        double back = c;
                        for (int x = 0; x < pats.length; x++) {
                            back += coef[x] * pv[x][v - s0];
                        }
                        double dlt = img[v] - back;
                        leak += dlt * dlt;
                        norm += img[v] * img[v];
                    }
                }
            }
        }
        return new SectorBasis.Restriction(b, norm == 0 ? 0 : Math.sqrt(leak / norm));
    }

    static void materialise(BlockVector bv, int[] start, int[] end, double[] q) {
        java.util.Arrays.fill(q, 0.0);
        for (int bl = 0; bl < start.length; bl++) {
            double c = bv.constants() == null ? 0 : bv.constants()[bl];
            if (c != 0) {
                java.util.Arrays.fill(q, start[bl], end[bl], c);
            }
        }
        if (bv.patternBlock() >= 0) {
            int s0 = start[bv.patternBlock()];
            double[] p = bv.pattern();
            for (int v = 0; v < p.length; v++) {
                q[s0 + v] += p[v];
            }
        }
    }
}
