package org.collapseharness.theory.symbolic;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.collapseharness.theory.ClosedForm;
import org.collapseharness.theory.CollapsedStabilityTheory;
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
 */
public final class CollapsedStabilityDerivation {
    private static final Map<Boolean, CollapsedStabilityTheory> CACHE = new ConcurrentHashMap<>();

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
}
