package org.collapseharness.numerics.problems;

import java.util.List;
import java.util.function.DoubleFunction;
import org.collapseharness.numerics.Equations;
import org.collapseharness.numerics.ExactLinearPropagator;
import org.collapseharness.numerics.InitialStates;
import org.collapseharness.numerics.LinearOperators;
import org.collapseharness.numerics.MinimalModelFlow;
import org.collapseharness.numerics.OdeProblem;
import org.collapseharness.numerics.ParticleLayout;
import org.collapseharness.numerics.TimeGrid;
import org.hipparchus.ode.OrdinaryDifferentialEquation;

/**
 * Initial-value problems with exact solutions (closed form, eigen-decomposition or an exact propagator), for testing
 * and benchmarking every {@link org.collapseharness.numerics.OdeAlgorithm}. Every problem is autonomous (a
 * time-dependent one carries time as its last state variable, s' = 1), since the exponential integrator linearises in
 * the state only; the linear ones and Prothero–Robinson carry their analytic Jacobian.
 */
public final class TestProblems {
    private TestProblems() {
    }

    /** Every problem of the catalogue. */
    public static List<OdeProblem> all() {
        return List.of(exponentialDecay(), rotationWithDecay(), stiffLinear(), protheroRobinson(), logistic(),
                minimalModel());
    }

    /** y' = −y/2, y(0) = 1: y = e^{−t/2}. */
    public static OdeProblem exponentialDecay() {
        double lambda = -0.5;
        return linear("exponential decay", new double[][] {{lambda}}, new double[] {1}, TimeGrid.uniform(4, 8),
                t -> new double[] {Math.exp(lambda * t)});
    }

    /** y' = A y, A = [[−a, ω], [−ω, −a]] (a = 0.1, ω = 2): y = e^{−at} R(ωt) y0 with R the rotation by −ωt. */
    public static OdeProblem rotationWithDecay() {
        double a = 0.1;
        double w = 2;
        double[] y0 = {1, 0.5};
        return linear("rotation with decay", new double[][] {{-a, w}, {-w, -a}}, y0, TimeGrid.uniform(10, 20), t -> {
            double e = Math.exp(-a * t);
            double c = Math.cos(w * t);
            double s = Math.sin(w * t);
            return new double[] {e * (c * y0[0] + s * y0[1]), e * (-s * y0[0] + c * y0[1])};
        });
    }

    /** Eigenvalues of {@link #stiffLinear()}: stiffness ratio 2000. */
    public static final double[] STIFF_EIGENVALUES = {-1, -50, -2000};

    /**
     * y' = A y with A = Q D Qᵀ, D = diag({@link #STIFF_EIGENVALUES}), Q the Householder reflection I − 2vvᵀ/vᵀv,
     * v = (1, 2, 3): y = Q e^{Dt} Qᵀ y0 (exact from the eigen-decomposition).
     */
    public static OdeProblem stiffLinear() {
        double[] v = {1, 2, 3};
        double vv = 14;
        int n = 3;
        double[][] q = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                q[i][j] = (i == j ? 1 : 0) - 2 * v[i] * v[j] / vv;
            }
        }
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < n; k++) {
                    a[i][j] += q[i][k] * STIFF_EIGENVALUES[k] * q[j][k];
                }
            }
        }
        double[] y0 = {1, -1, 2};
        return linear("stiff linear", a, y0, TimeGrid.uniform(2, 10), t -> {
            double[] out = new double[n];
            for (int k = 0; k < n; k++) {
                double c = 0;
                for (int j = 0; j < n; j++) {
                    c += q[j][k] * y0[j];
                }
                c *= Math.exp(STIFF_EIGENVALUES[k] * t);
                for (int i = 0; i < n; i++) {
                    out[i] += q[i][k] * c;
                }
            }
            return out;
        });
    }

    /** Stiffness parameter of {@link #protheroRobinson()}. */
    public static final double PR_LAMBDA = -1000;

    /**
     * Prothero–Robinson, y' = λ(y − g(s)) + g'(s), s' = 1, g = sin, λ = {@value #PR_LAMBDA}, y(0) = g(0): y = sin t,
     * s = t (stiff: every solution is attracted to g at rate |λ|).
     */
    public static OdeProblem protheroRobinson() {
        OrdinaryDifferentialEquation f = Equations.autonomous(2, y -> new double[] {PR_LAMBDA * (y[0] - Math.sin(y[1]))
                + Math.cos(y[1]), 1});
        return new OdeProblem("Prothero-Robinson", f, new double[] {0, 0}, TimeGrid.uniform(3, 12))
                .withExact(t -> new double[] {Math.sin(t), t})
                .withJacobian((t, y) -> new double[][] {{PR_LAMBDA, -PR_LAMBDA * Math.cos(y[1]) - Math.sin(y[1])},
                    {0, 0}});
    }

    /** y' = r y (1 − y/K), r = 1, K = 2, y(0) = 0.1: y = K / (1 + (K/y0 − 1) e^{−rt}). */
    public static OdeProblem logistic() {
        double r = 1;
        double k = 2;
        double y0 = 0.1;
        return new OdeProblem("logistic", Equations.autonomous(1, y -> new double[] {r * y[0] * (1 - y[0] / k)}), new double[] {y0},
                TimeGrid.uniform(10, 10)).withExact(t -> new double[] {k / (1 + (k / y0 - 1) * Math.exp(-r * t))});
    }

    /** The §3 minimal model, K = 3, n = 4, m = 1, d = 2, seeded state: exact by {@link ExactLinearPropagator}. */
    public static OdeProblem minimalModel() {
        ParticleLayout l = new ParticleLayout(3, 4, 1, 2);
        ExactLinearPropagator exact = new ExactLinearPropagator(
                LinearOperators.assemble(new MinimalModelFlow(l.perCoordinate())), l.dim());
        double[] y0 = InitialStates.gaussian(l.size(), 5, 1.0);
        return new OdeProblem("minimal model " + l, new MinimalModelFlow(l), y0, TimeGrid.uniform(5, 10))
                .withExact(t -> exact.propagate(y0, t));
    }

    private static OdeProblem linear(String name, double[][] a, double[] y0, double[] times,
                                     DoubleFunction<double[]> exact) {
        OrdinaryDifferentialEquation f = Equations.autonomous(a.length, y -> {
            double[] out = new double[a.length];
            for (int i = 0; i < a.length; i++) {
                for (int j = 0; j < a.length; j++) {
                    out[i] += a[i][j] * y[j];
                }
            }
            return out;
        });
        return new OdeProblem(name, f, y0, times).withExact(exact).withJacobian((t, y) -> a);
    }
}
