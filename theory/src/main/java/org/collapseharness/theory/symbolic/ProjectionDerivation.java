package org.collapseharness.theory.symbolic;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.collapseharness.theory.Bindings;
import org.collapseharness.theory.ClosedForm;
import org.collapseharness.theory.MatrixWords;
import org.collapseharness.theory.ProjectionTheory;
import org.collapseharness.theory.SymbolicException;
import org.matheclipse.core.interfaces.IExpr;

/**
 * Derives the §4 projection-head model from its per-pair loss ½|W s − y|² + ½|W y − s|², with or without stop-gradient
 * on the un-projected side (SimSiam style: ½|W s − sg(y)|² + ½|W y − sg(s)|²). Stop-gradient semantics come from
 * {@link SgCalculus}. Steps:
 * <ol>
 * <li>the per-pair field with explicit d = 2 entries of W, s, y; its blocks ∂ṡ/∂s, ∂ṡ/∂y, ∂ẏ/∂s, ∂ẏ/∂y are
 * identified as combinations of the words I, W, Wᵀ, WᵀW, WWᵀ, W², Wᵀ² (coefficients solved from sample points,
 * then the identity checked symbolically);</li>
 * <li>steady state with the samples eliminated: T = (n/(n+m)) Gyy⁻¹ Gys Gss⁻¹ Gsy, also entry-wise at d = 2;</li>
 * <li>per mode (d = 1, scalar w): T(w), the roots in u = w² of 1 − T, the bound sup_w T (no sg) or the protected
 * value (sg), and the asymmetry of the field's Jacobian (zero iff the field can be a gradient).</li>
 * </ol>
 */
public final class ProjectionDerivation {
    /** Reference point used only to pick among roots; every result is checked numerically elsewhere. */
    static final Bindings ORDERING_POINT = Bindings.of("rho", 0.3);

    private static final Map<Boolean, ProjectionTheory> CACHE = new ConcurrentHashMap<>();

    private ProjectionDerivation() {
    }

    /** Derivation for the model with (true) or without (false) stop-gradient, computed once per JVM. */
    public static ProjectionTheory derive(boolean stopGradient) {
        return CACHE.computeIfAbsent(stopGradient, ProjectionDerivation::compute);
    }

    /** The per-pair loss text for dimension d: s = {s1..sd}, y = {y1..yd}, W = {{w11..}}. */
    static String pairLoss(int d, boolean sg) {
        String w = matrixText(d);
        String s = vectorText("s", d, false);
        String y = vectorText("y", d, false);
        String sgS = vectorText("s", d, sg);
        String sgY = vectorText("y", d, sg);
        String r1 = "(" + w + "." + s + " - " + sgY + ")";
        String r2 = "(" + w + "." + y + " - " + sgS + ")";
        return "1/2*" + r1 + "." + r1 + " + 1/2*" + r2 + "." + r2;
    }

    static String matrixText(int d) {
        if (d == 1) {
            return "{{w}}";
        }
        StringBuilder b = new StringBuilder("{");
        for (int i = 1; i <= d; i++) {
            b.append(i > 1 ? ",{" : "{");
            for (int j = 1; j <= d; j++) {
                b.append(j > 1 ? "," : "").append("w").append(i).append(j);
            }
            b.append('}');
        }
        return b.append('}').toString();
    }

    private static String vectorText(String name, int d, boolean sg) {
        StringBuilder b = new StringBuilder("{");
        for (int i = 1; i <= d; i++) {
            String v = d == 1 ? name : name + i;
            b.append(i > 1 ? "," : "").append(sg ? "sg[" + v + "]" : v);
        }
        return b.append('}').toString();
    }

    static List<String> vars(String name, int d) {
        List<String> v = new ArrayList<>();
        for (int i = 1; i <= d; i++) {
            v.add(d == 1 ? name : name + i);
        }
        return v;
    }

    static ProjectionTheory compute(boolean sg) {
        return computeFrom(pairLoss(2, sg), pairLoss(1, sg), sg);
    }

    /**
     * The derivation for any per-pair loss with a head: {@code loss2} written with explicit d = 2 entries (s1, s2, y1,
     * y2, w11..w22), {@code loss1} the same loss at d = 1 (s, y, w); {@code sg} is recorded as given. Used for the
     * built-in model and for variant files with species head ({@link HeadFlowDerivation}).
     */
    static ProjectionTheory computeFrom(String loss2, String loss1, boolean sg) {
        // 1. d = 2: field and blocks.
        IExpr l2 = Symja.eval(loss2);
        List<String> s2 = vars("s", 2);
        List<String> y2 = vars("y", 2);
        IExpr[] fs = new IExpr[2];
        IExpr[] fy = new IExpr[2];
        for (int i = 0; i < 2; i++) {
            fs[i] = SgCalculus.flow(l2, s2.get(i));
            fy[i] = SgCalculus.flow(l2, y2.get(i));
        }
        IExpr gss = block(fs, s2);
        IExpr gsy = block(fs, y2);
        IExpr gys = block(fy, s2);
        IExpr gyy = block(fy, y2);
        for (IExpr[] f : new IExpr[][] {fs, fy}) {
            for (IExpr fi : f) {
                // linearity in (s, y): the field minus its blocks applied to (s, y) vanishes identically
                IExpr rest = Symja.eval("Expand[(#0) - Sum[s[[j]]*D[#0, s[[j]]] + y[[j]]*D[#0, y[[j]]], {j, 1, 2}]]"
                        .replace("s[[j]]", "{s1,s2}[[j]]").replace("y[[j]]", "{y1,y2}[[j]]"), fi);
                if (!rest.isZero()) {
                    throw new SymbolicException(SymbolicException.Key.NOT_LINEAR,
                            "projection field is not linear in (s, y) for fixed W: remainder " + Symja.text(rest));
                }
            }
        }
        MatrixWords wss = identify(gss, "Gss");
        MatrixWords wsy = identify(gsy, "Gsy");
        MatrixWords wys = identify(gys, "Gys");
        MatrixWords wyy = identify(gyy, "Gyy");

        // 2. Elimination: samples s = S y; bias sector: (n+m) Gyy δ + n Gys S δ = 0.
        IExpr factor = Symja.eval("Together[ReplaceAll[n/(n+m), m -> rho*n/(1-rho)]]");
        // T_mean = Gyy⁻¹ Gys Gss⁻¹ Gsy = N / D with adjugates (polynomial arithmetic only; Together on the no-sg
        // rational entries is too slow in Symja).
        IExpr adjYY = adjugate(gyy);
        IExpr adjSS = adjugate(gss);
        IExpr nMat = Symja.eval("Expand[(#0).(#1).(#2).(#3)]", adjYY, gys, adjSS, gsy);
        IExpr den = Symja.eval("Expand[Det[#0]*Det[#1]]", gyy, gss);
        if (den.isZero()) {
            throw new SymbolicException(SymbolicException.Key.UNSOLVED, "Gss or Gyy is singular for every W");
        }
        List<ClosedForm> tEntries = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            for (int j = 1; j <= 2; j++) {
                tEntries.add(new SymjaForm(Symja.eval("(#0)*(#1)/(#2)", factor,
                        Symja.eval("(#0)[[" + i + "," + j + "]]", nMat), den)));
            }
        }
        // biasOperator: P with P·T_mean = I, i.e. P·N − D·I ≡ 0, when P is a word combination (sg); else none.
        MatrixWords biasOperator = identifyInverse(gyy, gys, gss, gsy, nMat, den);
        // 3. Per mode, d = 1.
        IExpr l1 = Symja.eval(loss1);
        IExpr f1s = SgCalculus.flow(l1, "s");
        IExpr f1y = SgCalculus.flow(l1, "y");
        IExpr f1w = SgCalculus.flow(l1, "w");
        IExpr tw = Symja.eval("Together[(#0) * D[#1, y]*D[#2, s] / (D[#1, s]*D[#2, y])]", factor, f1s, f1y);
        // Jacobian asymmetry ∂ṡ/∂w − ∂ẇ/∂s
        IExpr asym = Symja.eval("Expand[D[#0, w] - D[#1, s]]", f1s, f1w);
        // Roots of the numerator of 1 − T in u = w^2.
        IExpr num = Symja.eval("Expand[Numerator[Together[1 - (#0)]]]", tw);
        IExpr numU = Symja.eval("Expand[ReplaceAll[#0, w -> Sqrt[u]]]", num);
        if (Symja.eval("FreeQ[#0, w]", numU).isTrue() && !Symja.eval("PolynomialQ[#0, u]", numU).isTrue()) {
            throw new SymbolicException(SymbolicException.Key.NOT_LINEAR, "1 - T is not a polynomial in w^2: " + Symja.text(num));
        }
        IExpr sols = Symja.eval("Solve[(#0) == 0, u]", numU);
        List<ClosedForm> rootsU = new ArrayList<>();
        for (int i = 1; i <= sols.argSize(); i++) {
            rootsU.add(new SymjaForm(Symja.eval("Simplify[ReplaceAll[u, #0]]", sols.getAt(i))));
        }
        ClosedForm protectedValue = null;
        ClosedForm meanValue = null;
        ClosedForm bound = null;
        if (biasOperator != null) {
            // With T = factor·P⁻¹ the bias relation (I − T) δy = 0 reads P δy = μ δy with 1 − factor/μ = 0, and the
            // mean relation (I − P⁻¹) ȳ = 0 reads P ȳ = μ ȳ with 1 − 1/μ = 0. The per-mode roots in u = w² must agree
            // (checked numerically in the theory tests).
            protectedValue = new SymjaForm(Symja.eval("Simplify[ReplaceAll[mu, First[Solve[1 - (#0)/mu == 0, mu]]]]", factor));
            meanValue = new SymjaForm(Symja.eval("ReplaceAll[mu, First[Solve[1 - 1/mu == 0, mu]]]"));
        } else {
            // sup over real w of the per-mode T: critical points (numerator of dT/dw) and w → ±∞ (degree count).
            IExpr crit = Symja.eval("Solve[Numerator[Together[D[#0, w]]] == 0, w]", tw);
            IExpr degNum = Symja.eval("Exponent[Numerator[#0], w]", tw);
            IExpr degDen = Symja.eval("Exponent[Denominator[#0], w]", tw);
            if (degNum.toIntDefault() > degDen.toIntDefault()) {
                throw new SymbolicException(SymbolicException.Key.UNSOLVED, "per-mode T is unbounded in w");
            }
            double best = Double.NEGATIVE_INFINITY;
            for (int i = 1; i <= crit.argSize(); i++) {
                SymjaForm wc = new SymjaForm(Symja.eval("ReplaceAll[w, #0]", crit.getAt(i)));
                double[] wv = wc.complexAt(ORDERING_POINT);
                if (Math.abs(wv[1]) > 1e-12) {
                    continue;
                }
                SymjaForm tv = new SymjaForm(Symja.eval("Simplify[ReplaceAll[#0, #1]]", tw, crit.getAt(i)));
                double v = tv.at(ORDERING_POINT);
                if (v > best) {
                    best = v;
                    bound = tv;
                }
            }
            if (bound == null) {
                throw new SymbolicException(SymbolicException.Key.UNSOLVED, "no real critical point of T(w)");
            }
        }
        List<String> field = List.of("ds/dt = " + Symja.text(f1s), "dy/dt = " + Symja.text(f1y),
                "dw/dt = " + Symja.text(f1w));
        return new ProjectionTheory(sg, loss2, field, wss, wsy, wys, wyy, new SymjaForm(factor), new SymjaForm(tw),
                tEntries, new SymjaForm(asym), biasOperator, protectedValue, meanValue, bound, rootsU);
    }

    static IExpr block(IExpr[] f, List<String> vars) {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < f.length; i++) {
            b.append(i > 0 ? ",{" : "{");
            for (int j = 0; j < vars.size(); j++) {
                b.append(j > 0 ? "," : "").append("D[").append(Symja.text(f[i])).append(",").append(vars.get(j)).append(']');
            }
            b.append('}');
        }
        return Symja.eval("Expand[" + b.append('}') + "]");
    }

    private static IExpr adjugate(IExpr m) {
        return Symja.eval("{{(#0)[[2,2]], -(#0)[[1,2]]}, {-(#0)[[2,1]], (#0)[[1,1]]}}", m);
    }

    /** Identifies a 2×2 matrix of polynomials in w11..w22 as Σ c_k word_k (else SymbolicException). */
    static MatrixWords identify(IExpr g, String what) {
        IExpr coeffs = solveWords(rules -> Symja.eval("ReplaceAll[#0, " + rules + "]", g), null, true, what);
        IExpr combo = combo(coeffs);
        if (!Symja.isZero(Symja.eval("Total[Flatten[Expand[(#0) - (#1)]^2]]", g, combo))) {
            throw new SymbolicException(SymbolicException.Key.NOT_LINEAR,
                    what + " is not a combination of words in W, W^T: " + Symja.text(g));
        }
        return words(coeffs, what);
    }

    /**
     * P with P·Gyy⁻¹Gys Gss⁻¹Gsy = I as a word combination, or null when none fits: solved from seeded integer points
     * (P·N(pt) = D(pt)·I with N = adj Gyy·Gys·adj Gss·Gsy), then P·N − D·I ≡ 0 checked symbolically.
     */
    private static MatrixWords identifyInverse(IExpr gyy, IExpr gys, IExpr gss, IExpr gsy, IExpr nMat, IExpr den) {
        IExpr coeffs = solveWords(rules -> {
            IExpr yy = Symja.eval("ReplaceAll[#0, " + rules + "]", gyy);
            IExpr ss = Symja.eval("ReplaceAll[#0, " + rules + "]", gss);
            return Symja.eval("(#0).(#1).(#2).(#3)", adjugate(yy), Symja.eval("ReplaceAll[#0, " + rules + "]", gys),
                    adjugate(ss), Symja.eval("ReplaceAll[#0, " + rules + "]", gsy));
        }, rules -> Symja.eval("Det[ReplaceAll[#0, " + rules + "]]*Det[ReplaceAll[#1, " + rules + "]]", gyy, gss),
                false, "bias operator");
        if (coeffs == null) {
            return null;
        }
        IExpr p = combo(coeffs);
        if (!Symja.isZero(Symja.eval("Total[Flatten[Expand[(#0).(#1) - (#2)*IdentityMatrix[2]]^2]]", p, nMat, den))) {
            return null;
        }
        return words(coeffs, "bias operator");
    }

    private static IExpr combo(IExpr coeffs) {
        MatrixWords.Word[] words = MatrixWords.Word.values();
        StringBuilder c = new StringBuilder("0");
        for (int k = 0; k < words.length; k++) {
            c.append(" + (").append(Symja.text(coeffs.getAt(k + 1))).append(")*(")
                    .append(words[k].text().replace("IdentityMatrix[d]", "IdentityMatrix[2]").replace("W", matrixText(2)))
                    .append(')');
        }
        return Symja.eval("Expand[" + c + "]");
    }

    private static MatrixWords words(IExpr coeffs, String what) {
        MatrixWords.Word[] words = MatrixWords.Word.values();
        List<MatrixWords.Term> terms = new ArrayList<>();
        for (int k = 0; k < words.length; k++) {
            IExpr c = coeffs.getAt(k + 1);
            if (!c.isZero()) {
                terms.add(new MatrixWords.Term(c.evalf(), Symja.text(c), words[k]));
            }
        }
        if (terms.isEmpty()) {
            throw new SymbolicException(SymbolicException.Key.UNSOLVED, what + " identified as zero");
        }
        return new MatrixWords(terms);
    }

    /**
     * Word coefficients c_k (exact) with Σ c_k word_k(pt) = g(pt) (den null) or (Σ c_k word_k(pt))·g(pt) = den(pt)·I at
     * seeded integer points. Null (or SymbolicException when required) if the linear system has no solution.
     */
    private static IExpr solveWords(java.util.function.Function<String, IExpr> gAt,
                                    java.util.function.Function<String, IExpr> denAt, boolean required, String what) {
        MatrixWords.Word[] words = MatrixWords.Word.values();
        StringBuilder cs = new StringBuilder("{");
        for (int k = 0; k < words.length; k++) {
            cs.append(k > 0 ? "," : "").append('c').append(k);
        }
        cs.append('}');
        Random r = new Random(4_2_2026L);
        StringBuilder eqs = new StringBuilder("{");
        boolean first = true;
        for (int p = 0; p < 4; p++) {
            int[] v = {r.nextInt(13) - 6, r.nextInt(13) - 6, r.nextInt(13) - 6, r.nextInt(13) - 6};
            String rules = "{w11->" + v[0] + ",w12->" + v[1] + ",w21->" + v[2] + ",w22->" + v[3] + "}";
            String wm = "{{" + v[0] + "," + v[1] + "},{" + v[2] + "," + v[3] + "}}";
            StringBuilder c = new StringBuilder("0");
            for (int k = 0; k < words.length; k++) {
                c.append(" + c").append(k).append("*(")
                        .append(words[k].text().replace("IdentityMatrix[d]", "IdentityMatrix[2]").replace("W", wm)).append(')');
            }
            IExpr g = gAt.apply(rules);
            IExpr diff = denAt == null ? Symja.eval("Flatten[Expand[(" + c + ") - (#0)]]", g)
                    : Symja.eval("Flatten[Expand[(" + c + ").(#0) - (#1)*IdentityMatrix[2]]]", g, denAt.apply(rules));
            for (int i = 1; i <= diff.argSize(); i++) {
                eqs.append(first ? "" : ",").append(Symja.text(diff.getAt(i))).append("==0");
                first = false;
            }
        }
        eqs.append('}');
        IExpr sol = Symja.eval("Solve[" + eqs + ", " + cs + "]");
        if (sol.argSize() < 1 || !sol.getAt(1).isList()) {
            if (required) {
                throw new SymbolicException(SymbolicException.Key.UNSOLVED, what + " is not a combination of words in W, W^T");
            }
            return null;
        }
        // Coefficients not fixed by the points (degenerate words) are set to 0.
        return Symja.eval("ReplaceAll[ReplaceAll[" + cs + ", #0], Thread[" + cs + " -> 0]]", sol.getAt(1));
    }
}
