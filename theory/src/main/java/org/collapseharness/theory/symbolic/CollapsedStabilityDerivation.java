package org.collapseharness.theory.symbolic;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.collapseharness.theory.ClosedForm;
import org.collapseharness.theory.CollapsedStabilityTheory;
import org.collapseharness.theory.InvolutionStabilityTheory;
import org.collapseharness.theory.InvolutionStabilityTheory.Sign;
import org.collapseharness.theory.SymbolicException;
import org.matheclipse.core.interfaces.IExpr;

/**
 * Derives the per-eigenvalue bias block of a collapsed fixed point of the §4 projection-head model from the per-pair
 * loss at d = 1 (scalar w), with or without stop-gradient:
 * <ol>
 * <li>the pair blocks gss = ∂ṡ/∂s, gsy = ∂ṡ/∂y, gys = ∂ẏ/∂s, gyy = ∂ẏ/∂y of the derived field (sg semantics from
 * {@link SgCalculus}), assembled into B(w) = [[gss, gsy], [n gys, (n+m) gyy]];</li>
 * <li>its trace and determinant (Factor), the determinant as a polynomial in u = w² and its roots (Solve), and the
 * discriminant in u;</li>
 * <li>sg: the non-zero root compared symbolically with the derived protected value of {@link ProjectionDerivation}
 * at ρ = m/(n+m).</li>
 * </ol>
 * The sign structure is read off the derived coefficients and stated in {@link CollapsedStabilityTheory#signStructure}.
 *
 * <p>{@link #involution()}: the whole 4 × 4 block at d = 2 for an involution W with eigenvalues (−1, +1), from the
 * d = 2 pair loss (see {@link InvolutionStabilityTheory}).
 */
public final class CollapsedStabilityDerivation {
    private static final Map<Boolean, CollapsedStabilityTheory> CACHE = new ConcurrentHashMap<>();
    private static InvolutionStabilityTheory involution;
    /** Points (a, b) with distinct τ at which the coefficients are interpolated in τ (then checked symbolically). */
    private static final int[][] TAU_POINTS = {{0, 1}, {0, 2}, {1, 1}, {0, 3}, {2, 1}};

    private CollapsedStabilityDerivation() {
    }

    /** The derivation with (true) or without (false) stop-gradient, computed once per JVM. */
    public static CollapsedStabilityTheory derive(boolean stopGradient) {
        return CACHE.computeIfAbsent(stopGradient, CollapsedStabilityDerivation::compute);
    }

    static CollapsedStabilityTheory compute(boolean sg) {
        IExpr loss = Symja.eval(ProjectionDerivation.pairLoss(1, sg));
        IExpr fs = SgCalculus.flow(loss, "s");
        IExpr fy = SgCalculus.flow(loss, "y");
        IExpr block = Symja.eval("Expand[{{D[#0, s], D[#0, y]}, {n*D[#1, s], (n+m)*D[#1, y]}}]", fs, fy);
        List<ClosedForm> entries = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            for (int j = 1; j <= 2; j++) {
                entries.add(new SymjaForm(Symja.eval("(#0)[[" + i + "," + j + "]]", block)));
            }
        }
        IExpr trace = Symja.eval("Factor[(#0)[[1,1]] + (#0)[[2,2]]]", block);
        IExpr det = Symja.eval("Factor[Expand[Det[#0]]]", block);
        IExpr detU = Symja.eval("Expand[ReplaceAll[Expand[#0], w -> Sqrt[u]]]", det);
        IExpr traceU = Symja.eval("Expand[ReplaceAll[Expand[#0], w -> Sqrt[u]]]", trace);
        if (!Symja.eval("PolynomialQ[#0, u]", detU).isTrue() || !Symja.eval("PolynomialQ[#0, u]", traceU).isTrue()) {
            throw new SymbolicException(SymbolicException.Key.NOT_LINEAR,
                    "bias block trace or determinant is not a polynomial in w^2: " + Symja.text(det));
        }
        int degree = Symja.eval("Exponent[#0, u]", detU).toIntDefault();
        if (degree != 2) {
            throw new SymbolicException(SymbolicException.Key.UNSOLVED,
                    "bias block determinant is not quadratic in w^2: " + Symja.text(detU));
        }
        IExpr disc = Symja.eval("Factor[Expand[Coefficient[#0, u, 1]^2 - 4*Coefficient[#0, u, 2]*Coefficient[#0, u, 0]]]",
                detU);
        IExpr sols = Symja.eval("Solve[(#0) == 0, u]", detU);
        List<ClosedForm> roots = new ArrayList<>();
        IExpr nonZeroRoot = null;
        for (int i = 1; i <= sols.argSize(); i++) {
            IExpr r = Symja.eval("Simplify[ReplaceAll[u, #0]]", sols.getAt(i));
            roots.add(new SymjaForm(r));
            if (!r.isZero() && Symja.eval("FreeQ[#0, I]", r).isTrue() && Symja.eval("FreeQ[#0, Sqrt]", r).isTrue()) {
                nonZeroRoot = r;
            }
        }
        ClosedForm boundary = null;
        boolean isProtected = false;
        String signs;
        if (sg) {
            if (nonZeroRoot == null) {
                throw new SymbolicException(SymbolicException.Key.UNSOLVED,
                        "sg bias block determinant has no non-zero rational root in w^2: " + Symja.text(detU));
            }
            boundary = new SymjaForm(Symja.eval("Simplify[Together[ReplaceAll[#0, m -> rho*n/(1-rho)]]]", nonZeroRoot));
            SymjaForm protectedValue = (SymjaForm) ProjectionDerivation.derive(true).protectedValue();
            isProtected = Symja.isZero(Symja.eval("Together[(#0) - ReplaceAll[#1, rho -> m/(n+m)]]", nonZeroRoot,
                    protectedValue.expr()));
            signs = "trace " + Symja.text(trace) + " < 0 for w != 0; determinant " + Symja.text(det)
                    + " changes sign only at u = 0 and u = " + Symja.text(nonZeroRoot)
                    + ": both eigenvalues have negative real part iff w^2 > " + Symja.text(nonZeroRoot)
                    + ", one is positive iff 0 < w^2 < " + Symja.text(nonZeroRoot);
        } else {
            signs = "trace " + Symja.text(trace) + " < 0; determinant in u = w^2 has discriminant " + Symja.text(disc)
                    + " < 0 for n, m > 0 and positive constant term " + Symja.text(Symja.eval("Coefficient[#0, u, 0]", detU))
                    + ", so it is > 0 for every real w: every bias mode decays for every W";
        }
        return new CollapsedStabilityTheory(sg, entries, new SymjaForm(trace), new SymjaForm(det), new SymjaForm(detU),
                roots, new SymjaForm(disc), boundary, isProtected, signs);
    }

    /** The d = 2 involution criterion with stop-gradient ({@link InvolutionStabilityTheory}), computed once per JVM. */
    public static synchronized InvolutionStabilityTheory involution() {
        if (involution == null) {
            involution = computeInvolution();
        }
        return involution;
    }

    /**
     * <ol>
     * <li>the d = 2 pair blocks of the derived sg field (d = 2 pair loss, {@link SgCalculus}), assembled into
     * B(W) = [[Gss, Gsy], [n Gys, (n+m) Gyy]] at W = [[a, b], [c, −a]];</li>
     * <li>det(λ I − B) (Faddeev–LeVerrier, {@link LinearFlowDerivation#characteristicPolynomial}), then c = (1 − a²)/b;</li>
     * <li>each coefficient as a polynomial in τ = tr(WᵀW): interpolated at points of distinct τ, then the identity
     * checked symbolically in a, b;</li>
     * <li>the Hurwitz determinants (Factor) and the sign of every factor on n ≥ 1, m ≥ 0, τ ≥ 2;</li>
     * <li>m = 0: the zero roots, the rest, and the kernel vectors (x, W x); τ = 2: the square of the d = 1 block.</li>
     * </ol>
     */
    static InvolutionStabilityTheory computeInvolution() {
        IExpr loss = Symja.eval(ProjectionDerivation.pairLoss(2, true));
        List<String> s = ProjectionDerivation.vars("s", 2);
        List<String> y = ProjectionDerivation.vars("y", 2);
        IExpr[] fs = new IExpr[2];
        IExpr[] fy = new IExpr[2];
        for (int i = 0; i < 2; i++) {
            fs[i] = SgCalculus.flow(loss, s.get(i));
            fy[i] = SgCalculus.flow(loss, y.get(i));
        }
        String wRules = "{w11 -> a, w12 -> b, w21 -> c, w22 -> -a}";
        IExpr block = Symja.eval("ReplaceAll[ArrayFlatten[{{#0, #1}, {n*(#2), (n+m)*(#3)}}], " + wRules + "]",
                ProjectionDerivation.block(fs, s), ProjectionDerivation.block(fs, y),
                ProjectionDerivation.block(fy, s), ProjectionDerivation.block(fy, y));
        String cRule = "c -> (1-a^2)/b";
        String w = "{{a, b}, {(1-a^2)/b, -a}}";
        if (!Symja.isZero(Symja.eval("Total[Flatten[Together[" + w + "." + w + " - IdentityMatrix[2]]]^2]"))) {
            throw new SymbolicException(SymbolicException.Key.UNSOLVED, "the parametrised W is not an involution");
        }
        IExpr tauAB = Symja.eval("Together[Tr[Transpose[" + w + "]." + w + "]]");
        IExpr q = Symja.eval("Together[ReplaceAll[#0, " + cRule + "]]",
                LinearFlowDerivation.characteristicPolynomial(LinearFlowDerivation.entries(block)));
        IExpr num = Symja.eval("Expand[Numerator[#0]]", q);
        IExpr den = Symja.eval("Denominator[#0]", q);
        IExpr list = Symja.eval("CoefficientList[#0, lam]", num);
        if (list.argSize() != 5 || !Symja.isZero(Symja.eval("(#0) - (#1)", list.getAt(5), den))) {
            throw new SymbolicException(SymbolicException.Key.UNSOLVED,
                    "det(lam I - B(W)) is not a monic quartic in lam: " + Symja.text(q));
        }
        // c_k multiplies lam^(4-k); CoefficientList is in ascending powers.
        List<IExpr> inTau = new ArrayList<>();
        for (int k = 1; k <= 4; k++) {
            IExpr ck = Symja.eval("(#0)/(#1)", list.getAt(5 - k), den);
            IExpr poly = interpolateInTau(ck, tauAB);
            if (!Symja.isZero(Symja.eval("Together[(#0) - ReplaceAll[#1, tau -> #2]]", ck, poly, tauAB))) {
                throw new SymbolicException(SymbolicException.Key.UNSOLVED, "coefficient of lam^" + (4 - k)
                        + " of det(lam I - B(W)) is not a function of tau = tr(W^T W): " + Symja.text(ck));
            }
            inTau.add(poly);
        }
        IExpr charPoly = Symja.eval("Expand[lam^4 + (#0)*lam^3 + (#1)*lam^2 + (#2)*lam + (#3)]", inTau.get(0),
                inTau.get(1), inTau.get(2), inTau.get(3));
        List<ClosedForm> coefficients = new ArrayList<>();
        List<Sign> coefficientSigns = new ArrayList<>();
        for (IExpr ck : inTau) {
            coefficients.add(new SymjaForm(Symja.eval("Factor[#0]", ck)));
            coefficientSigns.add(sign(ck));
        }
        List<ClosedForm> hurwitz = new ArrayList<>();
        List<Sign> hurwitzSigns = new ArrayList<>();
        for (int k = 1; k <= 4; k++) {
            IExpr dk = Symja.eval("Factor[#0]",
                    LinearFlowDerivation.determinant(LinearFlowDerivation.entries(hurwitzMinor(inTau, k))));
            hurwitz.add(new SymjaForm(dk));
            hurwitzSigns.add(sign(dk));
        }
        // m = 0 (no shared samples): zero roots and the rest.
        IExpr cp0 = Symja.eval("Expand[ReplaceAll[#0, m -> 0]]", charPoly);
        IExpr list0 = Symja.eval("CoefficientList[#0, lam]", cp0);
        int zeros = 0;
        while (zeros < list0.argSize() && list0.getAt(zeros + 1).isZero()) {
            zeros++;
        }
        IExpr rest = Symja.eval("Expand[Together[(#0)/lam^" + zeros + "]]", cp0);
        IExpr restList = Symja.eval("CoefficientList[#0, lam]", rest);
        boolean restStable = restList.argSize() <= 3;
        for (int i = 1; i <= restList.argSize(); i++) {
            restStable &= sign(restList.getAt(i)) == Sign.POSITIVE;
        }
        IExpr kernel = Symja.eval("Together[ReplaceAll[ReplaceAll[#0, " + cRule + "], m -> 0].Join[{x1, x2}, "
                + w + ".{x1, x2}]]", block);
        boolean zeroModes = Symja.isZero(Symja.eval("Total[(#0)^2]", kernel));
        // tau = 2: the square of the d = 1 per-eigenvalue polynomial at w = 1.
        CollapsedStabilityTheory perMode = derive(true);
        boolean symmetricLimit = Symja.isZero(Symja.eval("ReplaceAll[#0, tau -> 2] - ReplaceAll[(lam^2 - (#1)*lam + (#2))^2, w -> 1]",
                charPoly, ((SymjaForm) perMode.trace()).expr(), ((SymjaForm) perMode.determinant()).expr()));
        String signs = "det(lam I - B(W)) = " + Symja.text(charPoly) + " depends on W only through tau = tr(W^T W) >= 2; "
                + "every coefficient and Hurwitz determinant " + hurwitz.stream().map(ClosedForm::text).toList()
                + " is a product of factors with non-negative coefficients in (tau - 2, n - 1, m), positive for m > 0: "
                + "every eigenvalue of B(W) has negative real part for every involution W and m >= 1; at m = 0 it is "
                + Symja.text(Symja.eval("Factor[#0]", cp0)) + ": a zero root of multiplicity " + zeros
                + (zeroModes ? " with eigenvectors (x, W x) (semisimple)" : "")
                + (restStable ? ", the other roots with negative real part" : "");
        return new InvolutionStabilityTheory(w, new SymjaForm(tauAB), new SymjaForm(charPoly), coefficients,
                coefficientSigns, hurwitz, hurwitzSigns, new SymjaForm(Symja.eval("Factor[#0]", cp0)), zeros,
                restStable, zeroModes, symmetricLimit, signs);
    }

    /** The leading k × k block of the Hurwitz matrix of λ⁴ + c₁λ³ + c₂λ² + c₃λ + c₄: entry (i, j) is c_(2j − i). */
    private static IExpr hurwitzMinor(List<IExpr> c, int k) {
        StringBuilder b = new StringBuilder("{");
        for (int i = 1; i <= k; i++) {
            b.append(i > 1 ? ",{" : "{");
            for (int j = 1; j <= k; j++) {
                int idx = 2 * j - i;
                String e = idx == 0 ? "1" : idx < 0 || idx > c.size() ? "0" : "(" + Symja.text(c.get(idx - 1)) + ")";
                b.append(j > 1 ? "," : "").append(e);
            }
            b.append('}');
        }
        return Symja.eval(b.append('}').toString());
    }

    /** The Lagrange polynomial in tau through the values of ck(a, b) at {@link #TAU_POINTS}. */
    private static IExpr interpolateInTau(IExpr ck, IExpr tauAB) {
        int p = TAU_POINTS.length;
        IExpr[] taus = new IExpr[p];
        IExpr[] vals = new IExpr[p];
        for (int i = 0; i < p; i++) {
            String at = "{a -> " + TAU_POINTS[i][0] + ", b -> " + TAU_POINTS[i][1] + "}";
            taus[i] = Symja.eval("ReplaceAll[#0, " + at + "]", tauAB);
            vals[i] = Symja.eval("Expand[ReplaceAll[#0, " + at + "]]", ck);
        }
        StringBuilder sum = new StringBuilder("0");
        for (int i = 0; i < p; i++) {
            sum.append(" + (").append(Symja.text(vals[i])).append(')');
            for (int j = 0; j < p; j++) {
                if (j != i) {
                    sum.append("*(tau - (").append(Symja.text(taus[j])).append("))/((").append(Symja.text(taus[i]))
                            .append(") - (").append(Symja.text(taus[j])).append("))");
                }
            }
        }
        return Symja.eval("Expand[" + sum + "]");
    }

    /**
     * The sign of a polynomial in tau, n, m on n ≥ 1, m ≥ 0, τ ≥ 2, read off its factors: each factor, written in
     * t = τ − 2, p = n − 1 and m, must have non-negative coefficients and be non-zero at t = p = 0.
     */
    static Sign sign(IExpr e) {
        List<IExpr> factors = Symja.factors(e);
        boolean vanishesAtZeroShared = false;
        for (IExpr factor : factors) {
            IExpr base = factor.isPower() ? factor.base() : factor;
            if (base.isNumber()) {
                if (!(factor.evalf() > 0)) {
                    return Sign.UNDECIDED;
                }
                continue;
            }
            IExpr g = Symja.eval("Expand[ReplaceAll[#0, {tau -> 2 + t, n -> 1 + p}]]", base);
            if (!Symja.eval("SubsetQ[{t, p, m}, Variables[#0]]", g).isTrue()
                    || !(Symja.eval("Min[Map[Last, CoefficientRules[#0, {t, p, m}]]]", g).evalf() >= 0)) {
                return Sign.UNDECIDED;
            }
            if (Symja.eval("Expand[ReplaceAll[#0, {t -> 0, p -> 0}]]", g).isZero()) {
                return Sign.UNDECIDED;
            }
            vanishesAtZeroShared |= Symja.eval("Expand[ReplaceAll[#0, {t -> 0, p -> 0, m -> 0}]]", g).isZero();
        }
        return vanishesAtZeroShared ? Sign.POSITIVE_FOR_SHARED_SAMPLES : Sign.POSITIVE;
    }
}
