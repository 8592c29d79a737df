package org.collapseharness.numerics;

/**
 * The linear algebra of a linearly implicit (Rosenbrock) step: solves W x = b with W = σI − J, J the Jacobian of the
 * right-hand side at the start of the step and σ = 1/(hγ). The stepper calls {@link #linearise} once per accepted step
 * (the Jacobian is reused across rejected attempts), {@link #factor} once per step attempt (σ changes with h) and
 * {@link #solve} once per stage; apart from these calls it touches the state only through O(n) vector operations, so a
 * step costs O(n) plus what the solver spends. {@link #DENSE_LU} (dense Jacobian, LU with partial pivoting, O(n³) per
 * factorisation) is the default; a structured solver (block-diagonal W of a sector or particle structure, or a
 * matrix-free Krylov solve on Jacobian–vector products) implements the same three calls.
 */
public interface ShiftedJacobianSolver {

    /**
     * Sets J to the Jacobian at (t, y). f is f(t, y), for solvers that difference along it; neither array may be
     * modified or kept. Right-hand-side evaluations spent here are counted by the solver in the counter it was
     * created with.
     */
    void linearise(double t, double[] y, double[] f);

    /**
     * Prepares solves with W = σI − J (an LU decomposition for the dense solver).
     *
     * @return false when W is singular or not finite (the stepper then shortens the step or reports SINGULAR_MATRIX)
     */
    boolean factor(double sigma);

    /** Overwrites b with W⁻¹ b (after a successful {@link #factor}). */
    void solve(double[] b);

    /** Creates the solver of one solve. */
    @FunctionalInterface
    interface Factory {
        /**
         * @param problem        the problem (its equation and optional analytic Jacobian)
         * @param rhsEvaluations counter to which every right-hand-side evaluation of the solver is added
         */
        ShiftedJacobianSolver create(OdeProblem problem, long[] rhsEvaluations);
    }

    /**
     * Dense: J from the problem's {@link JacobianProvider}, else by {@link Jacobians#dense} (2n evaluations); LU of W
     * with partial pivoting; singular when a pivot is zero or not finite.
     */
    Factory DENSE_LU = DenseLuSolver::new;
}
