package org.collapseharness.numerics;

import org.collapseharness.theory.PolynomialJacobian;
import org.hipparchus.ode.OrdinaryDifferentialEquation;

/**
 * The particle flow of a loss with a projection head W, assembled from per-pair polynomial fields (derived elsewhere,
 * passed as numbers). State layout as {@link ProjectionFlow}: the particles (layout order) followed by W (d×d,
 * row-major). Pairs: every (clean sample, its label) with the clean field and every (shared sample, each label) with
 * the shared field; each pair contributes to its sample, its label and W.
 */
public final class HeadPairFlow implements OrdinaryDifferentialEquation {

    /**
     * One pair's field as polynomials. Variables: s1..sd, y1..yd, w11..wdd; output j is the velocity of variable j.
     *
     * @param coefficients coefficients[j][k] of monomial k of output j
     * @param exponents    exponents[j][k][v]
     */
    public record PairField(int dim, double[][] coefficients, int[][][] exponents, int[][][] factors) {
        public PairField(int dim, double[][] coefficients, int[][][] exponents) {
            this(dim, coefficients, exponents, factorsOf(exponents));
        }

        public PairField {
            int nv = 2 * dim + dim * dim;
            if (coefficients.length != nv || exponents.length != nv) {
                throw new IllegalArgumentException("pair field has " + coefficients.length + " outputs, expected " + nv);
            }
        }

        /** Each monomial as the flat list of its variable indices (with repetition): fast evaluation. */
        static int[][][] factorsOf(int[][][] exponents) {
            int[][][] f = new int[exponents.length][][];
            for (int j = 0; j < exponents.length; j++) {
                f[j] = new int[exponents[j].length][];
                for (int k = 0; k < exponents[j].length; k++) {
                    int deg = 0;
                    for (int p : exponents[j][k]) {
                        deg += p;
                    }
                    int[] idx = new int[deg];
                    int at = 0;
                    for (int v = 0; v < exponents[j][k].length; v++) {
                        for (int p = 0; p < exponents[j][k][v]; p++) {
                            idx[at++] = v;
                        }
                    }
                    f[j][k] = idx;
                }
            }
            return f;
        }

        void eval(double[] vars, double[] out) {
            for (int j = 0; j < coefficients.length; j++) {
                out[j] = sum(coefficients[j], factors[j], vars);
            }
        }
    }

    /** Σ_k c[k] Π_{v in factors[k]} vars[v]. */
    static double sum(double[] c, int[][] factors, double[] vars) {
        double acc = 0;
        for (int k = 0; k < c.length; k++) {
            double term = c[k];
            for (int v : factors[k]) {
                term *= vars[v];
            }
            acc += term;
        }
        return acc;
    }

    /**
     * One pair's Jacobian as polynomials (the stored, structurally non-zero entries of ∂(output i)/∂(variable j) in
     * the variables of {@link PairField}).
     *
     * @param rows         output index of each entry
     * @param cols         variable index of each entry
     * @param coefficients coefficients[e][k] of monomial k of entry e
     * @param exponents    exponents[e][k][v]
     */
    public record PairJacobian(int dim, int[] rows, int[] cols, double[][] coefficients, int[][][] exponents,
                               int[][][] factors) {
        public PairJacobian(int dim, int[] rows, int[] cols, double[][] coefficients, int[][][] exponents) {
            this(dim, rows, cols, coefficients, exponents, PairField.factorsOf(exponents));
        }

        public PairJacobian {
            int nv = 2 * dim + dim * dim;
            for (int e = 0; e < rows.length; e++) {
                if (rows[e] < 0 || rows[e] >= nv || cols[e] < 0 || cols[e] >= nv) {
                    throw new IllegalArgumentException("pair Jacobian entry (" + rows[e] + ", " + cols[e]
                            + ") outside " + nv + " variables");
                }
            }
        }

        /** The numeric form of a derived pair Jacobian. */
        public static PairJacobian of(PolynomialJacobian j) {
            return new PairJacobian(j.dim(), j.rows(), j.cols(), j.coefficients(), j.exponents());
        }

        /** Value of stored entry e at the pair's variables. */
        public double entry(int e, double[] vars) {
            return sum(coefficients[e], factors[e], vars);
        }
    }

    private final ParticleLayout layout;
    private final PairField clean;
    private final PairField shared;
    private final PairJacobian cleanJacobian;
    private final PairJacobian sharedJacobian;

    public HeadPairFlow(ParticleLayout layout, PairField clean, PairField shared) {
        this(layout, clean, shared, null, null);
    }

    /** The flow with the pair fields' Jacobians, from which {@link #jacobian} assembles the full-system Jacobian. */
    public HeadPairFlow(ParticleLayout layout, PairField clean, PairField shared, PairJacobian cleanJacobian,
                        PairJacobian sharedJacobian) {
        if (clean.dim() != layout.dim() || shared.dim() != layout.dim()
                || cleanJacobian != null && cleanJacobian.dim() != layout.dim()
                || sharedJacobian != null && sharedJacobian.dim() != layout.dim()) {
            throw new IllegalArgumentException("pair fields derived for another dimension");
        }
        if ((cleanJacobian == null) != (sharedJacobian == null)) {
            throw new IllegalArgumentException("give both pair Jacobians or neither");
        }
        this.layout = layout;
        this.clean = clean;
        this.shared = shared;
        this.cleanJacobian = cleanJacobian;
        this.sharedJacobian = sharedJacobian;
    }

    /** True when the pair Jacobians were given. */
    public boolean hasJacobian() {
        return cleanJacobian != null;
    }

    /**
     * The full-system Jacobian at u, the sum over pairs of each pair's Jacobian block placed at its sample's, its
     * label's and W's indices (requires {@link #hasJacobian()}).
     */
    public double[][] jacobian(double t, double[] u) {
        if (!hasJacobian()) {
            throw new IllegalStateException("flow built without pair Jacobians");
        }
        int n = getDimension();
        double[][] j = new double[n][n];
        int d = layout.dim();
        double[] vars = new double[2 * d + d * d];
        int[] global = new int[vars.length];
        System.arraycopy(u, wOffset(), vars, 2 * d, d * d);
        for (int q = 0; q < d * d; q++) {
            global[2 * d + q] = wOffset() + q;
        }
        forEachPair((so, yo, isClean) -> pairBlock(u, j, so, yo, isClean ? cleanJacobian : sharedJacobian, vars, global));
        return j;
    }

    /** A pair: its sample's and its label's offsets, and whether it is a clean pair. */
    @FunctionalInterface
    private interface PairVisitor {
        void visit(int sampleOffset, int labelOffset, boolean isClean);
    }

    /** Every (clean sample, its label) and every (shared sample, each label). */
    private void forEachPair(PairVisitor visitor) {
        for (int c = 0; c < layout.classes(); c++) {
            int yc = layout.label(c);
            for (int i = 0; i < layout.clean(); i++) {
                visitor.visit(layout.clean(c, i), yc, true);
            }
            for (int s = 0; s < layout.shared(); s++) {
                visitor.visit(layout.shared(s), yc, false);
            }
        }
    }

    private void pairBlock(double[] u, double[][] j, int so, int yo, PairJacobian pj, double[] vars, int[] global) {
        int d = layout.dim();
        System.arraycopy(u, so, vars, 0, d);
        System.arraycopy(u, yo, vars, d, d);
        for (int q = 0; q < d; q++) {
            global[q] = so + q;
            global[d + q] = yo + q;
        }
        for (int e = 0; e < pj.rows().length; e++) {
            j[global[pj.rows()[e]]][global[pj.cols()[e]]] += pj.entry(e, vars);
        }
    }

    /** The initial-value problem of this flow, carrying the assembled Jacobian when the pair Jacobians were given. */
    public OdeProblem problem(String name, double[] u0, double[] times) {
        OdeProblem p = new OdeProblem(name, this, u0, times);
        return hasJacobian() ? p.withJacobian(this::jacobian) : p;
    }

    public ParticleLayout layout() {
        return layout;
    }

    public int wOffset() {
        return layout.size();
    }

    @Override
    public int getDimension() {
        return layout.size() + layout.dim() * layout.dim();
    }

    @Override
    public double[] computeDerivatives(double t, double[] u) {
        double[] out = new double[u.length];
        int d = layout.dim();
        int nv = 2 * d + d * d;
        double[] vars = new double[nv];
        double[] v = new double[nv];
        System.arraycopy(u, wOffset(), vars, 2 * d, d * d);
        forEachPair((so, yo, isClean) -> pair(u, out, so, yo, isClean ? clean : shared, vars, v));
        return out;
    }

    private void pair(double[] u, double[] out, int so, int yo, PairField f, double[] vars, double[] v) {
        int d = layout.dim();
        System.arraycopy(u, so, vars, 0, d);
        System.arraycopy(u, yo, vars, d, d);
        f.eval(vars, v);
        for (int q = 0; q < d; q++) {
            out[so + q] += v[q];
            out[yo + q] += v[d + q];
        }
        int w0 = wOffset();
        for (int q = 0; q < d * d; q++) {
            out[w0 + q] += v[2 * d + q];
        }
    }

    /** W of a state. */
    public double[][] w(double[] u) {
        return layout.headOf(u);
    }

    /** Labels of a state, K×d. */
    public double[][] labels(double[] u) {
        return layout.labelsOf(u);
    }
}
