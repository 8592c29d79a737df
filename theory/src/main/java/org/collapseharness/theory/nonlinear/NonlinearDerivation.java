package org.collapseharness.theory.nonlinear;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.collapseharness.theory.variant.LossVariant;
import org.collapseharness.theory.variant.VectorTerm;
import org.collapseharness.theory.variant.VectorTerm.Kind;
import org.collapseharness.theory.variant.VectorTerm.Node;

/**
 * Derivation of any variant at a concrete dimension d (and number of labels K), without expansion and without Symja:
 * each term is written out entry by entry into a {@link ScalarGraph} (s → s1..sd, W → w11..wdd, {@code sq}, {@code .},
 * {@code cos} by their definitions, {@code lsum}/{@code mean} over the K labels), differentiated as written with
 * stop-gradient semantics (field = −∂L/∂v with sg nodes held constant, then replaced by their value), the Jacobian of
 * that field differentiated again, and both compiled to {@link Program}s. With {@code eps > 0} every {@code Sqrt(x)}
 * (so every norm, and the norms inside {@code cos}) becomes {@code Sqrt(max(x, eps²))}, i.e. |u| → max(|u|, eps).
 *
 * <p>What is not derived here: closed-form sector spectra (the linear pipeline's), fixed points in closed form (they are
 * found numerically by Newton on the compiled field), symmetries (checked numerically by the report, not proven).
 */
public final class NonlinearDerivation {

    /**
     * One compiled term.
     *
     * @param label     clean, shared, labels, contrast, statistic, sample-penalty, label-penalty
     * @param names     variable names in input order
     * @param loss      the loss (one output; stop-gradient instructions kept, see {@link Program#evaluateFrozen})
     * @param field     −∂L/∂v for every input v, sg semantics
     * @param jacobian  ∂field_j/∂v_k, row-major (inputs × inputs)
     * @param graph     the graph (for the un-compiled evaluation)
     * @param fieldNodes the field's nodes in the graph
     * @param stopGradient whether the loss contains a stop-gradient
     * @param tree     the parsed term (for an independent derivation, e.g. the Symja witness)
     * @param kind     where the term is used (fixes the input order, see {@link #names})
     */
    public record Term(String label, String[] names, Program loss, Program field, Program jacobian, ScalarGraph graph,
                       int[] fieldNodes, boolean stopGradient, Node tree, Kind kind) {
        public int inputs() {
            return names.length;
        }
    }

    /**
     * The derived variant.
     *
     * @param dim      d
     * @param labels   K (contrast and statistic terms depend on it)
     * @param head     whether W is a species (inputs of every term after its vectors)
     * @param target   whether t is a species (PAIR inputs after W)
     * @param emaRate  EMA rate of the target (0 without)
     * @param clean    clean pair term
     * @param shared   shared pair term (null without shared samples)
     * @param labelPairs term over unordered pairs of distinct labels (null if absent)
     * @param contrast contrast term (null if absent)
     * @param statistic statistic over the labels (null if absent)
     * @param samplePenalty per-sample penalty (null if absent)
     * @param labelPenalty per-label penalty (null if absent)
     * @param eps      the regularisation of norms (0: none)
     * @param seconds  time spent
     */
    public record Derived(int dim, int labels, boolean head, boolean target, double emaRate, Term clean, Term shared,
                          Term labelPairs, Term contrast, Term statistic, Term samplePenalty, Term labelPenalty,
                          double eps, double seconds) {
        /** Every term present, in a fixed order. */
        public List<Term> terms() {
            List<Term> out = new ArrayList<>();
            for (Term t : new Term[] {clean, shared, labelPairs, contrast, statistic, samplePenalty, labelPenalty}) {
                if (t != null) {
                    out.add(t);
                }
            }
            return out;
        }

        /** Whether some term normalises (contains a square root): its field is singular where that norm vanishes. */
        public boolean normalises() {
            for (Term t : terms()) {
                if (t.graph().contains(ScalarGraph.SQRT)) {
                    return true;
                }
            }
            return false;
        }

        /** Whether some term uses a stop-gradient. */
        public boolean stopGradient() {
            for (Term t : terms()) {
                if (t.stopGradient()) {
                    return true;
                }
            }
            return false;
        }

        /** Total compiled instructions (field + Jacobian). */
        public int instructions() {
            int n = 0;
            for (Term t : terms()) {
                n += t.field().length() + t.jacobian().length();
            }
            return n;
        }
    }

    /** What the pipeline does not derive for a nonlinear variant (reported by derive and the report). */
    public static final List<String> NOT_DERIVED = List.of(
            "closed-form sector spectra (the field is not linear; stability comes from the Jacobian spectrum at "
                    + "numerically found fixed points)",
            "fixed points in closed form (Newton on the compiled field from integrated end states)",
            "symmetries as identities (the field's rotation/scale invariances are checked numerically, not proven)");

    private final int d;
    private final int k;
    private final double eps;

    private NonlinearDerivation(int d, int k, double eps) {
        this.d = d;
        this.k = k;
        this.eps = eps;
    }

    /** Derives every term of the variant at dimension d with K labels; eps &gt; 0 regularises norms. */
    public static Derived derive(LossVariant v, int d, int classes, double eps) {
        long start = System.nanoTime();
        if (d < 1 || classes < 2) {
            throw new IllegalArgumentException("need d >= 1 and K >= 2");
        }
        NonlinearDerivation nd = new NonlinearDerivation(d, classes, eps);
        Map<String, Double> p = v.loss().parameters().asMap();
        boolean head = v.hasHead();
        boolean target = v.species().contains("target");
        String src = v.source();
        Term clean = nd.term("clean", parse(v.loss().cleanTerm(), src, p, Kind.PAIR, head), Kind.PAIR, head, target);
        boolean hasShared = v.species().contains("shared") && !v.loss().sharedTerm().equals("0");
        Term shared = hasShared
                ? nd.term("shared", parse(v.loss().sharedTerm(), src, p, Kind.PAIR, head), Kind.PAIR, head, target)
                : null;
        LossVariant.Extra x = v.extra();
        Term labels = x.labels().isEmpty() ? null
                : nd.term("labels", parse(x.labels(), src, p, Kind.LABELS, head), Kind.LABELS, head, false);
        Term contrast = x.contrast().isEmpty() ? null
                : nd.term("contrast", parse(x.contrast(), src, p, Kind.CONTRAST, head), Kind.CONTRAST, head, false);
        Term statistic = x.statistic().isEmpty() ? null
                : nd.term("statistic", parse(x.statistic(), src, p, Kind.STATISTIC, head), Kind.STATISTIC, head, false);
        Term sp = v.loss().samplePenalty().equals("0") ? null : nd.term("sample-penalty",
                parse(v.loss().samplePenalty(), src, p, Kind.SAMPLE_PENALTY, false), Kind.SAMPLE_PENALTY, false, false);
        Term lp = v.loss().labelPenalty().equals("0") ? null : nd.term("label-penalty",
                parse(v.loss().labelPenalty(), src, p, Kind.LABEL_PENALTY, false), Kind.LABEL_PENALTY, false, false);
        double ema = 0;
        if (target) {
            Node rate = parse(v.loss().emaRate(), src, p, Kind.PAIR, false);
            ScalarGraph g = new ScalarGraph(0);
            ema = g.interpret(nd.scalar(g, rate, new Bind(null, null, null, null, null)), new double[0]);
        }
        return new Derived(d, classes, head, target, ema, clean, shared, labels, contrast, statistic, sp, lp, eps,
                (System.nanoTime() - start) / 1e9);
    }

    private static Node parse(String expr, String src, Map<String, Double> p, Kind kind, boolean head) {
        return VectorTerm.parse(expr, src, 0, 1, p, kind, head);
    }

    /** Variable bindings of a term: vectors as node arrays. */
    private record Bind(int[] s, int[] y, int[] y2, int[] w, int[] t, int[][] labels) {
        Bind(int[] s, int[] y, int[] y2, int[] w, int[] t) {
            this(s, y, y2, w, t, null);
        }

        Bind withY(int[] ny) {
            return new Bind(s, ny, y2, w, t, labels);
        }

        Bind withY2(int[] ny2) {
            return new Bind(s, y, ny2, w, t, labels);
        }
    }

    private Term term(String label, Node tree, Kind kind, boolean head, boolean target) {
        List<String> names = new ArrayList<>();
        int vectors = switch (kind) {
            case PAIR -> 2;
            case LABELS -> 2;
            case CONTRAST -> 1 + k;
            case STATISTIC -> k;
            case SAMPLE_PENALTY, LABEL_PENALTY -> 1;
        };
        int nv = vectors * d + (head ? d * d : 0) + (target ? d : 0);
        ScalarGraph g = new ScalarGraph(nv);
        int[][] vec = new int[vectors][d];
        String[] prefix = switch (kind) {
            case PAIR -> new String[] {"s", "y"};
            case LABELS -> new String[] {"y", "y2_"};
            case CONTRAST -> vectorNames("s", "y");
            case STATISTIC -> vectorNames(null, "y");
            case SAMPLE_PENALTY -> new String[] {"s"};
            case LABEL_PENALTY -> new String[] {"y"};
        };
        int at = 0;
        for (int j = 0; j < vectors; j++) {
            for (int q = 0; q < d; q++) {
                vec[j][q] = g.var(at++);
                names.add(prefix[j] + (q + 1));
            }
        }
        int[] w = null;
        if (head) {
            w = new int[d * d];
            for (int r = 0; r < d; r++) {
                for (int c = 0; c < d; c++) {
                    w[r * d + c] = g.var(at++);
                    names.add("w" + (r + 1) + "_" + (c + 1));
                }
            }
        }
        int[] t = null;
        if (target) {
            t = new int[d];
            for (int q = 0; q < d; q++) {
                t[q] = g.var(at++);
                names.add("t" + (q + 1));
            }
        }
        Bind bind = switch (kind) {
            case PAIR -> new Bind(vec[0], vec[1], null, w, t);
            case LABELS -> new Bind(null, vec[0], vec[1], w, null);
            case CONTRAST -> new Bind(vec[0], vec[1], null, w, null, java.util.Arrays.copyOfRange(vec, 1, 1 + k));
            case STATISTIC -> new Bind(null, null, null, w, null, vec);
            case SAMPLE_PENALTY -> new Bind(vec[0], null, null, null, null);
            case LABEL_PENALTY -> new Bind(null, vec[0], null, null, null);
        };
        int loss = scalar(g, tree, bind);
        boolean sg = g.hasStopGradient(loss);
        int[] field = new int[nv];
        for (int v = 0; v < nv; v++) {
            field[v] = g.strip(g.neg(g.derivative(loss, v, true)));
        }
        int[] jac = new int[nv * nv];
        for (int v = 0; v < nv; v++) {
            int[] col = g.derivatives(field, v, false);
            for (int j = 0; j < nv; j++) {
                jac[j * nv + v] = col[j];
            }
        }
        return new Term(label, names.toArray(new String[0]), Program.compile(g, new int[] {loss}),
                Program.compile(g, field), Program.compile(g, jac), g, field, sg, tree, kind);
    }

    private String[] vectorNames(String first, String labelPrefix) {
        List<String> out = new ArrayList<>();
        if (first != null) {
            out.add(first);
        }
        for (int c = 0; c < k; c++) {
            out.add(labelPrefix + c + "_");
        }
        return out.toArray(new String[0]);
    }

    private int scalar(ScalarGraph g, Node tree, Bind b) {
        int[] v = eval(g, tree, b);
        int acc = g.constant(0);
        for (int x : v) {
            acc = g.add(acc, x);
        }
        return acc;
    }

    /** The node array of a sub-expression: length 1 (scalar), d (vector) or d² (matrix, row-major). */
    private int[] eval(ScalarGraph g, Node n, Bind b) {
        List<Node> args = n.args();
        switch (n.op()) {
            case "num", "param" -> {
                return new int[] {g.constant(n.value())};
            }
            case "var" -> {
                return switch (n.name()) {
                    case "s" -> b.s();
                    case "y" -> b.y();
                    case "y2" -> b.y2();
                    case "t" -> b.t();
                    case "W" -> b.w();
                    default -> throw new IllegalStateException("unbound variable " + n.name());
                };
            }
            case "neg" -> {
                return map(eval(g, args.get(0), b), g::neg);
            }
            case "add", "sub", "mul", "div" -> {
                int[] x = eval(g, args.get(0), b);
                int[] y = eval(g, args.get(1), b);
                int len = Math.max(x.length, y.length);
                int[] out = new int[len];
                for (int i = 0; i < len; i++) {
                    int p = x[x.length == 1 ? 0 : i];
                    int q = y[y.length == 1 ? 0 : i];
                    out[i] = switch (n.op()) {
                        case "add" -> g.add(p, q);
                        case "sub" -> g.sub(p, q);
                        case "mul" -> g.mul(p, q);
                        default -> g.div(p, q);
                    };
                }
                return out;
            }
            case "pow" -> {
                int e = eval(g, args.get(1), b)[0];
                return map(eval(g, args.get(0), b), x -> g.pow(x, e));
            }
            case "dot" -> {
                return dot(g, args.get(0).shape(), eval(g, args.get(0), b), args.get(1).shape(),
                        eval(g, args.get(1), b));
            }
            case "sq" -> {
                int acc = g.constant(0);
                for (int x : eval(g, args.get(0), b)) {
                    acc = g.add(acc, g.mul(x, x));
                }
                return new int[] {acc};
            }
            case "cos" -> {
                int[] u = eval(g, args.get(0), b);
                int[] w = eval(g, args.get(1), b);
                int uw = g.constant(0);
                int uu = g.constant(0);
                int ww = g.constant(0);
                for (int i = 0; i < u.length; i++) {
                    uw = g.add(uw, g.mul(u[i], w[i]));
                    uu = g.add(uu, g.mul(u[i], u[i]));
                    ww = g.add(ww, g.mul(w[i], w[i]));
                }
                return new int[] {g.div(uw, g.mul(sqrt(g, uu), sqrt(g, ww)))};
            }
            case "sg" -> {
                return map(eval(g, args.get(0), b), x -> g.unary(ScalarGraph.SG, x));
            }
            case "Sqrt" -> {
                return map(eval(g, args.get(0), b), x -> sqrt(g, x));
            }
            case "lsum" -> {
                int[] acc = null;
                for (int[] label : b.labels()) {
                    int[] term = eval(g, args.get(0), b.withY2(label));
                    acc = acc == null ? term : sum(g, acc, term);
                }
                return acc;
            }
            case "mean" -> {
                int[] acc = null;
                for (int[] label : b.labels()) {
                    int[] term = eval(g, args.get(0), b.withY(label));
                    acc = acc == null ? term : sum(g, acc, term);
                }
                int inv = g.constant(1.0 / b.labels().length);
                return map(acc, x -> g.mul(inv, x));
            }
            default -> {
                int o = switch (n.op()) {
                    case "Exp" -> ScalarGraph.EXP;
                    case "Log" -> ScalarGraph.LOG;
                    case "Abs" -> ScalarGraph.ABS;
                    case "Sin" -> ScalarGraph.SIN;
                    case "Cos" -> ScalarGraph.COS;
                    case "Tanh" -> ScalarGraph.TANH;
                    default -> throw new IllegalStateException("no rule for " + n.op());
                };
                return map(eval(g, args.get(0), b), x -> g.unary(o, x));
            }
        }
    }

    private int sqrt(ScalarGraph g, int x) {
        return g.unary(ScalarGraph.SQRT, eps > 0 ? g.maxc(x, eps * eps) : x);
    }

    private static int[] sum(ScalarGraph g, int[] x, int[] y) {
        int len = Math.max(x.length, y.length);
        int[] out = new int[len];
        for (int i = 0; i < len; i++) {
            out[i] = g.add(x[x.length == 1 ? 0 : i], y[y.length == 1 ? 0 : i]);
        }
        return out;
    }

    private int[] dot(ScalarGraph g, VectorTerm.Shape sa, int[] x, VectorTerm.Shape sb, int[] y) {
        boolean ma = sa == VectorTerm.Shape.MATRIX;
        boolean mb = sb == VectorTerm.Shape.MATRIX;
        if (!ma && !mb) {
            int acc = g.constant(0);
            for (int i = 0; i < d; i++) {
                acc = g.add(acc, g.mul(x[i], y[i]));
            }
            return new int[] {acc};
        }
        if (ma && !mb) {
            int[] out = new int[d];
            for (int r = 0; r < d; r++) {
                int acc = g.constant(0);
                for (int c = 0; c < d; c++) {
                    acc = g.add(acc, g.mul(x[r * d + c], y[c]));
                }
                out[r] = acc;
            }
            return out;
        }
        if (!ma) {
            int[] out = new int[d];
            for (int c = 0; c < d; c++) {
                int acc = g.constant(0);
                for (int r = 0; r < d; r++) {
                    acc = g.add(acc, g.mul(x[r], y[r * d + c]));
                }
                out[c] = acc;
            }
            return out;
        }
        int[] out = new int[d * d];
        for (int r = 0; r < d; r++) {
            for (int c = 0; c < d; c++) {
                int acc = g.constant(0);
                for (int j = 0; j < d; j++) {
                    acc = g.add(acc, g.mul(x[r * d + j], y[j * d + c]));
                }
                out[r * d + c] = acc;
            }
        }
        return out;
    }

    private static int[] map(int[] x, java.util.function.IntUnaryOperator f) {
        int[] out = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = f.applyAsInt(x[i]);
        }
        return out;
    }
}
