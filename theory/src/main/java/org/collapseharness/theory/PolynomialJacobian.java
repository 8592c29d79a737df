package org.collapseharness.theory;

import java.util.List;

/**
 * The Jacobian of a {@link PolynomialField}, derived symbolically and kept as polynomials (typed, so it crosses module
 * borders without re-parsing). Only the entries that are not identically zero are stored.
 *
 * @param dim          embedding dimension d of the field
 * @param variables    variable names, in the order of the field's variables (rows and columns)
 * @param rows         rows[e]: the output (velocity) index of stored entry e
 * @param cols         cols[e]: the variable index of stored entry e
 * @param coefficients coefficients[e][k]: coefficient of monomial k of entry e
 * @param exponents    exponents[e][k][v]: power of variable v in monomial k of entry e
 */
public record PolynomialJacobian(int dim, List<String> variables, int[] rows, int[] cols, double[][] coefficients,
                                 int[][][] exponents) {

    public PolynomialJacobian {
        if (rows.length != cols.length || rows.length != coefficients.length || rows.length != exponents.length) {
            throw new IllegalArgumentException("entry arrays of different lengths");
        }
    }

    /** Number of stored (structurally non-zero) entries. */
    public int entries() {
        return rows.length;
    }

    /** The dense n × n Jacobian ∂(velocity i)/∂(variable j) at the given values (field variable order). */
    public double[][] at(double[] values) {
        int n = variables.size();
        double[][] j = new double[n][n];
        for (int e = 0; e < rows.length; e++) {
            j[rows[e]][cols[e]] = PolynomialField.sum(coefficients[e], exponents[e], values);
        }
        return j;
    }
}
