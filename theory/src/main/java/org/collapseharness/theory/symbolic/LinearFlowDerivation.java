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
import org.collapseharness.theory.MinimalModel;
import org.collapseharness.theory.PairFlowCoefficients;
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
    /** Parameter values of the loss being derived (for ordering roots); set for the duration of a derivation. */
    private static final ThreadLocal<Bindings> currentParams = ThreadLocal.withInitial(() -> Bindings.of());

    private LinearFlowDerivation() {
    }

    /** Derivation for the loss, computed once per JVM. */
    public static LinearFlowTheory derive(PairLoss loss) {
        LinearFlowTheory t = CACHE.get(loss);
        if (t == null) {
            currentParams.set(loss.parameters());
            try {
                t = compute(loss);
            } finally {
                currentParams.remove();
            }
            CACHE.put(loss, t);
        }
        return t;
    }

    private record Flows(IExpr sClean, IExpr yClean, IExpr sShared, IExpr yShared, IExpr sPenalty, IExpr yPenalty,
                         IExpr ema) {
    }

    private static Flows flows(PairLoss loss) {
        IExpr clean = parse(loss.cleanTerm(), "clean term");
        IExpr shared = parse(loss.sharedTerm(), "shared term");
        IExpr sp = parse(loss.samplePenalty(), "sample penalty");
        IExpr lp = parse(loss.labelPenalty(), "label penalty");
        if (!loss.hasTarget()) {
            for (IExpr e : new IExpr[] {clean, shared}) {
                if (!e.isFree(Symja.eval("t"))) {
                    throw new SymbolicException(SymbolicException.Key.PARSE_ERROR,
                            "a pair term uses the target t, but the loss declares no target species");
                }
            }
        }
        IExpr ema = loss.hasTarget() ? parse(loss.emaRate(), "EMA rate") : Symja.eval("0");
        return new Flows(SgCalculus.flow(clean, "s"), SgCalculus.flow(clean, "y"), SgCalculus.flow(shared, "s"),
                SgCalculus.flow(shared, "y"), SgCalculus.flow(sp, "s"), SgCalculus.flow(lp, "y"), ema);
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
        boolean tgt = loss.hasTarget();
        List<String> equations = new ArrayList<>(List.of(
                "dx[c,i]/dt = " + text(add(sub(f.sClean, "x[c,i]", "y[c]", "t[c]"), sub1(f.sPenalty, "s", "x[c,i]"))),
                "dz[s]/dt = Sum_c (" + text(sub(f.sShared, "z[s]", "y[c]", "t[c]")) + ")"
                        + penaltyText(f.sPenalty, "s", "z[s]"),
                "dy[c]/dt = Sum_i (" + text(sub(f.yClean, "x[c,i]", "y[c]", "t[c]")) + ") + Sum_s ("
                        + text(sub(f.yShared, "z[s]", "y[c]", "t[c]")) + ")" + penaltyText(f.yPenalty, "y", "y[c]")));
        if (tgt) {
            equations.add("dt[c]/dt = (" + text(f.ema) + ")*(y[c] - t[c])   (slow target copy, not a gradient)");
        }

        // Sector I, clean: x[c,i] = f v_i with Σ_i v_i = 0; labels, targets and shared samples at 0.
        IExpr fxI = add(sub(f.sClean, "f*v", "0", "0"), sub1(f.sPenalty, "s", "f*v"));
        IExpr leakI = sub(f.yClean, "f*v", "0", "0");
        SectorForm iClean = sector("I.clean", "within-class fluctuations x[c,i] - xbar[c] (sum over i vanishes)",
                List.of("f"), List.of(fxI), "v", List.of("f"), List.of(leakI), "k*(n-1)",
                "label receives Sum_i (" + text(leakI) + ") = 0 because Sum_i v_i = 0");

        // Sector I, shared: z[s] = g w_s with Σ_s w_s = 0.
        IExpr fzI = add(times("k", sub(f.sShared, "g*w", "0", "0")), sub1(f.sPenalty, "s", "g*w"));
        IExpr leakIs = sub(f.yShared, "g*w", "0", "0");
        SectorForm iShared = sector("I.shared", "fluctuations of shared samples z[s] - zbar (sum over s vanishes)",
                List.of("g"), List.of(fzI), "w", List.of("g"), List.of(leakIs), "m-1",
                "each label receives Sum_s (" + text(leakIs) + ") = 0 because Sum_s w_s = 0");

        // Sector II: x[c,i] = a u_c, y[c] = b u_c, t[c] = h u_c, z = 0, with Σ_c u_c = 0.
        String tII = tgt ? "h*u" : "0";
        IExpr fxII = add(sub(f.sClean, "a*u", "b*u", tII), sub1(f.sPenalty, "s", "a*u"));
        IExpr fyII = add(add(times("n", sub(f.yClean, "a*u", "b*u", tII)), times("m", sub(f.yShared, "0", "b*u", tII))),
                sub1(f.yPenalty, "y", "b*u"));
        IExpr leakII = add(sub(f.sShared, "0", "b*u", tII), sub1(f.sPenalty, "s", "0"));
        List<String> coordsII = new ArrayList<>(List.of("dxbar", "dy"));
        List<IExpr> fieldsII = new ArrayList<>(List.of(fxII, fyII));
        List<String> ampsII = new ArrayList<>(List.of("a", "b"));
        if (tgt) {
            coordsII.add("dt");
            fieldsII.add(Symja.eval("Expand[(#0)*(b*u - h*u)]", f.ema));
            ampsII.add("h");
        }
        SectorForm ii = sector("II", "class biases (dxbar[c], dy[c]" + (tgt ? ", dt[c]" : "") + ") with Sum_c = 0",
                coordsII, fieldsII, "u", ampsII, List.of(leakII), "k-1",
                "each shared sample receives Sum_c (" + text(leakII) + ") = 0 because Sum_c u_c = 0");

        // Sector III: all clean p, all shared q, all labels r, all targets w.
        String tIII = tgt ? "w*u" : "0";
        IExpr fxIII = add(sub(f.sClean, "p*u", "r*u", tIII), sub1(f.sPenalty, "s", "p*u"));
        IExpr fzIII = add(times("k", sub(f.sShared, "q*u", "r*u", tIII)), sub1(f.sPenalty, "s", "q*u"));
        IExpr fyIII = add(add(times("n", sub(f.yClean, "p*u", "r*u", tIII)), times("m", sub(f.yShared, "q*u", "r*u", tIII))),
                sub1(f.yPenalty, "y", "r*u"));
        IExpr fyIII0 = add(times("n", sub(f.yClean, "p*u", "r*u", tIII)), sub1(f.yPenalty, "y", "r*u"));
        IExpr ftIII = Symja.eval("Expand[(#0)*(r*u - w*u)]", f.ema);
        List<String> c3 = new ArrayList<>(List.of("xbar", "zbar", "ybar"));
        List<IExpr> f3 = new ArrayList<>(List.of(fxIII, fzIII, fyIII));
        List<String> a3 = new ArrayList<>(List.of("p", "q", "r"));
        List<String> c30 = new ArrayList<>(List.of("xbar", "ybar"));
        List<IExpr> f30 = new ArrayList<>(List.of(fxIII, fyIII0));
        List<String> a30 = new ArrayList<>(List.of("p", "r"));
        if (tgt) {
            c3.add("tbar");
            f3.add(ftIII);
            a3.add("w");
            c30.add("tbar");
            f30.add(ftIII);
            a30.add("w");
        }
        SectorForm iii = sector("III", "global means (" + String.join(", ", c3) + ")", c3, f3, "u", a3, List.of(), "1",
                "permutation symmetric by construction: every class and sample receives the same velocity");
        SectorForm iii0 = sector("III", "global means (" + String.join(", ", c30) + "), no shared samples", c30, f30,
                "u", a30, List.of(), "1", "permutation symmetric by construction");

        // Conserved quantity: left null vector of the sector III matrix (normalised on the label weight).
        List<ClosedForm> conserved = new ArrayList<>();
        IExpr left = Symja.eval("NullSpace[Transpose[#0]]", matrixExpr(iii));
        if (left.argSize() == 1) {
            IExpr v = left.getAt(1);
            IExpr norm = v.getAt(3);
            if (!Symja.isZero(norm)) {
                for (int i = 1; i <= v.argSize(); i++) {
                    conserved.add(new SymjaForm(Symja.eval("Together[(#0)/(#1)]", v.getAt(i), norm)));
                }
            }
        }

        // m = 0 fixed point of one class: projector onto the null space along the left null vector.
        List<ClosedForm> fixed = new ArrayList<>();
        IExpr m30 = matrixExpr(iii0);
        IExpr r = Symja.eval("NullSpace[#0]", m30);
        IExpr l = Symja.eval("NullSpace[Transpose[#0]]", m30);
        if (r.argSize() == 1 && l.argSize() == 1) {
            IExpr row = Symja.eval("Together[(#0)[[2]] * (#1) / ((#1).(#0))]", r.getAt(1), l.getAt(1));
            for (int i = 1; i <= row.argSize(); i++) {
                fixed.add(new SymjaForm(Symja.eval("Together[#0]", row.getAt(i))));
            }
        }

        ClosedForm fast = ii.eigenvalues().get(0);
        ClosedForm slow = ii.eigenvalues().get(ii.eigenvalues().size() - 1);
        IExpr poly = Symja.eval(ii.characteristicPolynomial());
        Expansion slowExp = expansion("slow sector-II eigenvalue", poly, 0);
        Expansion fastExp = expansion("fast sector-II eigenvalue", poly, -1);
        return new LinearFlowTheory(loss, List.copyOf(equations), iClean, iShared, ii, iii, iii0, conserved, fixed,
                slow, fast, slowExp, fastExp);
    }

    /** An asymptotic series, or null when the order-by-order solution does not go through (reported as absent). */
    private static Expansion expansion(String what, IExpr poly, int leadingPower) {
        try {
            return new Expansion(what, leadingPower, forms(Perturbation.root(poly, leadingPower, 3)));
        } catch (SymbolicException e) {
            return null;
        }
    }

    /**
     * The minimal model's slow decay rate −λ_slow (plain loss, positive) at the model's K, n, m, from the derivation;
     * 0 without shared samples (no frustration: the slow mode is a fixed point).
     */
    public static double minimalSlowRate(MinimalModel model) {
        return model.shared() > 0 ? -derive(PairLoss.minimal()).slowEigenvalue().at(model.bindings()) : 0.0;
    }

    /** Numeric coefficients of the derived pair velocities (the flow must be linear), at the loss's parameters. */
    public static PairFlowCoefficients coefficients(PairLoss loss) {
        Flows f = flows(loss);
        Bindings b = loss.parameters();
        return new PairFlowCoefficients(linear(f.sClean, b), linear(f.yClean, b), linear(f.sShared, b),
                linear(f.yShared, b), linear(f.sPenalty, b)[0], linear(f.yPenalty, b)[1],
                loss.hasTarget() ? new SymjaForm(f.ema).at(b) : 0.0, loss.hasTarget());
    }

    private static double[] linear(IExpr velocity, Bindings b) {
        String[] vars = {"s", "y", "t"};
        IExpr[] coefs = new IExpr[3];
        IExpr rebuilt = Symja.eval("0");
        for (int i = 0; i < 3; i++) {
            coefs[i] = Symja.eval("D[#0, " + vars[i] + "]", velocity);
            rebuilt = Symja.eval("(#0) + (#1)*" + vars[i], rebuilt, coefs[i]);
        }
        // Linearity first: a coefficient that still contains s, y or t would otherwise fail as "not a number".
        if (!Symja.isZero(Symja.eval("(#0) - (#1)", velocity, rebuilt))) {
            throw new SymbolicException(SymbolicException.Key.NOT_LINEAR,
                    "the pair velocity " + text(velocity) + " is not linear in s, y, t");
        }
        double[] c = new double[3];
        for (int i = 0; i < 3; i++) {
            c[i] = new SymjaForm(coefs[i]).at(b);
        }
        for (double v : c) {
            if (!Double.isFinite(v)) {
                throw new SymbolicException(SymbolicException.Key.NOT_REAL,
                        "a coefficient of " + text(velocity) + " is not a finite number at " + b);
            }
        }
        return c;
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
                total.append("+(").append(text(sub(cleanTerm, x, "yc" + c, "0"))).append(")+(")
                        .append(text(sub1(sp, "s", x))).append(')');
            }
        }
        for (int s = 1; s <= shared; s++) {
            String z = "zs" + s;
            vars.add(z);
            total.append("+(").append(text(sub1(sp, "s", z))).append(')');
            for (int c = 1; c <= classes; c++) {
                total.append("+(").append(text(sub(sharedTerm, z, "yc" + c, "0"))).append(')');
            }
        }
        for (int c = 1; c <= classes; c++) {
            vars.add("yc" + c);
            total.append("+(").append(text(sub1(lp, "y", "yc" + c))).append(')');
        }
        if (loss.hasTarget()) {
            throw new SymbolicException(SymbolicException.Key.UNSOLVED,
                    "explicit Jacobian: target species are not a gradient flow (use the sector derivation)");
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
                if (!e.isNumber() && !loss.parameters().asMap().isEmpty()) {
                    e = Symja.eval("N[ReplaceAll[#0, " + Symja.rules(loss.parameters()) + "]]", e);
                }
                if (!e.isNumber()) {
                    throw new SymbolicException(SymbolicException.Key.NOT_LINEAR,
                            "field of " + vars.get(j) + " is not linear: d/d" + vars.get(q) + " = " + text(e));
                }
                jac[j][q] = e.evalf();
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
        IExpr cp = characteristicPolynomial(mat);
        List<IExpr> diagonal = new ArrayList<>();
        for (int i = 0; i < dim; i++) {
            diagonal.add(mat[i][i]);
        }
        List<ClosedForm> roots = roots(cp, name, currentParams.get(), diagonal);
        List<ClosedForm> mults = new ArrayList<>();
        for (int i = 0; i < roots.size(); i++) {
            mults.add(SymjaForm.of(multiplicity));
        }
        return new SectorForm(name, description, coords, forms, text(cp), roots, mults, invariant,
                witness + "; matrix " + ms);
    }

    /**
     * det(lam I − M) by the Faddeev–LeVerrier recursion: only products, traces, Expand and division by integers, so
     * the coefficients come out as expanded polynomials in the parameters (Symja's CharacteristicPolynomial can leave
     * uncancelled fractions for 4×4 symbolic matrices).
     */
    static IExpr characteristicPolynomial(IExpr[][] mat) {
        int n = mat.length;
        StringBuilder a = new StringBuilder("{");
        for (int i = 0; i < n; i++) {
            a.append(i > 0 ? ",{" : "{");
            for (int j = 0; j < n; j++) {
                a.append(j > 0 ? "," : "").append('(').append(text(mat[i][j])).append(')');
            }
            a.append('}');
        }
        IExpr matrix = Symja.eval(a.append('}').toString());
        IExpr identity = Symja.eval("IdentityMatrix[" + n + "]");
        IExpr mk = Symja.eval("0*(#0)", matrix);
        IExpr coeff = Symja.eval("1");
        IExpr poly = Symja.eval("lam^" + n);
        for (int k = 1; k <= n; k++) {
            mk = Symja.eval("Expand[(#0).((#1) + (#2)*(#3))]", matrix, mk, coeff, identity);
            coeff = Symja.eval("Expand[-Tr[#0]/" + k + "]", mk);
            poly = Symja.eval("(#0) + (#1)*lam^" + (n - k), poly, coeff);
        }
        return Symja.eval("Expand[#0]", poly);
    }

    /** det M = (−1)^n det(0·I − M), the constant term of {@link #characteristicPolynomial} up to sign. */
    static IExpr determinant(IExpr[][] mat) {
        return Symja.eval("Expand[(-1)^" + mat.length + "*Coefficient[#0, lam, 0]]", characteristicPolynomial(mat));
    }

    /** The entries of a Symja matrix (a list of rows). */
    static IExpr[][] entries(IExpr matrix) {
        IExpr[][] out = new IExpr[matrix.argSize()][];
        for (int i = 0; i < out.length; i++) {
            IExpr row = matrix.getAt(i + 1);
            out[i] = new IExpr[row.argSize()];
            for (int j = 0; j < out[i].length; j++) {
                out[i][j] = row.getAt(j + 1);
            }
        }
        return out;
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

    /**
     * Roots of the characteristic polynomial, without Symja's multivariate Factor (which can run away): powers of lam
     * are split off, then linear factors lam − M_ii (diagonal entries are the usual candidates for block-triangular
     * sectors) are divided out exactly; what remains is solved in closed form up to degree 2, and higher remainders
     * become {@link RootForm}s (numeric roots of the derived polynomial). Ordered by real part at the ordering point.
     */
    private static List<ClosedForm> roots(IExpr cp, String sector, Bindings params, List<IExpr> diagonal) {
        List<ClosedForm> roots = new ArrayList<>();
        IExpr rest = Symja.eval("Expand[#0]", cp);
        while (Symja.isZeroPolynomial(Symja.eval("ReplaceAll[#0, lam -> 0]", rest))
                && Symja.eval("Exponent[#0, lam]", rest).toIntDefault() > 0) {
            roots.add(new SymjaForm(Symja.eval("0")));
            rest = Symja.eval("Expand[Cancel[(#0)/lam]]", rest);
        }
        for (IExpr cand : diagonal) {
            if (Symja.eval("Exponent[#0, lam]", rest).toIntDefault() <= 2) {
                break;
            }
            while (Symja.eval("Exponent[#0, lam]", rest).toIntDefault() > 2
                    && Symja.isZeroPolynomial(Symja.eval("ReplaceAll[#0, lam -> (#1)]", rest, cand))) {
                roots.add(new SymjaForm(Symja.eval("Together[#0]", cand)));
                rest = Symja.eval("Expand[First[PolynomialQuotientRemainder[#0, lam - (#1), lam]]]", rest, cand);
            }
        }
        int degree = Symja.eval("Exponent[#0, lam]", rest).toIntDefault();
        if (degree >= 1 && degree <= 2) {
            IExpr sols = Symja.eval("Solve[#0 == 0, lam]", rest);
            int before = roots.size();
            for (int i = 1; i <= sols.argSize(); i++) {
                roots.add(new SymjaForm(Symja.eval("ReplaceAll[lam, #0]", sols.getAt(i))));
            }
            if (sols.argSize() == 1 && degree == 2) {
                roots.add(roots.get(before)); // double root
            }
        } else if (degree > 2) {
            for (int i = 0; i < degree; i++) {
                roots.add(new RootForm(rest, i));
            }
        }
        int total = Symja.eval("Exponent[#0, lam]", cp).toIntDefault();
        if (roots.size() != total) {
            throw new SymbolicException(SymbolicException.Key.UNSOLVED,
                    "sector " + sector + ": found " + roots.size() + " of " + total + " roots of " + text(cp));
        }
        Bindings at = ORDERING_POINT.merge(params);
        roots.sort((p, q) -> Double.compare(p.complexAt(at)[0], q.complexAt(at)[0]));
        return roots;
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

    private static IExpr sub(IExpr e, String s, String y, String t) {
        return Symja.eval("Expand[ReplaceAll[#0, {s -> (" + s + "), y -> (" + y + "), t -> (" + t + ")}]]", e);
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
