package org.collapseharness.numerics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.collapseharness.numerics.teacherstudent.TeacherStudentData;
import org.collapseharness.numerics.teacherstudent.TeacherStudentFlow;
import org.collapseharness.numerics.teacherstudent.TeacherStudentJacobian;
import org.collapseharness.numerics.teacherstudent.TeacherStudentSimulator;
import org.collapseharness.numerics.teacherstudent.TeacherStudentSimulator.Trajectory;
import org.collapseharness.theory.Mat;
import org.collapseharness.theory.PolynomialMatrix;
import org.collapseharness.theory.TeacherStudentMode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The §5 Jacobian assembled from a per-sample Jacobian through the data's moments, against central differences of
 * {@link TeacherStudentFlow}. The per-sample fields are the hand-expanded projection(-sg) pair fields of
 * {@link HeadPairFlowTest} (r for s) and the plain field ṙ = y − r, ẏ = r − y, differentiated monomial by monomial.
 */
@DisplayName("TeacherStudentJacobian: moments assembly of the per-sample Jacobian")
class TeacherStudentJacobianTest {

    static HeadPairFlow.PairField sampleField(TeacherStudentMode mode, int k) {
        if (mode.hasHead()) {
            return HeadPairFlowTest.projectionField(k, mode == TeacherStudentMode.PROJECTION_SG);
        }
        int nv = 2 * k + k * k;
        double[][] c = new double[nv][0];
        int[][][] e = new int[nv][0][];
        for (int q = 0; q < k; q++) {
            c[q] = new double[] {1, -1};
            c[k + q] = new double[] {1, -1};
            e[q] = new int[][] {unit(nv, k + q), unit(nv, q)};
            e[k + q] = new int[][] {unit(nv, q), unit(nv, k + q)};
        }
        return new HeadPairFlow.PairField(k, c, e);
    }

    private static int[] unit(int n, int i) {
        int[] u = new int[n];
        u[i] = 1;
        return u;
    }

    static TeacherStudentJacobian jacobian(TeacherStudentFlow f) {
        return new TeacherStudentJacobian(f, HeadPairFlowJacobianTest.differentiate(sampleField(f.mode(), f.k())));
    }

    @Test
    @DisplayName("assembled = central differences for every mode (the sample-by-sample flow too); transposed (sg) and perturbed rejected")
    void assembledVsDifferences() {
        TeacherStudentData data = TeacherStudentData.generate(7, 15, 0.2, 1.1, 0.9, 4);
        Random r = new Random(9);
        for (TeacherStudentMode mode : TeacherStudentMode.values()) {
            TeacherStudentFlow f = new TeacherStudentFlow(data, mode, 2);
            TeacherStudentJacobian jac = jacobian(f);
            for (int trial = 0; trial < 2; trial++) {
                double[] z = new double[f.getDimension()];
                for (int i = 0; i < z.length; i++) {
                    z[i] = r.nextGaussian();
                }
                double[][] j = jac.jacobian(0, z);
                TeacherStudentFlow witness = trial == 0 ? f : f.perSample();
                double[][] fd = Jacobians.dense(y -> witness.computeDerivatives(0, y), z);
                assertThat(ArrayOps.maxAbsDiff(j, fd)).as("%s", mode).isLessThan(1e-7);
                double transposed = ArrayOps.maxAbsDiff(Mat.transpose(j), fd);
                if (mode == TeacherStudentMode.PROJECTION_SG) {
                    assertThat(transposed).as("transposed rejected").isGreaterThan(1e-3);
                } else {
                    assertThat(transposed).as("gradient flow: symmetric").isLessThan(1e-7);
                }
                j[trial][z.length - 1 - trial] += 1e-3;
                assertThat(ArrayOps.maxAbsDiff(j, fd)).as("perturbed rejected").isGreaterThan(1e-4);
            }
        }
    }

    @Test
    @DisplayName("Rodas with the assembled Jacobian reproduces DP853 (projection + sg); mismatched k and a W term in the plain mode are rejected")
    void rodasAndValidation() {
        TeacherStudentData data = TeacherStudentData.generate(8, 20, 0.1, 1, 1, 5);
        TeacherStudentFlow f = new TeacherStudentFlow(data, TeacherStudentMode.PROJECTION_SG, 2);
        double[] z0 = TeacherStudentSimulator.initialState(8, 2, TeacherStudentMode.PROJECTION_SG, 6);
        double[] times = {0, 5, 10};
        Trajectory a = TeacherStudentSimulator.integrate(f, z0, times, OdeAlgorithm.dp853(1e-10, 1e-12), false);
        Trajectory b = TeacherStudentSimulator.integrate(f, jacobian(f), z0, times, OdeAlgorithm.rodas(1e-9, 1e-12),
                false);
        assertThat(a.success()).isTrue();
        assertThat(b.success()).isTrue();
        assertThat(b.stats().jacobianEvaluations()).isPositive();
        assertThat(b.stats().luDecompositions()).isPositive();
        assertThat(ArrayOps.maxAbsDiff(a.last(), b.last())).isLessThan(1e-6);
        PolynomialMatrix k3 = HeadPairFlowJacobianTest.differentiate(sampleField(TeacherStudentMode.PROJECTION, 3));
        assertThatThrownBy(() -> new TeacherStudentJacobian(f, k3)).isInstanceOf(IllegalArgumentException.class);
        TeacherStudentFlow plain = new TeacherStudentFlow(data, TeacherStudentMode.PLAIN, 2);
        PolynomialMatrix withW = HeadPairFlowJacobianTest.differentiate(sampleField(TeacherStudentMode.PROJECTION, 2));
        assertThatThrownBy(() -> new TeacherStudentJacobian(plain, withW)).isInstanceOf(IllegalArgumentException.class);
    }
}
