package org.collapseharness.theory.symbolic;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.collapseharness.theory.Bindings;
import org.collapseharness.theory.ClosedForm;
import org.collapseharness.theory.ExplicitJacobian;
import org.collapseharness.theory.Expansion;
import org.collapseharness.theory.LinearFlowTheory;
import org.collapseharness.theory.PairLoss;
import org.collapseharness.theory.SectorForm;
import org.collapseharness.theory.SymbolicException;
import org.matheclipse.core.interfaces.IExpr;

/**
 * Derives, from a {@link PairLoss}, the vector field, the sector matrices (by substituting the sector ansatz into the
 * derived field), a computational proof that each sector is invariant, characteristic polynomials, closed-form
 * eigenvalues and multiplicities, the conserved quantity, the m = 0 fixed point and the large-n asymptotics.
 * Symbols: k (classes), n (clean per class), m (shared), rho, lam (eigenvalue), eps = 1/n.
 */
public final class LinearFlowDerivation {

    /** Reference point used only to order roots (fast before slow); every result is checked elsewhere numerically. */
    static final Bindings ORDERING_POINT = Bindings.of("k", 3, "n", 7, "m", 3, "rho", 0.3, "d", 1);

    private static final Map<PairLoss, LinearFlowTheory> CACHE = new ConcurrentHashMap<>();

    private LinearFlowDerivation() {
    }

    /** Derivation for the loss, computed once per JVM. */
    public static LinearFlowTheory derive(PairLoss loss) {
        LinearFlowTheory t = CACHE.get(loss);
        if (t == null) {
            t = compute(loss);
            CACHE.put(loss, t);
        }
        return t;
    }

    private record Flows(IExpr sClean, IExpr yClean, IExpr sShared, IExpr yShared, IExpr sPenalty, IExpr yPenalty) {
    }

    private static Flows flows(PairLoss loss) {
        IExpr clean = parse(loss.cleanTerm(), "clean term");
        IExpr shared = parse(loss.sharedTerm(), "shared term");
        IExpr sp = parse(loss.samplePenalty(), "sample penalty");
        IExpr lp = parse(loss.labelPenalty(), "label penalty");
        return new Flows(SgCalculus.flow(clean, "s"), SgCalculus.flow(clean, "y"), SgCalculus.flow(shared, "s"),
                SgCalculus.flow(shared, "y"), SgCalculus.flow(sp, "s"), SgCalculus.flow(lp, "y"));
    }

    static IExpr parse(String input, String what) {
        IExpr e;
        try {
            e = Symja.eval(input);
        } catch (SymbolicException ex) {
            throw new SymbolicException(SymbolicException.Key.PARSE_ERROR, what + " '" + input + "' does not parse");
        }
        if (e.isAST() && e.head().toString().equals("Syntax")) {
            throw new SymbolicException(SymbolicException.Key.PARSE_ERROR, what + " '" + input + "' does not parse");
        }
        return e;
    }

    /** Uncached derivation (package-private: unit and mutation tests must not see a memoised result). */
    static LinearFlowTheory compute(PairLoss loss) {
        Flows f = flows(loss);
        List<String> equations = List.of(
                "dx[c,i]/dt = " + text(add(sub(f.sClean, "x[c,i]", "y[c]"), sub1(f.sPenalty, "s", "x[c,i]"))),
                "dz[s]/dt = Sum_c (" + text(sub(f.sShared, "z[s]", "y[c]")) + ")" + penaltyText(f.sPenalty, "s", "z[s]"),
                "dy[c]/dt = Sum_i (" + text(sub(f.yClean, "x[c,i]", "y[c]")) + ") + Sum_s ("
                        + text(sub(f.yShared, "z[s]", "y[c]")) + ")" + penaltyText(f.yPenalty, "y", "y[c]"));

        // Sector I, clean: x[c,i] = f v_i with Σ_i v_i = 0; labels and shared samples at 0.
        IExpr fxI = add(sub(f.sClean, "f*v", "0"), sub1(f.sPenalty, "s", "f*v"));
        IExpr leakI = sub(f.yClean, "f*v", "0");
        SectorForm iClean = sector("I.clean", "within-class fluctuations x[c,i] - xbar[c] (sum over i vanishes)",
                List.of("f"), List.of(fxI), "v", List.of("f"), List.of(leakI), "k*(n-1)",
                "label receives Sum_i (" + text(leakI) + ") = 0 because Sum_i v_i = 0");

        // Sector I, shared: z[s] = g w_s with Σ_s w_s = 0.
        IExpr fzI = add(times("k", sub(f.sShared, "g*w", "0")), sub1(f.sPenalty, "s", "g*w"));
        IExpr leakIs = sub(f.yShared, "g*w", "0");
        SectorForm iShared = sector("I.shared", "fluctuations of shared samples z[s] - zbar (sum over s vanishes)",
                List.of("g"), List.of(fzI), "w", List.of("g"), List.of(leakIs), "m-1",
                "each label receives Sum_s (" + text(leakIs) + ") = 0 because Sum_s w_s = 0");

        // Sector II: x[c,i] = a u_c, y[c] = b u_c, z = 0, with Σ_c u_c = 0.
        IExpr fxII = add(sub(f.sClean, "a*u", "b*u"), sub1(f.sPenalty, "s", "a*u"));
        IExpr fyII = add(add(times("n", sub(f.yClean, "a*u", "b*u")), times("m", sub(f.yShared, "0", "b*u"))),
                sub1(f.yPenalty, "y", "b*u"));
        IExpr leakII = add(sub(f.sShared, "0", "b*u"), sub1(f.sPenalty, "s", "0"));
        SectorForm ii = sector("II", "class biases (dxbar[c], dy[c]) with Sum_c = 0", List.of("dxbar", "dy"),
                List.of(fxII, fyII), "u", List.of("a", "b"), List.of(leakII), "k-1",
                "each shared sample receives Sum_c (" + text(leakII) + ") = 0 because Sum_c u_c = 0");

        // Sector III: all clean p, all shared q, all labels r.
        IExpr fxIII = add(sub(f.sClean, "p*u", "r*u"), sub1(f.sPenalty, "s", "p*u"));
        IExpr fzIII = add(times("k", sub(f.sShared, "q*u", "r*u")), sub1(f.sPenalty, "s", "q*u"));
        IExpr fyIII = add(add(times("n", sub(f.yClean, "p*u", "r*u")), times("m", sub(f.yShared, "q*u", "r*u"))),
                sub1(f.yPenalty, "y", "r*u"));
        SectorForm iii = sector("III", "global means (xbar, zbar, ybar)", List.of("xbar", "zbar", "ybar"),
                List.of(fxIII, fzIII, fyIII), "u", List.of("p", "q", "r"), List.of(), "1",
                "permutation symmetric by construction: every class and sample receives the same velocity");
        IExpr fyIII0 = add(times("n", sub(f.yClean, "p*u", "r*u")), sub1(f.yPenalty, "y", "r*u"));
        SectorForm iii0 = sector("III", "global means (xbar, ybar), no shared samples", List.of("xbar", "ybar"),
                List.of(fxIII, fyIII0), "u", List.of("p", "r"), List.of(), "1",
                "permutation symmetric by construction");

        // Conserved quantity: left null vector of the sector III matrix.
        List<ClosedForm> conserved = new ArrayList<>();
        IExpr m3 = matrixExpr(iii);
        IExpr left = Symja.eval("NullSpace[Transpose[#0]]", m3);
        if (left.argSize() == 1) {
            IExpr v = left.getAt(1);
            IExpr last = v.getAt(v.argSize());
            for (int i = 1; i <= v.argSize(); i++) {
                conserved.add(new SymjaForm(Symja.eval("Together[(#0)/(#1)]", v.getAt(i), last)));
            }
        }

        // m = 0 fixed point of one class: projector onto the null space along the left null vector.
        List<ClosedForm> fixed = new ArrayList<>();
        IExpr m30 = matrixExpr(iii0);
        IExpr r = Symja.eval("NullSpace[#0]", m30);
        IExpr l = Symja.eval("NullSpace[Transpose[#0]]", m30);
        if (r.argSize() == 1 && l.argSize() == 1) {
            IExpr rv = r.getAt(1);
            IExpr lv = l.getAt(1);
            IExpr row = Symja.eval("Together[(#0)[[2]] * (#1) / ((#1).(#0))]", rv, lv);
            for (int i = 1; i <= row.argSize(); i++) {
                fixed.add(new SymjaForm(Symja.eval("Together[#0]", row.getAt(i))));
            }
        }

        ClosedForm fast = ii.eigenvalues().get(0);
        ClosedForm slow = ii.eigenvalues().get(ii.eigenvalues().size() - 1);
        IExpr poly = Symja.eval(ii.characteristicPolynomial());
        Expansion slowExp = new Expansion("slow sector-II eigenvalue", 0, forms(Perturbation.root(poly, 0, 3)));
        Expansion fastExp = new Expansion("fast sector-II eigenvalue", -1, forms(Perturbation.root(poly, -1, 3)));
        return new LinearFlowTheory(loss, equations, iClean, iShared, ii, iii, iii0, conserved, fixed, slow, fast,
                slowExp, fastExp);
    }

    /**
     * Explicit Jacobian for concrete sizes: the loss is written out over named variables, the field is −∂L/∂v for
     * each variable (sg semantics), and each field component is differentiated again.
     */
    public static ExplicitJacobian explicitJacobian(PairLoss loss, int classes, int clean, int shared) {
        IExpr cleanTerm = parse(loss.cleanTerm(), "clean term");
        IExpr sharedTerm = parse(loss.sharedTerm(), "shared term");
        IExpr sp = parse(loss.samplePenalty(), "sample penalty");
        IExpr lp = parse(loss.labelPenalty(), "label penalty");
        List<String> vars = new ArrayList<>();
        StringBuilder total = new StringBuilder("0");
        for (int c = 1; c <= classes; c++) {
            for (int i = 1; i <= clean; i++) {
                String x = "xc" + c + "i" + i;
                vars.add(x);
                total.append("+(").append(text(sub(cleanTerm, x, "yc" + c))).append(")+(")
                        .append(text(sub1(sp, "s", x))).append(')');
            }
        }
        for (int s = 1; s <= shared; s++) {
            String z = "zs" + s;
            vars.add(z);
            total.append("+(").append(text(sub1(sp, "s", z))).append(')');
            for (int c = 1; c <= classes; c++) {
                total.append("+(").append(text(sub(sharedTerm, z, "yc" + c))).append(')');
            }
        }
        for (int c = 1; c <= classes; c++) {
            vars.add("yc" + c);
            total.append("+(").append(text(sub1(lp, "y", "yc" + c))).append(')');
        }
        // sg markers must survive until differentiation: build the loss unevaluated-ly as text.
        IExpr lossExpr = Symja.eval(total.toString());
        int n = vars.size();
        double[][] jac = new double[n][n];
        List<String> field = new ArrayList<>();
        String varList = "{" + String.join(",", vars) + "}";
        for (int j = 0; j < n; j++) {
            IExpr fj = SgCalculus.flow(lossExpr, vars.get(j));
            field.add(text(fj));
            IExpr row = Symja.eval("D[#0, {" + varList + "}]", fj);
            for (int q = 0; q < n; q++) {
                IExpr e = row.getAt(q + 1);
                if (!e.isNumber()) {
                    throw new SymbolicException(SymbolicException.Key.NOT_LINEAR,
                            "field of " + vars.get(j) + " is not linear: d/d" + vars.get(q) + " = " + text(e));
                }
                jac[j][q] = e.evalDouble();
            }
        }
        return new ExplicitJacobian(List.copyOf(vars), jac, List.copyOf(field));
    }

    // ---------------------------------------------------------------- helpers

    private static SectorForm sector(String name, String description, List<String> coords, List<IExpr> fields,
                                     String carrier, List<String> amplitudes, List<IExpr> leaks, String multiplicity,
                                     String witness) {
        int dim = fields.size();
        IExpr[][] mat = new IExpr[dim][dim];
        for (int i = 0; i < dim; i++) {
            IExpr h = homogeneousCoefficient(fields.get(i), carrier, name);
            IExpr rebuilt = Symja.eval("0");
            for (int j = 0; j < dim; j++) {
                mat[i][j] = Symja.eval("Together[D[#0, " + amplitudes.get(j) + "]]", h);
                rebuilt = Symja.eval("(#0) + (#1)*" + amplitudes.get(j), rebuilt, mat[i][j]);
            }
            if (!Symja.isZero(Symja.eval("(#0) - (#1)", h, rebuilt))) {
                throw new SymbolicException(SymbolicException.Key.NOT_LINEAR,
                        "sector " + name + ": the field is not linear in the sector amplitudes: " + text(h));
            }
        }
        boolean invariant = true;
        for (IExpr leak : leaks) {
            homogeneousCoefficient(leak, carrier, name); // throws SECTOR_NOT_INVARIANT otherwise
        }
        ClosedForm[][] forms = new ClosedForm[dim][dim];
        StringBuilder ms = new StringBuilder("{");
        for (int i = 0; i < dim; i++) {
            ms.append(i > 0 ? ",{" : "{");
            for (int j = 0; j < dim; j++) {
                forms[i][j] = new SymjaForm(mat[i][j]);
                ms.append(j > 0 ? "," : "").append('(').append(text(mat[i][j])).append(')');
            }
            ms.append('}');
        }
        ms.append('}');
        IExpr cp = Symja.eval("Expand[CharacteristicPolynomial[" + ms + ", lam]]");
        List<ClosedForm> roots = roots(cp, name);
        List<ClosedForm> mults = new ArrayList<>();
        for (int i = 0; i < roots.size(); i++) {
            mults.add(SymjaForm.of(multiplicity));
        }
        return new SectorForm(name, description, coords, forms, text(cp), roots, mults, invariant,
                witness + "; matrix " + ms);
    }

    /** The coefficient h with expr = carrier * h exactly; otherwise the sector is not invariant. */
    private static IExpr homogeneousCoefficient(IExpr expr, String carrier, String sector) {
        IExpr expanded = Symja.eval("Expand[#0]", expr);
        IExpr h = Symja.eval("Coefficient[#0, " + carrier + ", 1]", expanded);
        if (!Symja.isZero(Symja.eval("(#0) - " + carrier + "*(#1)", expanded, h))) {
            throw new SymbolicException(SymbolicException.Key.SECTOR_NOT_INVARIANT,
                    "sector " + sector + " is not invariant: " + text(expanded) + " is not proportional to " + carrier);
        }
        return h;
    }

    private static List<ClosedForm> roots(IExpr cp, String sector) {
        IExpr sols = Symja.eval("Solve[#0 == 0, lam]", cp);
        List<SymjaForm> roots = new ArrayList<>();
        for (int i = 1; i <= sols.argSize(); i++) {
            roots.add(new SymjaForm(Symja.eval("ReplaceAll[lam, #0]", sols.getAt(i))));
        }
        IExpr degree = Symja.eval("Exponent[#0, lam]", cp);
        if (roots.size() != degree.toIntDefault()) {
            throw new SymbolicException(SymbolicException.Key.UNSOLVED,
                    "sector " + sector + ": Solve returned " + roots.size() + " roots of " + text(cp));
        }
        roots.sort((p, q) -> Double.compare(p.at(ORDERING_POINT), q.at(ORDERING_POINT)));
        return new ArrayList<>(roots);
    }

    private static IExpr matrixExpr(SectorForm s) {
        StringBuilder ms = new StringBuilder("{");
        for (int i = 0; i < s.matrix().length; i++) {
            ms.append(i > 0 ? ",{" : "{");
            for (int j = 0; j < s.matrix()[i].length; j++) {
                ms.append(j > 0 ? "," : "").append('(').append(s.matrix()[i][j].text()).append(')');
            }
            ms.append('}');
        }
        return Symja.eval(ms.append('}').toString());
    }

    private static List<ClosedForm> forms(List<IExpr> es) {
        List<ClosedForm> out = new ArrayList<>();
        for (IExpr e : es) {
            out.add(new SymjaForm(e));
        }
        return out;
    }

    private static IExpr sub(IExpr e, String s, String y) {
        return Symja.eval("Expand[ReplaceAll[#0, {s -> (" + s + "), y -> (" + y + ")}]]", e);
    }

    private static IExpr sub1(IExpr e, String var, String value) {
        return Symja.eval("Expand[ReplaceAll[#0, " + var + " -> (" + value + ")]]", e);
    }

    private static IExpr add(IExpr a, IExpr b) {
        return Symja.eval("Expand[(#0) + (#1)]", a, b);
    }

    private static IExpr times(String factor, IExpr e) {
        return Symja.eval("Expand[" + factor + "*(#0)]", e);
    }

    private static String penaltyText(IExpr penaltyFlow, String var, String value) {
        IExpr p = sub1(penaltyFlow, var, value);
        return p.isZero() ? "" : " + (" + text(p) + ")";
    }

    private static String text(IExpr e) {
        return Symja.text(e);
    }
}
