package org.collapseharness.numerics;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.decomposition.lu.LUDecompositionAlt_DDRM;
import org.ejml.dense.row.linsol.lu.LinearSolverLu_DDRM;

/**
 * EJML's LU with partial pivoting and a scale-invariant singularity test. An n × n matrix A = P L U counts as singular
 * when an entry or a pivot is not finite, or when its smallest |pivot| (diagonal of U) is at most
 * n · {@link #PIVOT_TOLERANCE} times the largest |entry| of A and U: the rounding level of the elimination, at which an
 * exactly singular matrix's last pivot lands (seeded random singular matrices up to n = 600: at most 0.9 n ε times that
 * scale). Multiplying the matrix by a constant leaves the verdict unchanged (both sides scale alike); EJML's own
 * {@code quality()}, a product of n pivot ratios, underflows to zero for large well-conditioned matrices and is not
 * used.
 */
final class PivotedLu {
    /** Relative pivot threshold per unknown: 8 unit round-offs (8 · 2⁻⁵²). */
    static final double PIVOT_TOLERANCE = 8 * Math.ulp(1.0);

    private final LUDecompositionAlt_DDRM decomposition = new LUDecompositionAlt_DDRM();
    private final LinearSolverLu_DDRM solver = new LinearSolverLu_DDRM(decomposition);

    /** Factorises m (not modified); false when m is singular in the sense above. */
    boolean factor(DMatrixRMaj m) {
        int n = m.numRows;
        double largest = 0;
        for (double v : m.data) {
            if (!Double.isFinite(v)) {
                return false;
            }
            largest = Math.max(largest, Math.abs(v));
        }
        if (!solver.setA(m)) {
            return false;
        }
        double[] lu = decomposition.getLU().data;
        double smallest = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double p = Math.abs(lu[i * n + i]);
            if (!Double.isFinite(p)) {
                return false;
            }
            smallest = Math.min(smallest, p);
            for (int c = i + 1; c < n; c++) {
                largest = Math.max(largest, Math.abs(lu[i * n + c]));
            }
            largest = Math.max(largest, p);
        }
        return smallest > n * PIVOT_TOLERANCE * largest;
    }

    /** x = m⁻¹ b for the last factorised m (b and x n × 1, distinct). */
    void solve(DMatrixRMaj b, DMatrixRMaj x) {
        solver.solve(b, x);
    }
}
