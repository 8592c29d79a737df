package org.collapseharness.numerics.propagation;

import java.util.ArrayList;
import java.util.List;
import org.collapseharness.numerics.ParticleLayout;
import org.collapseharness.numerics.SectorBasis;
import org.hipparchus.ode.OrdinaryDifferentialEquation;

/**
 * Exact propagation of a linear, coordinate-separable §3-type flow by symmetry sectors, at a cost per output time that
 * does not depend on the stiffness or on T (and is O(N d) for a full state, O(K d) for the labels alone).
 *
 * <p>Everything is numeric and independent of the symbolic pipeline: the state is split, per coordinate q, into
 * <ul>
 *   <li>sector III (global means of clean samples, shared samples, labels) and sector II (Helmert contrasts of class
 *       means and labels): the bases of {@link SectorBasis#of}, block-constant on the species blocks;</li>
 *   <li>sector I: the within-block fluctuations of this initial state (one vector per class block and one for the
 *       shared block, y0 minus its block mean, normalised).</li>
 * </ul>
 * Each sector matrix is obtained by applying the flow to the basis (the restriction of {@link SectorBasis#restrict},
 * computed blockwise by {@link BlockRestriction} so that it costs O(N) per basis vector); its invariance
 * residual ||AQ − QQᵀAQ||/||AQ|| is recorded, and the initial state is checked to be reproduced by the sectors.
 * Each sector is propagated by a small exponential ({@link SmallExponential}) and the state is reassembled. When a
 * sector is not invariant (residual above {@link #INVARIANCE_TOL}) the propagator is not {@link #valid()} and callers
 * fall back to {@link DensePropagator}.
 */
public final class SectorPropagator implements StatePropagator {
    /** Invariance residual above which the sector split is rejected (roundoff of O(size) sums is far below). */
    public static final double INVARIANCE_TOL = 1e-9;

    private final ParticleLayout layout;
    private final double[] y0;
    private final int d;
    private final int blocks;
    private final int[] blockStart;
    private final int[] blockEnd;
    /** Sector II ∪ III basis values per block: [basis j][block b]. */
    private final double[][] meanBasis;
    private final String[] meanBasisSector;
    private final SmallExponential expII;
    private final SmallExponential expIII;
    private final int rII;
    /** per coordinate: initial coefficients of sectors II, III. */
    private final double[][] coefII;
    private final double[][] coefIII;
    /** per coordinate: sector-I blocks used, their norms and means, the exponential. */
    private final int[][] flBlocks;
    private final double[][] flNorm;
    private final double[][] blockMean;
    private final double[][] coefI;
    private final SmallExponential[] expI;
    private final double invarianceResidual;
    private final double residualI;
    private final double residualII;
    private final double residualIII;
    private final double reconstructionError;
    private final long rhsEvaluations;

    private SectorPropagator(ParticleLayout layout, OrdinaryDifferentialEquation perCoordinate, double[] y0) {
        this.layout = layout;
        this.y0 = y0.clone();
        this.d = layout.dim();
        ParticleLayout l1 = layout.perCoordinate();
        if (perCoordinate.getDimension() != l1.size()) {
            throw new IllegalArgumentException("per-coordinate flow has dimension " + perCoordinate.getDimension()
                    + ", layout needs " + l1.size());
        }
        if (y0.length != layout.size()) {
            throw new IllegalArgumentException("state has length " + y0.length + ", layout needs " + layout.size());
        }
        int k = layout.classes();
        int n = layout.clean();
        int m = layout.shared();
        int size1 = l1.size();
        blocks = 2 * k + 1;
        blockStart = new int[blocks];
        blockEnd = new int[blocks];
        for (int c = 0; c < k; c++) {
            blockStart[c] = c * n;
            blockEnd[c] = (c + 1) * n;
            blockStart[k + 1 + c] = k * n + m + c;
            blockEnd[k + 1 + c] = k * n + m + c + 1;
        }
        blockStart[k] = k * n;
        blockEnd[k] = k * n + m;
        Counting f = new Counting(perCoordinate instanceof org.collapseharness.numerics.MinimalModelFlow mf
                ? LinearMap.of(mf) : LinearMap.of(perCoordinate));

        // Sectors II and III: layout-only bases, restricted numerically.
        double[][] bII = SectorBasis.of(l1, "II");
        double[][] bIII = SectorBasis.of(l1, "III");
        rII = bII.length;
        meanBasis = new double[bII.length + bIII.length][];
        meanBasisSector = new String[meanBasis.length];
        List<BlockRestriction.BlockVector> vII = new ArrayList<>();
        List<BlockRestriction.BlockVector> vIII = new ArrayList<>();
        for (int j = 0; j < meanBasis.length; j++) {
            double[] v = j < rII ? bII[j] : bIII[j - rII];
            meanBasis[j] = compress(v);
            meanBasisSector[j] = j < rII ? "II" : "III";
            (j < rII ? vII : vIII).add(new BlockRestriction.BlockVector(meanBasis[j], -1, null));
        }
        bII = null;
        bIII = null;
        SectorBasis.Restriction rsII = BlockRestriction.restrict(f, vII, blockStart, blockEnd, size1);
        SectorBasis.Restriction rsIII = BlockRestriction.restrict(f, vIII, blockStart, blockEnd, size1);
        residualII = rsII.invarianceResidual();
        residualIII = rsIII.invarianceResidual();
        expII = new SmallExponential(rsII.matrix());
        expIII = new SmallExponential(rsIII.matrix());

        // Per coordinate: block sums, mean-sector coefficients, sector I from the fluctuations of y0.
        coefII = new double[d][];
        coefIII = new double[d][];
        flBlocks = new int[d][];
        flNorm = new double[d][];
        blockMean = new double[d][];
        coefI = new double[d][];
        expI = new SmallExponential[d];
        double resI = 0;
        for (int q = 0; q < d; q++) {
            double[] sum = new double[blocks];
            double[] mean = new double[blocks];
            for (int b = 0; b < blocks; b++) {
                double s = 0;
                for (int v = blockStart[b]; v < blockEnd[b]; v++) {
                    s += y0[v * d + q];
                }
                sum[b] = s;
                int len = blockEnd[b] - blockStart[b];
                mean[b] = len == 0 ? 0 : s / len;
            }
            blockMean[q] = mean;
            double[] a = new double[meanBasis.length];
            for (int j = 0; j < meanBasis.length; j++) {
                double s = 0;
                for (int b = 0; b < blocks; b++) {
                    s += meanBasis[j][b] * sum[b];
                }
                a[j] = s;
            }
            coefII[q] = java.util.Arrays.copyOfRange(a, 0, rII);
            coefIII[q] = java.util.Arrays.copyOfRange(a, rII, a.length);
            List<BlockRestriction.BlockVector> fl = new ArrayList<>();
            List<Integer> used = new ArrayList<>();
            List<Double> norms = new ArrayList<>();
            for (int b = 0; b <= k; b++) {
                if (blockEnd[b] - blockStart[b] < 2) {
                    continue;
                }
                double ss = 0;
                for (int v = blockStart[b]; v < blockEnd[b]; v++) {
                    double r = y0[v * d + q] - mean[b];
                    ss += r * r;
                }
                double norm = Math.sqrt(ss);
                if (!(norm > 0)) {
                    continue;
                }
                double[] pat = new double[blockEnd[b] - blockStart[b]];
                for (int v = blockStart[b]; v < blockEnd[b]; v++) {
                    pat[v - blockStart[b]] = (y0[v * d + q] - mean[b]) / norm;
                }
                fl.add(new BlockRestriction.BlockVector(null, b, pat));
                used.add(b);
                norms.add(norm);
            }
            SectorBasis.Restriction rsI = BlockRestriction.restrict(f, fl, blockStart, blockEnd, size1);
            resI = Math.max(resI, rsI.invarianceResidual());
            flBlocks[q] = used.stream().mapToInt(Integer::intValue).toArray();
            flNorm[q] = norms.stream().mapToDouble(Double::doubleValue).toArray();
            coefI[q] = flNorm[q].clone();
            expI[q] = new SmallExponential(rsI.matrix());
        }
        residualI = resI;
        invarianceResidual = Math.max(resI, Math.max(residualII, residualIII));
        rhsEvaluations = f.count;
        double[] back = state(0.0);
        double err = 0;
        double scale = 0;
        for (int i = 0; i < y0.length; i++) {
            err = Math.max(err, Math.abs(back[i] - y0[i]));
            scale = Math.max(scale, Math.abs(y0[i]));
        }
        reconstructionError = scale == 0 ? err : err / scale;
    }

    /**
     * @param layout        K, n, m, d of the full state
     * @param perCoordinate the same flow on {@code layout.perCoordinate()} (d = 1); the full flow must act
     *                      identically and independently on each coordinate
     * @param y0            full initial state (interleaved coordinates)
     */
    public static SectorPropagator create(ParticleLayout layout, OrdinaryDifferentialEquation perCoordinate,
                                          double[] y0) {
        return new SectorPropagator(layout, perCoordinate, y0);
    }

    /** Values of a block-constant vector per block; rejects vectors that are not block-constant. */
    private double[] compress(double[] v) {
        double[] out = new double[blocks];
        for (int b = 0; b < blocks; b++) {
            if (blockEnd[b] == blockStart[b]) {
                continue;
            }
            double val = v[blockStart[b]];
            for (int i = blockStart[b]; i < blockEnd[b]; i++) {
                if (v[i] != val) {
                    throw new IllegalArgumentException("sector basis vector is not constant on a species block");
                }
            }
            out[b] = val;
        }
        return out;
    }

    /** True when every sector is invariant and the sectors reproduce the initial state. */
    @Override
    public boolean valid() {
        return invarianceResidual <= INVARIANCE_TOL && reconstructionError <= INVARIANCE_TOL;
    }

    @Override
    public String route() {
        return "sector";
    }

    public double invarianceResidual() {
        return invarianceResidual;
    }

    /** Per-sector invariance residuals: I (max over coordinates), II, III. */
    public double[] sectorResiduals() {
        return new double[] {residualI, residualII, residualIII};
    }

    /** max |y0 − reassembled state at t = 0| / max |y0|. */
    public double reconstructionError() {
        return reconstructionError;
    }

    /** Right-hand-side evaluations spent building the sector matrices (none are spent per output time). */
    @Override
    public long rhsEvaluations() {
        return rhsEvaluations;
    }

    /** The numerically restricted sector matrices: I (coordinate 0), II, III. */
    public double[][][] sectorMatrices() {
        return new double[][][] {expI[0].matrix(), expII.matrix(), expIII.matrix()};
    }

    /** Eigenvalues of the restricted sector-II matrix (numeric; null if it is not symmetric). */
    public double[] sectorIIEigenvalues() {
        return expII.eigenvalues();
    }

    public ParticleLayout layout() {
        return layout;
    }

    /** Block values of sectors II+III at time t, per coordinate: [q][block]. */
    private double[][] blockValues(double t) {
        double[][] out = new double[d][blocks];
        for (int q = 0; q < d; q++) {
            double[] cII = expII.apply(t, coefII[q]);
            double[] cIII = expIII.apply(t, coefIII[q]);
            for (int j = 0; j < meanBasis.length; j++) {
                double c = j < rII ? cII[j] : cIII[j - rII];
                double[] bv = meanBasis[j];
                for (int b = 0; b < blocks; b++) {
                    out[q][b] += c * bv[b];
                }
            }
        }
        return out;
    }

    /** Full state at time t (O(N d)). */
    @Override
    public double[] state(double t) {
        double[][] val = blockValues(t);
        double[] y = new double[y0.length];
        for (int q = 0; q < d; q++) {
            double[] scale = new double[blocks];
            double[] cI = expI[q].apply(t, coefI[q]);
            for (int j = 0; j < flBlocks[q].length; j++) {
                scale[flBlocks[q][j]] = cI[j] / flNorm[q][j];
            }
            for (int b = 0; b < blocks; b++) {
                double base = val[q][b];
                double s = scale[b];
                double mu = blockMean[q][b];
                for (int v = blockStart[b]; v < blockEnd[b]; v++) {
                    int i = v * d + q;
                    y[i] = s == 0 ? base : base + s * (y0[i] - mu);
                }
            }
        }
        return y;
    }

    /** Labels only at time t: K·d values, label c at [c·d, (c+1)·d) (O(K d), independent of n). */
    @Override
    public double[] labels(double t) {
        double[][] val = blockValues(t);
        int k = layout.classes();
        double[] out = new double[k * d];
        for (int c = 0; c < k; c++) {
            for (int q = 0; q < d; q++) {
                out[c * d + q] = val[q][k + 1 + c];
            }
        }
        return out;
    }

    private static final class Counting implements LinearMap {
        private final LinearMap inner;
        long count;

        Counting(LinearMap inner) {
            this.inner = inner;
        }

        @Override
        public int dimension() {
            return inner.dimension();
        }

        @Override
        public void apply(double[] in, double[] out) {
            count++;
            inner.apply(in, out);
        }
    }
}
