package org.collapseharness.theory.symbolic;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.collapseharness.theory.Bindings;
import org.collapseharness.theory.HeadFlowTheory;
import org.collapseharness.theory.HeadLoss;
import org.collapseharness.theory.PolynomialField;
import org.collapseharness.theory.PolynomialMatrix;
import org.collapseharness.theory.ProjectionTheory;
import org.collapseharness.theory.SymbolicException;
import org.matheclipse.core.interfaces.IExpr;

/**
 * The generic pipeline for variant files with species head (a shared projection W, a d×d matrix). A pair term is a
 * vector expression in s, y, W; it is written out with explicit entries at a concrete d (s → {s1,..,sd}, W → the d×d
 * matrix of w11..wdd, sq[v] → Σ v_i², sg[e] → e with every variable inside replaced by sg[variable], which is the same
 * stop-gradient: all of e is held constant) and then:
 * <ul>
 * <li>differentiated with sg semantics ({@link SgCalculus}) into the per-pair field at any d, kept as polynomials
 * ({@link PolynomialField}, the numeric flow is assembled from these), and its Jacobian by Symja's D
 * ({@link PolynomialMatrix}, the stiff integrator's Jacobian is assembled from these);</li>
 * <li>run through the same steady-state derivation as the built-in §4 model ({@link ProjectionDerivation}: blocks of
 * the field identified as words in W, Wᵀ at d = 2, exact for every d because the identity is symbolic in the words;
 * per-mode reduction at d = 1, scalar w, which is exact for symmetric W in its eigenbasis; the operator T, the
 * bias operator and its protected value with sg, the bound sup T without).</li>
 * </ul>
 * The steady-state relations assume the same clean and shared term (T carries the factor n/(n+m)).
 */
public final class HeadFlowDerivation {
    /** Keyed by the terms and parameter values (not the name): renamed copies share one derivation. */
    private static final Map<String, HeadFlowTheory> CACHE = new ConcurrentHashMap<>();
    private static final Map<String, PolynomialField> FIELDS = new ConcurrentHashMap<>();
    private static final Map<String, PolynomialMatrix> JACOBIANS = new ConcurrentHashMap<>();
    private static final Map<String, List<IExpr>> EXPRESSIONS = new ConcurrentHashMap<>();

    private HeadFlowDerivation() {
    }

    /** The derivation, once per JVM. */
    public static HeadFlowTheory derive(HeadLoss loss) {
        String key = loss.cleanTerm() + "|" + loss.sharedTerm() + "|" + loss.parameters();
        HeadFlowTheory t = CACHE.get(key);
        if (t == null || !t.loss().equals(loss)) {
            HeadFlowTheory base = t != null ? t : compute(loss);
            t = new HeadFlowTheory(loss, base.pairLoss2(), base.fieldEquations(), base.relations(), base.stopGradient());
            CACHE.putIfAbsent(key, base);
        }
        return t;
    }

    static HeadFlowTheory compute(HeadLoss loss) {
        String clean2 = expand(loss.cleanTerm(), 2, loss.parameters());
        String shared2 = expand(loss.sharedTerm(), 2, loss.parameters());
        scalar(clean2, "clean term");
        scalar(shared2, "shared term");
        if (!Symja.isZero(Symja.eval("(" + clean2 + ") - (" + shared2 + ")"))) {
            throw new SymbolicException(SymbolicException.Key.UNSOLVED, "steady-state relations: the derivation "
                    + "needs the same clean and shared pair term (T carries the factor n/(n+m))");
        }
        String clean1 = expand(loss.cleanTerm(), 1, loss.parameters());
        ProjectionTheory rel = ProjectionDerivation.computeFrom(clean2, clean1, loss.usesStopGradient());
        List<String> eq = new ArrayList<>();
        for (String f : rel.perModeField()) {
            eq.add("per mode (d = 1, scalar w): " + f);
        }
        eq.add("per pair, any d: ds/dt = (" + rel.gss() + ").s + (" + rel.gsy() + ").y");
        eq.add("per pair, any d: dy/dt = (" + rel.gys() + ").s + (" + rel.gyy() + ").y");
        eq.add("clean pairs: (x[c,i], y[c]); shared pairs: (z[s], y[c]) for every c; W receives the sum over all pairs");
        return new HeadFlowTheory(loss, clean2, List.copyOf(eq), rel, loss.usesStopGradient());
    }

    /** The built-in §4 pair loss (with or without sg) and the variant's clean term agree identically (at d = 2). */
    public static boolean sameAsBuiltin(HeadLoss loss, boolean stopGradient) {
        String mine = expand(loss.cleanTerm(), 2, loss.parameters());
        String builtin = ProjectionDerivation.pairLoss(2, stopGradient);
        return Symja.isZero(Symja.eval("(" + mine + ") - (" + builtin + ")"));
    }

    /** Per-pair field (clean term when {@code clean}, else shared) at dimension d, as polynomials; memoised. */
    public static PolynomialField pairField(HeadLoss loss, int d, boolean clean) {
        String key = (clean ? loss.cleanTerm() : loss.sharedTerm()) + "|" + d + "|"
                + loss.parameters();
        return FIELDS.computeIfAbsent(key, k -> computeField(clean ? loss.cleanTerm() : loss.sharedTerm(), d,
                loss.parameters()));
    }

    static PolynomialField computeField(String term, int d, Bindings params) {
        List<String> vars = variables(d);
        List<IExpr> field = fieldExpressions(term, d, params);
        double[][] coeffs = new double[vars.size()][];
        int[][][] exps = new int[vars.size()][][];
        List<String> eq = new ArrayList<>();
        for (int j = 0; j < vars.size(); j++) {
            IExpr f = field.get(j);
            eq.add("d" + vars.get(j) + "/dt = " + Symja.text(f));
            Monomials m = monomials(f, vars, "head field");
            coeffs[j] = m.coefficients();
            exps[j] = m.exponents();
        }
        return new PolynomialField(d, List.copyOf(vars), coeffs, exps, List.copyOf(eq));
    }

    /** Jacobian of the per-pair field (clean term when {@code clean}, else shared) at dimension d; memoised. */
    public static PolynomialMatrix pairJacobian(HeadLoss loss, int d, boolean clean) {
        String term = clean ? loss.cleanTerm() : loss.sharedTerm();
        return JACOBIANS.computeIfAbsent(term + "|" + d + "|" + loss.parameters(),
                k -> computeJacobian(term, d, loss.parameters()));
    }

    /**
     * The Jacobian of the per-pair field: every velocity, as derived, differentiated by every variable with Symja's
     * D (no expansion beyond what the derivation already did), each non-zero entry kept as polynomial coefficients.
     */
    static PolynomialMatrix computeJacobian(String term, int d, Bindings params) {
        List<String> vars = variables(d);
        List<IExpr> field = fieldExpressions(term, d, params);
        List<int[]> at = new ArrayList<>();
        List<Monomials> entries = new ArrayList<>();
        for (int i = 0; i < vars.size(); i++) {
            for (int j = 0; j < vars.size(); j++) {
                IExpr entry = derivative(field.get(i), vars.get(j));
                if (entry.isZero()) {
                    continue;
                }
                at.add(new int[] {i, j});
                entries.add(monomials(entry, vars, "head Jacobian"));
            }
        }
        int n = entries.size();
        int[] flat = new int[n];
        double[][] coeffs = new double[n][];
        int[][][] exps = new int[n][][];
        for (int e = 0; e < n; e++) {
            flat[e] = at.get(e)[0] * vars.size() + at.get(e)[1];
            coeffs[e] = entries.get(e).coefficients();
            exps[e] = entries.get(e).exponents();
        }
        return PolynomialMatrix.compile(vars.size(), vars.size(), vars, flat, coeffs, exps);
    }

    /** ∂f/∂var as Symja derives it (the un-compiled symbolic Jacobian entry). */
    static IExpr derivative(IExpr f, String var) {
        return Symja.eval("D[#0, " + var + "]", f);
    }

    /**
     * The per-pair velocities of every variable (sg semantics), checked to be polynomials in the variables; memoised
     * (the field and its Jacobian start from the same expressions).
     */
    static List<IExpr> fieldExpressions(String term, int d, Bindings params) {
        return EXPRESSIONS.computeIfAbsent(term + "|" + d + "|" + params, k -> computeExpressions(term, d, params));
    }

    private static List<IExpr> computeExpressions(String term, int d, Bindings params) {
        IExpr l = scalar(expand(term, d, params), "pair term");
        List<String> vars = variables(d);
        String varList = "{" + String.join(",", vars) + "}";
        List<IExpr> out = new ArrayList<>();
        for (String v : vars) {
            IExpr f = SgCalculus.flow(l, v);
            if (!Symja.eval("PolynomialQ[#0, " + varList + "]", f).isTrue()) {
                throw new SymbolicException(SymbolicException.Key.NOT_LINEAR, "the head field d" + v
                        + "/dt = " + Symja.text(f) + " is not a polynomial (the head pipeline integrates polynomial "
                        + "fields only)");
            }
            out.add(f);
        }
        return List.copyOf(out);
    }

    /** A polynomial's monomials: coefficients[k] and exponents[k][v]. */
    record Monomials(double[] coefficients, int[][] exponents) {
    }

    /** The monomials of a polynomial in vars (numeric coefficients required). */
    static Monomials monomials(IExpr f, List<String> vars, String what) {
        String varList = "{" + String.join(",", vars) + "}";
        IExpr rules = f.isZero() ? Symja.eval("{}") : Symja.eval("CoefficientRules[#0, " + varList + "]", f);
        double[] coeffs = new double[rules.argSize()];
        int[][] exps = new int[rules.argSize()][vars.size()];
        for (int k = 1; k <= rules.argSize(); k++) {
            IExpr rule = rules.getAt(k);
            IExpr expv = rule.getAt(1);
            IExpr c = rule.getAt(2);
            if (!c.isNumber()) {
                throw new SymbolicException(SymbolicException.Key.NOT_REAL, "coefficient " + Symja.text(c)
                        + " of the " + what + " is not a number (undeclared parameter?)");
            }
            coeffs[k - 1] = c.evalf();
            for (int v = 0; v < vars.size(); v++) {
                exps[k - 1][v] = expv.getAt(v + 1).toIntDefault();
            }
        }
        return new Monomials(coeffs, exps);
    }

    private static IExpr scalar(String text, String what) {
        IExpr e = LinearFlowDerivation.parse(text, what);
        if (Symja.eval("FreeQ[#0, _List]", e).isFalse() || e.isList()) {
            throw new SymbolicException(SymbolicException.Key.PARSE_ERROR, what + " is not a scalar: write |v|^2 as "
                    + "sq(v) and products with '.'");
        }
        return e;
    }

    /** Variable names at dimension d: s1..sd, y1..yd, w11..wdd (d = 1: s, y, w, as in the built-in derivation). */
    public static List<String> variables(int d) {
        return PolynomialField.pairVariables(d);
    }

    /**
     * Writes a vector term out at dimension d (Symja text). Inside sg[...] every variable becomes sg[component]; the
     * sg wrapper itself is dropped. sq[v] becomes Total[Flatten[(v)^2]]. Parameters become exact rationals.
     */
    static String expand(String term, int d, Bindings params) {
        StringBuilder out = new StringBuilder();
        Deque<String> closers = new ArrayDeque<>();
        int sgDepth = 0;
        int i = 0;
        while (i < term.length()) {
            char c = term.charAt(i);
            if (Character.isLetter(c)) {
                int j = i;
                while (j < term.length() && Character.isLetterOrDigit(term.charAt(j))) {
                    j++;
                }
                String id = term.substring(i, j);
                int k = j;
                while (k < term.length() && term.charAt(k) == ' ') {
                    k++;
                }
                if (k < term.length() && term.charAt(k) == '[') {
                    switch (id) {
                        case "sg" -> {
                            out.append('(');
                            closers.push(")sg");
                            sgDepth++;
                        }
                        case "sq" -> {
                            out.append("Total[Flatten[(");
                            closers.push(")^2]]");
                        }
                        default -> {
                            out.append(id).append('[');
                            closers.push("]");
                        }
                    }
                    i = k + 1;
                    continue;
                }
                boolean held = sgDepth > 0;
                switch (id) {
                    case "s", "y" -> out.append(vector(id, d, held));
                    case "W" -> out.append(matrix(d, held));
                    default -> {
                        if (params.has(id)) {
                            out.append('(').append(rational(params.get(id))).append(')');
                        } else {
                            out.append(id);
                        }
                    }
                }
                i = j;
                continue;
            }
            if (c == '[') {
                out.append('[');
                closers.push("]");
            } else if (c == ']') {
                String cl = closers.isEmpty() ? "]" : closers.pop();
                if (cl.equals(")sg")) {
                    sgDepth--;
                    out.append(')');
                } else {
                    out.append(cl);
                }
            } else {
                out.append(c);
            }
            i++;
        }
        return out.toString();
    }

    private static String vector(String name, int d, boolean held) {
        StringBuilder b = new StringBuilder("{");
        for (int i = 1; i <= d; i++) {
            String v = d == 1 ? name : name + i;
            b.append(i > 1 ? "," : "").append(held ? "sg[" + v + "]" : v);
        }
        return b.append('}').toString();
    }

    private static String matrix(int d, boolean held) {
        StringBuilder b = new StringBuilder("{");
        for (int i = 1; i <= d; i++) {
            b.append(i > 1 ? ",{" : "{");
            for (int j = 1; j <= d; j++) {
                String v = d == 1 ? "w" : "w" + i + j;
                b.append(j > 1 ? "," : "").append(held ? "sg[" + v + "]" : v);
            }
            b.append('}');
        }
        return b.append('}').toString();
    }

    /** Exact rational text of a decimal parameter value (the parser reads decimals and a/b). */
    static String rational(double v) {
        BigDecimal b = new BigDecimal(Double.toString(v));
        // a/b inputs (e.g. 1/3) arrive as doubles: prefer a small denominator when one reproduces the value exactly
        for (int den = 1; den <= 1000; den++) {
            double num = Math.rint(v * den);
            if (Math.abs(num) <= 0x1p53 && num / den == v) { // from 2^63 on the long cast saturates (1e20 gave 2^63-1)
                return (long) num + "/" + den;
            }
        }
        return b.unscaledValue() + "/" + BigDecimal.TEN.pow(Math.max(0, b.scale())).toBigInteger()
                + (b.scale() < 0 ? "*10^" + (-b.scale()) : "");
    }
}
