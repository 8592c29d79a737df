package org.collapseharness.numerics;

import org.collapseharness.theory.ProjectionJacobianForm;
import org.hipparchus.ode.OrdinaryDifferentialEquation;

/**
 * Runs the §4 projection-head model from a seeded state: every embedding i.i.d. N(0,1) (as in §3), W₀ = I + (0.3/√d) G
 * with G i.i.d. N(0,1) from seed + 1, integrated in one of two representations by any {@link OdeAlgorithm}: the full
 * particle system (DP853 as the witness for small n, the Krylov exponential integrator for large n; no reduction
 * used) or the exact moment reduction (any n).
 *
 * <p>Jacobians: given the derived {@link ProjectionJacobianForm} (from the symbolic pipeline), the moment reduction uses
 * {@link ProjectionMoments#derivedJacobian} and Rodas on all particles uses {@link DerivedProjectionJacobian} with the
 * {@link BorderedSolver} (when the algorithm carries the default dense LU). Without them (callers that have no
 * derivation at hand) the moment reduction falls back to finite differences and the particles to the hand-derived
 * {@link ProjectionFlow#jacobian}. The Krylov exponential integrator on all particles stays matrix-free.
 */
public final class ProjectionSimulator {
    /** Scale of the random part of W₀ (times 1/√d). */
    public static final double W0_NOISE = 0.3;

    /** The state that is integrated. */
    public enum Representation {
        /** Every particle and W. */
        FULL,
        /** The exact order-parameter reduction {@link ProjectionMoments}. */
        MOMENTS
    }

    /**
     * @param times    output times reached
     * @param labels   labels at each output time, [time][class][coordinate]
     * @param w        W at each output time
     * @param minL2    MinL2 at each output time
     * @param solution the raw solve (return code, evaluations, wall time)
     * @param residual ‖field‖₂ of the integrated system at the last state
     * @param fieldNorms ‖field‖₂ of the integrated system at each output time
     */
    public record Result(double[] times, double[][][] labels, double[][][] w, double[] minL2, OdeSolution solution,
                         double residual, double[] fieldNorms) {
        public double[][] finalW() {
            return w[w.length - 1];
        }

        public double[][] finalLabels() {
            return labels[labels.length - 1];
        }
    }

    private ProjectionSimulator() {
    }

    /** Full particle state followed by W₀. */
    public static double[] initialState(ParticleLayout l, long seed) {
        double[] p = InitialStates.gaussian(l.size(), seed, 1.0);
        int d = l.dim();
        double[] g = InitialStates.gaussian(d * d, seed + 1, W0_NOISE / Math.sqrt(d));
        double[] u = new double[l.size() + d * d];
        System.arraycopy(p, 0, u, 0, p.length);
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < d; b++) {
                u[l.size() + a * d + b] = g[a * d + b] + (a == b ? 1 : 0);
            }
        }
        return u;
    }

    public static Result simulate(ParticleLayout l, boolean stopGradient, long seed, double[] times,
                                  Representation representation, OdeAlgorithm algorithm) {
        return simulate(l, stopGradient, initialState(l, seed), times, representation, algorithm, null);
    }

    /** From a seeded state, with the derived Jacobians (null: none at hand, see the class comment). */
    public static Result simulate(ParticleLayout l, boolean stopGradient, long seed, double[] times,
                                  Representation representation, OdeAlgorithm algorithm, ProjectionJacobianForm derived) {
        return simulate(l, stopGradient, initialState(l, seed), times, representation, algorithm, derived);
    }

    /** From a given full state u0 (particles followed by W, row-major). */
    public static Result simulate(ParticleLayout l, boolean stopGradient, double[] u0, double[] times,
                                  Representation representation, OdeAlgorithm algorithm) {
        return simulate(l, stopGradient, u0, times, representation, algorithm, null);
    }

    /** From a given full state u0, with the derived Jacobians (null: none at hand, see the class comment). */
    public static Result simulate(ParticleLayout l, boolean stopGradient, double[] u0, double[] times,
                                  Representation representation, OdeAlgorithm algorithm, ProjectionJacobianForm derived) {
        if (derived != null && (derived.dim() != l.dim() || derived.stopGradient() != stopGradient)) {
            throw new IllegalArgumentException("derived Jacobians for d = " + derived.dim() + ", sg = "
                    + derived.stopGradient() + " do not fit d = " + l.dim() + ", sg = " + stopGradient);
        }
        OdeSolution sol;
        OrdinaryDifferentialEquation eq;
        java.util.function.Function<double[], double[][]> wOf;
        java.util.function.Function<double[], double[][]> yOf;
        if (representation == Representation.FULL) {
            ProjectionFlow f = new ProjectionFlow(l, stopGradient);
            eq = f;
            OdeProblem problem = new OdeProblem("projection full", f, u0, times);
            // the analytic Jacobian serves Rodas4; the Krylov route stays matrix-free (Jacobian-vector products)
            if (algorithm instanceof OdeAlgorithm.Rodas4 rodas) {
                if (derived != null) {
                    problem = problem.withJacobian(new DerivedProjectionJacobian(l, derived));
                    if (rodas.linearSolver() == ShiftedJacobianSolver.DENSE_LU) {
                        algorithm = rodas.withLinearSolver(BorderedSolver.FACTORY);
                    }
                } else {
                    problem = problem.withJacobian(f);
                }
            }
            sol = OdeSolver.solve(problem, algorithm);
            wOf = f::w;
            yOf = f::labels;
        } else {
            ProjectionMoments mo = new ProjectionMoments(l.model(), stopGradient);
            eq = mo;
            OdeProblem problem = new OdeProblem("projection moments", mo, mo.fromParticles(l, u0), times);
            sol = OdeSolver.solve(derived != null ? problem.withJacobian(mo.derivedJacobian(derived)) : problem,
                    algorithm);
            wOf = mo::w;
            yOf = mo::labels;
        }
        int nt = sol.times().length;
        double[][][] ys = new double[nt][][];
        double[][][] ws = new double[nt][][];
        double[] mins = new double[nt];
        double[] norms = new double[nt];
        for (int i = 0; i < nt; i++) {
            ys[i] = yOf.apply(sol.states()[i]);
            ws[i] = wOf.apply(sol.states()[i]);
            mins[i] = minL2(ys[i]);
            norms[i] = ArrayOps.norm(eq.computeDerivatives(0, sol.states()[i]));
        }
        double res = nt == 0 ? Double.NaN : norms[nt - 1];
        return new Result(sol.times(), ys, ws, mins, sol, res, norms);
    }

    /** Stiffness of the moment reduction at the initial state over [0, tEnd] (selects the integrator in `auto`). */
    public static StiffnessEstimate stiffness(ParticleLayout l, boolean stopGradient, double[] u0, double tEnd) {
        ProjectionMoments mo = new ProjectionMoments(l.model(), stopGradient);
        return StiffnessEstimate.of(mo, mo.fromParticles(l, u0), tEnd, 60);
    }

    public static double minL2(double[][] y) {
        double min = Double.POSITIVE_INFINITY;
        for (int a = 0; a < y.length; a++) {
            for (int b = a + 1; b < y.length; b++) {
                double s = 0;
                for (int q = 0; q < y[a].length; q++) {
                    double r = y[a][q] - y[b][q];
                    s += r * r;
                }
                min = Math.min(min, Math.sqrt(s));
            }
        }
        return min;
    }
}
