package org.collapseharness.theory.symbolic;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.collapseharness.theory.Bindings;
import org.collapseharness.theory.ClosedForm;
import org.collapseharness.theory.PolynomialField;
import org.collapseharness.theory.PolynomialMatrix;
import org.collapseharness.theory.SymbolicException;
import org.collapseharness.theory.TeacherStudentMode;
import org.collapseharness.theory.TeacherStudentTheory;
import org.matheclipse.core.interfaces.IExpr;

/**
 * Derives the reduced N_c → ∞ theory of the §5 teacher-student model from its per-sample losses.
 *
 * <p>Route: for each of the four sample types (class c = ±1, clean s = +1 / frustrated s = −1, weight (1−ρ)/2 or
 * ρ/2) the representation of one coordinate is r = s c μ u + σ v z, where u = E w*, v is the student's weight on one
 * noise direction and z ~ N(0, 1) that direction's noise. The per-sample term is differentiated with stop-gradient
 * semantics ({@link SgCalculus}), the velocities are averaged over the sample types and over z (E z = 0, E z² = 1),
 * and the result is rewritten in Δ = (y_+ − y_−)/2, S = (y_+ + y_−)/2. From the (u, Δ) block: characteristic
 * polynomial, eigenvalues, ρ_eff; the decoupling of S and v is proven by the vanishing of the cross-couplings.
 * Projection variants use the k = 1 reduction W = w.
 */
public final class TeacherStudentDerivation {

    /** Reference point used only to order roots and pick branches; every result is checked numerically elsewhere. */
    static final Bindings ORDERING_POINT = Bindings.of("rho", 0.1, "mu", 1.3, "sigma", 0.7);

    static final String PLAIN_TERM = "1/2*(R-Y)^2";
    static final String PROJECTION_TERM = "1/2*(w*R-Y)^2+1/2*(w*Y-R)^2";
    static final String PROJECTION_SG_TERM = "1/2*(w*R-sg[Y])^2+1/2*(w*Y-sg[R])^2";

    private static volatile TeacherStudentTheory cached;
    private static final Map<String, PolynomialField> FIELDS = new ConcurrentHashMap<>();
    private static final Map<String, PolynomialMatrix> JACOBIANS = new ConcurrentHashMap<>();

    private TeacherStudentDerivation() {
    }

    /** The derivation, computed once per JVM. */
    public static TeacherStudentTheory derive() {
        TeacherStudentTheory t = cached;
        if (t == null) {
            synchronized (TeacherStudentDerivation.class) {
                if (cached == null) {
                    cached = compute();
                }
                t = cached;
            }
        }
        return t;
    }

    /**
     * The per-sample term of a mode at representation dimension k in the head pipeline's notation (s is the sample's
     * representation r = E x, y its class's label, W the k × k head): the same terms as {@link #PLAIN_TERM},
     * {@link #PROJECTION_TERM}, {@link #PROJECTION_SG_TERM} with vectors for the scalars.
     */
    public static String sampleTerm(TeacherStudentMode mode) {
        return switch (mode) {
            case PLAIN -> "1/2*sq[s - y]";
            case PROJECTION -> "1/2*sq[W.s - y] + 1/2*sq[W.y - s]";
            case PROJECTION_SG -> "1/2*sq[W.s - sg[y]] + 1/2*sq[W.y - sg[s]]";
        };
    }

    /**
     * The per-sample velocities of (r, y, W) at dimension k (sg semantics), as polynomials in the variables
     * {@link HeadFlowDerivation#variables}(k) with s standing for r; memoised. The plain mode's W velocities are 0.
     */
    public static PolynomialField sampleField(TeacherStudentMode mode, int k) {
        return FIELDS.computeIfAbsent(mode + "|" + k,
                key -> HeadFlowDerivation.computeField(sampleTerm(mode), k, Bindings.of()));
    }

    /** The Jacobian of {@link #sampleField} by Symja's D, as polynomials; memoised. */
    public static PolynomialMatrix sampleJacobian(TeacherStudentMode mode, int k) {
        return JACOBIANS.computeIfAbsent(mode + "|" + k,
                key -> HeadFlowDerivation.computeJacobian(sampleTerm(mode), k, Bindings.of()));
    }

    /** Mean over sample types of the per-sample term (sg markers kept), as a Symja expression. */
    static IExpr typeAverage(String term) {
        StringBuilder sb = new StringBuilder("0");
        for (int c : new int[] {1, -1}) {
            for (int s : new int[] {1, -1}) {
                String weight = s > 0 ? "(1-rho)/2" : "rho/2";
                String r = "(" + (s * c) + "*mu*u+sigma*v*z)";
                String y = c > 0 ? "yp" : "ym";
                sb.append("+").append(weight).append("*(").append(term.replace("R", r).replace("Y", y)).append(")");
            }
        }
        return Symja.eval(sb.toString());
    }

    /** Noise average of a polynomial in z of degree ≤ 2: coefficient of z⁰ plus coefficient of z². */
    static IExpr noiseAverage(IExpr e) {
        IExpr ex = Symja.eval("Expand[#0]", e);
        IExpr deg = Symja.eval("Exponent[#0, z]", ex);
        if (deg.toIntDefault() > 2) {
            throw new SymbolicException(SymbolicException.Key.NOT_LINEAR, "noise average: degree > 2 in z: " + Symja.text(ex));
        }
        return Symja.eval("Expand[Coefficient[#0, z, 0] + Coefficient[#0, z, 2]]", ex);
    }

    /**
     * Averaged velocity of a reduced variable under a per-sample term (sg semantics), by the chain rule: the term is
     * differentiated in its own arguments r, y, w with {@link SgCalculus} (sg-marked occurrences held constant), then
     * r = s c μ u + σ v z and y = y_c are substituted and the sample types and the noise z are averaged.
     */
    static IExpr flow(String term, String var) {
        IExpr t = Symja.eval(term.replace("R", "r").replace("Y", "y"));
        IExpr byR = SgCalculus.flow(t, "r");
        IExpr byY = SgCalculus.flow(t, "y");
        IExpr byW = SgCalculus.flow(t, "w");
        StringBuilder sb = new StringBuilder("0");
        for (int c : new int[] {1, -1}) {
            for (int s : new int[] {1, -1}) {
                String weight = s > 0 ? "(1-rho)/2" : "rho/2";
                String y = c > 0 ? "yp" : "ym";
                String local;
                switch (var) {
                    case "u" -> local = "(" + Symja.text(byR) + ")*(" + (s * c) + "*mu)";
                    case "v" -> local = "(" + Symja.text(byR) + ")*(sigma*z)";
                    case "yp", "ym" -> local = var.equals(y) ? "(" + Symja.text(byY) + ")" : "0";
                    case "w" -> local = "(" + Symja.text(byW) + ")";
                    default -> throw new IllegalArgumentException("unknown reduced variable " + var);
                }
                sb.append("+").append(weight).append("*ReplaceAll[").append(local).append(", {r -> (").append(s * c)
                        .append("*mu*u+sigma*v*z), y -> ").append(y).append("}]");
            }
        }
        return noiseAverage(Symja.eval(sb.toString()));
    }

    /** Rewrites in Δ (dl) and S: yp = S + dl, ym = S − dl. */
    static IExpr toDeltaSum(IExpr e) {
        return Symja.eval("Expand[ReplaceAll[#0, {yp -> S + dl, ym -> S - dl}]]", e);
    }

    static TeacherStudentTheory compute() {
        // ---------------- plain variant: closed linear system
        IExpr loss = noiseAverage(SgCalculus.strip(typeAverage(PLAIN_TERM)));
        IExpr fu = flow(PLAIN_TERM, "u");
        IExpr fv = flow(PLAIN_TERM, "v");
        IExpr fyp = flow(PLAIN_TERM, "yp");
        IExpr fym = flow(PLAIN_TERM, "ym");
        IExpr fuD = toDeltaSum(fu);
        IExpr fdl = toDeltaSum(Symja.eval("Expand[((#0) - (#1))/2]", fyp, fym));
        IExpr fs = toDeltaSum(Symja.eval("Expand[((#0) + (#1))/2]", fyp, fym));
        IExpr fvD = toDeltaSum(fv);
        List<String> eq = List.of("du/dt = " + Symja.text(fuD), "dDelta/dt = " + Symja.text(fdl),
                "dS/dt = " + Symja.text(fs), "dv/dt = " + Symja.text(fvD));
        String[] block = {"u", "dl"};
        IExpr[] blockFlows = {fuD, fdl};
        IExpr[][] m = new IExpr[2][2];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                m[i][j] = Symja.eval("Together[D[#0, " + block[j] + "]]", blockFlows[i]);
            }
        }
        // Decoupling: the (u, Δ) block does not see S or v, and S, v do not see u or Δ; no constant terms.
        StringBuilder witness = new StringBuilder();
        IExpr[] all = {fuD, fdl, fs, fvD};
        String[] names = {"u", "dl", "S", "v"};
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                boolean inBlock = (i < 2) == (j < 2);
                if (inBlock && !(i >= 2 && i != j)) {
                    continue;
                }
                IExpr cpl = Symja.eval("D[#0, " + names[j] + "]", all[i]);
                if (!Symja.isZero(cpl)) {
                    throw new SymbolicException(SymbolicException.Key.SECTOR_NOT_INVARIANT,
                            "reduced flow: d(" + names[i] + ")/dt depends on " + names[j] + ": " + Symja.text(cpl));
                }
                witness.append("d(").append(names[i]).append(")/d").append(names[j]).append("=0 ");
            }
        }
        IExpr linearCheck = Symja.eval("Expand[(#0) - ((#1)*u + (#2)*dl)]", fuD, m[0][0], m[0][1]);
        if (!Symja.isZero(linearCheck)) {
            throw new SymbolicException(SymbolicException.Key.NOT_LINEAR, "reduced u-flow is not linear in (u, Delta)");
        }
        String ms = "{{" + Symja.text(m[0][0]) + "," + Symja.text(m[0][1]) + "},{" + Symja.text(m[1][0]) + ","
                + Symja.text(m[1][1]) + "}}";
        IExpr cp = Symja.eval("Expand[CharacteristicPolynomial[" + ms + ", lam]]");
        IExpr sols = Symja.eval("Solve[#0 == 0, lam]", cp);
        if (sols.argSize() != 2) {
            throw new SymbolicException(SymbolicException.Key.UNSOLVED, "(u, Delta) block: Solve returned " + Symja.text(sols));
        }
        SymjaForm r1 = new SymjaForm(Symja.eval("ReplaceAll[lam, #0]", sols.getAt(1)));
        SymjaForm r2 = new SymjaForm(Symja.eval("ReplaceAll[lam, #0]", sols.getAt(2)));
        SymjaForm fast = Math.abs(r1.at(ORDERING_POINT)) > Math.abs(r2.at(ORDERING_POINT)) ? r1 : r2;
        SymjaForm slow = fast == r1 ? r2 : r1;
        SymjaForm rhoEff = new SymjaForm(Symja.eval("-(#0)", slow.expr()));
        SymjaForm noise = new SymjaForm(Symja.eval("Together[-D[#0, v]]", fvD));
        SymjaForm sum = new SymjaForm(Symja.eval("Together[-D[#0, S]]", fs));
        boolean sigmaEnters = !Symja.isZero(Symja.eval("D[#0, sigma]", rhoEff.expr()));
        SymjaForm amplification = new SymjaForm(Symja.eval("Together[ReplaceAll[D[#0, rho], rho -> 0]]", rhoEff.expr()));

        // ρ = 0: the zero mode on (u, y_+, y_−) and the fixed-point map (orthogonal projection: the flow is symmetric).
        String[] uy = {"u", "yp", "ym"};
        IExpr[] uyFlows = {fu, fyp, fym};
        StringBuilder m3 = new StringBuilder("{");
        for (int i = 0; i < 3; i++) {
            m3.append(i > 0 ? ",{" : "{");
            for (int j = 0; j < 3; j++) {
                IExpr entry = Symja.eval("Together[ReplaceAll[D[#0, " + uy[j] + "], rho -> 0]]", uyFlows[i]);
                m3.append(j > 0 ? "," : "").append('(').append(Symja.text(entry)).append(')');
            }
            m3.append('}');
        }
        m3.append('}');
        IExpr ns = Symja.eval("NullSpace[" + m3 + "]");
        if (ns.argSize() != 1) {
            throw new SymbolicException(SymbolicException.Key.UNSOLVED, "rho = 0: expected a one-dimensional null space, got "
                    + Symja.text(ns));
        }
        IExpr nv = ns.getAt(1);
        List<ClosedForm> nullVector = new ArrayList<>();
        List<ClosedForm> weights = new ArrayList<>();
        IExpr norm2 = Symja.eval("Together[(#0).(#0)]", nv);
        IExpr diff = Symja.eval("(#0)[[2]] - (#0)[[3]]", nv);
        for (int i = 1; i <= 3; i++) {
            nullVector.add(new SymjaForm(Symja.eval("Together[#0]", nv.getAt(i))));
            weights.add(new SymjaForm(Symja.eval("Together[(#0)*(#1)/(#2)]", diff, nv.getAt(i), norm2)));
        }

        // ---------------- projection + stop-gradient (k = 1): the fixed set with u ≠ 0
        IExpr gu = toDeltaSum(flow(PROJECTION_SG_TERM, "u"));
        IExpr gyp = flow(PROJECTION_SG_TERM, "yp");
        IExpr gym = flow(PROJECTION_SG_TERM, "ym");
        IExpr gdl = toDeltaSum(Symja.eval("Expand[((#0) - (#1))/2]", gyp, gym));
        IExpr gw = toDeltaSum(flow(PROJECTION_SG_TERM, "w"));
        List<String> sgEq = List.of("du/dt = " + Symja.text(gu), "dDelta/dt = " + Symja.text(gdl),
                "dw/dt = " + Symja.text(gw));
        // Restrict to the noise-free, S = 0 set (v and S decay; checked numerically), then solve du = dΔ = 0 for Δ, w.
        IExpr gu0 = Symja.eval("Expand[ReplaceAll[#0, {v -> 0, S -> 0}]]", gu);
        IExpr gdl0 = Symja.eval("Expand[ReplaceAll[#0, {v -> 0, S -> 0}]]", gdl);
        IExpr gw0 = Symja.eval("Expand[ReplaceAll[#0, {v -> 0, S -> 0}]]", gw);
        // du = 0 is linear in Δ: solve it, substitute into dΔ = 0 and solve the remaining polynomial in w.
        IExpr dlSol = Symja.eval("Together[-Coefficient[#0, dl, 0]/Coefficient[#0, dl, 1]]", gu0);
        IExpr inW = Symja.eval("Together[ReplaceAll[#0, dl -> (#1)]]", gdl0, dlSol);
        IExpr wSols = Symja.eval("Solve[#0 == 0, w]", Symja.eval("Numerator[#0]", inW));
        IExpr chosenDl = null;
        IExpr chosenW = null;
        Bindings probe = ORDERING_POINT.with("u", 0.8);
        for (int i = 1; i <= wSols.argSize(); i++) {
            IExpr wv = Symja.eval("ReplaceAll[w, #0]", wSols.getAt(i));
            double wNum = new SymjaForm(wv).at(probe);
            if (!(wNum > 1e-9)) {
                continue;
            }
            IExpr dlv = Symja.eval("Together[ReplaceAll[#0, w -> (#1)]]", dlSol, wv);
            double dlNum = new SymjaForm(dlv).at(probe);
            if (wNum > 1e-9 && Math.abs(dlNum) > 1e-9) {
                chosenDl = dlv;
                chosenW = wv;
            }
        }
        if (chosenW == null) {
            throw new SymbolicException(SymbolicException.Key.UNSOLVED, "sg fixed set: no solution with w > 0 and Delta != 0 in "
                    + Symja.text(wSols));
        }
        SymjaForm w2 = new SymjaForm(Symja.eval("Simplify[Together[(#0)^2]]", chosenW));
        SymjaForm ratio = new SymjaForm(Symja.eval("Simplify[Together[(#0)/((#1)*u)]]", chosenDl, chosenW));
        if (!Symja.isZero(Symja.eval("D[#0, u]", ratio.expr()))) {
            throw new SymbolicException(SymbolicException.Key.UNSOLVED, "sg fixed set: Delta/(w u) depends on u");
        }
        IExpr headAtFixed = Symja.eval("ReplaceAll[#0, {dl -> (#1), w -> (#2)}]", gw0, chosenDl, chosenW);
        boolean headVanishes = Symja.isZero(headAtFixed);
        IExpr pdl = toDeltaSum(Symja.eval("Expand[((#0) - (#1))/2]", flow(PROJECTION_TERM, "yp"), flow(PROJECTION_TERM, "ym")));
        SymjaForm pAtFixed = new SymjaForm(Symja.eval("Simplify[Together[ReplaceAll[#0, {v -> 0, S -> 0, dl -> (#1), w -> (#2)}]]]",
                pdl, chosenDl, chosenW));

        // ---------------- scale invariance (per-sample terms in r, y, w)
        IExpr plainTerm = Symja.eval(PLAIN_TERM.replace("R", "r").replace("Y", "y"));
        IExpr projTerm = Symja.eval(PROJECTION_TERM.replace("R", "r").replace("Y", "y"));
        IExpr sgTerm = Symja.eval(PROJECTION_SG_TERM.replace("R", "r").replace("Y", "y"));
        IExpr eulerPlain = Symja.eval("Expand[r*D[#0, r] + y*D[#0, y] - 2*(#0)]", plainTerm);
        IExpr eulerProj = Symja.eval("Expand[r*D[#0, r] + y*D[#0, y] - 2*(#0)]", projTerm);
        IExpr sgNorm = Symja.eval("Expand[r*(#0) + y*(#1) + 2*(#2)]", SgCalculus.flow(sgTerm, "r"),
                SgCalculus.flow(sgTerm, "y"), SgCalculus.strip(sgTerm));
        IExpr scalePlain = Symja.eval("Expand[ReplaceAll[#0, {r -> al*r, y -> al*y}] - al^2*(#0)]", plainTerm);
        IExpr scaleProj = Symja.eval("Expand[ReplaceAll[#0, {r -> al*r, y -> al*y}] - al^2*(#0)]", projTerm);

        ClosedForm[][] mat = {{new SymjaForm(m[0][0]), new SymjaForm(m[0][1])},
            {new SymjaForm(m[1][0]), new SymjaForm(m[1][1])}};
        return new TeacherStudentTheory(Symja.text(loss), eq, mat, witness.toString().trim(), Symja.text(cp), fast, slow,
                rhoEff, noise, sum, sigmaEnters, amplification, weights, nullVector, sgEq, w2, ratio, headVanishes,
                pAtFixed, Symja.text(eulerPlain), Symja.text(eulerProj), Symja.text(sgNorm), Symja.isZero(eulerPlain),
                Symja.isZero(eulerProj), Symja.isZero(sgNorm), Symja.isZero(scalePlain), Symja.isZero(scaleProj));
    }
}
