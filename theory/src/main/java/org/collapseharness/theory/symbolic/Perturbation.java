package org.collapseharness.theory.symbolic;

import java.util.ArrayList;
import java.util.List;
import org.collapseharness.theory.SymbolicException;
import org.matheclipse.core.interfaces.IExpr;

/**
 * Order-by-order asymptotics of a root of a polynomial P(lam; n, m) for n → ∞ at fixed ρ = m/(n+m). Symja's Limit
 * and Series at Infinity are unreliable, so we substitute n = 1/eps, m = ρ/((1−ρ) eps), lam = Σ c_k eps^(p+k), clear
 * denominators and solve the coefficient equations of each power of eps in turn (the first may be polynomial; later
 * ones are linear in the new unknown).
 */
final class Perturbation {
    private Perturbation() {
    }

    /**
     * @param poly          polynomial in lam, n, m (and possibly k)
     * @param leadingPower  p: 0 for a root that stays finite, −1 for a root growing like n
     * @param terms         number of coefficients wanted
     * @return the coefficients c_0 ... c_{terms−1}, each a function of rho (and k)
     */
    static List<IExpr> root(IExpr poly, int leadingPower, int terms) {
        StringBuilder ansatz = new StringBuilder();
        for (int k = 0; k < terms; k++) {
            if (k > 0) {
                ansatz.append('+');
            }
            ansatz.append("pc").append(k).append("*eps^(").append(leadingPower + k).append(')');
        }
        IExpr numer = Symja.eval("Expand[Numerator[Together[ReplaceAll[#0, {n -> 1/eps, m -> rho/((1-rho)*eps), lam -> "
                + ansatz + "}]]]]", poly);
        IExpr coeffs = Symja.eval("CoefficientList[#0, eps]", numer);
        List<IExpr> known = new ArrayList<>();
        int next = 0;
        for (int level = 1; level <= coeffs.argSize() && next < terms; level++) {
            IExpr eq = coeffs.getAt(level);
            if (!known.isEmpty()) {
                eq = Symja.eval("Together[ReplaceAll[#0, " + rules(known) + "]]", eq);
            }
            if (Symja.isZero(eq)) {
                continue;
            }
            String unknown = "pc" + next;
            if (eq.isFree(Symja.eval(unknown))) {
                throw new SymbolicException(SymbolicException.Key.UNSOLVED,
                        "perturbation series: order " + level + " is inconsistent (" + Symja.text(eq) + ")");
            }
            IExpr sols = Symja.eval("Solve[#0 == 0, " + unknown + "]", eq);
            IExpr chosen = choose(sols, unknown, next == 0 && leadingPower < 0);
            known.add(Symja.eval("Together[#0]", chosen));
            next++;
        }
        if (known.size() < terms) {
            throw new SymbolicException(SymbolicException.Key.UNSOLVED,
                    "perturbation series: only " + known.size() + " of " + terms + " coefficients determined");
        }
        return known;
    }

    private static String rules(List<IExpr> known) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < known.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append("pc").append(i).append("->(").append(Symja.text(known.get(i))).append(')');
        }
        return sb.append('}').toString();
    }

    /** Picks the solution: the unique one, or for a growing branch the non-zero one (0 belongs to finite branches). */
    private static IExpr choose(IExpr sols, String unknown, boolean nonZero) {
        List<IExpr> values = new ArrayList<>();
        for (int i = 1; i <= sols.argSize(); i++) {
            IExpr v = Symja.eval("ReplaceAll[" + unknown + ", #0]", sols.getAt(i));
            if (nonZero && Symja.isZero(v)) {
                continue;
            }
            values.add(v);
        }
        if (values.size() != 1) {
            throw new SymbolicException(SymbolicException.Key.UNSOLVED,
                    "perturbation series: " + values.size() + " admissible roots for " + unknown + " in " + Symja.text(sols));
        }
        return values.get(0);
    }
}
