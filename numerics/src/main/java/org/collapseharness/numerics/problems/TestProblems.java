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
 *
 * <p>The {@link #stiff()} problems come from the Test Set for IVP Solvers (F. Mazzia, C. Magherini et al., University
 * of Bari, release 2.4, 2008; problems ROBER, VDPOL, HIRES, OREGO, also in Hairer–Wanner, Solving ODEs II, Section
 * IV.10) with the analytic Jacobians given there. They have no closed form: their {@code exact} function returns the
 * test set's published reference solution at the end time (computed there with RADAU5 at tolerances ~1e-18) and the
 * initial state at t = 0, and rejects every other time, so their output times are {0, end}.
 */
public final class TestProblems {
    private TestProblems() {
    }

    /** Every problem of the catalogue. */
    public static List<OdeProblem> all() {
        return List.of(exponentialDecay(), rotationWithDecay(), stiffLinear(), protheroRobinson(), logistic(),
                minimalModel(), robertson(), vanDerPol(), hires(), orego());
    }

    /** The stiff problems of the catalogue, which explicit methods do not attempt. */
    public static List<OdeProblem> stiff() {
        return List.of(robertson(), vanDerPol(), hires(), orego());
    }

    /** Whether p is one of the {@link #stiff()} problems (by name). */
    public static boolean isStiff(OdeProblem p) {
        return stiff().stream().anyMatch(s -> s.name().equals(p.name()));
    }

    /**
     * ROBER (Robertson's chemical kinetics): y1' = −0.04 y1 + 10⁴ y2 y3, y2' = 0.04 y1 − 10⁴ y2 y3 − 3·10⁷ y2²,
     * y3' = 3·10⁷ y2², y(0) = (1, 0, 0), to t = 10¹¹.
     */
    public static OdeProblem robertson() {
        OrdinaryDifferentialEquation f = Equations.autonomous(3, y -> {
            double r1 = 0.04 * y[0];
            double r2 = 1e4 * y[1] * y[2];
            double r3 = 3e7 * y[1] * y[1];
            return new double[] {-r1 + r2, r1 - r2 - r3, r3};
        });
        return reference("Robertson", f, new double[] {1, 0, 0}, 1e11,
                new double[] {0.2083340149701255e-07, 0.8333360770334713e-13, 0.9999999791665050})
                .withJacobian((t, y) -> new double[][] {
                    {-0.04, 1e4 * y[2], 1e4 * y[1]},
                    {0.04, -1e4 * y[2] - 6e7 * y[1], -1e4 * y[1]},
                    {0, 6e7 * y[1], 0}});
    }

    /** ε of {@link #vanDerPol()} (μ = 1/√ε = 10³ in the unscaled form, stiffness ~1/ε). */
    public static final double VDP_EPSILON = 1e-6;

    /** VDPOL: y1' = y2, y2' = ((1 − y1²) y2 − y1)/ε, ε = {@value #VDP_EPSILON}, y(0) = (2, 0), to t = 2. */
    public static OdeProblem vanDerPol() {
        double eps = VDP_EPSILON;
        OrdinaryDifferentialEquation f = Equations.autonomous(2,
                y -> new double[] {y[1], ((1 - y[0] * y[0]) * y[1] - y[0]) / eps});
        return reference("Van der Pol (eps=1e-6)", f, new double[] {2, 0}, 2,
                new double[] {0.1706167732170483e+01, -0.8928097010247975e+00})
                .withJacobian((t, y) -> new double[][] {{0, 1},
                    {(-2 * y[0] * y[1] - 1) / eps, (1 - y[0] * y[0]) / eps}});
    }

    /** HIRES (high irradiance response of photomorphogenesis), 8 components, to t = 321.8122. */
    public static OdeProblem hires() {
        OrdinaryDifferentialEquation f = Equations.autonomous(8, y -> {
            double r = 280 * y[5] * y[7];
            return new double[] {
                -1.71 * y[0] + 0.43 * y[1] + 8.32 * y[2] + 0.0007,
                1.71 * y[0] - 8.75 * y[1],
                -10.03 * y[2] + 0.43 * y[3] + 0.035 * y[4],
                8.32 * y[1] + 1.71 * y[2] - 1.12 * y[3],
                -1.745 * y[4] + 0.43 * y[5] + 0.43 * y[6],
                -r + 0.69 * y[3] + 1.71 * y[4] - 0.43 * y[5] + 0.69 * y[6],
                r - 1.81 * y[6],
                -r + 1.81 * y[6]};
        });
        return reference("HIRES", f, new double[] {1, 0, 0, 0, 0, 0, 0, 0.0057}, 321.8122,
                new double[] {0.7371312573325668e-3, 0.1442485726316185e-3, 0.5888729740967575e-4,
                    0.1175651343283149e-2, 0.2386356198831331e-2, 0.6238968252742796e-2, 0.2849998395185769e-2,
                    0.2850001604814231e-2})
                .withJacobian((t, y) -> {
                    double[][] j = new double[8][8];
                    j[0][0] = -1.71;
                    j[0][1] = 0.43;
                    j[0][2] = 8.32;
                    j[1][0] = 1.71;
                    j[1][1] = -8.75;
                    j[2][2] = -10.03;
                    j[2][3] = 0.43;
                    j[2][4] = 0.035;
                    j[3][1] = 8.32;
                    j[3][2] = 1.71;
                    j[3][3] = -1.12;
                    j[4][4] = -1.745;
                    j[4][5] = 0.43;
                    j[4][6] = 0.43;
                    j[5][3] = 0.69;
                    j[5][4] = 1.71;
                    j[5][5] = -280 * y[7] - 0.43;
                    j[5][6] = 0.69;
                    j[5][7] = -280 * y[5];
                    j[6][5] = 280 * y[7];
                    j[6][6] = -1.81;
                    j[6][7] = 280 * y[5];
                    j[7][5] = -280 * y[7];
                    j[7][6] = 1.81;
                    j[7][7] = -280 * y[5];
                    return j;
                });
    }

    /**
     * OREGO (Oregonator): y1' = 77.27 (y2 + y1 (1 − 8.375·10⁻⁶ y1 − y2)), y2' = (y3 − (1 + y1) y2)/77.27,
     * y3' = 0.161 (y1 − y3), y(0) = (1, 2, 3), to t = 360.
     */
    public static OdeProblem orego() {
        OrdinaryDifferentialEquation f = Equations.autonomous(3, y -> new double[] {
            77.27 * (y[1] + y[0] * (1 - 8.375e-6 * y[0] - y[1])),
            (y[2] - (1 + y[0]) * y[1]) / 77.27,
            0.161 * (y[0] - y[2])});
        return reference("OREGO", f, new double[] {1, 2, 3}, 360,
                new double[] {0.1000814870318523e+01, 0.1228178521549917e+04, 0.1320554942846706e+03})
                .withJacobian((t, y) -> new double[][] {
                    {77.27 * (1 - 2 * 8.375e-6 * y[0] - y[1]), 77.27 * (1 - y[0]), 0},
                    {-y[1] / 77.27, -(1 + y[0]) / 77.27, 1 / 77.27},
                    {0.161, 0, -0.161}});
    }

    /** A problem with output times {0, tEnd} whose "exact" function is y0 at 0 and the reference at tEnd. */
    private static OdeProblem reference(String name, OrdinaryDifferentialEquation f, double[] y0, double tEnd,
                                        double[] yEnd) {
        return new OdeProblem(name, f, y0, new double[] {0, tEnd}).withExact(t -> {
            if (t == 0) {
                return y0.clone();
            }
            if (t == tEnd) {
                return yEnd.clone();
            }
            throw new IllegalArgumentException(name + ": reference solution only at t = 0 and t = " + tEnd);
        });
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
