package org.collapseharness.theory.symbolic;

import org.collapseharness.theory.Bindings;
import org.collapseharness.theory.ClosedForm;
import org.collapseharness.theory.SymbolicException;
import org.hipparchus.complex.Complex;
import org.matheclipse.core.interfaces.IExpr;

/** A closed form backed by a Symja expression; evaluation substitutes the bindings and evaluates numerically. */
final class SymjaForm implements ClosedForm {
    private final IExpr expr;
    private final String text;

    SymjaForm(IExpr expr) {
        this.expr = expr;
        this.text = Symja.text(expr);
    }

    static SymjaForm of(String input) {
        return new SymjaForm(Symja.eval(input));
    }

    IExpr expr() {
        return expr;
    }

    @Override
    public String text() {
        return text;
    }

    @Override
    public double[] complexAt(Bindings b) {
        IExpr v = Symja.eval("N[ReplaceAll[" + text + "," + Symja.rules(b) + "]]");
        try {
            if (v.isReal()) {
                return new double[] {v.evalf(), 0};
            }
            Complex c = v.evalfc();
            return new double[] {c.getReal(), c.getImaginary()};
        } catch (RuntimeException e) {
            throw new SymbolicException(SymbolicException.Key.NOT_REAL,
                    "closed form " + text + " did not evaluate to a number at " + b + " (got " + Symja.text(v) + ")");
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
