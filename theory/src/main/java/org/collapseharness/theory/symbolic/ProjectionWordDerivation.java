package org.collapseharness.theory.symbolic;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.collapseharness.theory.MatrixWords;
import org.collapseharness.theory.ProjectionTheory;
import org.collapseharness.theory.ProjectionWordJacobians;
import org.collapseharness.theory.SymbolicException;
import org.matheclipse.core.interfaces.IExpr;

/**
 * The §4 per-pair field in dimension-free form, for Jacobians at any d: the blocks Gss, Gsy, Gys, Gyy come from
 * {@link ProjectionDerivation} (word combinations identified at d = 2 and checked symbolically); Ẇ is identified here
 * as Σ c M a bᵀ over the words M of {@link MatrixWords.Word} and a, b ∈ {s, y}: the coefficients are solved from seeded
 * integer points at d = 2 (least squares, exact), then Ẇ minus the combination is expanded symbolically at d = 2 and d = 3 and must vanish.
 * Cost: one small linear solve and two symbolic checks, whatever d the Jacobians are later evaluated at.
 */
public final class ProjectionWordDerivation {
    private static final Map<Boolean, ProjectionWordJacobians> CACHE = new ConcurrentHashMap<>();
    private static final boolean[][] OUTER = {{true, true}, {true, false}, {false, true}, {false, false}};

    private ProjectionWordDerivation() {
    }

    /** The dimension-free Jacobians, derived once per JVM, evaluated at dimension d. */
    public static ProjectionWordJacobians derive(int d, boolean stopGradient) {
        if (d < 1) {
            throw new IllegalArgumentException("dimension must be positive, got " + d);
        }
        return CACHE.computeIfAbsent(stopGradient, ProjectionWordDerivation::compute).atDim(d);
    }

    static ProjectionWordJacobians compute(boolean sg) {
        ProjectionTheory t = ProjectionDerivation.derive(sg);
        MatrixWords.Word[] words = MatrixWords.Word.values();
        int unknowns = words.length * OUTER.length;
        String[] unknown = new String[unknowns];
        StringBuilder cs = new StringBuilder("{");
        for (int k = 0; k < unknowns; k++) {
            unknown[k] = "oc" + k;
            cs.append(k > 0 ? "," : "").append(unknown[k]);
        }
        cs.append('}');
        IExpr[] fw2 = wdot(2, sg);
        Random r = new Random(2026_4L);
        StringBuilder eqs = new StringBuilder("{");
        for (int p = 0; p < 10; p++) {
            StringBuilder rules = new StringBuilder("{");
            int[] w = new int[4];
            int[] s = new int[2];
            int[] y = new int[2];
            for (int i = 0; i < 4; i++) {
                w[i] = r.nextInt(13) - 6;
                rules.append(i > 0 ? "," : "").append('w').append(i / 2 + 1).append(i % 2 + 1).append("->").append(w[i]);
            }
            for (int i = 0; i < 2; i++) {
                s[i] = r.nextInt(13) - 6;
                y[i] = r.nextInt(13) - 6;
                rules.append(",s").append(i + 1).append("->").append(s[i]).append(",y").append(i + 1).append("->")
                        .append(y[i]);
            }
            rules.append('}');
            String wm = "{{" + w[0] + "," + w[1] + "},{" + w[2] + "," + w[3] + "}}";
            String sv = "{" + s[0] + "," + s[1] + "}";
            String yv = "{" + y[0] + "," + y[1] + "}";
            IExpr combo = Symja.eval("Expand[Flatten[" + combination(unknown, 2, wm, sv, yv) + "]]");
            for (int i = 0; i < 4; i++) {
                IExpr at = Symja.eval("ReplaceAll[#0, " + rules + "]", fw2[i]);
                IExpr eq = Symja.eval("Expand[(#0) - (#1)]", combo.getAt(i + 1), at);
                eqs.append(eqs.length() > 1 ? "," : "").append(Symja.text(eq));
            }
        }
        eqs.append('}');
        // the residuals are linear in the coefficients: A c = b, solved through the normal equations (exact)
        IExpr a = Symja.eval("D[" + eqs + ", {" + cs + "}]");
        IExpr b = Symja.eval("-ReplaceAll[" + eqs + ", Thread[" + cs + " -> 0]]");
        IExpr coeffs = Symja.eval("LinearSolve[Transpose[#0].(#0), Transpose[#0].(#1)]", a, b);
        if (!coeffs.isList() || coeffs.argSize() != unknowns) {
            throw new SymbolicException(SymbolicException.Key.UNSOLVED, "dW/dt is not a combination M a b^T of words");
        }
        String exact = Symja.text(coeffs);
        String[] exactEach = new String[unknowns];
        for (int k = 0; k < unknowns; k++) {
            exactEach[k] = Symja.text(coeffs.getAt(k + 1));
        }
        for (int d = 2; d <= 3; d++) {
            IExpr[] fw = wdot(d, sg);
            String combo = combination(exactEach, d, ProjectionDerivation.matrixText(d), vector("s", d), vector("y", d));
            IExpr rest = Symja.eval("Expand[Flatten[" + combo + "]]");
            for (int i = 0; i < d * d; i++) {
                IExpr diff = Symja.eval("Expand[(#0) - (#1)]", rest.getAt(i + 1), fw[i]);
                if (!diff.isZero()) {
                    throw new SymbolicException(SymbolicException.Key.NOT_LINEAR, "dW/dt differs from its word form "
                            + exact + " at d = " + d + " by " + Symja.text(diff));
                }
            }
        }
        List<ProjectionWordJacobians.OuterTerm> terms = new ArrayList<>();
        for (int k = 0; k < unknowns; k++) {
            IExpr c = coeffs.getAt(k + 1);
            if (!c.isZero()) {
                if (!c.isNumber()) {
                    throw new SymbolicException(SymbolicException.Key.NOT_REAL, "word coefficient " + Symja.text(c)
                            + " is not a number");
                }
                boolean[] o = OUTER[k % OUTER.length];
                terms.add(new ProjectionWordJacobians.OuterTerm(c.evalf(), words[k / OUTER.length], o[0], o[1]));
            }
        }
        return new ProjectionWordJacobians(2, sg, t.gss(), t.gsy(), t.gys(), t.gyy(), terms);
    }

    /** dW/dt at dimension d, row-major entries (explicit symbols, sg semantics). */
    private static IExpr[] wdot(int d, boolean sg) {
        IExpr loss = Symja.eval(ProjectionDerivation.pairLoss(d, sg));
        List<String> vars = HeadFlowDerivation.variables(d);
        IExpr[] f = new IExpr[d * d];
        for (int i = 0; i < d * d; i++) {
            f[i] = SgCalculus.flow(loss, vars.get(2 * d + i));
        }
        return f;
    }

    private static String vector(String name, int d) {
        StringBuilder b = new StringBuilder("{");
        for (int i = 1; i <= d; i++) {
            b.append(i > 1 ? "," : "").append(name).append(i);
        }
        return b.append('}').toString();
    }

    /** Σ_k c_k word(W) a bᵀ as Symja text. */
    private static String combination(String[] cs, int d, String w, String s, String y) {
        MatrixWords.Word[] words = MatrixWords.Word.values();
        StringBuilder c = new StringBuilder("0");
        for (int k = 0; k < words.length * OUTER.length; k++) {
            boolean[] o = OUTER[k % OUTER.length];
            String word = words[k / OUTER.length].text().replace("IdentityMatrix[d]", "IdentityMatrix[" + d + "]")
                    .replace("W", w);
            c.append(" + (").append(cs[k]).append(")*((").append(word).append(").Outer[Times, ")
                    .append(o[0] ? s : y).append(", ").append(o[1] ? s : y).append("])");
        }
        return c.toString();
    }
}
