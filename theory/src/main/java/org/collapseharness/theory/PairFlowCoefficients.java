package org.collapseharness.theory;

/**
 * The derived velocities of a linear pair-loss flow, as numbers at the loss's parameter values: each array holds the
 * coefficients of (s, y, t) in the velocity a sample or a label receives from one pair.
 *
 * @param cleanSample   velocity of a clean sample from its pair
 * @param cleanLabel    velocity of a label from one clean pair
 * @param sharedSample  velocity of a shared sample from one pair
 * @param sharedLabel   velocity of a label from one shared pair
 * @param samplePenalty velocity coefficient of s from the sample regulariser
 * @param labelPenalty  velocity coefficient of y from the label regulariser
 * @param emaRate       rate of the target copy (0 when there is none)
 * @param hasTarget     whether the state carries target copies
 */
public record PairFlowCoefficients(double[] cleanSample, double[] cleanLabel, double[] sharedSample,
                                   double[] sharedLabel, double samplePenalty, double labelPenalty, double emaRate,
                                   boolean hasTarget) {
}
