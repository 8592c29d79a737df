package org.collapseharness.numerics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.hipparchus.linear.LUDecomposition;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.QRDecomposition;
import org.hipparchus.linear.RealMatrix;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Arnoldi: orthonormal Krylov basis, exp and phi1 of the Hessenberg matrix, happy breakdown")
class ArnoldiTest {

    static RealMatrix random(int n, long seed) {
        Random r = new Random(seed);
        RealMatrix a = MatrixUtils.createRealMatrix(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a.setEntry(i, j, r.nextGaussian() / Math.sqrt(n));
            }
        }
        return a;
    }

    static double[] vector(int n, long seed) {
        Random r = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextGaussian();
        }
        return v;
    }

    static Arnoldi.Operator op(RealMatrix a) {
        return (in, out) -> System.arraycopy(a.operate(in), 0, out, 0, out.length);
    }

    @Test
    @DisplayName("full space (m = n): exp(tA)b and phi1(hA)b equal the dense exponential and A^-1(e^{hA} - I)b/h")
    void fullSpaceIsExact() {
        int n = 7;
        RealMatrix a = random(n, 1).scalarAdd(0).subtract(MatrixUtils.createRealIdentityMatrix(n).scalarMultiply(0.5));
        double[] b = vector(n, 2);
        Arnoldi ar = Arnoldi.run(op(a), b, n, null);
        assertThat(ar.dimension()).isEqualTo(n);
        assertThat(ar.beta()).isCloseTo(Math.sqrt(ArrayOps.dot(b, b)), within(1e-14));
        assertThat(ar.applications()).isEqualTo(n);
        double t = 1.7;
        double[] exact = MatrixUtils.matrixExponential(a.scalarMultiply(t)).operate(b);
        double[] kry = ar.combine(ar.expColumn(t), ar.beta());
        double h = 0.9;
        // phi1(hA) b = (hA)^{-1} (e^{hA} - I) b: an independent route (LU solve)
        double[] eb = MatrixUtils.matrixExponential(a.scalarMultiply(h)).operate(b);
        for (int i = 0; i < n; i++) {
            eb[i] -= b[i];
        }
        double[] phi = new LUDecomposition(a.scalarMultiply(h)).getSolver().solve(MatrixUtils.createRealVector(eb))
                .toArray();
        double[] kphi = ar.combine(ar.phi1Column(h), ar.beta());
        for (int i = 0; i < n; i++) {
            assertThat(kry[i]).isCloseTo(exact[i], within(1e-12));
            assertThat(kphi[i]).isCloseTo(phi[i], within(1e-12));
        }
        // the basis is orthonormal: v_j = combine(e_j)
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double[] ei = new double[n];
                double[] ej = new double[n];
                ei[i] = 1;
                ej[j] = 1;
                assertThat(ArrayOps.dot(ar.combine(ei, 1), ar.combine(ej, 1))).isCloseTo(i == j ? 1 : 0, within(1e-13));
            }
        }
    }

    @Test
    @DisplayName("a matrix with 3 distinct eigenvalues: the space is invariant after 3 vectors, exact for every t")
    void happyBreakdown() {
        int n = 30;
        RealMatrix q = new QRDecomposition(random(n, 3)).getQ();
        double[] lambda = new double[n];
        for (int i = 0; i < n; i++) {
            lambda[i] = i < 10 ? -1 : i < 25 ? -40 : -900;
        }
        RealMatrix a = q.multiply(MatrixUtils.createRealDiagonalMatrix(lambda)).multiply(q.transpose());
        double[] b = vector(n, 4);
        Arnoldi ar = Arnoldi.run(op(a), b, 20, null);
        assertThat(ar.dimension()).isEqualTo(3);
        assertThat(ar.invariant()).isTrue();
        assertThat(ar.relativeBreakdown()).isLessThan(Arnoldi.BREAKDOWN_TOL);
        for (double t : new double[] {0.01, 1, 100}) {
            double[] exact = MatrixUtils.matrixExponential(a.scalarMultiply(t)).operate(b);
            double[] kry = ar.combine(ar.expColumn(t), ar.beta());
            for (int i = 0; i < n; i++) {
                assertThat(kry[i]).as("t=%s", t).isCloseTo(exact[i], within(1e-11));
            }
        }
        // negative control: cut at 2 vectors, the space is not invariant and exp(tA)b is missed
        Arnoldi cut = Arnoldi.run(op(a), b, 2, null);
        assertThat(cut.invariant()).isFalse();
        assertThat(cut.relativeBreakdown()).isGreaterThan(1e-3);
        double[] exact = MatrixUtils.matrixExponential(a.scalarMultiply(0.01)).operate(b);
        double[] kry = cut.combine(cut.expColumn(0.01), cut.beta());
        double miss = 0;
        for (int i = 0; i < n; i++) {
            miss = Math.max(miss, Math.abs(kry[i] - exact[i]));
        }
        assertThat(miss).isGreaterThan(1e-3);
    }

    @Test
    @DisplayName("the caller's stop rule ends the process; b = 0 gives an empty, invariant basis; bad sizes are rejected")
    void stopRuleAndEdges() {
        RealMatrix a = random(6, 5);
        Arnoldi two = Arnoldi.run(op(a), vector(6, 6), 6, s -> s.dimension() >= 2);
        assertThat(two.dimension()).isEqualTo(2);
        assertThat(two.hNext()).isGreaterThan(0);
        Arnoldi zero = Arnoldi.run(op(a), new double[6], 6, null);
        assertThat(zero.dimension()).isZero();
        assertThat(zero.invariant()).isTrue();
        assertThat(zero.relativeBreakdown()).isZero();
        assertThat(zero.combine(new double[0], 1)).containsOnly(0.0);
        assertThatThrownBy(() -> Arnoldi.run(op(a), vector(6, 6), 0, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
