package org.collapseharness.numerics;

/**
 * Result of a solve: the state at each output time reached, a return code and diagnostics.
 *
 * @param code        SUCCESS or the failure kind
 * @param times       output times reached (a prefix of the problem's on failure)
 * @param states      states at those times
 * @param evaluations right-hand-side evaluations
 * @param wallSeconds wall-clock time of the solve
 * @param message     diagnostics (empty on success)
 * @param steps       accepted integrator steps (−1: not counted)
 */
public record OdeSolution(ReturnCode code, double[] times, double[][] states, long evaluations, double wallSeconds,
                          String message, long steps) {

    /** A solution whose step count is not known. */
    public OdeSolution(ReturnCode code, double[] times, double[][] states, long evaluations, double wallSeconds,
                       String message) {
        this(code, times, states, evaluations, wallSeconds, message, -1);
    }

    public boolean success() {
        return code == ReturnCode.SUCCESS;
    }

    public double[] last() {
        return states[states.length - 1];
    }
}
