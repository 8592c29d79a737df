package org.collapseharness.numerics.variant;

import java.util.ArrayList;
import java.util.List;
import org.collapseharness.numerics.JacobianProvider;
import org.collapseharness.numerics.ParticleLayout;
import org.collapseharness.theory.nonlinear.NonlinearDerivation.Derived;
import org.collapseharness.theory.nonlinear.NonlinearDerivation.Term;
import org.collapseharness.theory.nonlinear.Program;
import org.hipparchus.ode.OrdinaryDifferentialEquation;

/**
 * The particle flow of any derived variant, assembled from its compiled term programs. State: the particles in
 * {@link ParticleLayout} order (clean samples, shared samples, labels), then W (d×d row-major) with a head, then the
 * targets t_c (K×d) with a target. Contributions: every (clean sample, its label) pair with the clean term, every
 * (shared sample, each label) pair with the shared term, every unordered pair of distinct labels with the label-pair
 * term, every (sample, positive label) pair with the contrast term (a clean sample's positive is its label, a shared
 * sample has every label as a positive), the statistic once over all labels, the penalties per sample and per label;
 * the targets move by dt_c/dt = rate (y_c − t_c) (a loss gradient never moves them). Samples never couple to other
 * samples directly, which {@link ArrowSolver} uses.
 */
public final class VariantFlow implements OrdinaryDifferentialEquation, JacobianProvider {

    /** One use of a term: the state index of each input, and where each field output goes (−1: nowhere). */
    private record Use(Program field, Program jacobian, int[] in, int[] out) {
    }

    private final ParticleLayout layout;
    private final Derived derived;
    private final List<Use> uses = new ArrayList<>();
    private final java.util.Map<Program, Program> copies = new java.util.IdentityHashMap<>();
    private final int dim;
    private final int wOffset;
    private final int tOffset;

    public VariantFlow(ParticleLayout layout, Derived derived) {
        if (layout.dim() != derived.dim() || layout.classes() != derived.labels()) {
            throw new IllegalArgumentException("derivation made for d=" + derived.dim() + ", K=" + derived.labels());
        }
        this.layout = layout;
        this.derived = derived;
        int d = layout.dim();
        this.wOffset = layout.size();
        this.tOffset = wOffset + (derived.head() ? d * d : 0);
        this.dim = tOffset + (derived.target() ? layout.classes() * d : 0);
        int k = layout.classes();
        for (int c = 0; c < k; c++) {
            for (int i = 0; i < layout.clean(); i++) {
                pair(derived.clean(), layout.clean(c, i), c);
                contrast(layout.clean(c, i), c);
            }
        }
        for (int s = 0; s < layout.shared(); s++) {
            for (int c = 0; c < k; c++) {
                if (derived.shared() != null) {
                    pair(derived.shared(), layout.shared(s), c);
                }
                contrast(layout.shared(s), c);
            }
        }
        if (derived.labelPairs() != null) {
            for (int a = 0; a < k; a++) {
                for (int b = a + 1; b < k; b++) {
                    add(derived.labelPairs(), true, layout.label(a), layout.label(b));
                }
            }
        }
        if (derived.statistic() != null) {
            int[] labels = new int[k];
            for (int c = 0; c < k; c++) {
                labels[c] = layout.label(c);
            }
            add(derived.statistic(), true, labels);
        }
        if (derived.samplePenalty() != null) {
            for (int c = 0; c < k; c++) {
                for (int i = 0; i < layout.clean(); i++) {
                    add(derived.samplePenalty(), false, layout.clean(c, i));
                }
            }
            for (int s = 0; s < layout.shared(); s++) {
                add(derived.samplePenalty(), false, layout.shared(s));
            }
        }
        if (derived.labelPenalty() != null) {
            for (int c = 0; c < k; c++) {
                add(derived.labelPenalty(), false, layout.label(c));
            }
        }
    }

    private void pair(Term t, int sample, int c) {
        int d = layout.dim();
        int[] in = new int[t.inputs()];
        int[] out = new int[t.inputs()];
        fill(in, out, 0, sample, d, true);
        fill(in, out, d, layout.label(c), d, true);
        int at = 2 * d;
        if (derived.head()) {
            fill(in, out, at, wOffset, d * d, true);
            at += d * d;
        }
        if (derived.target()) {
            fill(in, out, at, tOffset + c * d, d, false);
        }
        uses.add(new Use(own(t.field()), own(t.jacobian()), in, out));
    }

    private void contrast(int sample, int positive) {
        Term t = derived.contrast();
        if (t == null) {
            return;
        }
        int[] vectors = new int[1 + layout.classes()];
        vectors[0] = sample;
        vectors[1] = layout.label(positive);
        int at = 2;
        for (int c = 0; c < layout.classes(); c++) {
            if (c != positive) {
                vectors[at++] = layout.label(c);
            }
        }
        add(t, true, vectors);
    }

    /** A use whose inputs are the given vectors (each d entries), then W with a head if {@code withHead}. */
    private void add(Term t, boolean withHead, int... vectors) {
        int d = layout.dim();
        int[] in = new int[t.inputs()];
        int[] out = new int[t.inputs()];
        for (int j = 0; j < vectors.length; j++) {
            fill(in, out, j * d, vectors[j], d, true);
        }
        if (withHead && derived.head()) {
            fill(in, out, vectors.length * d, wOffset, d * d, true);
        }
        uses.add(new Use(own(t.field()), own(t.jacobian()), in, out));
    }

    /** This flow's copy of a program (own scratch registers, shared by all uses of the term). */
    private Program own(Program p) {
        return copies.computeIfAbsent(p, Program::copy);
    }

    private static void fill(int[] in, int[] out, int at, int state, int count, boolean moves) {
        for (int q = 0; q < count; q++) {
            in[at + q] = state + q;
            out[at + q] = moves ? state + q : -1;
        }
    }

    public ParticleLayout layout() {
        return layout;
    }

    public Derived derived() {
        return derived;
    }

    /** First index of W (with a head). */
    public int wOffset() {
        return wOffset;
    }

    /** First index of the targets (with a target). */
    public int tOffset() {
        return tOffset;
    }

    /** Number of state entries belonging to samples (they couple only to themselves and the core). */
    public int sampleEntries() {
        return layout.label(0);
    }

    @Override
    public int getDimension() {
        return dim;
    }

    /**
     * The approach to a singular set, raised from {@link #computeDerivatives} when a guard is set: the head's smallest
     * singular value or a sample/label norm fell below its floor.
     */
    public static final class SingularSetReached extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String kind;
        private final double time;
        private final double value;
        private final double[] state;

        SingularSetReached(String kind, double time, double value, double[] state) {
            super(kind + " at t=" + time + " (value " + value + ")", null, false, false);
            this.kind = kind;
            this.time = time;
            this.value = value;
            this.state = state.clone();
        }

        /** The state that crossed the floor. */
        public double[] state() {
            return state.clone();
        }

        /** head-rank-loss (smallest singular value of W) or vanishing-norm (a norm the loss divides by). */
        public String kind() {
            return kind;
        }

        /** Time (of the equation's clock) of the state that crossed the floor. */
        public double time() {
            return time;
        }

        /** The smallest singular value or norm found. */
        public double value() {
            return value;
        }
    }

    private double clock;
    private double lastMinSqrt = Double.POSITIVE_INFINITY;
    private double headFloor = -1;
    private double normFloor = -1;

    /** Raise {@link SingularSetReached} below these floors (a negative floor disables that check). */
    public void guard(double headSingularValueFloor, double vectorNormFloor) {
        this.headFloor = headSingularValueFloor;
        this.normFloor = vectorNormFloor;
    }

    /** Offset added to the integrator's time in the time of a {@link SingularSetReached} (segmented solves). */
    public void clock(double offset) {
        this.clock = offset;
    }

    /** Smallest singular value of W over its largest in a state (NaN without a head). */
    public double headConditionInverse(double[] u) {
        double[] sv = headSingularValues(u);
        return sv == null ? Double.NaN : sv[1] == 0 ? 0 : sv[0] / sv[1];
    }

    /** Smallest singular value of W in a state (NaN without a head). */
    public double headSmallestSingularValue(double[] u) {
        double[] sv = headSingularValues(u);
        return sv == null ? Double.NaN : sv[0];
    }

    /** {smallest, largest} singular value of W, or null without a head. */
    private double[] headSingularValues(double[] u) {
        if (!derived.head()) {
            return null;
        }
        int d = layout.dim();
        org.ejml.data.DMatrixRMaj w = new org.ejml.data.DMatrixRMaj(d, d);
        System.arraycopy(u, wOffset, w.data, 0, d * d);
        double[] sv = org.ejml.dense.row.SingularOps_DDRM.singularValues(w);
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (double v : sv) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return new double[] {sv.length < d ? 0 : min, max};
    }

    /** Smallest norm normalised by the loss in a state (+∞ if the loss does not normalise). */
    public synchronized double smallestNormalisedNorm(double[] u) {
        double nf = normFloor;
        double hf = headFloor;
        guard(-1, -1);
        computeDerivatives(0, u);
        guard(hf, nf);
        return Math.sqrt(Math.max(0, lastMinSqrt));
    }

    @Override
    public synchronized double[] computeDerivatives(double t, double[] u) {
        if (headFloor >= 0 && derived.head()) {
            double sv = headSmallestSingularValue(u);
            if (!(sv >= headFloor)) {
                throw new SingularSetReached("head-rank-loss", clock + t, sv, u);
            }
        }
        double[] f = new double[dim];
        double[] x = new double[64];
        double[] v = new double[64];
        double minSqrt = Double.POSITIVE_INFINITY;
        for (Use use : uses) {
            int n = use.in.length;
            if (x.length < n) {
                x = new double[n];
                v = new double[n];
            }
            for (int i = 0; i < n; i++) {
                x[i] = u[use.in[i]];
            }
            use.field.evaluate(x, v);
            minSqrt = Math.min(minSqrt, use.field.lastSmallestSqrtArgument());
            for (int i = 0; i < n; i++) {
                if (use.out[i] >= 0) {
                    f[use.out[i]] += v[i];
                }
            }
        }
        lastMinSqrt = minSqrt;
        if (normFloor >= 0 && !(minSqrt >= normFloor * normFloor)) {
            throw new SingularSetReached("vanishing-norm", clock + t, Math.sqrt(Math.max(0, minSqrt)), u);
        }
        if (derived.target()) {
            double rate = derived.emaRate();
            int d = layout.dim();
            for (int c = 0; c < layout.classes(); c++) {
                for (int q = 0; q < d; q++) {
                    f[tOffset + c * d + q] += rate * (u[layout.label(c) + q] - u[tOffset + c * d + q]);
                }
            }
        }
        return f;
    }

    /**
     * The Jacobian of the assembled field, each term's block by forward-mode differentiation of its compiled field
     * program ({@link Program#jacobian}: exact, and several times cheaper than the compiled Jacobian program when the
     * term has many inputs, e.g. a head).
     */
    @Override
    public double[][] jacobian(double t, double[] u) {
        return assemble(u, true);
    }

    /** The flow does not depend on t. */
    @Override
    public boolean autonomous() {
        return true;
    }

    /** The same Jacobian from the compiled (symbolically derived) Jacobian programs: the reference of the checks. */
    public double[][] programJacobian(double[] u) {
        return assemble(u, false);
    }

    private double[][] assemble(double[] u, boolean forward) {
        double[][] jac = new double[dim][dim];
        assemble(u, forward, jac);
        return jac;
    }

    /**
     * The Jacobian (as {@link #jacobian}) written into a buffer that only this method fills: the entries of the
     * flow's sparsity pattern are reset and summed, the others are left as they are (zero in such a buffer). Saves
     * allocating and clearing a dense dim × dim matrix per step.
     */
    public void jacobianInto(double[] u, double[][] buffer) {
        for (Use use : uses) {
            for (int row : use.out) {
                if (row >= 0) {
                    for (int c : use.in) {
                        buffer[row][c] = 0;
                    }
                }
            }
        }
        clearTargetRows(buffer);
        assemble(u, true, buffer);
    }

    private void clearTargetRows(double[][] jac) {
        if (derived.target()) {
            for (int row = tOffset; row < dim; row++) {
                java.util.Arrays.fill(jac[row], 0);
            }
        }
    }

    private synchronized void assemble(double[] u, boolean forward, double[][] jac) {
        double[] x = new double[64];
        double[] j = new double[64 * 64];
        for (Use use : uses) {
            int n = use.in.length;
            if (x.length < n) {
                x = new double[n];
                j = new double[n * n];
            }
            for (int i = 0; i < n; i++) {
                x[i] = u[use.in[i]];
            }
            if (forward) {
                use.field.jacobian(x, j);
            } else {
                use.jacobian.evaluate(x, j);
            }
            for (int r = 0; r < n; r++) {
                int row = use.out[r];
                if (row < 0) {
                    continue;
                }
                double[] target = jac[row];
                for (int c = 0; c < n; c++) {
                    target[use.in[c]] += j[r * n + c];
                }
            }
        }
        if (derived.target()) {
            double rate = derived.emaRate();
            int d = layout.dim();
            for (int c = 0; c < layout.classes(); c++) {
                for (int q = 0; q < d; q++) {
                    int ti = tOffset + c * d + q;
                    jac[ti][layout.label(c) + q] += rate;
                    jac[ti][ti] -= rate;
                }
            }
        }
    }
}
