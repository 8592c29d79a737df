package org.collapseharness.numerics.network;

import org.collapseharness.numerics.RateFit;

/**
 * What a §1 training run recorded: at step 0, at every power of two and every {@code every} steps.
 *
 * @param steps    recorded steps
 * @param eta      step size (the time of step s is τ = η s)
 * @param loss     loss at each recorded step
 * @param accuracy held-out accuracy at each recorded step
 * @param minL2    MinL2 of the raw labels at each recorded step
 * @param ok       false when the loss stopped being finite (the arrays end at the last finite record)
 * @param message  diagnostics when not ok
 */
public record NetworkTrajectory(int[] steps, double eta, double[] loss, double[] accuracy, double[] minL2, boolean ok,
                                String message) {

    /** Start of the late-time window as a fraction of the run (also never before the accuracy peak). */
    public static final double LATE_WINDOW_START = 0.5;

    private int last() {
        return steps.length - 1;
    }

    /** Index of the first record where the accuracy is maximal. */
    public int peakIndex() {
        int best = 0;
        for (int i = 1; i < accuracy.length; i++) {
            if (accuracy[i] > accuracy[best]) {
                best = i;
            }
        }
        return best;
    }

    public double accuracyPeak() {
        return accuracy[peakIndex()];
    }

    public int accuracyPeakStep() {
        return steps[peakIndex()];
    }

    public double accuracyFinal() {
        return accuracy[last()];
    }

    public double minL2Initial() {
        return minL2[0];
    }

    public double minL2AtPeak() {
        return minL2[peakIndex()];
    }

    public double minL2Final() {
        return minL2[last()];
    }

    public double lossAtPeak() {
        return loss[peakIndex()];
    }

    public double lossFinal() {
        return loss[last()];
    }

    /** Times τ = η s of the records. */
    public double[] times() {
        double[] t = new double[steps.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = eta * steps[i];
        }
        return t;
    }

    /**
     * Log-linear fit of MinL2 against τ over the late window [max(τ_peak, ½ τ_end), τ_end]; its rate is negative for
     * a shrinking MinL2.
     */
    public RateFit minL2LateFit() {
        double[] t = times();
        double from = Math.max(t[peakIndex()], LATE_WINDOW_START * t[last()]);
        return RateFit.fit(t, minL2, from, t[last()], 0);
    }

    /** Late-time decay rate of MinL2 per unit τ (positive when it shrinks; NaN when the fit failed). */
    public double minL2LateRate() {
        RateFit f = minL2LateFit();
        return f.ok() ? -f.rate() : Double.NaN;
    }

    /** Fraction of recorded intervals after the accuracy peak in which the loss rose. */
    public double lossRiseFractionAfterPeak() {
        int rises = 0;
        int intervals = 0;
        for (int i = peakIndex() + 1; i < loss.length; i++) {
            intervals++;
            if (loss[i] > loss[i - 1]) {
                rises++;
            }
        }
        return intervals == 0 ? 0 : (double) rises / intervals;
    }
}
