package org.collapseharness.theory.nonlinear;

import java.util.Random;
import org.collapseharness.theory.nonlinear.NonlinearDerivation.Term;

/**
 * Numerical checks of a derived term at seeded random inputs (standard Gaussian entries): the compiled field against
 * the un-compiled graph, against central differences of the written-out loss with every stop-gradient held at its value
 * (which is what sg semantics means), and the compiled Jacobian against central differences of the compiled field.
 * Each returns the largest error relative to max(1, |reference|).
 */
public final class FieldChecks {
    /** Central-difference step. */
    public static final double STEP = 1e-5;

    private FieldChecks() {
    }

    /** Seeded Gaussian input points. */
    public static double[][] points(int inputs, int count, long seed) {
        Random r = new Random(seed);
        double[][] p = new double[count][inputs];
        for (double[] x : p) {
            for (int i = 0; i < inputs; i++) {
                x[i] = r.nextGaussian();
            }
        }
        return p;
    }

    /** Compiled field vs the graph walked recursively. */
    public static double fieldVsGraph(Term t, double[][] points) {
        double worst = 0;
        for (double[] x : points) {
            double[] f = t.field().evaluate(x);
            for (int j = 0; j < f.length; j++) {
                double ref = t.graph().interpret(t.fieldNodes()[j], x);
                worst = Math.max(worst, rel(f[j], ref));
            }
        }
        return worst;
    }

    /** Compiled field vs −(central differences of the loss, stop-gradients frozen at the point). */
    public static double fieldVsLoss(Term field, Term loss, double[][] points) {
        double worst = 0;
        Program l = loss.loss();
        for (double[] x : points) {
            double[] frozen = l.registers(x);
            double[] f = field.field().evaluate(x);
            for (int v = 0; v < x.length; v++) {
                double[] p = x.clone();
                double[] m = x.clone();
                p[v] += STEP;
                m[v] -= STEP;
                double g = (l.evaluateFrozen(p, frozen)[0] - l.evaluateFrozen(m, frozen)[0]) / (2 * STEP);
                worst = Math.max(worst, rel(f[v], -g));
            }
        }
        return worst;
    }

    /** Compiled Jacobian vs central differences of the compiled field. */
    public static double jacobianVsField(Term t, double[][] points) {
        double worst = 0;
        int n = t.inputs();
        for (double[] x : points) {
            double[] jac = t.jacobian().evaluate(x);
            for (int v = 0; v < n; v++) {
                double[] p = x.clone();
                double[] m = x.clone();
                p[v] += STEP;
                m[v] -= STEP;
                double[] fp = t.field().evaluate(p);
                double[] fm = t.field().evaluate(m);
                for (int j = 0; j < n; j++) {
                    worst = Math.max(worst, rel(jac[j * n + v], (fp[j] - fm[j]) / (2 * STEP)));
                }
            }
        }
        return worst;
    }

    /** Forward-mode Jacobian of the compiled field ({@link Program#jacobian}) vs the compiled Jacobian program. */
    public static double forwardVsProgram(Term t, double[][] points) {
        double worst = 0;
        int n = t.inputs();
        double[] fwd = new double[n * n];
        for (double[] x : points) {
            double[] jac = t.jacobian().evaluate(x);
            t.field().copy().jacobian(x, fwd);
            for (int i = 0; i < jac.length; i++) {
                worst = Math.max(worst, rel(fwd[i], jac[i]));
            }
        }
        return worst;
    }

    private static double rel(double a, double ref) {
        if (!Double.isFinite(a) || !Double.isFinite(ref)) {
            return Double.POSITIVE_INFINITY;
        }
        return Math.abs(a - ref) / Math.max(1, Math.abs(ref));
    }
}
