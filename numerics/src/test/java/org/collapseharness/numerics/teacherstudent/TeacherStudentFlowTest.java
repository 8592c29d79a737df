package org.collapseharness.numerics.teacherstudent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.collapseharness.numerics.LinearOperators;
import org.collapseharness.theory.TeacherStudentMode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The §5 flow: moment reduction, gradients and the plain operator")
class TeacherStudentFlowTest {

    @Test
    @DisplayName("the moment velocity equals the per-sample velocity, and the non-sg velocities are minus finite-difference gradients")
    void momentsAndGradients() {
        TeacherStudentData d = TeacherStudentData.generate(12, 20, 0.1, 1.2, 0.8, 3);
        for (TeacherStudentMode v : TeacherStudentMode.values()) {
            TeacherStudentFlow f = new TeacherStudentFlow(d, v, 3);
            double[] z = TeacherStudentSimulator.initialState(12, 3, v, 4);
            double[] a = f.computeDerivatives(0, z);
            double[] b = f.perSample().computeDerivatives(0, z);
            for (int i = 0; i < a.length; i++) {
                assertThat(a[i]).isCloseTo(b[i], within(1e-12));
            }
            if (v != TeacherStudentMode.PROJECTION_SG) {
                for (int i = 0; i < z.length; i += 5) {
                    double[] p = z.clone();
                    double[] m = z.clone();
                    p[i] += 1e-6;
                    m[i] -= 1e-6;
                    assertThat(-(f.loss(p) - f.loss(m)) / 2e-6).isCloseTo(a[i], within(1e-7));
                }
            }
        }
    }

    @Test
    @DisplayName("the plain flow is the symmetric (D+2)x(D+2) operator acting on each coordinate")
    void plainOperator() {
        TeacherStudentData d = TeacherStudentData.generate(6, 9, 0.2, 1, 1, 8);
        TeacherStudentFlow f = new TeacherStudentFlow(d, TeacherStudentMode.PLAIN, 1);
        double[][] assembled = LinearOperators.assemble(f);
        double[][] op = TeacherStudentFlow.plainOperator(d);
        for (int i = 0; i < op.length; i++) {
            for (int j = 0; j < op.length; j++) {
                assertThat(assembled[i][j]).isCloseTo(op[i][j], within(1e-12));
                assertThat(op[i][j]).isEqualTo(op[j][i]);
            }
        }
    }
}
