package org.collapseharness.numerics;

import org.collapseharness.theory.PolynomialField;
import org.collapseharness.theory.PolynomialMatrix;
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
     * Evaluated through its compiled form, a column {@link PolynomialMatrix}.
     *
     * @param coefficients coefficients[j][k] of monomial k of output j
     * @param exponents    exponents[j][k][v]
     * @param compiled     the field compiled as a (2d + d²) × 1 polynomial matrix
     */
    public record PairField(int dim, double[][] coefficients, int[][][] exponents, PolynomialMatrix compiled) {
        public PairField(int dim, double[][] coefficients, int[][][] exponents) {
            this(dim, coefficients, exponents, compile(dim, coefficients, exponents));
        }

        public PairField {
            int nv = pairVariables(dim);
            if (coefficients.length != nv || exponents.length != nv) {
                throw new IllegalArgumentException("pair field has " + coefficients.length + " outputs, expected " + nv);
            }
        }

        private static PolynomialMatrix compile(int dim, double[][] coefficients, int[][][] exponents) {
            int[] outputs = new int[Math.min(coefficients.length, exponents.length)];
            for (int j = 0; j < outputs.length; j++) {
                outputs[j] = j;
            }
            return PolynomialMatrix.compile(outputs.length, 1, PolynomialField.pairVariables(dim), outputs,
                    coefficients, exponents);
        }

        void eval(double[] vars, double[] out) {
            compiled.evaluate(vars, out);
        }
    }

    /** Number of variables of one pair at dimension d: s, y (d each) and W (d²). */
    static int pairVariables(int d) {
        return 2 * d + d * d;
    }

    /** Checks that a pair Jacobian is square over the pair's 2d + d² variables. */
    private static void checkJacobian(PolynomialMatrix j, int d) {
        if (j != null && (j.rows() != pairVariables(d) || j.cols() != pairVariables(d))) {
            throw new IllegalArgumentException("pair fields derived for another dimension");
        }
    }

    private final ParticleLayout layout;
    private final PairField clean;
    private final PairField shared;
    private final PolynomialMatrix cleanJacobian;
    private final PolynomialMatrix sharedJacobian;

    public HeadPairFlow(ParticleLayout layout, PairField clean, PairField shared) {
        this(layout, clean, shared, null, null);
    }

    /**
     * The flow with the pair fields' Jacobians (each ∂(output i)/∂(variable j) over the pair's variables, in the order
     * of {@link PairField}), from which {@link #jacobian} assembles the full-system Jacobian.
     */
    public HeadPairFlow(ParticleLayout layout, PairField clean, PairField shared, PolynomialMatrix cleanJacobian,
                        PolynomialMatrix sharedJacobian) {
        if (clean.dim() != layout.dim() || shared.dim() != layout.dim()) {
            throw new IllegalArgumentException("pair fields derived for another dimension");
        }
        checkJacobian(cleanJacobian, layout.dim());
        checkJacobian(sharedJacobian, layout.dim());
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
        double[] vars = new double[pairVariables(d)];
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

    private void pairBlock(double[] u, double[][] j, int so, int yo, PolynomialMatrix pj, double[] vars, int[] global) {
        int d = layout.dim();
        System.arraycopy(u, so, vars, 0, d);
        System.arraycopy(u, yo, vars, d, d);
        for (int q = 0; q < d; q++) {
            global[q] = so + q;
            global[d + q] = yo + q;
        }
        for (int e = 0; e < pj.entryCount(); e++) {
            j[global[pj.row(e)]][global[pj.col(e)]] += pj.entry(e, vars);
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
        int nv = pairVariables(d);
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
