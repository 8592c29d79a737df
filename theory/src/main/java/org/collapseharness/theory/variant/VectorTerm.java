package org.collapseharness.theory.variant;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A loss term as a vector expression tree, read from the variant syntax: numbers, parameters, the variables
 * {@code s y y2 t} (vectors in R^d) and {@code W} (the d×d head), {@code + - * /} (entrywise, a scalar broadcasts),
 * {@code .} (matrix–vector, vector–vector dot, matrix–matrix product), {@code ^} (entrywise power), the entrywise
 * functions {@code Sqrt Exp Log Abs Sin Cos Tanh}, {@code sq(v)} = |v|², {@code cos(u, v)} = u·v / (|u| |v|),
 * {@code sg(e)} (stop-gradient), {@code lsum(e)} (sum of e over every label y2 of the sample; contrast terms) and
 * {@code mean(e)} (entrywise mean of e over the labels y; statistic terms). Function calls take round or square
 * brackets. Shapes are checked at parse time; errors are one-line {@link VariantSyntaxException}s at the column of the
 * offending operator or name.
 */
public final class VectorTerm extends ExprCursor {

    /** Shape of a sub-expression. */
    public enum Shape { SCALAR, VECTOR, MATRIX }

    /**
     * One node of the tree.
     *
     * @param op    num, param, var, add, sub, mul, div, dot, pow, neg, or the function name of a call
     * @param name  variable or parameter name (var, param), else empty
     * @param value number (num) or parameter value (param)
     * @param args  operands
     * @param shape the node's shape
     * @param col   column in the file (1-based) of the node's operator or name
     */
    public record Node(String op, String name, double value, List<Node> args, Shape shape, int col) {
    }

    /** Largest constant exponent of '^'. */
    public static final int MAX_EXPONENT = 100;

    /** Entrywise functions of one argument. */
    public static final Set<String> ENTRYWISE = Set.of("Sqrt", "Exp", "Log", "Abs", "Sin", "Cos", "Tanh");
    /** Every function name of the syntax. */
    public static final Set<String> FUNCTIONS = Set.of("Sqrt", "Exp", "Log", "Abs", "Sin", "Cos", "Tanh", "sg", "sq",
            "cos", "lsum", "mean");

    /** Where the term is used: which variables it may use and which aggregations. */
    public enum Kind {
        /** A (sample s, label y) pair, optionally with the target t and the head W. */
        PAIR("s", "y", "t", "W"),
        /** An unordered pair of distinct labels y, y2. */
        LABELS("y", "y2", "W"),
        /** A sample s with its positive label y; lsum(e) sums e over all labels y2. */
        CONTRAST("s", "y", "y2", "W"),
        /** A statistic over the labels: mean(e) averages e (in y) over the labels. */
        STATISTIC("y", "W"),
        /** A per-vector penalty in s (samples). */
        SAMPLE_PENALTY("s"),
        /** A per-vector penalty in y (labels). */
        LABEL_PENALTY("y");

        final Set<String> vars;

        Kind(String... vars) {
            this.vars = Set.of(vars);
        }
    }

    private final String src;
    private final int ln;
    private final int col;
    private final Map<String, Double> params;
    private final Kind kind;
    private final boolean head;
    private int lsumDepth;
    private int meanDepth;

    private VectorTerm(String e, String src, int ln, int col, Map<String, Double> params, Kind kind, boolean head) {
        super(e);
        this.src = src;
        this.ln = ln;
        this.col = col;
        this.params = params;
        this.kind = kind;
        this.head = head;
    }

    /**
     * Parses and shape-checks a term; the result is the scalar loss (a vector-valued term is the sum of its entries,
     * as the per-coordinate polynomial terms of the linear pipeline; a matrix-valued term is an error).
     *
     * @param expr   the expression (file syntax or bracketed)
     * @param col    its column in the file (for messages)
     * @param params parameter values
     * @param kind   where the term is used
     * @param head   whether the head W is declared
     */
    public static Node parse(String expr, String src, int ln, int col, Map<String, Double> params, Kind kind,
                             boolean head) {
        VectorTerm p = new VectorTerm(expr, src, ln, col, params, kind, head);
        Node n = p.sum();
        p.skip();
        if (p.i < expr.length()) {
            throw p.fail(p.i, "unexpected '" + expr.charAt(p.i) + "' (an operator or the end was expected)");
        }
        if (n.shape() == Shape.MATRIX) {
            throw p.fail(0, "the term is a matrix; a term must be a scalar (or a vector, whose entries are summed)");
        }
        if (head && n.shape() == Shape.VECTOR && kind == Kind.PAIR) {
            throw p.fail(0, "the term is a vector; with species head write sq(...) or a dot product to make it a "
                    + "scalar");
        }
        return n;
    }

    /** Whether the tree contains a call of one of the given functions. */
    public static boolean uses(Node n, Set<String> functions) {
        if (functions.contains(n.op())) {
            return true;
        }
        for (Node a : n.args()) {
            if (uses(a, functions)) {
                return true;
            }
        }
        return false;
    }

    private Node sum() {
        Node left = product();
        while (peek('+') || peek('-')) {
            int at = i;
            String op = e.charAt(i) == '+' ? "add" : "sub";
            i++;
            left = binary(op, left, product(), at);
        }
        return left;
    }

    private Node product() {
        Node left = unary();
        while (true) {
            if (peek('*') || peek('/') || peek('.') && !startsNumber()) {
                int at = i;
                char c = e.charAt(i);
                i++;
                left = binary(c == '*' ? "mul" : c == '/' ? "div" : "dot", left, unary(), at);
            } else if (startsAtom()) {
                int at = i;
                left = binary("mul", left, unary(), at);
            } else {
                return left;
            }
        }
    }

    private Node unary() {
        if (peek('+')) {
            i++;
            return unary();
        }
        if (peek('-')) {
            int at = i;
            i++;
            Node a = unary();
            return new Node("neg", "", 0, List.of(a), a.shape(), col + at);
        }
        Node base = atom();
        if (peek('^')) {
            int at = i;
            i++;
            Node ex = unary();
            if (ex.shape() != Shape.SCALAR) {
                throw fail(at, "the exponent of '^' must be a scalar");
            }
            if (base.shape() == Shape.MATRIX) {
                throw fail(at, "'^' of a matrix (write W.W for a matrix product)");
            }
            if (ex.op().equals("num") && ex.value() > MAX_EXPONENT) {
                throw fail(at, "exponent larger than " + MAX_EXPONENT + " (the term would overflow)");
            }
            return new Node("pow", "", 0, List.of(base, ex), base.shape(), col + at);
        }
        return base;
    }

    private Node binary(String op, Node a, Node b, int at) {
        Shape sa = a.shape();
        Shape sb = b.shape();
        Shape out;
        if (op.equals("dot")) {
            if (sa == Shape.SCALAR || sb == Shape.SCALAR) {
                throw fail(at, "'.' needs vectors or matrices on both sides (use '*' with a scalar)");
            }
            out = sa == Shape.VECTOR && sb == Shape.VECTOR ? Shape.SCALAR
                    : sa == Shape.MATRIX && sb == Shape.MATRIX ? Shape.MATRIX : Shape.VECTOR;
        } else {
            if (sa != Shape.SCALAR && sb != Shape.SCALAR && sa != sb) {
                throw fail(at, "'" + e.charAt(Math.min(at, e.length() - 1)) + "' between a " + name(sa) + " and a "
                        + name(sb));
            }
            if ((op.equals("mul") || op.equals("div")) && sa == Shape.MATRIX && sb == Shape.MATRIX) {
                throw fail(at, "entrywise product of two matrices (write W.W for a matrix product)");
            }
            out = sa == Shape.SCALAR ? sb : sa;
        }
        return new Node(op, "", 0, List.of(a, b), out, col + at);
    }

    private static String name(Shape s) {
        return s.name().toLowerCase(java.util.Locale.ROOT);
    }

    private Node atom() {
        skip();
        if (i >= e.length()) {
            throw fail(i, "the expression ends where an operand was expected");
        }
        int at = i;
        java.util.regex.Matcher num = java.util.regex.Pattern.compile("\\d+(\\.\\d*)?([eE][+-]?\\d+)?|\\.\\d+")
                .matcher(e).region(i, e.length());
        if (num.lookingAt()) {
            i = num.end();
            return new Node("num", "", Double.parseDouble(num.group()), List.of(), Shape.SCALAR, col + at);
        }
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9]*").matcher(e)
                .region(i, e.length());
        if (id.lookingAt()) {
            String n = id.group();
            i = id.end();
            if (FUNCTIONS.contains(n) && (peek('(') || peek('['))) {
                return call(n, at);
            }
            return symbol(n, at);
        }
        if (peek('(')) {
            i++;
            Node inner = sum();
            close(')');
            return inner;
        }
        throw fail(i, "'" + e.charAt(i) + "' where an operand was expected");
    }

    private Node symbol(String n, int at) {
        if (params.containsKey(n)) {
            return new Node("param", n, params.get(n), List.of(), Shape.SCALAR, col + at);
        }
        if (!kind.vars.contains(n) || n.equals("W") && !head) {
            throw fail(at, "unknown symbol '" + n + "' in a " + kind.name().toLowerCase(java.util.Locale.ROOT)
                    .replace('_', ' ') + " term (variables here: " + String.join(", ", new java.util.TreeSet<>(
                    head ? kind.vars : without(kind.vars, "W"))) + ")");
        }
        if (n.equals("y2") && kind == Kind.CONTRAST && lsumDepth == 0) {
            throw fail(at, "y2 (every label) is only defined inside lsum(...)");
        }
        if (n.equals("y") && kind == Kind.STATISTIC && meanDepth == 0) {
            throw fail(at, "y (every label) is only defined inside mean(...)");
        }
        return new Node("var", n, 0, List.of(), n.equals("W") ? Shape.MATRIX : Shape.VECTOR, col + at);
    }

    private static Set<String> without(Set<String> s, String x) {
        Set<String> out = new java.util.HashSet<>(s);
        out.remove(x);
        return out;
    }

    private Node call(String f, int at) {
        skip();
        char open = e.charAt(i);
        i++;
        if (f.equals("lsum")) {
            if (kind != Kind.CONTRAST || lsumDepth > 0) {
                throw fail(at, "lsum(...) (sum over the labels y2) is only defined in a contrast term, not nested");
            }
            lsumDepth++;
        }
        if (f.equals("mean")) {
            if (kind != Kind.STATISTIC || meanDepth > 0) {
                throw fail(at, "mean(...) (mean over the labels) is only defined in a statistic term, not nested");
            }
            meanDepth++;
        }
        List<Node> args = new ArrayList<>();
        skip();
        if (peek(')') || peek(']')) {
            throw fail(i, "empty brackets");
        }
        args.add(sum());
        while (peek(',')) {
            i++;
            args.add(sum());
        }
        close(open == '(' ? ')' : ']');
        if (f.equals("lsum")) {
            lsumDepth--;
        }
        if (f.equals("mean")) {
            meanDepth--;
        }
        int want = f.equals("cos") ? 2 : 1;
        if (args.size() != want) {
            throw fail(at, f + "(...) takes " + want + " argument" + (want == 1 ? "" : "s") + ", not " + args.size());
        }
        Shape s0 = args.get(0).shape();
        Shape shape;
        switch (f) {
            case "sq" -> shape = Shape.SCALAR;
            case "cos" -> {
                if (s0 != Shape.VECTOR || args.get(1).shape() != Shape.VECTOR) {
                    throw fail(at, "cos(u, v) needs two vectors");
                }
                shape = Shape.SCALAR;
            }
            case "lsum" -> shape = s0;
            case "mean" -> shape = s0;
            default -> {
                if (ENTRYWISE.contains(f) && s0 == Shape.MATRIX) {
                    throw fail(at, f + " of a matrix is not defined");
                }
                shape = s0;
            }
        }
        return new Node(f, "", 0, List.copyOf(args), shape, col + at);
    }

    private void close(char c) {
        skip();
        if (i >= e.length() || (e.charAt(i) != ')' && e.charAt(i) != ']')) {
            throw fail(i, "'" + (i < e.length() ? e.charAt(i) : ' ') + "' where '" + c + "' was expected");
        }
        i++;
    }

    private VariantSyntaxException fail(int at, String message) {
        return new VariantSyntaxException(src, ln, col + Math.min(at, e.length()), message);
    }
}
