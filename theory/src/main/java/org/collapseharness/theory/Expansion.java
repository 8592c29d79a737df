package org.collapseharness.theory;

import java.util.List;

/**
 * A derived asymptotic expansion f = Σ_k c_k ε^(leadingPower + k) with ε = 1/n at fixed frustration ratio ρ.
 *
 * @param quantity      what is expanded (e.g. "slow sector-II eigenvalue")
 * @param leadingPower  power of ε of the first coefficient (−1 for the fast branch, 0 for the slow)
 * @param coefficients  c_0, c_1, ... as closed forms in rho
 */
public record Expansion(String quantity, int leadingPower, List<ClosedForm> coefficients) {

    /** Truncated series evaluated at n (ε = 1/n) and the bindings (for rho). */
    public double at(double n, Bindings b) {
        double eps = 1.0 / n;
        double sum = 0;
        for (int k = 0; k < coefficients.size(); k++) {
            sum += coefficients.get(k).at(b) * Math.pow(eps, leadingPower + k);
        }
        return sum;
    }

    /** Human readable: c0/eps + c1 + c2 eps ... */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < coefficients.size(); k++) {
            int p = leadingPower + k;
            if (k > 0) {
                sb.append(" + ");
            }
            sb.append('(').append(coefficients.get(k).text()).append(')');
            if (p == -1) {
                sb.append("*n");
            } else if (p < -1) {
                sb.append("*n^").append(-p);
            } else if (p == 1) {
                sb.append("/n");
            } else if (p > 1) {
                sb.append("/n^").append(p);
            }
        }
        sb.append(" + O(1/n^").append(leadingPower + coefficients.size()).append(')');
        return sb.toString();
    }
}
