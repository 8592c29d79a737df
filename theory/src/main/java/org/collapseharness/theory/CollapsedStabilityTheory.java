package org.collapseharness.theory;

import java.util.List;

/**
 * What the symbolic pipeline derived about the class-bias modes at a collapsed fixed point of the §4 projection-head
 * model, per eigenvalue w of a symmetric W (d = 1 pair blocks, symbols w, n, m; u = w²). See
 * {@link CollapsedStability} for why the bias subspace is invariant and carries the block
 * B(w) = [[gss, gsy], [n gys, (n+m) gyy]].
 *
 * @param stopGradient          whether the un-projected side of each term is detached
 * @param perModeBlock          B(w), row-major (symbols w, n, m)
 * @param trace                 trace of B(w), factored (symbols w, n, m)
 * @param determinant           determinant of B(w), factored (symbols w, n, m)
 * @param determinantInU        the determinant as a polynomial in u = w² (symbols u, n, m)
 * @param determinantRootsU     the roots in u of the determinant (symbols n, m; may be complex)
 * @param discriminantU         discriminant in u of the determinant (quadratic in u), factored (symbols n, m)
 * @param boundary              sg: the non-zero real root in u rewritten in ρ = m/(n+m) (symbol rho), else null
 * @param boundaryIsProtected   sg: the root minus the derived protected value (ρ = m/(n+m)) simplifies to 0
 * @param signStructure         the derived sign argument, one sentence
 */
public record CollapsedStabilityTheory(boolean stopGradient, List<ClosedForm> perModeBlock, ClosedForm trace,
                                       ClosedForm determinant, ClosedForm determinantInU,
                                       List<ClosedForm> determinantRootsU, ClosedForm discriminantU,
                                       ClosedForm boundary, boolean boundaryIsProtected, String signStructure) {

    /** The per-mode block at concrete w, n, m. */
    public double[][] blockAt(double w, int clean, int shared) {
        Bindings b = Bindings.of("w", w, "n", clean, "m", shared);
        return new double[][] {{perModeBlock.get(0).at(b), perModeBlock.get(1).at(b)},
            {perModeBlock.get(2).at(b), perModeBlock.get(3).at(b)}};
    }

    /** The derived determinant at concrete w, n, m. */
    public double determinantAt(double w, int clean, int shared) {
        return determinant.at(Bindings.of("w", w, "n", clean, "m", shared));
    }

    /** The derived trace at concrete w, n, m. */
    public double traceAt(double w, int clean, int shared) {
        return trace.at(Bindings.of("w", w, "n", clean, "m", shared));
    }

    /** sg: the derived stability boundary u* = w² at ρ (bias modes of eigenvalue w decay iff w² > u*); else NaN. */
    public double boundaryAt(double rho) {
        return boundary == null ? Double.NaN : boundary.at(Bindings.of("rho", rho));
    }
}
