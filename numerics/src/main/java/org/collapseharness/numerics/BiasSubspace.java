package org.collapseharness.numerics;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * The span of the class biases δy_c = y_c − ȳ and an operator P restricted to it: orthonormal basis B (SVD, rank by a
 * relative threshold), the restriction M = BᵀPB with its eigenvalues, and the invariance residual ‖PB − BM‖/‖P‖.
 *
 * @param rank                rank of the bias matrix
 * @param basis               d × rank orthonormal basis (row-major)
 * @param singularValues      of the bias matrix (descending)
 * @param spectrum            eigenvalues of the restriction, each {re, im}
 * @param invarianceResidual  ‖PB − BBᵀPB‖_F / ‖P‖_F
 * @param biasNorm            ‖δY‖_F
 */
public record BiasSubspace(int rank, double[][] basis, double[] singularValues, double[][] spectrum,
                           double invarianceResidual, double biasNorm) {

    /** Relative threshold below which a singular value of δY counts as zero. */
    public static final double RANK_THRESHOLD = 1e-6;

    public static double[][] biases(double[][] y) {
        int k = y.length;
        int d = y[0].length;
        double[][] b = new double[k][d];
        for (int q = 0; q < d; q++) {
            double mean = 0;
            for (double[] yc : y) {
                mean += yc[q] / k;
            }
            for (int c = 0; c < k; c++) {
                b[c][q] = y[c][q] - mean;
            }
        }
        return b;
    }

    public static double[] mean(double[][] y) {
        double[] m = new double[y[0].length];
        for (double[] yc : y) {
            for (int q = 0; q < m.length; q++) {
                m[q] += yc[q] / y.length;
            }
        }
        return m;
    }

    /** Restriction of op (d×d) to the span of the biases of labels y (K×d). */
    public static BiasSubspace of(double[][] y, double[][] op) {
        double[][] bias = biases(y);
        int k = bias.length;
        int d = bias[0].length;
        DMatrixRMaj a = new DMatrixRMaj(d, k);
        for (int c = 0; c < k; c++) {
            for (int q = 0; q < d; q++) {
                a.set(q, c, bias[c][q]);
            }
        }
        double norm = NormOps_DDRM.normF(a);
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(d, k, true, false, false);
        if (!svd.decompose(a.copy())) {
            throw new IllegalStateException("SVD of the bias matrix failed");
        }
        double[] sv = svd.getSingularValues().clone();
        DMatrixRMaj u = svd.getU(null, false);
        Integer[] order = new Integer[sv.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (p, q) -> Double.compare(sv[q], sv[p]));
        double top = sv.length == 0 ? 0 : sv[order[0]];
        int rank = 0;
        for (Integer i : order) {
            if (top > 0 && sv[i] > RANK_THRESHOLD * top) {
                rank++;
            }
        }
        double[] sorted = new double[sv.length];
        for (int i = 0; i < sv.length; i++) {
            sorted[i] = sv[order[i]];
        }
        double[][] basis = new double[d][rank];
        for (int r = 0; r < rank; r++) {
            for (int q = 0; q < d; q++) {
                basis[q][r] = u.get(q, order[r]);
            }
        }
        if (rank == 0) {
            return new BiasSubspace(0, basis, sorted, new double[0][], 0, norm);
        }
        DMatrixRMaj bm = new DMatrixRMaj(basis);
        DMatrixRMaj p = new DMatrixRMaj(op);
        DMatrixRMaj pb = new DMatrixRMaj(d, rank);
        CommonOps_DDRM.mult(p, bm, pb);
        DMatrixRMaj mres = new DMatrixRMaj(rank, rank);
        CommonOps_DDRM.multTransA(bm, pb, mres);
        DMatrixRMaj bmres = new DMatrixRMaj(d, rank);
        CommonOps_DDRM.mult(bm, mres, bmres);
        CommonOps_DDRM.subtractEquals(pb, bmres);
        double inv = NormOps_DDRM.normF(pb) / Math.max(NormOps_DDRM.normF(p), 1e-300);
        double[][] mArr = new double[rank][rank];
        for (int i = 0; i < rank; i++) {
            for (int j = 0; j < rank; j++) {
                mArr[i][j] = mres.get(i, j);
            }
        }
        double[][] spec = NumericSpectrum.eigenvalues(mArr);
        return new BiasSubspace(rank, basis, sorted, spec, inv, norm);
    }
}
