package org.collapseharness.numerics;

/**
 * Step-size control of an adaptive integrator. A step is accepted when its error estimate err (the local error
 * scaled by absTol + relTol·|y| per component; RMS over components for the Dormand–Prince pairs and Rodas, max norm for
 * the exponential integrator) is at most 1; the next step is h · clamp(safety · err^(−1/q),
 * minFactor, maxFactor) with q the order of the error estimate. Every algorithm reads all of its settings from here.
 *
 * @param relTol         relative tolerance per step
 * @param absTol         absolute tolerance per step
 * @param minStep        smallest admissible step; below it the solve ends with STEP_SIZE_UNDERFLOW
 * @param maxStep        largest step ({@link Double#POSITIVE_INFINITY}: bounded by the integration interval only)
 * @param initialStep    first trial step ({@link Double#NaN}: the algorithm's own estimate, Hipparchus' for the
 *                       Dormand–Prince pair)
 * @param safety         safety factor on the optimal step
 * @param minFactor      smallest factor by which one step may shrink the step size
 * @param maxFactor      largest factor by which one step may grow the step size
 * @param maxEvaluations right-hand-side budget; beyond it the solve ends with MAX_EVALUATIONS
 * @param maxSteps       step-attempt budget (accepted and rejected); beyond it the solve ends with MAX_EVALUATIONS
 */
public record StepControl(double relTol, double absTol, double minStep, double maxStep, double initialStep,
                          double safety, double minFactor, double maxFactor, long maxEvaluations, long maxSteps) {

    /** Default smallest step. */
    public static final double DEFAULT_MIN_STEP = 1e-12;
    /** Default safety factor (Hipparchus' default for its embedded Runge–Kutta integrators). */
    public static final double DEFAULT_SAFETY = 0.9;
    /** Default smallest shrink factor (Hipparchus' default). */
    public static final double DEFAULT_MIN_FACTOR = 0.2;
    /** Default largest growth factor of the Dormand–Prince pairs (Hipparchus' default). */
    public static final double DEFAULT_MAX_FACTOR = 10.0;
    /** Default right-hand-side budget. */
    public static final long DEFAULT_MAX_EVALUATIONS = 20_000_000;
    /** Unlimited budget. */
    public static final long UNLIMITED = Long.MAX_VALUE;

    public StepControl {
        if (!(relTol >= 0) || !(absTol >= 0) || relTol + absTol == 0) {
            throw new IllegalArgumentException("tolerances must be non-negative and not both zero");
        }
        if (!(minStep >= 0) || !(maxStep > 0) || !(safety > 0) || !(minFactor > 0) || !(maxFactor >= 1)
                || maxEvaluations < 1 || maxSteps < 1) {
            throw new IllegalArgumentException("invalid step control");
        }
    }

    /**
     * Defaults: min step {@value #DEFAULT_MIN_STEP}, unbounded max step, the algorithm's own first step, safety
     * {@value #DEFAULT_SAFETY}, factors in [{@value #DEFAULT_MIN_FACTOR}, {@value #DEFAULT_MAX_FACTOR}],
     * {@value #DEFAULT_MAX_EVALUATIONS} evaluations, unlimited steps.
     */
    public static StepControl of(double relTol, double absTol) {
        return new StepControl(relTol, absTol, DEFAULT_MIN_STEP, Double.POSITIVE_INFINITY, Double.NaN, DEFAULT_SAFETY,
                DEFAULT_MIN_FACTOR, DEFAULT_MAX_FACTOR, DEFAULT_MAX_EVALUATIONS, UNLIMITED);
    }

    public StepControl withTolerances(double newRelTol, double newAbsTol) {
        return new StepControl(newRelTol, newAbsTol, minStep, maxStep, initialStep, safety, minFactor, maxFactor,
                maxEvaluations, maxSteps);
    }

    public StepControl withMinStep(double h) {
        return new StepControl(relTol, absTol, h, maxStep, initialStep, safety, minFactor, maxFactor, maxEvaluations,
                maxSteps);
    }

    public StepControl withMaxStep(double h) {
        return new StepControl(relTol, absTol, minStep, h, initialStep, safety, minFactor, maxFactor, maxEvaluations,
                maxSteps);
    }

    public StepControl withInitialStep(double h) {
        return new StepControl(relTol, absTol, minStep, maxStep, h, safety, minFactor, maxFactor, maxEvaluations,
                maxSteps);
    }

    public StepControl withFactors(double newSafety, double newMinFactor, double newMaxFactor) {
        return new StepControl(relTol, absTol, minStep, maxStep, initialStep, newSafety, newMinFactor, newMaxFactor,
                maxEvaluations, maxSteps);
    }

    public StepControl withMaxEvaluations(long max) {
        return new StepControl(relTol, absTol, minStep, maxStep, initialStep, safety, minFactor, maxFactor, max,
                maxSteps);
    }

    public StepControl withMaxSteps(long max) {
        return new StepControl(relTol, absTol, minStep, maxStep, initialStep, safety, minFactor, maxFactor,
                maxEvaluations, max);
    }

    /** Error scale of one component: absTol + relTol · y. */
    public double scale(double y) {
        return absTol + relTol * y;
    }

    @Override
    public String toString() {
        return "rtol=" + relTol + ", atol=" + absTol;
    }
}
