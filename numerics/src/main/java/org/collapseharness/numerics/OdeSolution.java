package org.collapseharness.numerics;

/**
 * Result of a solve: the state at each output time reached, a return code, work counters and diagnostics.
 *
 * @param code        SUCCESS or the failure kind
 * @param times       output times reached (a prefix of the problem's on failure)
 * @param states      states at those times
 * @param stats       work counters
 * @param algorithm   name of the algorithm ({@link OdeAlgorithm#name()})
 * @param wallSeconds wall-clock time of the solve
 * @param message     diagnostics (empty on success)
 */
public record OdeSolution(ReturnCode code, double[] times, double[][] states, SolveStats stats, String algorithm,
                          double wallSeconds, String message) {

    public boolean success() {
        return code == ReturnCode.SUCCESS;
    }

    public double[] last() {
        return states[states.length - 1];
    }

    /** Right-hand-side evaluations ({@link SolveStats#rhsEvaluations()}). */
    public long evaluations() {
        return stats.rhsEvaluations();
    }

    /** Accepted steps ({@link SolveStats#acceptedSteps()}). */
    public long steps() {
        return stats.acceptedSteps();
    }
}
