package org.collapseharness.theory.symbolic;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.collapseharness.theory.FluctuationTheory;
import org.collapseharness.theory.MatrixWords;
import org.collapseharness.theory.SymbolicException;
import org.matheclipse.core.interfaces.IExpr;

/**
 * Derives the order-parameter (DMFT) form of the §4 projection-head dynamics (paper §4.3) from the per-pair loss of
 * {@link ProjectionDerivation}, with explicit d = 2 entries. A sample is written as its group mean a plus a fluctuation
 * u (s = a + u); then, symbolically:
 * <ol>
 * <li>the fluctuation field ṡ(a + u) − ṡ(a) is checked free of a and y and of degree 1 in u: u̇ = L(W) u, and L is
 * identified as a word combination in W (the medium);</li>
 * <li>the label field is checked affine in s (∂²ẏ/∂s² = 0), so the fluctuations cancel in the labels' equation;</li>
 * <li>Ẇ(a + u) − Ẇ(a) is checked to be a polynomial of degree 2 in u; its degree-1 part sums to zero over a group
 * (Σ u = 0); its degree-2 part with u uᵀ replaced by the group's summed covariance C is the memory term M(W, C),
 * checked free of a and y and identified as a combination of W.C, C.W, Wᵀ.C, C.Wᵀ, C (coefficients solved at seeded
 * integer points, then the identity checked symbolically).</li>
 * </ol>
 * Every result is checked numerically against the hand-coded particle and moment fields in the §4.3 claims.
 */
public final class DmftDerivation {

    private static final Map<Boolean, FluctuationTheory> CACHE = new ConcurrentHashMap<>();
    private static final String SHIFT = "{s1 -> a1 + u1, s2 -> a2 + u2}";
    private static final String BASE = "{s1 -> a1, s2 -> a2}";
    private static final String C_MATRIX = "{{c11, c12}, {c12, c22}}";

    private DmftDerivation() {
    }

    /** The fluctuation equations with (true) or without (false) stop-gradient, computed once per JVM. */
    public static FluctuationTheory derive(boolean stopGradient) {
        return CACHE.computeIfAbsent(stopGradient, DmftDerivation::compute);
    }

    static FluctuationTheory compute(boolean sg) {
        String loss = ProjectionDerivation.pairLoss(2, sg);
        IExpr l2 = Symja.eval(loss);
        String[] s = {"s1", "s2"};
        String[] y = {"y1", "y2"};
        String[] u = {"u1", "u2"};
        String[] a = {"a1", "a2"};
        // 1. fluctuation field and its generator
        IExpr[] g = new IExpr[2];
        List<String> field = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            IExpr fs = SgCalculus.flow(l2, s[i]);
            g[i] = Symja.eval("Expand[ReplaceAll[#0, " + SHIFT + "] - ReplaceAll[#0, " + BASE + "]]", fs);
            for (String v : List.of(a[0], a[1], y[0], y[1])) {
                requireZero(Symja.eval("Expand[D[#0, " + v + "]]", g[i]), "the fluctuation field depends on " + v);
            }
            for (String p : u) {
                for (String q : u) {
                    requireZero(Symja.eval("Expand[D[D[#0, " + p + "], " + q + "]]", g[i]),
                            "the fluctuation field is not linear in the fluctuation");
                }
            }
            field.add("du" + (i + 1) + "/dt = " + Symja.text(g[i]));
        }
        IExpr gen = Symja.eval("Expand[{{D[#0, u1], D[#0, u2]}, {D[#1, u1], D[#1, u2]}}]", g[0], g[1]);
        MatrixWords generator = ProjectionDerivation.identify(gen, "fluctuation generator L");
        // 2. labels see only the means
        for (String yi : y) {
            IExpr fy = SgCalculus.flow(l2, yi);
            for (String p : s) {
                for (String q : s) {
                    requireZero(Symja.eval("Expand[D[D[#0, " + p + "], " + q + "]]", fy),
                            "the label field is not affine in the sample");
                }
            }
        }
        // 3. the memory term of the W equation
        IExpr[][] mem = new IExpr[2][2];
        for (int i = 1; i <= 2; i++) {
            for (int j = 1; j <= 2; j++) {
                IExpr fw = SgCalculus.flow(l2, "w" + i + j);
                IExpr q = Symja.eval("Expand[ReplaceAll[#0, " + SHIFT + "] - ReplaceAll[#0, " + BASE + "]]", fw);
                for (String p : u) {
                    for (String r : u) {
                        for (String t : u) {
                            requireZero(Symja.eval("Expand[D[D[D[#0, " + p + "], " + r + "], " + t + "]]", q),
                                    "dW/dt is not quadratic in the fluctuation");
                        }
                    }
                }
                IExpr m = Symja.eval("Expand[1/2*Sum[D[D[#0, {u1,u2}[[p]]], {u1,u2}[[q]]]*" + C_MATRIX
                        + "[[p, q]], {p, 1, 2}, {q, 1, 2}]]", q);
                for (String v : List.of(a[0], a[1], y[0], y[1])) {
                    requireZero(Symja.eval("Expand[D[#0, " + v + "]]", m), "the memory term depends on " + v);
                }
                mem[i - 1][j - 1] = m;
            }
        }
        IExpr memory = Symja.eval("{{#0, #1}, {#2, #3}}", mem[0][0], mem[0][1], mem[1][0], mem[1][1]);
        List<FluctuationTheory.MemoryTerm> terms = identifyMemory(memory);
        FluctuationTheory partial = new FluctuationTheory(sg, loss, generator, terms, field, List.of());
        String l = generator.text();
        String mt = partial.memoryText();
        List<String> eq = List.of(
                "x_{c,i} = x̄_c + x'_{c,i}, z_s = z̄ + z'_s with Σ x' = Σ z' = 0",
                "dx'/dt = L(W) x', dz'/dt = K L(W) z', L(W) = " + l + " (free of labels and means: the medium is W)",
                "dCx/dt = L Cx + Cx Lᵀ, dCz/dt = K (L Cz + Cz Lᵀ)  =>  Cx(t) = R(t,0) Cx(0) R(t,0)ᵀ, "
                        + "R(t,t') = T exp ∫_{t'}^{t} L(W(s)) ds (time-ordered), Cz likewise with K L",
                "labels: affine in each sample, so dy_c/dt depends on the samples only through x̄_c, z̄",
                "dW/dt = F_W(x̄, z̄, y, W) + M(W, Cx) + K M(W, Cz), M(W, C) = " + mt + " (memory term)",
                "W(t) = W(0) + ∫_0^t [F_W(x̄, z̄, y, W) + M(W, R Cx(0) Rᵀ) + K M(W, R_K Cz(0) R_Kᵀ)](t') dt' "
                        + "(Volterra form: the medium's history feeds back through R)",
                "(x̄, z̄, y)(t) = T exp ∫_0^t A(W(s)) ds (x̄, z̄, y)(0), A(W) the mean-sector matrix of the pair blocks");
        return new FluctuationTheory(sg, loss, generator, terms, field, eq);
    }

    private static List<FluctuationTheory.MemoryTerm> identifyMemory(IExpr memory) {
        FluctuationTheory.CWord[] words = FluctuationTheory.CWord.values();
        StringBuilder ks = new StringBuilder("{");
        for (int k = 0; k < words.length; k++) {
            ks.append(k > 0 ? "," : "").append('k').append(k);
        }
        ks.append('}');
        Random r = new Random(4_3_2026L);
        StringBuilder eqs = new StringBuilder("{");
        boolean first = true;
        for (int p = 0; p < 3; p++) {
            int[] v = new int[7];
            for (int i = 0; i < v.length; i++) {
                v[i] = r.nextInt(13) - 6;
            }
            String rules = "{w11->" + v[0] + ",w12->" + v[1] + ",w21->" + v[2] + ",w22->" + v[3] + ",c11->" + v[4]
                    + ",c12->" + v[5] + ",c22->" + v[6] + "}";
            String wm = "{{" + v[0] + "," + v[1] + "},{" + v[2] + "," + v[3] + "}}";
            String cm = "{{" + v[4] + "," + v[5] + "},{" + v[5] + "," + v[6] + "}}";
            IExpr diff = Symja.eval("Flatten[Expand[(" + combo(words, wm, cm) + ") - ReplaceAll[#0, " + rules
                    + "]]]", memory);
            for (int i = 1; i <= diff.argSize(); i++) {
                eqs.append(first ? "" : ",").append(Symja.text(diff.getAt(i))).append("==0");
                first = false;
            }
        }
        IExpr sol = Symja.eval("Solve[" + eqs.append('}') + ", " + ks + "]");
        if (sol.argSize() < 1 || !sol.getAt(1).isList()) {
            throw new SymbolicException(SymbolicException.Key.UNSOLVED,
                    "the memory term is not a combination of W.C, C.W, W^T.C, C.W^T, C: " + Symja.text(memory));
        }
        IExpr coeffs = Symja.eval("ReplaceAll[ReplaceAll[" + ks + ", #0], Thread[" + ks + " -> 0]]", sol.getAt(1));
        StringBuilder c = new StringBuilder("0");
        for (int k = 0; k < words.length; k++) {
            c.append(" + (").append(Symja.text(coeffs.getAt(k + 1))).append(")*(")
                    .append(words[k].text().replace("W", ProjectionDerivation.matrixText(2)).replace("C", C_MATRIX))
                    .append(')');
        }
        requireZero(Symja.eval("Total[Flatten[Expand[(" + c + ") - (#0)]^2]]", memory),
                "the identified memory words do not reproduce the memory term");
        List<FluctuationTheory.MemoryTerm> terms = new ArrayList<>();
        for (int k = 0; k < words.length; k++) {
            IExpr ck = coeffs.getAt(k + 1);
            if (!ck.isZero()) {
                terms.add(new FluctuationTheory.MemoryTerm(ck.evalf(), Symja.text(ck), words[k]));
            }
        }
        return terms;
    }

    private static String combo(FluctuationTheory.CWord[] words, String wm, String cm) {
        StringBuilder c = new StringBuilder("0");
        for (int k = 0; k < words.length; k++) {
            c.append(" + k").append(k).append("*(").append(words[k].text().replace("W", wm).replace("C", cm)).append(')');
        }
        return c.toString();
    }

    private static void requireZero(IExpr e, String what) {
        if (!Symja.isZero(e)) {
            throw new SymbolicException(SymbolicException.Key.NOT_LINEAR, what + ": " + Symja.text(e));
        }
    }
}
