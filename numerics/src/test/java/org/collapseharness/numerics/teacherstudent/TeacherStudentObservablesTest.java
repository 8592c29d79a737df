package org.collapseharness.numerics.teacherstudent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.collapseharness.theory.TeacherStudentMode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The §5 observables on hand-made students: accuracy, MinL2, teacher component, scale")
class TeacherStudentObservablesTest {

    static final TeacherStudentData DATA = TeacherStudentData.generate(5, 10, 0.2, 0.8, 0.5, 21);

    /** k = 1 student with E = w*ᵀ (so E x = ±μ exactly), labels y_±, and head w (projection variants). */
    static double[] teacherStudent(TeacherStudentMode v, double yPlus, double yMinus, double w) {
        double[] z = new double[TeacherStudentFlow.size(5, 1, v)];
        System.arraycopy(DATA.teacher(), 0, z, 0, 5);
        z[5] = yPlus;
        z[6] = yMinus;
        if (v.hasHead()) {
            z[7] = w;
        }
        return z;
    }

    @Test
    @DisplayName("E = w*ᵀ: accuracy 1 − ρ with labels ±μ, 1/2 with the midpoint moved past μ, 0 on a tie")
    void accuracy() {
        TeacherStudentFlow plain = new TeacherStudentFlow(DATA, TeacherStudentMode.PLAIN, 1);
        assertThat(DATA.rho()).isEqualTo(0.2);
        assertThat(plain.accuracy(teacherStudent(TeacherStudentMode.PLAIN, 0.8, -0.8, 0))).isCloseTo(0.8, within(1e-15));
        assertThat(plain.rawAccuracy(teacherStudent(TeacherStudentMode.PLAIN, 0.8, -0.8, 0))).isCloseTo(0.8, within(1e-15));
        // labels 3 and −1: midpoint 1 lies beyond +μ = 0.8, so every sample at +μ is classed −1 (half of them right)
        assertThat(plain.accuracy(teacherStudent(TeacherStudentMode.PLAIN, 3, -1, 0))).isCloseTo(0.5, within(1e-15));
        // labels −3 and 1: midpoint −1 lies below −μ, so every sample is classed −1 (again one half right)
        assertThat(plain.accuracy(teacherStudent(TeacherStudentMode.PLAIN, -3, 1, 0))).isCloseTo(0.5, within(1e-15));
        // swapped labels ∓μ: only the frustrated samples are right
        assertThat(plain.accuracy(teacherStudent(TeacherStudentMode.PLAIN, -0.8, 0.8, 0))).isCloseTo(0.2, within(1e-15));
        assertThat(plain.accuracy(teacherStudent(TeacherStudentMode.PLAIN, 0.4, 0.4, 0))).isZero();
        for (TeacherStudentMode v : new TeacherStudentMode[] {TeacherStudentMode.PROJECTION, TeacherStudentMode.PROJECTION_SG}) {
            TeacherStudentFlow f = new TeacherStudentFlow(DATA, v, 1);
            // the projection variants compare with the projected labels W y_±: W = −1 flips them
            assertThat(f.accuracy(teacherStudent(v, 0.8, -0.8, 2))).isCloseTo(0.8, within(1e-15));
            assertThat(f.accuracy(teacherStudent(v, 0.8, -0.8, -1))).isCloseTo(0.2, within(1e-15));
            assertThat(f.rawAccuracy(teacherStudent(v, 0.8, -0.8, -1))).isCloseTo(0.8, within(1e-15));
            // W = 1/4 brings the projected labels (0.75, −0.25; midpoint 0.25) back inside ±μ; W = 1 does not
            assertThat(f.accuracy(teacherStudent(v, 3, -1, 0.25))).isCloseTo(0.8, within(1e-15));
            assertThat(f.accuracy(teacherStudent(v, 3, -1, 1))).isCloseTo(0.5, within(1e-15));
        }
    }

    @Test
    @DisplayName("random students (k = 2): accuracy is the fraction nearer their own (projected) label, by distances")
    void accuracyByDistances() {
        java.util.Random r = new java.util.Random(6);
        for (TeacherStudentMode v : TeacherStudentMode.values()) {
            TeacherStudentFlow f = new TeacherStudentFlow(DATA, v, 2);
            for (int trial = 0; trial < 20; trial++) {
                double[] z = new double[f.getDimension()];
                for (int i = 0; i < z.length; i++) {
                    z[i] = r.nextGaussian();
                }
                double[] w = v.hasHead() ? f.headMatrix(z) : new double[] {1, 0, 0, 1};
                double[][] lab = new double[2][2];
                for (int c = 0; c < 2; c++) {
                    int off = c == 0 ? f.yPlus() : f.yMinus();
                    for (int p = 0; p < 2; p++) {
                        lab[c][p] = w[p * 2] * z[off] + w[p * 2 + 1] * z[off + 1];
                    }
                }
                int ok = 0;
                for (int i = 0; i < DATA.samples(); i++) {
                    double[] rep = new double[2];
                    for (int vv = 0; vv < 5; vv++) {
                        for (int q = 0; q < 2; q++) {
                            rep[q] += z[vv * 2 + q] * DATA.x()[i * 5 + vv];
                        }
                    }
                    double dPlus = Math.hypot(rep[0] - lab[0][0], rep[1] - lab[0][1]);
                    double dMinus = Math.hypot(rep[0] - lab[1][0], rep[1] - lab[1][1]);
                    ok += DATA.label(i) > 0 ? (dPlus < dMinus ? 1 : 0) : (dMinus < dPlus ? 1 : 0);
                }
                assertThat(f.accuracy(z)).as("%s trial %d", v, trial).isEqualTo((double) ok / DATA.samples());
            }
        }
    }

    @Test
    @DisplayName("MinL2 = |y_+ − y_−|, Δ = (y_+ − y_−)/2, u = E w*, scale ‖(E, y)‖², head W, accessors")
    void observables() {
        TeacherStudentFlow f = new TeacherStudentFlow(DATA, TeacherStudentMode.PROJECTION, 2);
        double[] z = new double[f.getDimension()];
        assertThat(z).hasSize(7 * 2 + 4);
        for (int i = 0; i < z.length; i++) {
            z[i] = i + 1;
        }
        // y_+ = (11, 12), y_− = (13, 14)
        assertThat(f.yPlus()).isEqualTo(10);
        assertThat(f.yMinus()).isEqualTo(12);
        assertThat(f.head()).isEqualTo(14);
        assertThat(f.minL2(z)).isCloseTo(Math.sqrt(8), within(1e-15));
        assertThat(f.halfDifference(z)).containsExactly(-1, -1);
        assertThat(f.scaleSquared(z)).isEqualTo(14 * 15 * 29 / 6.0);
        assertThat(f.headMatrix(z)).containsExactly(15, 16, 17, 18);
        double[] u = f.teacherComponent(z);
        for (int q = 0; q < 2; q++) {
            double s = 0;
            for (int v = 0; v < 5; v++) {
                s += z[v * 2 + q] * DATA.teacher()[v];
            }
            assertThat(u[q]).isCloseTo(s, within(1e-14));
        }
        assertThat(f.k()).isEqualTo(2);
        assertThat(f.data()).isSameAs(DATA);
        assertThat(f.mode()).isEqualTo(TeacherStudentMode.PROJECTION);
        TeacherStudentFlow plain = new TeacherStudentFlow(DATA, TeacherStudentMode.PLAIN, 2);
        assertThat(plain.headMatrix(new double[plain.getDimension()])).containsExactly(0, 0, 0, 0);
        assertThat(plain.getDimension()).isEqualTo(14);
    }
}
