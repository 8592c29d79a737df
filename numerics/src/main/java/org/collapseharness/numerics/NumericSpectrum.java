package org.collapseharness.numerics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ejml.data.Complex_F64;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Numeric spectra with EJML decompositions. Every decomposition reports its quality ||AV − VD|| / ||AV|| (symmetric
 * case) so that a claim can show the numeric route is trustworthy.
 */
public final class NumericSpectrum {

    /** Eigenvalues clustered into multiplicities, ascending by real part, with the decomposition quality. */
    public record Result(List<Eigenpair> eigenvalues, double quality) {
        public int total() {
            return eigenvalues.stream().mapToInt(Eigenpair::multiplicity).sum();
        }

        public double[] distinctReal() {
            return eigenvalues.stream().mapToDouble(Eigenpair::re).toArray();
        }

        public int[] multiplicities() {
            return eigenvalues.stream().mapToInt(Eigenpair::multiplicity).toArray();
        }
    }

    /** Symmetric eigen decomposition: V (columns) and eigenvalues, with quality. */
    public record SymmetricEigen(double[] values, DMatrixRMaj vectors, double quality) {
    }

    private NumericSpectrum() {
    }

    public static SymmetricEigen symmetric(double[][] a) {
        int n = a.length;
        DMatrixRMaj m = new DMatrixRMaj(a);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, true, true);
        if (!eig.decompose(m.copy())) {
            throw new IllegalStateException("symmetric eigen decomposition failed");
        }
        double[] values = new double[n];
        DMatrixRMaj v = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            values[i] = eig.getEigenvalue(i).getReal();
            DMatrixRMaj col = eig.getEigenVector(i);
            for (int r = 0; r < n; r++) {
                v.set(r, i, col.get(r));
            }
        }
        DMatrixRMaj av = new DMatrixRMaj(n, n);
        CommonOps_DDRM.mult(m, v, av);
        DMatrixRMaj vd = v.copy();
        for (int i = 0; i < n; i++) {
            for (int r = 0; r < n; r++) {
                vd.set(r, i, vd.get(r, i) * values[i]);
            }
        }
        double norm = NormOps_DDRM.normF(av);
        CommonOps_DDRM.subtractEquals(av, vd);
        double quality = norm == 0 ? 0 : NormOps_DDRM.normF(av) / norm;
        return new SymmetricEigen(values, v, quality);
    }

    /** Clustered spectrum of a symmetric matrix. */
    public static Result ofSymmetric(double[][] a, double clusterTol) {
        SymmetricEigen e = symmetric(a);
        double[][] pairs = new double[e.values().length][];
        for (int i = 0; i < pairs.length; i++) {
            pairs[i] = new double[] {e.values()[i], 0};
        }
        return new Result(cluster(pairs, clusterTol), e.quality());
    }

    /** Clustered spectrum of a general matrix (eigenvalues only; EJML gives no vectors for complex pairs). */
    public static Result ofGeneral(double[][] a, double clusterTol) {
        int n = a.length;
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, false, false);
        if (!eig.decompose(new DMatrixRMaj(a))) {
            throw new IllegalStateException("eigen decomposition failed");
        }
        double[][] pairs = new double[n][];
        for (int i = 0; i < n; i++) {
            Complex_F64 c = eig.getEigenvalue(i);
            pairs[i] = new double[] {c.getReal(), c.getImaginary()};
        }
        return new Result(cluster(pairs, clusterTol), Double.NaN);
    }

    /** All eigenvalues of a general (small) matrix as {re, im} pairs, ascending by real part, then imaginary part. */
    public static double[][] eigenvalues(double[][] m) {
        var r = ofGeneral(m, 0);
        double[][] out = new double[r.total()][];
        int i = 0;
        for (Eigenpair e : r.eigenvalues()) {
            for (int k = 0; k < e.multiplicity(); k++) {
                out[i++] = new double[] {e.re(), e.im()};
            }
        }
        return out;
    }

    /** The determinant (LU). */
    public static double determinant(double[][] m) {
        return CommonOps_DDRM.det(new DMatrixRMaj(m));
    }

    /** Largest eigenvalue modulus max |λ| of a general (small) matrix. */
    public static double spectralRadius(double[][] m) {
        return maxModulus(eigenvalues(m));
    }

    /** Singular values (EJML SVD, values only) of an m × n matrix. */
    public static double[] singularValues(double[][] a) {
        var m = new DMatrixRMaj(a);
        var svd = DecompositionFactory_DDRM.svd(a.length, a[0].length, false, false, true);
        if (!svd.decompose(m)) {
            throw new IllegalStateException("SVD failed");
        }
        return svd.getSingularValues().clone();
    }

    /**
     * Numerical dimension of the kernel of an m × n matrix: n minus the number of singular values above
     * relTol · σ_max. The threshold is relative, so it must sit between the rounding level of the matrix entries
     * (central-difference Jacobians: ~1e-8 relative) and the smallest genuine singular value.
     */
    public static long nullity(double[][] a, double relTol) {
        double[] sv = singularValues(a);
        double top = Arrays.stream(sv).max().orElse(0);
        return a[0].length - Arrays.stream(sv).filter(s -> s > relTol * top).count();
    }

    /** Largest modulus max |λ| of eigenvalues given as {re, im} pairs (0 for none). */
    public static double maxModulus(double[][] eigenvalues) {
        double m = 0;
        for (double[] v : eigenvalues) {
            m = Math.max(m, Math.hypot(v[0], v[1]));
        }
        return m;
    }

    /**
     * Number of zero modes among eigenvalues given as {re, im} pairs: those with |λ| ≤ relTol · max |λ|. The
     * threshold is relative to the spectral scale, so it must sit above the rounding level of the matrix (a dense
     * eigensolver on a central-difference Jacobian: ~1e-8 relative) and below the smallest genuine rate.
     */
    public static int zeroModes(double[][] eigenvalues, double relTol) {
        double tol = relTol * maxModulus(eigenvalues);
        int zero = 0;
        for (double[] v : eigenvalues) {
            if (Math.hypot(v[0], v[1]) <= tol) {
                zero++;
            }
        }
        return zero;
    }

    /** Largest real part among the eigenvalues ({re, im} pairs) with |λ| > relTol · max |λ| (−∞ if none). */
    public static double maxRealPartNonZero(double[][] eigenvalues, double relTol) {
        double tol = relTol * maxModulus(eigenvalues);
        double m = Double.NEGATIVE_INFINITY;
        for (double[] v : eigenvalues) {
            if (Math.hypot(v[0], v[1]) > tol) {
                m = Math.max(m, v[0]);
            }
        }
        return m;
    }

    /** Groups eigenvalues closer than tol·max(1,|λ|) into one entry with multiplicity. */
    static List<Eigenpair> cluster(double[][] pairs, double tol) {
        double[][] s = pairs.clone();
        Arrays.sort(s, (p, q) -> p[0] != q[0] ? Double.compare(p[0], q[0]) : Double.compare(p[1], q[1]));
        List<Eigenpair> out = new ArrayList<>();
        double sumRe = 0;
        double sumIm = 0;
        int count = 0;
        double[] anchor = null;
        for (double[] p : s) {
            if (anchor != null && Math.hypot(p[0] - anchor[0], p[1] - anchor[1]) <= tol * Math.max(1, Math.hypot(p[0], p[1]))) {
                sumRe += p[0];
                sumIm += p[1];
                count++;
                continue;
            }
            if (anchor != null) {
                out.add(new Eigenpair(sumRe / count, sumIm / count, count));
            }
            anchor = p;
            sumRe = p[0];
            sumIm = p[1];
            count = 1;
        }
        if (anchor != null) {
            out.add(new Eigenpair(sumRe / count, sumIm / count, count));
        }
        return out;
    }
}
