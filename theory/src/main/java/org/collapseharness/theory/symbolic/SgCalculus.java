package org.collapseharness.theory.symbolic;

import org.matheclipse.core.interfaces.IExpr;

/**
 * Differentiation with stop-gradient semantics. {@code sg[e]} is an undefined function to Symja, so the chain rule
 * produces {@code Derivative[1][sg][e]} factors; setting those to zero is exactly "sg(e) is a constant under
 * differentiation". Afterwards {@code sg[e]} is replaced by {@code e}. Works for any expression, so loss variants get
 * sg for free.
 */
public final class SgCalculus {
    private SgCalculus() {
    }

    /** ∂expr/∂var with sg(·) held constant, sg markers removed from the result. */
    public static IExpr d(IExpr expr, String var) {
        IExpr raw = Symja.eval("ReplaceAll[D[#0, " + var + "], Derivative[1][sg] -> Function[0]]", expr);
        return Symja.eval("Expand[ReplaceAll[#0, sg[a_] -> a]]", raw);
    }

    /** −∂expr/∂var with sg semantics: the flow velocity that var receives from this term. */
    public static IExpr flow(IExpr expr, String var) {
        return Symja.eval("Expand[-(#0)]", d(expr, var));
    }

    /** The expression with every sg(e) replaced by e (its value). */
    public static IExpr strip(IExpr expr) {
        return Symja.eval("ReplaceAll[#0, sg[a_] -> a]", expr);
    }
}
