package org.collapseharness.theory.symbolic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.collapseharness.theory.ProjectionJacobianForm;
import org.collapseharness.theory.ProjectionJacobians;
import org.collapseharness.theory.ProjectionWordJacobians;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The dimension-free word form of the §4 Jacobians ({@link ProjectionWordDerivation}) against the explicit-entry
 * derivation ({@link ProjectionJacobianDerivation}) at d = 1, 2, 3, with and without sg: two routes through Symja
 * that share only the per-pair loss. Negative control: the other sg choice's word form disagrees.
 */
@DisplayName("Dimension-free §4 Jacobians agree with the explicit-entry derivation")
class ProjectionWordDerivationTest {

    private static double maxRelative(ProjectionJacobianForm a, ProjectionJacobianForm b, double[] pv, double[] fv) {
        int d = a.dim();
        int np = 2 * d + d * d;
        int nq = 2 * d * d;
        double[] pa = new double[np * np];
        double[] pb = new double[np * np];
        double[] qa = new double[nq * nq];
        double[] qb = new double[nq * nq];
        a.pairJacobian(pv, pa);
        b.pairJacobian(pv, pb);
        a.fluctuationJacobian(fv, qa);
        b.fluctuationJacobian(fv, qb);
        return Math.max(relative(pa, pb), relative(qa, qb));
    }

    private static double relative(double[] a, double[] b) {
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < a.length; i++) {
            diff = Math.max(diff, Math.abs(a[i] - b[i]));
            scale = Math.max(scale, Math.abs(b[i]));
        }
        return diff / Math.max(scale, 1e-300);
    }

    private static double[] gaussian(Random r, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextGaussian();
        }
        return v;
    }

    @Test
    void wordFormAgreesWithTheExplicitEntriesToRoundOff() {
        Random r = new Random(11);
        for (int d = 1; d <= 3; d++) {
            for (boolean sg : new boolean[] {true, false}) {
                ProjectionJacobians explicit = ProjectionJacobianDerivation.derive(d, sg);
                ProjectionWordJacobians words = ProjectionWordDerivation.derive(d, sg);
                ProjectionWordJacobians other = ProjectionWordDerivation.derive(d, !sg);
                assertThat(words.dim()).isEqualTo(d);
                for (int k = 0; k < 3; k++) {
                    double[] pv = gaussian(r, 2 * d + d * d);
                    double[] fv = gaussian(r, 2 * d * d);
                    assertThat(maxRelative(words, explicit, pv, fv)).as("d=%d sg=%s", d, sg).isLessThan(1e-13);
                    assertThat(maxRelative(other, explicit, pv, fv)).as("other sg").isGreaterThan(1e-3);
                }
            }
        }
    }
}
