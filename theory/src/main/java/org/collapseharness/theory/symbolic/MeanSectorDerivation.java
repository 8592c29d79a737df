package org.collapseharness.theory.symbolic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.collapseharness.theory.ClosedForm;
import org.collapseharness.theory.MeanSectorTheory;
import org.collapseharness.theory.SymbolicException;
import org.matheclipse.core.interfaces.IExpr;

/**
 * Derives the label-mean sector of the §4 projection-head model with stop-gradient (see {@link MeanSectorTheory}):
 * <ol>
 * <li>the per-pair flows of the d = 2 pair loss with sg ({@link ProjectionDerivation#pairLoss}, {@link SgCalculus});</li>
 * <li>the class-symmetric mean system: a clean sample x pairs with its label, a shared sample z with each of the K
 * labels, the label mean y with n clean and m shared samples, W with all K(n + m) pairs;</li>
 * <li>its Jacobian by {@code D} at W = diag(σ, w), y = (a, 0), x = z = W⁻¹ y (σ = ±1), the check that the point is a
 * fixed point and that the sector (x₂, z₂, y₂, W₂₁) is invariant, the sector block and its characteristic polynomial;</li>
 * <li>the constant term C of the cubic factored ({@code Factor}), its real roots in w from the linear factors
 * ({@code Solve}) and the discriminant in w of its quadratic factor.</li>
 * </ol>
 */
public final class MeanSectorDerivation {
    private static final Map<Integer, MeanSectorTheory> CACHE = new ConcurrentHashMap<>();
    private static final List<String> STATE = List.of("x1", "x2", "z1", "z2", "y1", "y2", "w11", "w12", "w21", "w22");
    private static final List<String> SECTOR = List.of("x2", "z2", "y2", "w21");

    private MeanSectorDerivation() {
    }

    /** The derivation for the mean's eigenvalue σ = +1 or −1, computed once per JVM. */
    public static MeanSectorTheory derive(int sigma) {
        if (sigma != 1 && sigma != -1) {
            throw new IllegalArgumentException("sigma must be +1 or -1, got " + sigma);
        }
        return CACHE.computeIfAbsent(sigma, MeanSectorDerivation::compute);
    }

    static MeanSectorTheory compute(int sigma) {
        IExpr loss = Symja.eval(ProjectionDerivation.pairLoss(2, true));
        Map<String, IExpr> pair = new LinkedHashMap<>();
        for (String v : List.of("s1", "s2", "y1", "y2", "w11", "w12", "w21", "w22")) {
            pair.put(v, SgCalculus.flow(loss, v));
        }
        Map<String, IExpr> field = new LinkedHashMap<>();
        for (int i = 1; i <= 2; i++) {
            field.put("x" + i, at(pair.get("s" + i), "x"));
            field.put("z" + i, Symja.eval("Expand[k*(#0)]", at(pair.get("s" + i), "z")));
        }
        for (int i = 1; i <= 2; i++) {
            field.put("y" + i, Symja.eval("Expand[n*(#0) + m*(#1)]", at(pair.get("y" + i), "x"),
                    at(pair.get("y" + i), "z")));
        }
        for (String wij : List.of("w11", "w12", "w21", "w22")) {
            field.put(wij, Symja.eval("Expand[k*(n*(#0) + m*(#1))]", at(pair.get(wij), "x"), at(pair.get(wij), "z")));
        }
        String point = "{w11 -> " + sigma + ", w12 -> 0, w21 -> 0, w22 -> w, y1 -> a, y2 -> 0, x1 -> " + sigma
                + "*a, x2 -> 0, z1 -> " + sigma + "*a, z2 -> 0}";
        boolean fixedPoint = true;
        for (String v : STATE) {
            fixedPoint &= Symja.isZero(Symja.eval("ReplaceAll[#0, " + point + "]", field.get(v)));
        }
        boolean invariant = true;
        for (String row : STATE) {
            if (SECTOR.contains(row)) {
                continue;
            }
            for (String col : SECTOR) {
                invariant &= Symja.isZero(Symja.eval("ReplaceAll[D[#0, " + col + "], " + point + "]", field.get(row)));
            }
        }
        if (!fixedPoint || !invariant) {
            throw new SymbolicException(SymbolicException.Key.SECTOR_NOT_INVARIANT, "mean sector at sigma = " + sigma
                    + ": fixed point " + fixedPoint + ", sector invariant " + invariant);
        }
        List<ClosedForm> block = new ArrayList<>();
        IExpr[][] j4 = new IExpr[4][4];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                j4[i][j] = Symja.eval("Expand[ReplaceAll[D[#0, " + SECTOR.get(j) + "], " + point + "]]",
                        field.get(SECTOR.get(i)));
                block.add(CompiledForm.of(new SymjaForm(j4[i][j])));
            }
        }
        IExpr cp = LinearFlowDerivation.characteristicPolynomial(j4);
        IExpr c0 = Symja.eval("Coefficient[#0, lam, 0]", cp);
        if (!Symja.isZero(c0)) {
            throw new SymbolicException(SymbolicException.Key.UNSOLVED, "mean sector at sigma = " + sigma
                    + ": no zero root, constant term " + Symja.text(c0));
        }
        IExpr a = Symja.eval("Factor[Coefficient[#0, lam, 3]]", cp);
        IExpr b = Symja.eval("Coefficient[#0, lam, 2]", cp);
        IExpr c = Symja.eval("Factor[Coefficient[#0, lam, 1]]", cp);
        List<IExpr> factors = Symja.factors(c);
        List<ClosedForm> roots = new ArrayList<>();
        List<String> rootText = new ArrayList<>();
        List<String> constant = new ArrayList<>();
        IExpr discriminant = null;
        for (IExpr factor : factors) {
            IExpr f = factor.isPower() ? factor.base() : factor;
            int mult = factor.isPower() ? factor.exponent().toIntDefault() : 1;
            int degree = Symja.eval("Exponent[#0, w]", f).toIntDefault();
            if (degree == 0) {
                constant.add(Symja.text(f));
            } else if (degree == 1 && mult % 2 == 1) {
                IExpr r = Symja.eval("ReplaceAll[w, First[Solve[(#0) == 0, w]]]", f);
                roots.add(CompiledForm.of(new SymjaForm(r)));
                rootText.add(Symja.text(r));
            } else if (degree == 2) {
                if (discriminant != null) {
                    throw new SymbolicException(SymbolicException.Key.UNSOLVED,
                            "mean sector: more than one quadratic factor in C = " + Symja.text(c));
                }
                discriminant = Symja.eval("Factor[Expand[Coefficient[#0, w, 1]^2 - 4*Coefficient[#0, w, 2]"
                        + "*Coefficient[#0, w, 0]]]", f);
                constant.add("(" + Symja.text(f) + ") with leading coefficient "
                        + Symja.text(Symja.eval("Coefficient[#0, w, 2]", f)));
            } else if (degree > 2) {
                throw new SymbolicException(SymbolicException.Key.UNSOLVED,
                        "mean sector: factor of degree " + degree + " in w in C = " + Symja.text(c));
            }
        }
        String signs = "C = " + Symja.text(c) + " (factors free of w: " + constant + ") changes sign in w only at "
                + rootText
                + (discriminant == null ? "" : ", its quadratic factor has no real root where its discriminant "
                        + Symja.text(discriminant) + " < 0")
                + "; C < 0 (a real positive eigenvalue: the mean turns towards e2) between those roots where the "
                + "odd factors are negative";
        return new MeanSectorTheory(sigma, SECTOR, List.copyOf(block),
                CompiledForm.of(new SymjaForm(a)), CompiledForm.of(new SymjaForm(b)), CompiledForm.of(new SymjaForm(c)),
                List.copyOf(roots), discriminant == null ? null : CompiledForm.of(new SymjaForm(discriminant)), signs);
    }

    /** The pair flow with the pair's sample s taken to be the mean-system vector {@code name} (x or z). */
    private static IExpr at(IExpr pairFlow, String name) {
        return Symja.eval("ReplaceAll[#0, {s1 -> " + name + "1, s2 -> " + name + "2}]", pairFlow);
    }
}
