package org.collapseharness.numerics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The dense solver's singularity test on W = σI − J: a large well-conditioned W is factorised and solved, an exactly
 * and a numerically singular W are reported, and multiplying σ and J by 10^±100 does not change any verdict.
 */
@DisplayName("DenseLuSolver: scale-invariant singularity test")
class DenseLuSolverTest {
    static final int N = 600;

    /** Seeded matrix with N(0, 1/n) entries. */
    static double[][] randomJacobian(int n, long seed) {
        Random r = new Random(seed);
        double[][] j = new double[n][n];
        for (double[] row : j) {
            for (int c = 0; c < n; c++) {
                row[c] = r.nextGaussian() / Math.sqrt(n);
            }
        }
        return j;
    }

    /** J = σ(I − Q) for a seeded random orthogonal Q, so W = σI − J = σQ has condition number 1. */
    static double[][] orthogonalShift(int n, double sigma, long seed) {
        double[][] g = randomJacobian(n, seed);
        var qr = DecompositionFactory_DDRM.qr(n, n);
        qr.decompose(new DMatrixRMaj(g));
        DMatrixRMaj q = qr.getQ(null, false);
        double[][] j = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < n; c++) {
                j[i][c] = (i == c ? sigma : 0) - sigma * q.get(i, c);
            }
        }
        return j;
    }

    /** J = −W for a random W whose last row is the first one repeated (exactly singular, σ = 0). */
    static double[][] exactlySingular(int n, long seed) {
        double[][] j = randomJacobian(n, seed);
        j[n - 1] = j[0].clone();
        return j;
    }

    /** As above with the last row 0.3 · row 0 + 0.7 · row 1, rounded: singular up to rounding. */
    static double[][] numericallySingular(int n, long seed) {
        double[][] j = randomJacobian(n, seed);
        for (int c = 0; c < n; c++) {
            j[n - 1][c] = 0.3 * j[0][c] + 0.7 * j[1][c];
        }
        return j;
    }

    static double[][] scaled(double[][] j, double s) {
        double[][] out = new double[j.length][];
        for (int i = 0; i < j.length; i++) {
            out[i] = j[i].clone();
            for (int c = 0; c < j.length; c++) {
                out[i][c] *= s;
            }
        }
        return out;
    }

    static DenseLuSolver solver(double[][] j) {
        int n = j.length;
        var eq = Equations.autonomous(n, y -> new double[n]);
        OdeProblem p = new OdeProblem("W", eq, new double[n], new double[] {0, 1}).withJacobian((t, y) -> j);
        DenseLuSolver s = new DenseLuSolver(p, new long[1]);
        s.linearise(0, new double[n], new double[n]);
        return s;
    }

    @Test
    @DisplayName("well-conditioned 600×600 W (σ = 10, W = σQ with Q orthogonal) is solved to round-off; EJML's quality() calls it singular")
    void largeWellConditioned() {
        double sigma = 10;
        double[][] j = orthogonalShift(N, sigma, 1);
        DenseLuSolver s = solver(j);
        assertThat(s.factor(sigma)).isTrue();
        Random r = new Random(2);
        double[] x = new double[N];
        for (int i = 0; i < N; i++) {
            x[i] = r.nextGaussian();
        }
        double[] b = new double[N];
        for (int i = 0; i < N; i++) {
            double acc = sigma * x[i];
            for (int c = 0; c < N; c++) {
                acc -= j[i][c] * x[c];
            }
            b[i] = acc;
        }
        s.solve(b);
        assertThat(ArrayOps.maxAbsDiff(b, x)).isLessThan(1e-12);
        // control: the product-of-ratios quality measure underflows to 0 on the same, well-conditioned W
        DMatrixRMaj w = new DMatrixRMaj(N, N);
        for (int i = 0; i < N; i++) {
            for (int c = 0; c < N; c++) {
                w.set(i, c, (i == c ? sigma : 0) - j[i][c]);
            }
        }
        var ejml = LinearSolverFactory_DDRM.lu(N);
        assertThat(ejml.setA(w)).isTrue();
        assertThat(ejml.quality()).isZero();
    }

    @Test
    @DisplayName("exactly and numerically singular W are reported; scaling σ and J by 1e100 or 1e-100 keeps every verdict")
    void singularAndScaleInvariance() {
        double[][][] js = {orthogonalShift(N, 10, 3), exactlySingular(200, 4), numericallySingular(200, 5)};
        double[] sigmas = {10, 0, 0};
        boolean[] regular = {true, false, false};
        for (int k = 0; k < js.length; k++) {
            for (double scale : new double[] {1, 1e100, 1e-100}) {
                assertThat(solver(scaled(js[k], scale)).factor(sigmas[k] * scale))
                        .as("matrix " + k + " scaled by " + scale).isEqualTo(regular[k]);
            }
        }
    }

    @Test
    @DisplayName("non-finite W is singular")
    void nonFinite() {
        double[][] j = randomJacobian(4, 6);
        j[2][1] = Double.NaN;
        assertThat(solver(j).factor(1)).isFalse();
        assertThat(solver(randomJacobian(4, 6)).factor(Double.POSITIVE_INFINITY)).isFalse();
    }
}
