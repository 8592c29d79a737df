package org.collapseharness.numerics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.collapseharness.theory.Mat;
import org.collapseharness.theory.PolynomialField;
import org.collapseharness.theory.PolynomialMatrix;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The full-system Jacobian of {@link HeadPairFlow} assembled from per-pair Jacobian blocks against central
 * differences of the assembled flow. The pair Jacobians are built here from {@link HeadPairFlowTest}'s hand-expanded
 * pair fields by differentiating each monomial (numerics does not use the symbolic derivation).
 */
@DisplayName("HeadPairFlow: the Jacobian assembled from pair blocks")
class HeadPairFlowJacobianTest {

    /** Each monomial c·Π v^p differentiated by every variable it contains. */
    static PolynomialMatrix differentiate(HeadPairFlow.PairField f) {
        int nv = f.coefficients().length;
        List<int[]> at = new ArrayList<>();
        List<double[]> coeffs = new ArrayList<>();
        List<int[][]> exps = new ArrayList<>();
        for (int i = 0; i < nv; i++) {
            for (int j = 0; j < nv; j++) {
                List<Double> c = new ArrayList<>();
                List<int[]> e = new ArrayList<>();
                for (int k = 0; k < f.coefficients()[i].length; k++) {
                    int[] p = f.exponents()[i][k];
                    if (p[j] > 0) {
                        int[] q = p.clone();
                        q[j]--;
                        c.add(f.coefficients()[i][k] * p[j]);
                        e.add(q);
                    }
                }
                if (!c.isEmpty()) {
                    at.add(new int[] {i, j});
                    coeffs.add(c.stream().mapToDouble(Double::doubleValue).toArray());
                    exps.add(e.toArray(new int[0][]));
                }
            }
        }
        int[] flat = at.stream().mapToInt(ij -> ij[0] * nv + ij[1]).toArray();
        return PolynomialMatrix.compile(nv, nv, PolynomialField.pairVariables(f.dim()), flat,
                coeffs.toArray(new double[0][]), exps.toArray(new int[0][][]));
    }

    static HeadPairFlow flow(ParticleLayout l) {
        HeadPairFlow.PairField clean = HeadPairFlowTest.projectionField(l.dim(), true);
        HeadPairFlow.PairField shared = HeadPairFlowTest.projectionField(l.dim(), false);
        return new HeadPairFlow(l, clean, shared, differentiate(clean), differentiate(shared));
    }

    @Test
    @DisplayName("assembled Jacobian = central differences of the flow (sg clean pairs, no-sg shared pairs); its transpose is rejected")
    void assembledVsDifferences() {
        Random r = new Random(3);
        for (ParticleLayout l : new ParticleLayout[] {new ParticleLayout(3, 2, 2, 2), new ParticleLayout(2, 2, 1, 3)}) {
            HeadPairFlow f = flow(l);
            for (int trial = 0; trial < 3; trial++) {
                double[] u = new double[f.getDimension()];
                for (int i = 0; i < u.length; i++) {
                    u[i] = r.nextGaussian();
                }
                double[][] fd = Jacobians.dense(y -> f.computeDerivatives(0, y), u);
                double[][] j = f.jacobian(0, u);
                assertThat(ArrayOps.maxAbsDiff(j, fd)).as("assembled vs differences, %s", l).isLessThan(1e-7);
                assertThat(ArrayOps.maxAbsDiff(Mat.transpose(j), fd)).as("transposed assembly rejected, %s", l)
                        .isGreaterThan(1e-3);
            }
        }
    }

    @Test
    @DisplayName("Rodas with the assembled Jacobian reproduces DP853 on a small layout; problem() attaches the Jacobian")
    void rodasMatchesDp853() {
        ParticleLayout l = new ParticleLayout(2, 2, 1, 2);
        HeadPairFlow f = flow(l);
        double[] u0 = ProjectionSimulator.initialState(l, 1);
        double[] times = {0, 1, 2, 4};
        OdeProblem p = f.problem("head", u0, times);
        assertThat(p.jacobian()).isPresent();
        OdeSolution a = OdeSolver.solve(p, OdeAlgorithm.dp853(1e-10, 1e-12));
        OdeSolution b = OdeSolver.solve(p, OdeAlgorithm.rodas(1e-9, 1e-12));
        assertThat(a.success()).isTrue();
        assertThat(b.success()).isTrue();
        assertThat(b.stats().jacobianEvaluations()).isPositive();
        assertThat(ArrayOps.maxAbsDiff(a.last(), b.last())).isLessThan(1e-6);
        HeadPairFlow.PairField field = HeadPairFlowTest.projectionField(2, true);
        assertThat(new HeadPairFlow(l, field, field).problem("no jacobian", u0, times).jacobian()).isEmpty();
        assertThatThrownBy(() -> new HeadPairFlow(l, field, field).jacobian(0, u0))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new HeadPairFlow(l, field, field, differentiate(field), null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
