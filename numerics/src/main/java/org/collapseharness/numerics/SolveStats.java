package org.collapseharness.numerics;

/**
 * Work counters of one solve. A count an algorithm does not perform is 0 (the Dormand–Prince pairs form no Jacobian
 * and no LU decomposition; the exponential integrator factorises nothing); {@link #NOT_COUNTED} (−1) marks a count the
 * algorithm performs but cannot report (the rejected steps inside Hipparchus).
 *
 * @param rhsEvaluations      calls of the right-hand side, including those spent on finite-difference Jacobians
 * @param jacobianEvaluations Jacobians formed or linearisations set up (finite-difference or analytic)
 * @param luDecompositions    LU decompositions (implicit and Rosenbrock methods)
 * @param acceptedSteps       accepted steps
 * @param rejectedSteps       rejected step attempts (error test failed, non-finite trial, unconverged Krylov basis)
 */
public record SolveStats(long rhsEvaluations, long jacobianEvaluations, long luDecompositions, long acceptedSteps,
                         long rejectedSteps) {

    /** A count the algorithm performs but does not report. */
    public static final long NOT_COUNTED = -1;

    /** Only the right-hand-side count is known. */
    public static SolveStats evaluationsOnly(long rhsEvaluations) {
        return new SolveStats(rhsEvaluations, NOT_COUNTED, NOT_COUNTED, NOT_COUNTED, NOT_COUNTED);
    }
}
