package org.collapseharness.theory;

import java.io.Serializable;
import java.util.List;

/**
 * A matrix of polynomials in named variables, compiled for evaluation: only the non-zero entries are stored, each as a
 * list of monomials (coefficient, then the indices of its variables, repeated for powers). Evaluation is a loop over
 * flat arrays (no parsing, no allocation), so a derived Jacobian can be evaluated inside an integrator's step.
 *
 * @param rows          number of rows
 * @param cols          number of columns
 * @param variables     variable names, in the order of the values passed to {@link #evaluate}
 * @param entries       flat index (row · cols + col) of each non-zero entry
 * @param monomialStart monomials of entry e are monomialStart[e] ≤ k &lt; monomialStart[e + 1]
 * @param coefficients  coefficient of monomial k
 * @param factorStart   variables of monomial k are factors[factorStart[k] .. factorStart[k + 1])
 * @param factors       variable indices (a variable appears once per power)
 */
public record PolynomialMatrix(int rows, int cols, List<String> variables, int[] entries, int[] monomialStart,
                               double[] coefficients, int[] factorStart, int[] factors) implements Serializable {

    public PolynomialMatrix {
        variables = List.copyOf(variables);
        if (monomialStart.length != entries.length + 1 || factorStart.length != coefficients.length + 1) {
            throw new IllegalArgumentException("inconsistent compiled polynomial matrix");
        }
    }

    /**
     * Compiles entry-wise monomial lists: {@code coefficients[e][k]} and {@code exponents[e][k][v]} (power of variable
     * v in monomial k) for the entry at flat index {@code entries[e]}.
     */
    public static PolynomialMatrix compile(int rows, int cols, List<String> variables, int[] entries,
                                           double[][] coefficients, int[][][] exponents) {
        int monomials = 0;
        int factorCount = 0;
        for (int e = 0; e < entries.length; e++) {
            monomials += coefficients[e].length;
            for (int[] ex : exponents[e]) {
                for (int p : ex) {
                    factorCount += p;
                }
            }
        }
        int[] mStart = new int[entries.length + 1];
        double[] coef = new double[monomials];
        int[] fStart = new int[monomials + 1];
        int[] fac = new int[factorCount];
        int k = 0;
        int f = 0;
        for (int e = 0; e < entries.length; e++) {
            mStart[e] = k;
            for (int j = 0; j < coefficients[e].length; j++) {
                coef[k] = coefficients[e][j];
                fStart[k] = f;
                int[] ex = exponents[e][j];
                for (int v = 0; v < ex.length; v++) {
                    for (int p = 0; p < ex[v]; p++) {
                        fac[f++] = v;
                    }
                }
                k++;
            }
        }
        mStart[entries.length] = k;
        fStart[monomials] = f;
        return new PolynomialMatrix(rows, cols, variables, entries.clone(), mStart, coef, fStart, fac);
    }

    /** Writes the matrix at the given values into out (row-major, rows · cols numbers; zero entries set to 0). */
    public void evaluate(double[] values, double[] out) {
        java.util.Arrays.fill(out, 0, rows * cols, 0.0);
        for (int e = 0; e < entries.length; e++) {
            out[entries[e]] = entry(e, values);
        }
    }

    /** Number of stored (structurally non-zero) entries. */
    public int entryCount() {
        return entries.length;
    }

    /** Row of stored entry e. */
    public int row(int e) {
        return entries[e] / cols;
    }

    /** Column of stored entry e. */
    public int col(int e) {
        return entries[e] % cols;
    }

    /** Value of stored entry e at the given values: Σ_k c_k Π (its factors), monomials and factors in stored order. */
    public double entry(int e, double[] values) {
        double acc = 0;
        for (int k = monomialStart[e]; k < monomialStart[e + 1]; k++) {
            double term = coefficients[k];
            for (int f = factorStart[k]; f < factorStart[k + 1]; f++) {
                term *= values[factors[f]];
            }
            acc += term;
        }
        return acc;
    }

    /** The matrix at the given values. */
    public double[][] at(double[] values) {
        double[] flat = new double[rows * cols];
        evaluate(values, flat);
        double[][] m = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(flat, r * cols, m[r], 0, cols);
        }
        return m;
    }

    /** Number of monomials over all entries (the cost of one evaluation). */
    public int monomials() {
        return coefficients.length;
    }
}
