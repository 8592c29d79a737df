package org.collapseharness.theory.nonlinear;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Scalar expressions as a hash-consed graph (equal sub-expressions are one node), with symbolic differentiation that
 * never expands: every rule (sum, product, quotient, chain rule) builds new nodes from the existing ones, with constant
 * folding and the identities x+0, x·0, x·1, −(−x) only. Stop-gradient nodes ({@code SG}) have derivative zero in
 * {@link #derivative(int, int, boolean)} with {@code sg = true}; {@link #strip(int)} replaces them by their argument
 * (their value). Node 0..(vars−1) are the variables.
 */
public final class ScalarGraph {
    /** Operation codes. */
    public static final int CONST = 0;
    public static final int VAR = 1;
    public static final int ADD = 2;
    public static final int MUL = 3;
    public static final int NEG = 4;
    public static final int DIV = 5;
    /** a^c with a constant exponent c. */
    public static final int POWC = 6;
    /** a^b = exp(b log a). */
    public static final int POW = 7;
    public static final int EXP = 8;
    public static final int LOG = 9;
    public static final int SQRT = 10;
    public static final int SIN = 11;
    public static final int COS = 12;
    public static final int TANH = 13;
    public static final int ABS = 14;
    public static final int SG = 15;
    /** max(a, c) with a constant c (the ε-regularised norm). */
    public static final int MAXC = 16;
    /** 1 if a &gt; c else 0 (derivative of MAXC). */
    public static final int STEPC = 17;

    static final String[] NAMES = {"const", "var", "+", "*", "neg", "/", "^", "^", "Exp", "Log", "Sqrt", "Sin", "Cos",
        "Tanh", "Abs", "sg", "max", "step"};

    private int[] op = new int[1024];
    private int[] a = new int[1024];
    private int[] b = new int[1024];
    private double[] c = new double[1024];
    private int size;
    private final int vars;
    private final Map<Key, Integer> index = new HashMap<>();

    private record Key(int op, int a, int b, long c) {
    }

    /** A graph whose first {@code vars} nodes are the variables 0..vars−1. */
    public ScalarGraph(int vars) {
        this.vars = vars;
        for (int v = 0; v < vars; v++) {
            node(VAR, v, -1, 0);
        }
    }

    public int vars() {
        return vars;
    }

    public int size() {
        return size;
    }

    public int op(int n) {
        return op[n];
    }

    public int arg(int n) {
        return a[n];
    }

    public int arg2(int n) {
        return b[n];
    }

    /** The constant of node n (CONST value, POWC exponent, MAXC bound). */
    public double constantOf(int n) {
        return c[n];
    }

    /** The node of variable v. */
    public int var(int v) {
        return v;
    }

    public int constant(double value) {
        return node(CONST, -1, -1, value == 0 ? 0.0 : value);
    }

    private boolean isConst(int n, double v) {
        return op[n] == CONST && c[n] == v;
    }

    private int node(int o, int x, int y, double k) {
        Key key = new Key(o, x, y, Double.doubleToLongBits(k));
        Integer found = index.get(key);
        if (found != null) {
            return found;
        }
        if (size == op.length) {
            int n = size * 2;
            op = Arrays.copyOf(op, n);
            a = Arrays.copyOf(a, n);
            b = Arrays.copyOf(b, n);
            c = Arrays.copyOf(c, n);
        }
        op[size] = o;
        a[size] = x;
        b[size] = y;
        c[size] = k;
        index.put(key, size);
        return size++;
    }

    public int add(int x, int y) {
        if (isConst(x, 0)) {
            return y;
        }
        if (isConst(y, 0)) {
            return x;
        }
        if (op[x] == CONST && op[y] == CONST) {
            return constant(c[x] + c[y]);
        }
        return x <= y ? node(ADD, x, y, 0) : node(ADD, y, x, 0);
    }

    public int sub(int x, int y) {
        return add(x, neg(y));
    }

    public int mul(int x, int y) {
        if (isConst(x, 0) || isConst(y, 0)) {
            return constant(0);
        }
        if (isConst(x, 1)) {
            return y;
        }
        if (isConst(y, 1)) {
            return x;
        }
        if (isConst(x, -1)) {
            return neg(y);
        }
        if (isConst(y, -1)) {
            return neg(x);
        }
        if (op[x] == CONST && op[y] == CONST) {
            return constant(c[x] * c[y]);
        }
        return x <= y ? node(MUL, x, y, 0) : node(MUL, y, x, 0);
    }

    public int neg(int x) {
        if (op[x] == CONST) {
            return constant(-c[x]);
        }
        if (op[x] == NEG) {
            return a[x];
        }
        return node(NEG, x, -1, 0);
    }

    public int div(int x, int y) {
        if (isConst(y, 1)) {
            return x;
        }
        if (isConst(x, 0)) {
            return constant(0);
        }
        if (op[x] == CONST && op[y] == CONST) {
            return constant(c[x] / c[y]);
        }
        if (op[y] == CONST) {
            return mul(x, constant(1 / c[y]));
        }
        return node(DIV, x, y, 0);
    }

    /** x^p for a constant p. */
    public int powc(int x, double p) {
        if (p == 0) {
            return constant(1);
        }
        if (p == 1) {
            return x;
        }
        if (op[x] == CONST) {
            return constant(Math.pow(c[x], p));
        }
        if (p == 0.5) {
            return unary(SQRT, x);
        }
        return node(POWC, x, -1, p);
    }

    public int pow(int x, int y) {
        if (op[y] == CONST) {
            return powc(x, c[y]);
        }
        return node(POW, x, y, 0);
    }

    /** An entrywise function (EXP, LOG, SQRT, SIN, COS, TANH, ABS) or SG. */
    public int unary(int o, int x) {
        if (op[x] == CONST && o != SG) {
            return constant(eval(o, c[x], 0, 0));
        }
        if (o == SG && (op[x] == CONST || op[x] == SG)) {
            return x;
        }
        return node(o, x, -1, 0);
    }

    public int maxc(int x, double k) {
        return node(MAXC, x, -1, k);
    }

    /** Value of one operation on numbers (shared by the interpreter and {@link Program}). */
    static double eval(int o, double x, double y, double k) {
        return switch (o) {
            case ADD -> x + y;
            case MUL -> x * y;
            case NEG -> -x;
            case DIV -> x / y;
            case POWC -> k == 2 ? x * x : Math.pow(x, k);
            case POW -> Math.pow(x, y);
            case EXP -> Math.exp(x);
            case LOG -> Math.log(x);
            case SQRT -> Math.sqrt(x);
            case SIN -> Math.sin(x);
            case COS -> Math.cos(x);
            case TANH -> Math.tanh(x);
            case ABS -> Math.abs(x);
            case SG -> x;
            case MAXC -> Math.max(x, k);
            case STEPC -> x > k ? 1 : 0;
            default -> throw new IllegalStateException("no value rule for op " + o);
        };
    }

    /**
     * d(node)/d(variable v) as a node. With {@code sg} true a stop-gradient node has derivative zero; with false the
     * graph must contain no SG node below {@code n} (see {@link #strip}).
     */
    public int derivative(int n, int v, boolean sg) {
        int[] memo = new int[size];
        Arrays.fill(memo, -1);
        return d(n, v, sg, memo);
    }

    /** Derivatives of several nodes with respect to variable v, sharing one memo. */
    public int[] derivatives(int[] nodes, int v, boolean sg) {
        int[] memo = new int[size];
        Arrays.fill(memo, -1);
        int[] out = new int[nodes.length];
        for (int j = 0; j < nodes.length; j++) {
            out[j] = d(nodes[j], v, sg, memo);
        }
        return out;
    }

    private int d(int n, int v, boolean sg, int[] memo) {
        if (n < memo.length && memo[n] >= 0) {
            return memo[n];
        }
        int x = a[n];
        int y = b[n];
        int r;
        switch (op[n]) {
            case CONST, STEPC -> r = constant(0);
            case VAR -> r = constant(x == v ? 1 : 0);
            case ADD -> r = add(d(x, v, sg, memo), d(y, v, sg, memo));
            case MUL -> r = add(mul(d(x, v, sg, memo), y), mul(x, d(y, v, sg, memo)));
            case NEG -> r = neg(d(x, v, sg, memo));
            case DIV -> {
                int dx = d(x, v, sg, memo);
                int dy = d(y, v, sg, memo);
                r = sub(div(dx, y), div(mul(n, dy), y));
            }
            case POWC -> r = mul(mul(constant(c[n]), powc(x, c[n] - 1)), d(x, v, sg, memo));
            case POW -> r = mul(n, add(mul(d(y, v, sg, memo), unary(LOG, x)), div(mul(y, d(x, v, sg, memo)), x)));
            case EXP -> r = mul(n, d(x, v, sg, memo));
            case LOG -> r = div(d(x, v, sg, memo), x);
            case SQRT -> r = div(d(x, v, sg, memo), mul(constant(2), n));
            case SIN -> r = mul(unary(COS, x), d(x, v, sg, memo));
            case COS -> r = neg(mul(unary(SIN, x), d(x, v, sg, memo)));
            case TANH -> r = mul(sub(constant(1), mul(n, n)), d(x, v, sg, memo));
            case ABS -> r = mul(div(x, n), d(x, v, sg, memo));
            case SG -> {
                if (!sg) {
                    throw new IllegalStateException("stop-gradient node in a full derivative (strip it first)");
                }
                r = constant(0);
            }
            case MAXC -> r = mul(node(STEPC, x, -1, c[n]), d(x, v, sg, memo));
            default -> throw new IllegalStateException("no derivative rule for op " + op[n]);
        }
        if (n < memo.length) {
            memo[n] = r;
        }
        return r;
    }

    /** The node with every SG(e) replaced by e. */
    public int strip(int n) {
        return strip(n, new HashMap<>());
    }

    private int strip(int n, Map<Integer, Integer> memo) {
        Integer hit = memo.get(n);
        if (hit != null) {
            return hit;
        }
        int r;
        int o = op[n];
        if (o == CONST || o == VAR) {
            r = n;
        } else if (o == SG) {
            r = strip(a[n], memo);
        } else {
            int x = strip(a[n], memo);
            int y = b[n] >= 0 && o != CONST && o != VAR ? strip(b[n], memo) : -1;
            r = switch (o) {
                case ADD -> add(x, y);
                case MUL -> mul(x, y);
                case NEG -> neg(x);
                case DIV -> div(x, y);
                case POWC -> powc(x, c[n]);
                case POW -> pow(x, y);
                case MAXC -> maxc(x, c[n]);
                case STEPC -> node(STEPC, x, -1, c[n]);
                default -> unary(o, x);
            };
        }
        memo.put(n, r);
        return r;
    }

    /** Whether some node of the graph has this operation. */
    public boolean contains(int operation) {
        for (int n = 0; n < size; n++) {
            if (op[n] == operation) {
                return true;
            }
        }
        return false;
    }

    /** Whether a stop-gradient node lies below n. */
    public boolean hasStopGradient(int n) {
        boolean[] seen = new boolean[size];
        java.util.ArrayDeque<Integer> todo = new java.util.ArrayDeque<>();
        todo.push(n);
        while (!todo.isEmpty()) {
            int k = todo.pop();
            if (seen[k]) {
                continue;
            }
            seen[k] = true;
            if (op[k] == SG) {
                return true;
            }
            if (op[k] != CONST && op[k] != VAR) {
                todo.push(a[k]);
                if (b[k] >= 0) {
                    todo.push(b[k]);
                }
            }
        }
        return false;
    }

    /**
     * Value of node n by walking the graph recursively (memoised): the un-compiled evaluation, an independent route to
     * the compiled {@link Program}.
     */
    public double interpret(int n, double[] x) {
        return interpret(n, x, new HashMap<>());
    }

    private double interpret(int n, double[] x, Map<Integer, Double> memo) {
        Double hit = memo.get(n);
        if (hit != null) {
            return hit;
        }
        double r;
        switch (op[n]) {
            case CONST -> r = c[n];
            case VAR -> r = x[a[n]];
            default -> r = eval(op[n], interpret(a[n], x, memo), b[n] >= 0 ? interpret(b[n], x, memo) : 0, c[n]);
        }
        memo.put(n, r);
        return r;
    }

    /** Infix text of a node (variables named by {@code names}); for display at small d. */
    public String text(int n, String[] names) {
        return switch (op[n]) {
            case CONST -> c[n] == Math.rint(c[n]) && Math.abs(c[n]) < 1e15 ? Long.toString((long) c[n])
                    : Double.toString(c[n]);
            case VAR -> names[a[n]];
            case ADD -> "(" + text(a[n], names) + " + " + text(b[n], names) + ")";
            case MUL -> text(a[n], names) + "*" + text(b[n], names);
            case NEG -> "-" + text(a[n], names);
            case DIV -> text(a[n], names) + "/(" + text(b[n], names) + ")";
            case POWC -> "(" + text(a[n], names) + ")^" + c[n];
            case POW -> "(" + text(a[n], names) + ")^(" + text(b[n], names) + ")";
            case MAXC -> "max(" + text(a[n], names) + ", " + c[n] + ")";
            case STEPC -> "step(" + text(a[n], names) + " > " + c[n] + ")";
            default -> NAMES[op[n]] + "(" + text(a[n], names) + ")";
        };
    }
}
