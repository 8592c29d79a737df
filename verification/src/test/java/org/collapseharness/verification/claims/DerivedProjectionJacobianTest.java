package org.collapseharness.verification.claims;

import static org.assertj.core.api.Assertions.assertThat;

import org.collapseharness.numerics.DerivedProjectionJacobian;
import org.collapseharness.numerics.InitialStates;
import org.collapseharness.numerics.Jacobians;
import org.collapseharness.numerics.ParticleLayout;
import org.collapseharness.numerics.ProjectionFlow;
import org.collapseharness.numerics.ProjectionMoments;
import org.collapseharness.theory.ProjectionJacobians;
import org.collapseharness.theory.symbolic.ProjectionJacobianDerivation;
import org.collapseharness.theory.symbolic.ProjectionWordDerivation;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The Jacobians derived by Symja ({@link ProjectionJacobianDerivation}) and assembled in numerics, against central
 * differences of the hand-written fields at seeded random states, with and without stop-gradient; the hand-derived
 * particle Jacobian is a second witness. Negative controls: a perturbed Jacobian and the other sg choice's Jacobian
 * are rejected by the same check. The dimension-free word form ({@link ProjectionWordDerivation}) is checked the same
 * way at d = 5 and 6, above the explicit-entry derivation's reach.
 */
@DisplayName("Derived §4 Jacobians (particles and moments) against central differences")
class DerivedProjectionJacobianTest {
    /** Accepted: largest |derived − differenced| relative to the largest entry. */
    static final double TOLERANCE = 1e-8;


    private static boolean accepted(double[][] candidate, OrdinaryDifferentialEquation field, double[] u) {
        return Jacobians.relativeDifference(candidate, Jacobians.dense(field, 0, u, new long[1])) < TOLERANCE;
    }

    private static double[][] perturbed(double[][] j, int row, int col) {
        double[][] bad = new double[j.length][];
        for (int i = 0; i < j.length; i++) {
            bad[i] = j[i].clone();
        }
        bad[row][col] += 1e-4 * Math.max(1, Math.abs(bad[row][col]));
        return bad;
    }

    @Test
    void particleJacobianFromTheDerivationMatchesDifferencesAndTheHandDerivedWitness() {
        long seed = 21;
        for (int d = 1; d <= 3; d++) {
            ParticleLayout l = new ParticleLayout(3, 3, 2, d);
            for (boolean sg : new boolean[] {true, false}) {
                ProjectionFlow f = new ProjectionFlow(l, sg);
                DerivedProjectionJacobian derived = new DerivedProjectionJacobian(l,
                        ProjectionJacobianDerivation.derive(d, sg));
                DerivedProjectionJacobian other = new DerivedProjectionJacobian(l,
                        ProjectionJacobianDerivation.derive(d, !sg));
                for (int k = 0; k < 2; k++) {
                    double[] u = InitialStates.gaussian(f.getDimension(), seed++, 1.0);
                    double[][] j = derived.jacobian(0, u);
                    assertThat(accepted(j, f, u)).as("d=%d sg=%s", d, sg).isTrue();
                    // second witness: the hand-derived Jacobian agrees to rounding
                    assertThat(Jacobians.relativeDifference(j, f.jacobian(0, u))).isLessThan(1e-13);
                    assertThat(accepted(perturbed(j, f.wOffset(), k), f, u)).as("perturbed").isFalse();
                    assertThat(accepted(other.jacobian(0, u), f, u)).as("other sg").isFalse();
                }
            }
        }
    }

    @Test
    void momentJacobianFromTheDerivationMatchesDifferences() {
        long seed = 41;
        for (int d = 1; d <= 3; d++) {
            for (boolean sg : new boolean[] {true, false}) {
                for (int shared : new int[] {0, 2}) {
                    ProjectionMoments mo = new ProjectionMoments(3, 4, shared, d, sg);
                    ProjectionJacobians dj = ProjectionJacobianDerivation.derive(d, sg);
                    double[] u = InitialStates.gaussian(mo.getDimension(), seed++, 1.0);
                    double[][] j = mo.derivedJacobian(dj).jacobian(0, u);
                    assertThat(accepted(j, mo, u)).as("d=%d sg=%s m=%d", d, sg, shared).isTrue();
                    assertThat(accepted(perturbed(j, mo.wOffset(), mo.cx()), mo, u)).as("perturbed").isFalse();
                    assertThat(accepted(mo.derivedJacobian(ProjectionJacobianDerivation.derive(d, !sg))
                            .jacobian(0, u), mo, u)).as("other sg").isFalse();
                }
            }
        }
    }

    @Test
    void dimensionFreeJacobiansMatchDifferencesAtFiveAndSixDimensions() {
        long seed = 61;
        for (int d = 5; d <= 6; d++) {
            for (boolean sg : new boolean[] {true, false}) {
                ParticleLayout l = new ParticleLayout(2, 2, 1, d);
                ProjectionFlow f = new ProjectionFlow(l, sg);
                double[] u = InitialStates.gaussian(f.getDimension(), seed++, 1.0);
                double[][] j = new DerivedProjectionJacobian(l, ProjectionWordDerivation.derive(d, sg)).jacobian(0, u);
                assertThat(accepted(j, f, u)).as("particles d=%d sg=%s", d, sg).isTrue();
                assertThat(Jacobians.relativeDifference(j, f.jacobian(0, u))).isLessThan(1e-13);
                assertThat(accepted(perturbed(j, f.wOffset(), 1), f, u)).as("perturbed").isFalse();
                assertThat(accepted(new DerivedProjectionJacobian(l, ProjectionWordDerivation.derive(d, !sg))
                        .jacobian(0, u), f, u)).as("other sg").isFalse();

                ProjectionMoments mo = new ProjectionMoments(3, 4, 2, d, sg);
                double[] s = InitialStates.gaussian(mo.getDimension(), seed++, 1.0);
                double[][] jm = mo.derivedJacobian(ProjectionWordDerivation.derive(d, sg)).jacobian(0, s);
                assertThat(accepted(jm, mo, s)).as("moments d=%d sg=%s", d, sg).isTrue();
                assertThat(accepted(perturbed(jm, mo.wOffset(), mo.cz() + 1), mo, s)).as("perturbed").isFalse();
                assertThat(accepted(mo.derivedJacobian(ProjectionWordDerivation.derive(d, !sg)).jacobian(0, s), mo, s))
                        .as("other sg").isFalse();
            }
        }
    }
}
