package org.collapseharness.numerics.variant;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.collapseharness.numerics.OdeProblem;
import org.collapseharness.numerics.ParticleLayout;
import org.collapseharness.numerics.ReturnCode;
import org.collapseharness.numerics.ShiftedJacobianSolver;
import org.collapseharness.theory.nonlinear.NonlinearDerivation;
import org.collapseharness.theory.variant.VariantParser;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Nonlinear variant flows: assembly, arrow solves, singular stops, fixed points")
class VariantRunTest {

    static VariantFlow flow(String name, int k, int n, int m, int d, double eps) {
        var v = VariantParser.parse(Path.of("..", "variants", name + ".variant"));
        return new VariantFlow(new ParticleLayout(k, n, m, d), NonlinearDerivation.derive(v, d, k, eps));
    }

    @Test
    @DisplayName("the assembled Jacobian matches central differences of the assembled field")
    void jacobianOfTheAssembledFlow() {
        String every = "variant every\nspecies clean shared labels head\nparameter tau = 1/2\n"
                + "term clean = 1 - cos(W.s, sg(y)) + 1/2*sq(y - sg(s))\nterm shared = 1/4*sq(W.s - y)\n"
                + "term labels = Exp(-2*sq(W.y - W.y2))\nterm contrast = Log(lsum(Exp(cos(W.s, y2)/tau)))\n"
                + "statistic labels = sq(Sqrt(mean((W.y)^2) - mean(W.y)^2 + 1/100))\n";
        for (String name : new String[] {"simsiam", "byol", "infonce", "vicreg", "label-decay", "every"}) {
            var v = name.equals("every") ? VariantParser.parse(every, "inline")
                    : VariantParser.parse(Path.of("..", "variants", name + ".variant"));
            VariantFlow f = new VariantFlow(new ParticleLayout(3, 2, 1, 2), NonlinearDerivation.derive(v, 2, 3, 0));
            double[] u = VariantRun.initialState(f, 3);
            double[][] jac = f.jacobian(0, u);
            double h = 1e-6;
            double worst = 0;
            for (int k = 0; k < u.length; k++) {
                double[] p = u.clone();
                double[] q = u.clone();
                p[k] += h;
                q[k] -= h;
                double[] fp = f.computeDerivatives(0, p);
                double[] fq = f.computeDerivatives(0, q);
                for (int j = 0; j < u.length; j++) {
                    worst = Math.max(worst, Math.abs(jac[j][k] - (fp[j] - fq[j]) / (2 * h)));
                }
            }
            assertThat(worst).as(name).isLessThan(1e-6);
            double[][] program = f.programJacobian(u);
            double gap = 0;
            for (int j = 0; j < u.length; j++) {
                for (int k = 0; k < u.length; k++) {
                    gap = Math.max(gap, Math.abs(jac[j][k] - program[j][k]) / Math.max(1, Math.abs(program[j][k])));
                }
            }
            assertThat(gap).as(name + ": forward mode vs the compiled Jacobian").isLessThan(1e-12);
            double[][] buffer = new double[u.length][u.length];
            f.jacobianInto(VariantRun.initialState(f, 4), buffer);
            f.jacobianInto(u, buffer);
            assertThat(buffer).as(name + ": a reused buffer").isDeepEqualTo(jac);
        }
    }

    @Test
    @DisplayName("the arrow solver solves (sigma I - J) x = b as the dense LU does")
    void arrowSolverMatchesDenseLu() {
        VariantFlow f = flow("simsiam", 3, 4, 2, 3, 0);
        double[] u = VariantRun.initialState(f, 5);
        OdeProblem p = new OdeProblem("p", f, u, new double[] {1}).withJacobian(f);
        ShiftedJacobianSolver arrow = ArrowSolver.FACTORY.create(p, new long[1]);
        ShiftedJacobianSolver dense = ShiftedJacobianSolver.DENSE_LU.create(p, new long[1]);
        double[] b = VariantRun.initialState(f, 6);
        double[] x1 = b.clone();
        double[] x2 = b.clone();
        for (ShiftedJacobianSolver s : new ShiftedJacobianSolver[] {arrow, dense}) {
            s.linearise(0, u, f.computeDerivatives(0, u));
            assertThat(s.factor(3.0)).isTrue();
        }
        arrow.solve(x1);
        dense.solve(x2);
        for (int i = 0; i < b.length; i++) {
            assertThat(x1[i]).isCloseTo(x2[i], org.assertj.core.data.Offset.offset(1e-10));
        }
    }

    @Test
    @DisplayName("BYOL-style head: Rodas and the DP853 witness stop at the same singular time, head rank lost")
    void singularStopAgreesBetweenIntegrators() {
        VariantFlow f = flow("byol", 3, 5, 2, 3, 0);
        double[] u0 = VariantRun.initialState(f, 1);
        VariantRun.Result r = VariantRun.run(f, u0, 20, 20, VariantRun.rodas(1e-6), false);
        VariantRun.Result w = VariantRun.run(f, u0, 20, 20, VariantRun.dp853(1e-8), false);
        assertThat(r.code()).isEqualTo(ReturnCode.SINGULAR_SET);
        assertThat(r.outcome()).isEqualTo(VariantRun.Outcome.HEAD_RANK_LOSS);
        assertThat(w.code()).isEqualTo(ReturnCode.SINGULAR_SET);
        assertThat(Math.abs(r.stopTime() - w.stopTime())).isLessThan(0.01 * w.stopTime());
    }

    @Test
    @DisplayName("the ε-regularised cosine runs through; the plain one is guarded")
    void epsilonRegularisation() {
        VariantFlow f = flow("cosine", 3, 3, 1, 2, 1e-2);
        double[] u0 = VariantRun.initialState(f, 2);
        VariantRun.Result r = VariantRun.run(f, u0, 20, 20, VariantRun.rodas(1e-6), false);
        assertThat(r.code()).isEqualTo(ReturnCode.SUCCESS);
    }

    @Test
    @DisplayName("minimal model: Rodas equals DP853, collapse, Newton fixed point, spectrum predicts the approach rate")
    void fixedPointAndRate() {
        VariantFlow f = flow("minimal", 3, 5, 2, 3, 0);
        double[] u0 = VariantRun.initialState(f, 1);
        VariantRun.Result r = VariantRun.run(f, u0, 100, 100, VariantRun.rodas(1e-8), true);
        VariantRun.Result w = VariantRun.run(f, u0, 100, 100, VariantRun.dp853(1e-10), false);
        assertThat(r.outcome()).isEqualTo(VariantRun.Outcome.COLLAPSED);
        double diff = 0;
        for (int i = 0; i < u0.length; i++) {
            diff = Math.max(diff, Math.abs(r.last()[i] - w.last()[i]));
        }
        assertThat(diff).isLessThan(1e-6);
        VariantRun.FixedPoint fp = r.fixedPoint();
        assertThat(fp.converged()).isTrue();
        assertThat(fp.spectrum().stable()).isTrue();
        assertThat(fp.approach().rate()).isCloseTo(fp.spectrum().maxRealNonzero(),
                org.assertj.core.data.Percentage.withPercentage(2));
        assertThat(fp.fieldDecay().rate()).isCloseTo(fp.spectrum().maxRealNonzero(),
                org.assertj.core.data.Percentage.withPercentage(2));
    }

    @Test
    @DisplayName("cosine: zero modes make the gap to Newton's point level off; the field decays with the slowest mode")
    void zeroModesAndTheFieldDecay() {
        VariantFlow f = flow("cosine", 3, 5, 2, 3, 0);
        VariantRun.Result r = VariantRun.run(f, VariantRun.initialState(f, 20260409L), 200, 200,
                VariantRun.rodas(1e-8), true);
        VariantRun.FixedPoint fp = r.fixedPoint();
        assertThat(fp.spectrum().zeroModes()).isPositive();
        double slow = fp.spectrum().maxRealNonzero();
        assertThat(fp.approach().rate() / slow).as("the gap levels off").isLessThan(0.5);
        assertThat(fp.fieldDecay().rate()).isCloseTo(slow, org.assertj.core.data.Percentage.withPercentage(2));
    }
}
