package org.collapseharness.theory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Matrix helpers, matrix words, the teacher-student model record and bindings")
class MatrixHelpersTest {

    @Test
    @DisplayName("Mat: products against explicit sums, Frobenius norm, inverse")
    void mat() {
        Random r = new Random(31);
        double[][] a = new double[3][2];
        double[][] b = new double[2][4];
        for (double[] row : a) {
            for (int j = 0; j < row.length; j++) {
                row[j] = r.nextGaussian();
            }
        }
        for (double[] row : b) {
            for (int j = 0; j < row.length; j++) {
                row[j] = r.nextGaussian();
            }
        }
        a[1][0] = 0; // a zero entry is skipped, not mis-multiplied
        double[][] c = Mat.mul(a, b);
        assertThat(c.length).isEqualTo(3);
        assertThat(c[0].length).isEqualTo(4);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 4; j++) {
                assertThat(c[i][j]).isCloseTo(a[i][0] * b[0][j] + a[i][1] * b[1][j], within(1e-14));
            }
        }
        double[] x = {0.5, -2};
        double[] y = Mat.mul(a, x);
        assertThat(y).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(y[i]).isCloseTo(a[i][0] * 0.5 - 2 * a[i][1], within(1e-14));
        }
        assertThat(Mat.normF(new double[][] {{3, 0}, {0, -4}})).isEqualTo(5.0);
        assertThat(Mat.normF(new double[][] {{1, 2}, {2, 4}, {0, 0}})).isCloseTo(5.0, within(1e-15));
        double[][] inv = Mat.inverse(new double[][] {{2, 1}, {1, 1}});
        double[][] hand = {{1, -1}, {-1, 2}};
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                assertThat(inv[i][j]).isCloseTo(hand[i][j], within(1e-14));
            }
        }
        assertThat(Mat.inverse(new double[][] {{1, 2}, {2, 4}})).isNull();
        assertThat(Mat.transpose(new double[][] {{1, 2, 3}})).isDeepEqualTo(new double[][] {{1}, {2}, {3}});
        assertThat(Mat.add(Mat.identity(2), new double[][] {{1, 2}, {3, 4}}, -2))
                .isDeepEqualTo(new double[][] {{-1, -4}, {-6, -7}});
    }

    @Test
    @DisplayName("MatrixWords: evaluation, scaling (negative controls) and Symja-style text")
    void matrixWords() {
        MatrixWords m = new MatrixWords(List.of(new MatrixWords.Term(-1, "-1", MatrixWords.Word.I),
                new MatrixWords.Term(0.5, "1/2", MatrixWords.Word.WT_W), new MatrixWords.Term(-2, "-2", MatrixWords.Word.W_W),
                new MatrixWords.Term(1, "1", MatrixWords.Word.WT)));
        double[][] w = {{1, 2}, {3, 4}};
        // -I + 1/2 W^T W - 2 W^2 + W^T, by hand.
        double[][] expected = {{-1 + 5 - 14 + 1, 7 - 20 + 3}, {7 - 30 + 2, -1 + 10 - 44 + 4}};
        assertThat(m.at(w)).isDeepEqualTo(expected);
        assertThat(m.text()).isEqualTo("-IdentityMatrix[d] + 1/2*Transpose[W].W - 2*W.W + Transpose[W]");
        assertThat(m.toString()).isEqualTo(m.text());
        MatrixWords s = m.scaled(3);
        assertThat(s.at(w)[0][1]).isEqualTo(3 * expected[0][1]);
        assertThat(s.terms().get(1).coefficientText()).isEqualTo("(3.0)*(1/2)");
        assertThat(s.terms().get(1).word()).isEqualTo(MatrixWords.Word.WT_W);
        assertThat(new MatrixWords(List.of()).text()).isEqualTo("0");
        assertThat(new MatrixWords(List.of(new MatrixWords.Term(1, "1", MatrixWords.Word.W_WT))).text())
                .isEqualTo("W.Transpose[W]");
        assertThat(MatrixWords.Word.WT_WT.at(w)).isDeepEqualTo(new double[][] {{7, 15}, {10, 22}});
        assertThat(MatrixWords.Word.W_WT.at(w)).isDeepEqualTo(new double[][] {{5, 11}, {11, 25}});
        assertThat(MatrixWords.Word.W.at(w)).isDeepEqualTo(w).isNotSameAs(w);
    }

    @Test
    @DisplayName("TeacherStudentModel: defaults, frustrated samples per class, realised rho and bindings")
    void teacherStudentModel() {
        TeacherStudentModel m = TeacherStudentModel.defaults(0.25, TeacherStudentMode.PLAIN);
        assertThat(m.dim()).isEqualTo(TeacherStudentModel.DEFAULT_DIM);
        assertThat(m.perClass()).isEqualTo(TeacherStudentModel.DEFAULT_PER_CLASS);
        assertThat(m.k()).isEqualTo(TeacherStudentModel.DEFAULT_K);
        assertThat(m.mu()).isEqualTo(1.0);
        assertThat(m.sigma()).isEqualTo(1.0);
        assertThat(m.mode()).isEqualTo(TeacherStudentMode.PLAIN);
        assertThat(m.frustratedPerClass()).isEqualTo(500);
        TeacherStudentModel small = new TeacherStudentModel(0.3, 10, 7, 1.5, 0.5, 2, TeacherStudentMode.PROJECTION);
        assertThat(small.frustratedPerClass()).isEqualTo(2); // round(2.1)
        assertThat(small.realisedRho()).isEqualTo(2.0 / 7);
        assertThat(small.bindings()).isEqualTo(Bindings.of("rho", 2.0 / 7, "mu", 1.5, "sigma", 0.5));
        assertThatThrownBy(() -> new TeacherStudentModel(0.5, 10, 7, 1, 1, 2, TeacherStudentMode.PLAIN))
                .isInstanceOf(ModelParameterException.class).hasMessageContaining("rho");
    }

    @Test
    @DisplayName("Bindings: value equality, hash consistent with it, merge overrides")
    void bindings() {
        Bindings a = Bindings.of("x", 1, "y", 2);
        assertThat(a).isEqualTo(Bindings.of("y", 2.0, "x", 1.0)).isNotEqualTo(Bindings.of("x", 1, "y", 3))
                .isNotEqualTo(Bindings.of("x", 1)).isNotEqualTo("x=1");
        assertThat(a.hashCode()).isEqualTo(Bindings.of("y", 2.0, "x", 1.0).hashCode());
        // Memo keys: distinct bindings should not all collide.
        assertThat(a.hashCode()).isNotEqualTo(Bindings.of("x", 1, "y", 3).hashCode());
        assertThat(a.merge(Bindings.of("y", 5, "z", 6))).isEqualTo(Bindings.of("x", 1, "y", 5, "z", 6));
    }
}
