package org.collapseharness.theory;

import java.util.ArrayList;
import java.util.List;

/**
 * A derived per-pair vector field at a concrete dimension d, as polynomials in the pair's variables (typed, so it can
 * cross module borders without re-parsing). Variable order: s1..sd, y1..yd, w11, w12, .., wdd (row-major W); output j
 * is the velocity of variable j that this one pair contributes.
 *
 * @param dim          embedding dimension d
 * @param variables    variable names, in order
 * @param coefficients coefficients[j][k]: coefficient of monomial k of output j
 * @param exponents    exponents[j][k][v]: power of variable v in monomial k of output j
 * @param text         the field as derived, one equation per variable (display only)
 */
public record PolynomialField(int dim, List<String> variables, double[][] coefficients, int[][][] exponents,
                              List<String> text) {

    /** Velocities of every variable at the given values (same order as {@link #variables()}). */
    public double[] at(double[] values) {
        double[] out = new double[coefficients.length];
        for (int j = 0; j < coefficients.length; j++) {
            out[j] = sum(coefficients[j], exponents[j], values);
        }
        return out;
    }

    /** Σ_k c[k] Π_v values[v]^e[k][v]. */
    private static double sum(double[] c, int[][] e, double[] values) {
        double acc = 0;
        for (int k = 0; k < c.length; k++) {
            double term = c[k];
            for (int v = 0; v < e[k].length; v++) {
                for (int p = 0; p < e[k][v]; p++) {
                    term *= values[v];
                }
            }
            acc += term;
        }
        return acc;
    }

    /** Total number of monomials (cost of one evaluation). */
    public int monomials() {
        int n = 0;
        for (double[] c : coefficients) {
            n += c.length;
        }
        return n;
    }

    /** The variables of a per-pair field at dimension d: s1..sd, y1..yd, w11, w12, .., wdd (s, y, w when d = 1). */
    public static List<String> pairVariables(int d) {
        List<String> v = new ArrayList<>();
        for (String n : new String[] {"s", "y"}) {
            for (int i = 1; i <= d; i++) {
                v.add(d == 1 ? n : n + i);
            }
        }
        for (int i = 1; i <= d; i++) {
            for (int j = 1; j <= d; j++) {
                v.add(d == 1 ? "w" : "w" + i + j);
            }
        }
        return v;
    }
}
