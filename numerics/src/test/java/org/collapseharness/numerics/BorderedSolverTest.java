package org.collapseharness.numerics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The block-elimination solver against the dense LU on seeded random bordered systems. */
@DisplayName("BorderedSolver solves σI − J like the dense LU on bordered Jacobians")
class BorderedSolverTest {

    /** A random bordered Jacobian; blocks interleaved with the border in the state to test the index maps. */
    static final class RandomBordered implements BorderedJacobian.Provider, OrdinaryDifferentialEquation {
        final int bs;
        final int[] offsets;
        final int[] border;
        final long seed;
        final boolean dropCoupling;

        RandomBordered(int blocks, int bs, int nb, long seed, boolean dropCoupling) {
            this.bs = bs;
            this.seed = seed;
            this.dropCoupling = dropCoupling;
            offsets = new int[blocks];
            border = new int[nb];
            int at = 0;
            int b = 0;
            for (int v = 0; v < blocks; v++) {
                if (v == blocks / 2) {
                    for (; b < nb / 2; b++) {
                        border[b] = at++;
                    }
                }
                offsets[v] = at;
                at += bs;
            }
            for (; b < nb; b++) {
                border[b] = at++;
            }
        }

        @Override
        public BorderedJacobian allocate() {
            return new BorderedJacobian(bs, offsets, border);
        }

        @Override
        public void evaluate(double t, double[] y, BorderedJacobian out) {
            out.clear();
            Random r = new Random(seed);
            int nb = border.length;
            for (int v = 0; v < offsets.length; v++) {
                for (int a = 0; a < bs; a++) {
                    for (int c = 0; c < bs; c++) {
                        out.add(v, a, v, c, r.nextGaussian());
                    }
                    for (int k = 0; k < nb; k++) {
                        out.add(v, a, -1, k, r.nextGaussian());
                        double down = r.nextGaussian();
                        out.add(-1, k, v, a, dropCoupling && v == 0 ? 0 : down);
                    }
                }
            }
            for (int a = 0; a < nb; a++) {
                for (int c = 0; c < nb; c++) {
                    out.add(-1, a, -1, c, r.nextGaussian());
                }
            }
        }

        @Override
        public int getDimension() {
            return offsets.length * bs + border.length;
        }

        @Override
        public double[] computeDerivatives(double t, double[] y) {
            return new double[y.length];
        }
    }

    private static double[] solve(ShiftedJacobianSolver.Factory factory, RandomBordered j, double sigma, double[] b) {
        OdeProblem p = new OdeProblem("bordered", j, new double[j.getDimension()], new double[] {1}).withJacobian(j);
        ShiftedJacobianSolver s = factory.create(p, new long[1]);
        s.linearise(0, new double[j.getDimension()], new double[j.getDimension()]);
        assertThat(s.factor(sigma)).isTrue();
        double[] x = b.clone();
        s.solve(x);
        return x;
    }

    @Test
    void matchesTheDenseLuOnRandomSystems() {
        long seed = 3;
        for (int[] shape : new int[][] {{1, 1, 1}, {5, 2, 3}, {40, 3, 18}, {7, 4, 0}}) {
            for (double sigma : new double[] {0.5, 30}) {
                RandomBordered j = new RandomBordered(shape[0], shape[1], shape[2], seed++, false);
                double[] b = new Random(seed).doubles(j.getDimension(), -1, 1).toArray();
                double[] dense = solve(ShiftedJacobianSolver.DENSE_LU, j, sigma, b);
                double[] bordered = solve(BorderedSolver.FACTORY, j, sigma, b);
                assertThat(ArrayOps.maxAbsDiff(bordered, dense) / ArrayOps.maxAbs(dense)).as("%s σ=%s",
                        java.util.Arrays.toString(shape), sigma).isLessThan(1e-9);

                // negative control: the same system with one block's coupling to the border dropped is rejected
                RandomBordered wrong = new RandomBordered(shape[0], shape[1], shape[2], seed - 1, true);
                if (shape[2] > 0) {
                    double[] off = solve(BorderedSolver.FACTORY, wrong, sigma, b);
                    assertThat(ArrayOps.maxAbsDiff(off, dense) / ArrayOps.maxAbs(dense)).isGreaterThan(1e-6);
                }
            }
        }
    }

    @Test
    void denseFormAndRequirements() {
        RandomBordered j = new RandomBordered(3, 2, 2, 9, false);
        BorderedJacobian a = j.allocate();
        j.evaluate(0, null, a);
        assertThat(j.jacobian(0, null)).isDeepEqualTo(a.toDense());
        assertThatThrownBy(() -> a.add(0, 0, 1, 0, 1.0)).isInstanceOf(IllegalArgumentException.class);
        OdeProblem plain = new OdeProblem("plain", j, new double[j.getDimension()], new double[] {1});
        assertThatThrownBy(() -> BorderedSolver.FACTORY.create(plain, new long[1]))
                .isInstanceOf(IllegalArgumentException.class);
        // a singular shifted block (σ equal to the block's only eigenvalue) is reported, not thrown
        RandomBordered one = new RandomBordered(1, 1, 0, 4, false);
        BorderedJacobian oj = one.allocate();
        one.evaluate(0, null, oj);
        OdeProblem p = new OdeProblem("one", one, new double[1], new double[] {1}).withJacobian(one);
        ShiftedJacobianSolver s = BorderedSolver.FACTORY.create(p, new long[1]);
        s.linearise(0, new double[1], new double[1]);
        assertThat(s.factor(oj.toDense()[0][0])).isFalse();
    }
}
