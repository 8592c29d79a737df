package org.collapseharness.theory.nonlinear;

/**
 * A compiled straight-line program: the nodes a set of outputs needs, in dependency order, as flat instruction arrays
 * evaluated over one register array (no maps, no recursion, no parsing per call). Registers 0..vars−1 hold the
 * inputs. Not thread-safe (one scratch register array per program; use {@link #copy()} per thread).
 */
public final class Program {
    private final int vars;
    private final int[] op;
    private final int[] a;
    private final int[] b;
    private final double[] k;
    private final int[] out;
    private final double[] reg;
    private double minSqrt = Double.POSITIVE_INFINITY;
    /** Per register, the first and last input its value depends on (empty: lo &gt; hi). */
    private final int[] lo;
    private final int[] hi;
    /** Tangents of the forward-mode Jacobian, register-major (allocated on first use). */
    private double[] tan;

    private Program(int vars, int[] op, int[] a, int[] b, double[] k, int[] out) {
        this.vars = vars;
        this.op = op;
        this.a = a;
        this.b = b;
        this.k = k;
        this.out = out;
        this.reg = new double[vars + op.length];
        this.lo = new int[vars + op.length];
        this.hi = new int[vars + op.length];
        for (int v = 0; v < vars; v++) {
            lo[v] = v;
            hi[v] = v;
        }
        for (int i = 0; i < op.length; i++) {
            int r = vars + i;
            boolean constant = op[i] == ScalarGraph.CONST || op[i] == ScalarGraph.STEPC || op[i] == ScalarGraph.SG;
            lo[r] = constant ? vars : lo[a[i]];
            hi[r] = constant ? -1 : hi[a[i]];
            if (!constant && b[i] >= 0) {
                lo[r] = Math.min(lo[r], lo[b[i]]);
                hi[r] = Math.max(hi[r], hi[b[i]]);
            }
        }
    }

    /** Compiles the outputs of a graph. */
    public static Program compile(ScalarGraph g, int[] outputs) {
        boolean[] need = new boolean[g.size()];
        for (int o : outputs) {
            need[o] = true;
        }
        for (int n = g.size() - 1; n >= 0; n--) {
            if (need[n] && g.op(n) != ScalarGraph.VAR && g.op(n) != ScalarGraph.CONST) {
                need[g.arg(n)] = true;
                if (g.arg2(n) >= 0) {
                    need[g.arg2(n)] = true;
                }
            }
        }
        int[] register = new int[g.size()];
        int count = 0;
        for (int n = g.vars(); n < g.size(); n++) {
            if (need[n]) {
                count++;
            }
        }
        int[] op = new int[count];
        int[] a = new int[count];
        int[] b = new int[count];
        double[] k = new double[count];
        int at = 0;
        for (int n = 0; n < g.size(); n++) {
            if (n < g.vars()) {
                register[n] = n;
                continue;
            }
            if (!need[n]) {
                continue;
            }
            op[at] = g.op(n);
            a[at] = g.op(n) == ScalarGraph.CONST ? -1 : register[g.arg(n)];
            b[at] = g.arg2(n) >= 0 && g.op(n) != ScalarGraph.CONST ? register[g.arg2(n)] : -1;
            k[at] = g.constantOf(n);
            register[n] = g.vars() + at;
            at++;
        }
        int[] out = new int[outputs.length];
        for (int j = 0; j < outputs.length; j++) {
            out[j] = register[outputs[j]];
        }
        return new Program(g.vars(), op, a, b, k, out);
    }

    /** An independent copy (own scratch registers). */
    public Program copy() {
        return new Program(vars, op, a, b, k, out);
    }

    public int inputs() {
        return vars;
    }

    public int outputs() {
        return out.length;
    }

    /** Instructions. */
    public int length() {
        return op.length;
    }

    /** Evaluates into {@code result} (length {@link #outputs()}). */
    public void evaluate(double[] in, double[] result) {
        run(in, null);
        for (int j = 0; j < out.length; j++) {
            result[j] = reg[out[j]];
        }
    }

    /**
     * The exact Jacobian of the outputs by forward-mode differentiation of this program (one tangent vector over the
     * inputs per register, each instruction's local derivative applied to its operands' tangents, only over the inputs
     * a register depends on): {@code result[j * inputs + v] = ∂output_j/∂input_v}. The derivative rules are those of
     * {@link ScalarGraph#derivative} (a stop-gradient instruction has derivative 0), so this equals the compiled
     * Jacobian of the same outputs up to rounding, at a cost of at most (instructions × inputs) multiply-adds. Also
     * evaluates the program (as {@link #evaluate(double[], double[])} without the copy of outputs).
     */
    public void jacobian(double[] in, double[] result) {
        run(in, null);
        int n = vars;
        if (tan == null) {
            tan = new double[(vars + op.length) * n];
            for (int v = 0; v < n; v++) {
                tan[v * n + v] = 1;
            }
        }
        double[] r = reg;
        double[] t = tan;
        for (int i = 0; i < op.length; i++) {
            int dst = vars + i;
            int from = lo[dst];
            int to = hi[dst];
            if (from > to) {
                continue;
            }
            double x = r[a[i]];
            double y = b[i] >= 0 ? r[b[i]] : 0;
            double v = r[dst];
            double ga;
            double gb = 0;
            switch (op[i]) {
                case ScalarGraph.ADD -> gb = ga = 1;
                case ScalarGraph.MUL -> {
                    ga = y;
                    gb = x;
                }
                case ScalarGraph.NEG -> ga = -1;
                case ScalarGraph.DIV -> {
                    ga = 1 / y;
                    gb = -v / y;
                }
                case ScalarGraph.POWC -> ga = k[i] == 2 ? 2 * x : k[i] * Math.pow(x, k[i] - 1);
                case ScalarGraph.POW -> {
                    ga = v * y / x;
                    gb = v * Math.log(x);
                }
                case ScalarGraph.EXP -> ga = v;
                case ScalarGraph.LOG -> ga = 1 / x;
                case ScalarGraph.SQRT -> ga = 1 / (2 * v);
                case ScalarGraph.SIN -> ga = Math.cos(x);
                case ScalarGraph.COS -> ga = -Math.sin(x);
                case ScalarGraph.TANH -> ga = 1 - v * v;
                case ScalarGraph.ABS -> ga = x / v;
                case ScalarGraph.MAXC -> ga = x > k[i] ? 1 : 0;
                default -> throw new IllegalStateException("no derivative rule for op " + op[i]);
            }
            int o = dst * n;
            int pa = a[i] * n;
            if (b[i] >= 0) {
                int pb = b[i] * n;
                for (int j = from; j <= to; j++) {
                    t[o + j] = ga * t[pa + j] + gb * t[pb + j];
                }
            } else {
                for (int j = from; j <= to; j++) {
                    t[o + j] = ga * t[pa + j];
                }
            }
        }
        for (int j = 0; j < out.length; j++) {
            System.arraycopy(t, out[j] * n, result, j * n, n);
        }
    }

    /** Convenience: a new result array. */
    public double[] evaluate(double[] in) {
        double[] r = new double[out.length];
        evaluate(in, r);
        return r;
    }

    /**
     * Evaluates with every stop-gradient instruction frozen at its value in {@code frozenRegisters} (from
     * {@link #registers(double[])} at another input): the loss "with sg held constant", whose difference quotients
     * are the sg field.
     */
    public double[] evaluateFrozen(double[] in, double[] frozenRegisters) {
        run(in, frozenRegisters);
        double[] r = new double[out.length];
        for (int j = 0; j < out.length; j++) {
            r[j] = reg[out[j]];
        }
        return r;
    }

    /** All register values at an input (for {@link #evaluateFrozen}). */
    public double[] registers(double[] in) {
        run(in, null);
        return reg.clone();
    }

    /**
     * Smallest argument of a square root in the last evaluation (+∞ if none): the squared norm closest to vanishing
     * among those the loss normalises by, i.e. the distance to the field's singular set.
     */
    public double lastSmallestSqrtArgument() {
        return minSqrt;
    }

    private void run(double[] in, double[] frozen) {
        System.arraycopy(in, 0, reg, 0, vars);
        double[] r = reg;
        double ms = Double.POSITIVE_INFINITY;
        for (int i = 0; i < op.length; i++) {
            int o = op[i];
            double v;
            switch (o) {
                case ScalarGraph.CONST -> v = k[i];
                case ScalarGraph.ADD -> v = r[a[i]] + r[b[i]];
                case ScalarGraph.MUL -> v = r[a[i]] * r[b[i]];
                case ScalarGraph.NEG -> v = -r[a[i]];
                case ScalarGraph.DIV -> v = r[a[i]] / r[b[i]];
                case ScalarGraph.SG -> v = frozen != null ? frozen[vars + i] : r[a[i]];
                case ScalarGraph.SQRT -> {
                    double x = r[a[i]];
                    ms = Math.min(ms, x);
                    v = Math.sqrt(x);
                }
                default -> v = ScalarGraph.eval(o, r[a[i]], b[i] >= 0 ? r[b[i]] : 0, k[i]);
            }
            r[vars + i] = v;
        }
        minSqrt = ms;
    }
}
