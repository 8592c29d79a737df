package org.collapseharness.theory.symbolic;

import java.util.Arrays;
import java.util.Comparator;
import org.collapseharness.theory.Bindings;
import org.collapseharness.theory.ClosedForm;
import org.collapseharness.theory.SymbolicException;
import org.matheclipse.core.interfaces.IExpr;

/**
 * The index-th root (ascending by real part, then imaginary part) of a derived polynomial in {@code lam} of degree
 * ≥ 3, where a closed form would be Cardano-type and branch-fragile. The polynomial is exact and derived; only the
 * root extraction at given parameter values is numeric (Symja NRoots).
 */
final class RootForm implements ClosedForm {
    private final IExpr polynomial;
    private final int index;
    private final String text;

    RootForm(IExpr polynomial, int index) {
        this.polynomial = polynomial;
        this.index = index;
        this.text = "Root[" + Symja.text(polynomial) + ", " + (index + 1) + "]";
    }

    @Override
    public String text() {
        return text;
    }

    @Override
    public double[] complexAt(Bindings b) {
        IExpr coeffs = Symja.eval("N[CoefficientList[Expand[ReplaceAll[#0, " + Symja.rules(b) + "]], lam]]", polynomial);
        double[] c = new double[coeffs.argSize()];
        try {
            for (int i = 1; i <= coeffs.argSize(); i++) {
                c[i - 1] = coeffs.getAt(i).evalf();
            }
        } catch (RuntimeException e) {
            throw new SymbolicException(SymbolicException.Key.NOT_REAL,
                    "coefficients of " + text + " at " + b + " are not numbers: " + Symja.text(coeffs));
        }
        if (c.length <= index + 1 || c[c.length - 1] == 0) {
            throw new SymbolicException(SymbolicException.Key.NOT_REAL, "degenerate polynomial " + text + " at " + b);
        }
        org.hipparchus.complex.Complex[] r = new org.hipparchus.analysis.solvers.LaguerreSolver(1e-14, 1e-14, 1e-300)
                .solveAllComplex(c, 10_000, 0.0);
        double[][] all = new double[r.length][];
        for (int i = 0; i < r.length; i++) {
            all[i] = new double[] {r[i].getReal(), r[i].getImaginary()};
        }
        Arrays.sort(all, Comparator.<double[]>comparingDouble(v -> v[0]).thenComparingDouble(v -> v[1]));
        return all[index];
    }

    @Override
    public String toString() {
        return text;
    }
}
