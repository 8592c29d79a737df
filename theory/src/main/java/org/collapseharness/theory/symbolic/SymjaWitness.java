package org.collapseharness.theory.symbolic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.collapseharness.theory.SymbolicException;
import org.collapseharness.theory.nonlinear.NonlinearDerivation.Derived;
import org.collapseharness.theory.nonlinear.NonlinearDerivation.Term;
import org.collapseharness.theory.variant.VectorTerm;
import org.collapseharness.theory.variant.VectorTerm.Node;

/**
 * The second route to a nonlinear variant's field and Jacobian: Symja. A term of a {@link Derived} variant is written
 * out as Symja text at the derivation's d and K (entries {@code x1..xN} in the term's input order, {@code sq}, {@code .},
 * {@code cos}, {@code lsum}, {@code mean} by their definitions, {@code sg(e)} as {@code sg[e]}), differentiated as
 * written by {@code D} with stop-gradient semantics (the chain rule's {@code Derivative[1][sg]} factors set to zero,
 * then {@code sg[e] -> e}, as {@link SgCalculus} does, but without its {@code Expand}: the terms are not polynomials),
 * the Jacobian by {@code D} of that field, and both evaluated with {@code N} at given points. Nothing here shares code
 * with the compiled route ({@code ScalarGraph}, {@code Program}) beyond the parsed term.
 */
public final class SymjaWitness {

    /**
     * Field and Jacobian of one term in Symja's form.
     *
     * @param vars     the input names x1..xN
     * @param field    the list −∂L/∂x_i (sg semantics)
     * @param jacobian the matrix ∂field_i/∂x_j
     */
    public record Witness(String vars, String field, String jacobian) {
    }

    private final int d;
    private final int k;

    private SymjaWitness(int d, int k) {
        this.d = d;
        this.k = k;
    }

    /** Differentiates one term of a derived variant (derived with eps = 0) in Symja. */
    public static Witness of(Derived derived, Term t) {
        if (derived.eps() != 0) {
            throw new IllegalArgumentException("the witness writes norms without eps");
        }
        SymjaWitness w = new SymjaWitness(derived.dim(), derived.labels());
        int n = t.inputs();
        String[] x = new String[n];
        for (int i = 0; i < n; i++) {
            x[i] = "x" + (i + 1);
        }
        String loss = sum(w.write(t.tree(), w.bind(t.kind(), x, derived.head(), derived.target() && isPair(t))));
        String vars = "{" + String.join(",", x) + "}";
        String field = Symja.text(Symja.eval("ReplaceAll[ReplaceAll[Map[Function[v, -D[" + loss + ", v]], " + vars
                + "], Derivative[1][sg] -> Function[0]], sg[a_] -> a]"));
        String jac = Symja.text(Symja.eval("Map[Function[f, Map[Function[v, D[f, v]], " + vars + "]], " + field
                + "]"));
        return new Witness(vars, field, jac);
    }

    /**
     * Largest error of the compiled field and Jacobian of {@code compiled} against the Symja route applied to the terms
     * of {@code witness} (the same variant for the check; another one, or {@code shuffled}, for a control), relative to
     * max(1, |Symja|), over every term at {@code count} seeded Gaussian points (the Jacobian at the first of them).
     * With {@code shuffled} the Symja side is evaluated at the point with its inputs reversed (a mis-wired derivation).
     * A term that occurs twice (the shared term defaulting to the clean one) is differentiated once.
     *
     * @return {field error, Jacobian error}
     */
    public static double[] maxError(Derived compiled, Derived witness, int count, long seed, boolean shuffled) {
        double field = 0;
        double jac = 0;
        java.util.Map<Object, Witness> seen = new java.util.HashMap<>();
        for (int i = 0; i < compiled.terms().size(); i++) {
            Term c = compiled.terms().get(i);
            Term t = witness.terms().get(i);
            Witness w = seen.computeIfAbsent(List.of(t.tree(), t.kind()), key -> of(witness, t));
            double[][] points = org.collapseharness.theory.nonlinear.FieldChecks.points(c.inputs(), count, seed);
            for (int p = 0; p < points.length; p++) {
                double[] x = points[p];
                double[] at = x.clone();
                if (shuffled) {
                    for (int j = 0; j < x.length; j++) {
                        at[j] = x[x.length - 1 - j];
                    }
                }
                field = Math.max(field, rel(c.field().evaluate(x), field(w, at)));
                if (p == 0) {
                    jac = Math.max(jac, rel(c.jacobian().evaluate(x), jacobian(w, at)));
                }
            }
        }
        return new double[] {field, jac};
    }

    private static double rel(double[] a, double[] ref) {
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            double e = Math.abs(a[i] - ref[i]) / Math.max(1, Math.abs(ref[i]));
            worst = Math.max(worst, Double.isFinite(e) ? e : Double.POSITIVE_INFINITY);
        }
        return worst;
    }

    private static boolean isPair(Term t) {
        return t.kind() == VectorTerm.Kind.PAIR;
    }

    /** The field at a point (machine precision). */
    public static double[] field(Witness w, double[] x) {
        return numbers(evaluate(w.field(), w, x), x.length);
    }

    /** The Jacobian at a point, row-major. */
    public static double[] jacobian(Witness w, double[] x) {
        double[] out = new double[x.length * x.length];
        var m = evaluate(w.jacobian(), w, x);
        for (int i = 0; i < x.length; i++) {
            System.arraycopy(numbers(m.getAt(i + 1), x.length), 0, out, i * x.length, x.length);
        }
        return out;
    }

    private static org.matheclipse.core.interfaces.IExpr evaluate(String expr, Witness w, double[] x) {
        StringBuilder rules = new StringBuilder("{");
        String[] names = w.vars().substring(1, w.vars().length() - 1).split(",");
        for (int i = 0; i < x.length; i++) {
            rules.append(i > 0 ? "," : "").append(names[i]).append("->").append(Symja.number(x[i]));
        }
        return Symja.eval("N[ReplaceAll[" + expr + ", " + rules.append('}') + "]]");
    }

    private static double[] numbers(org.matheclipse.core.interfaces.IExpr list, int n) {
        if (!list.isList() || list.argSize() != n) {
            throw new SymbolicException(SymbolicException.Key.EVALUATION_FAILED, "the witness did not evaluate to "
                    + n + " numbers");
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            try {
                out[i] = list.getAt(i + 1).evalf();
            } catch (RuntimeException e) {
                out[i] = Double.NaN;
            }
        }
        return out;
    }

    /** Variable bindings: vectors as entry names, the labels of a contrast or statistic, the head row-major. */
    private record Bind(String[] s, String[] y, String[] y2, String[] w, String[] t, String[][] labels) {
        Bind withY(String[] v) {
            return new Bind(s, v, y2, w, t, labels);
        }

        Bind withY2(String[] v) {
            return new Bind(s, y, v, w, t, labels);
        }
    }

    private Bind bind(VectorTerm.Kind kind, String[] x, boolean head, boolean target) {
        int vectors = switch (kind) {
            case PAIR, LABELS -> 2;
            case CONTRAST -> 1 + k;
            case STATISTIC -> k;
            case SAMPLE_PENALTY, LABEL_PENALTY -> 1;
        };
        String[][] vec = new String[vectors][];
        for (int j = 0; j < vectors; j++) {
            vec[j] = Arrays.copyOfRange(x, j * d, (j + 1) * d);
        }
        int at = vectors * d;
        String[] w = head ? Arrays.copyOfRange(x, at, at + d * d) : null;
        at += head ? d * d : 0;
        String[] t = target ? Arrays.copyOfRange(x, at, at + d) : null;
        return switch (kind) {
            case PAIR -> new Bind(vec[0], vec[1], null, w, t, null);
            case LABELS -> new Bind(null, vec[0], vec[1], w, null, null);
            case CONTRAST -> new Bind(vec[0], vec[1], null, w, null, Arrays.copyOfRange(vec, 1, 1 + k));
            case STATISTIC -> new Bind(null, null, null, w, null, vec);
            case SAMPLE_PENALTY -> new Bind(vec[0], null, null, null, null, null);
            case LABEL_PENALTY -> new Bind(null, vec[0], null, null, null, null);
        };
    }

    private static String sum(String[] v) {
        return v.length == 1 ? v[0] : "(" + String.join("+", v) + ")";
    }

    /** Entries of a sub-expression as Symja text: 1 (scalar), d (vector) or d² (matrix, row-major). */
    private String[] write(Node n, Bind b) {
        List<Node> a = n.args();
        return switch (n.op()) {
            case "num", "param" -> new String[] {exact(n.value())};
            case "var" -> switch (n.name()) {
                case "s" -> b.s();
                case "y" -> b.y();
                case "y2" -> b.y2();
                case "t" -> b.t();
                case "W" -> b.w();
                default -> throw new IllegalStateException("unbound variable " + n.name());
            };
            case "neg" -> apply(write(a.get(0), b), e -> "(-" + e + ")");
            case "add", "sub", "mul", "div", "pow" -> {
                String op = switch (n.op()) {
                    case "add" -> "+";
                    case "sub" -> "-";
                    case "mul" -> "*";
                    case "div" -> "/";
                    default -> "^";
                };
                String[] x = write(a.get(0), b);
                String[] y = write(a.get(1), b);
                String[] out = new String[Math.max(x.length, y.length)];
                for (int i = 0; i < out.length; i++) {
                    out[i] = "(" + x[x.length == 1 ? 0 : i] + op + y[y.length == 1 ? 0 : i] + ")";
                }
                yield out;
            }
            case "dot" -> product(a.get(0).shape(), write(a.get(0), b), a.get(1).shape(), write(a.get(1), b));
            case "sq" -> new String[] {norm2(write(a.get(0), b))};
            case "cos" -> {
                String[] u = write(a.get(0), b);
                String[] v = write(a.get(1), b);
                yield new String[] {"(" + inner(u, v) + "/(Sqrt[" + norm2(u) + "]*Sqrt[" + norm2(v) + "]))"};
            }
            case "sg" -> apply(write(a.get(0), b), e -> "sg[" + e + "]");
            case "lsum", "mean" -> {
                boolean mean = n.op().equals("mean");
                List<String[]> parts = new ArrayList<>();
                for (String[] label : b.labels()) {
                    parts.add(write(a.get(0), mean ? b.withY(label) : b.withY2(label)));
                }
                String[] out = new String[parts.get(0).length];
                for (int i = 0; i < out.length; i++) {
                    List<String> entries = new ArrayList<>();
                    for (String[] p : parts) {
                        entries.add(p[i]);
                    }
                    out[i] = "(" + (mean ? "(1/" + parts.size() + ")*" : "") + "(" + String.join("+", entries) + "))";
                }
                yield out;
            }
            default -> {
                if (!VectorTerm.ENTRYWISE.contains(n.op())) {
                    throw new IllegalStateException("no rule for " + n.op());
                }
                yield apply(write(a.get(0), b), e -> n.op() + "[" + e + "]");
            }
        };
    }

    /**
     * A constant as an exact rational (its shortest decimal form): the expressions pass through Symja's text form,
     * which prints small machine numbers as {@code 1.0E-4}, and that text reads back as {@code 1.0*E - 4}.
     */
    static String exact(double v) {
        java.math.BigDecimal b = new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros();
        if (b.scale() <= 0) {
            return "(" + b.toBigInteger() + ")";
        }
        return "(" + b.unscaledValue() + "/" + java.math.BigInteger.TEN.pow(b.scale()) + ")";
    }

    private static String[] apply(String[] x, java.util.function.UnaryOperator<String> f) {
        String[] out = new String[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = f.apply(x[i]);
        }
        return out;
    }

    private static String inner(String[] u, String[] v) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < u.length; i++) {
            sb.append(i > 0 ? "+" : "").append(u[i]).append('*').append(v[i]);
        }
        return sb.append(')').toString();
    }

    private static String norm2(String[] u) {
        return inner(u, u);
    }

    /** Matrix–vector, vector–matrix, vector–vector or matrix–matrix product of written-out entries. */
    private String[] product(VectorTerm.Shape sa, String[] x, VectorTerm.Shape sb, String[] y) {
        boolean ma = sa == VectorTerm.Shape.MATRIX;
        boolean mb = sb == VectorTerm.Shape.MATRIX;
        int rows = ma ? d : 1;
        int cols = mb ? d : 1;
        String[] out = new String[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                String[] left = new String[d];
                String[] right = new String[d];
                for (int j = 0; j < d; j++) {
                    left[j] = ma ? x[r * d + j] : x[j];
                    right[j] = mb ? y[j * d + c] : y[j];
                }
                out[r * cols + c] = inner(left, right);
            }
        }
        return out;
    }
}
