package org.collapseharness.theory.symbolic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.collapseharness.theory.Bindings;
import org.collapseharness.theory.Mat;
import org.collapseharness.theory.PolynomialField;
import org.collapseharness.theory.PolynomialMatrix;
import org.collapseharness.theory.TeacherStudentMode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.matheclipse.core.interfaces.IExpr;

/**
 * The derived Jacobians of the head pair fields and the §5 per-sample fields: the compiled polynomials against
 * central differences of the compiled field at seeded random states and against Symja's un-compiled derivative at
 * one point; a transposed or perturbed Jacobian is rejected by the same comparison.
 */
class DerivedPairJacobianTest {
    /** Central differences of a cubic field at step 1e-5 on O(1) states: truncation ~1e-10, rounding ~1e-11. */
    static final double FD_TOL = 1e-7;

    static double[] randomState(int n, Random r) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextGaussian();
        }
        return v;
    }

    static double[][] centralDifferences(PolynomialField f, double[] v) {
        int n = v.length;
        double[][] j = new double[n][n];
        double h = 1e-5;
        for (int c = 0; c < n; c++) {
            double[] p = v.clone();
            double[] m = v.clone();
            p[c] += h;
            m[c] -= h;
            double[] fp = f.at(p);
            double[] fm = f.at(m);
            for (int i = 0; i < n; i++) {
                j[i][c] = (fp[i] - fm[i]) / (2 * h);
            }
        }
        return j;
    }

    static double maxDiff(double[][] a, double[][] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a.length; j++) {
                m = Math.max(m, Math.abs(a[i][j] - b[i][j]));
            }
        }
        return m;
    }

    /** Worst |compiled − differences| over seeded states, and the same for the transposed and a perturbed Jacobian. */
    static double[] compare(PolynomialField f, PolynomialMatrix jac, long seed) {
        Random r = new Random(seed);
        double worst = 0;
        double transposed = Double.POSITIVE_INFINITY;
        double perturbed = Double.POSITIVE_INFINITY;
        for (int trial = 0; trial < 5; trial++) {
            double[] v = randomState(f.variables().size(), r);
            double[][] fd = centralDifferences(f, v);
            double[][] j = jac.at(v);
            worst = Math.max(worst, maxDiff(j, fd));
            transposed = Math.min(transposed, maxDiff(Mat.transpose(j), fd));
            double[][] p = jac.at(v);
            p[trial % p.length][(trial + 1) % p.length] += 1e-3;
            perturbed = Math.min(perturbed, maxDiff(p, fd));
        }
        return new double[] {worst, transposed, perturbed};
    }

    /** |compiled − Symja's D of the derived velocities, evaluated at v| over all entries (one Symja evaluation). */
    static double vsSymbolic(String term, int d, PolynomialMatrix jac, double[] v) {
        List<String> vars = HeadFlowDerivation.variables(d);
        List<IExpr> field = HeadFlowDerivation.fieldExpressions(term, d, Bindings.of());
        StringBuilder list = new StringBuilder("{");
        StringBuilder rules = new StringBuilder("{");
        for (int i = 0; i < vars.size(); i++) {
            list.append(i > 0 ? "," : "").append(Symja.text(field.get(i)));
            rules.append(i > 0 ? "," : "").append(vars.get(i)).append("->").append(Symja.number(v[i]));
        }
        IExpr exact = Symja.eval("N[ReplaceAll[D[" + list + "}, {{" + String.join(",", vars) + "}}], " + rules + "}]]");
        double[][] compiled = jac.at(v);
        double worst = 0;
        for (int i = 0; i < vars.size(); i++) {
            for (int j = 0; j < vars.size(); j++) {
                worst = Math.max(worst, Math.abs(exact.getAt(i + 1).getAt(j + 1).evalf() - compiled[i][j]));
            }
        }
        return worst;
    }

    /**
     * With sg the field is not a gradient and its Jacobian not symmetric: the transpose is rejected. Without sg it is
     * the negative Hessian of the pair loss, symmetric, and the transpose agrees.
     */
    static void transposedControl(double transposedVsDifferences, boolean sg) {
        if (sg) {
            assertThat(transposedVsDifferences).as("transposed Jacobian rejected").isGreaterThan(1e3 * FD_TOL);
        } else {
            assertThat(transposedVsDifferences).as("gradient field: symmetric Jacobian").isLessThan(FD_TOL);
        }
    }

    @Test
    @DisplayName("head pair fields (sg and no sg, d = 2): compiled Jacobian = differences = Symja's D; transposed and perturbed rejected")
    void headPairJacobians() {
        for (var loss : List.of(HeadFlowDerivationTest.SG, HeadFlowDerivationTest.NO_SG)) {
            for (boolean clean : new boolean[] {true, false}) {
                PolynomialField f = HeadFlowDerivation.pairField(loss, 2, clean);
                PolynomialMatrix j = HeadFlowDerivation.pairJacobian(loss, 2, clean);
                assertThat(j.variables()).isEqualTo(f.variables());
                double[] c = compare(f, j, 11);
                assertThat(c[0]).as("compiled vs central differences, " + loss.name()).isLessThan(FD_TOL);
                transposedControl(c[1], loss.usesStopGradient());
                assertThat(c[2]).as("perturbed Jacobian rejected").isGreaterThan(1e3 * FD_TOL);
                double[] v = randomState(f.variables().size(), new Random(5));
                assertThat(vsSymbolic(clean ? loss.cleanTerm() : loss.sharedTerm(), 2, j, v))
                        .as("compiled vs Symja's D at one point").isLessThan(1e-12);
            }
        }
    }

    @Test
    @DisplayName("§5 per-sample fields (plain, projection, projection + sg, k = 2): compiled Jacobian = differences = Symja's D")
    void teacherStudentSampleJacobians() {
        for (TeacherStudentMode mode : TeacherStudentMode.values()) {
            PolynomialField f = TeacherStudentDerivation.sampleField(mode, 2);
            PolynomialMatrix j = TeacherStudentDerivation.sampleJacobian(mode, 2);
            double[] c = compare(f, j, 13);
            assertThat(c[0]).as("compiled vs central differences, " + mode).isLessThan(FD_TOL);
            transposedControl(c[1], mode == TeacherStudentMode.PROJECTION_SG);
            assertThat(c[2]).as("perturbed Jacobian rejected, " + mode).isGreaterThan(1e3 * FD_TOL);
            double[] v = randomState(f.variables().size(), new Random(6));
            assertThat(vsSymbolic(TeacherStudentDerivation.sampleTerm(mode), 2, j, v))
                    .as("compiled vs Symja's D at one point, " + mode).isLessThan(1e-12);
        }
    }
}
