package org.collapseharness.verification;

/**
 * The named one-sided thresholds of the harness, each with its reason. Claims decide outcomes (collapsed, separated,
 * stable, at least one) only through these; the report prints them with the comparisons that use them.
 */
public final class Thresholds {
    private Thresholds() {
    }

    // ------------------------------------------------------------------ collapse and separation

    /**
     * The collapse criterion of every claim that integrates to a fixed horizon: MinL2(T)/MinL2(0) ≤ 1e-4.
     */
    public static final Threshold COLLAPSED = Threshold.atMost("collapsed", 1e-4,
            "MinL2(T)/MinL2(0) at most 1e-4: the smallest distance between class means has lost four decades. Runs "
                    + "that keep finite separation (an unfrustrated model, an sg run) end at ratios of order 0.1 to 1; "
                    + "collapsing runs decay exponentially at their derived slow rate and are integrated long enough to "
                    + "pass 1e-6, so the criterion has two decades of room on either side");
    /** A stricter collapse criterion for the teacher-student runs, whose horizons are 25 slow time constants. */
    public static final Threshold COLLAPSED_LONG_HORIZON = Threshold.atMost("collapsed-long-horizon", 1e-6,
            "teacher-student runs integrate to T = 25/rho_eff (exact propagation) or T = 100 (projection head): the "
                    + "derived decay there is e^-25 ~ 1e-11, so collapse is asserted six decades down, well clear of "
                    + "the sg run that stays at a ratio of order 1");
    /** Collapse of a user loss variant at the horizon the variant check chooses. */
    public static final Threshold COLLAPSED_VARIANT = Threshold.atMost("collapsed-variant", 1e-3,
            "loss-variant runs stop at a horizon set from the derived slow rate without knowing the variant in "
                    + "advance: three decades of decay separate a collapsing variant from one whose slow sector-II "
                    + "eigenvalue is zero");
    /** The converse for a loss variant with a zero slow eigenvalue. */
    public static final Threshold NOT_COLLAPSED_VARIANT = Threshold.atLeast("not-collapsed-variant", 1e-2,
            "a zero slow sector-II eigenvalue keeps the class biases: MinL2 can only fall by the fast transients, "
                    + "not by two decades");
    /** Finite separation at the end of a run: MinL2(T) ≥ 1e-2 (absolute). */
    public static final Threshold SEPARATED = Threshold.atLeast("separated", 1e-2,
            "MinL2 at the end at least 1e-2 (absolute; initial MinL2 is of order 1): separated sg end states sit at "
                    + "0.1 to 1, collapsing runs fall below 1e-4 by the same horizon");
    /** A derived asymptotic separation MinL2(∞) that is positive, not a round-off zero. */
    public static final Threshold POSITIVE_SEPARATION = Threshold.atLeast("positive-separation", 1e-3,
            "the derived MinL2(inf) of a model without frustration is of order 0.1 to 1; 1e-3 is far above "
                    + "round-off and far below any finite separation of these models");
    /** Bounded away from collapse: MinL2(t)/MinL2(0) stays above one half after the adjustment phase. */
    public static final Threshold BOUNDED_AWAY = Threshold.atLeast("bounded-away", 0.5,
            "the sg projection head loses less than half of its initial separation in the fast adjustment; a "
                    + "collapsing run drops below this within a few slow time constants");
    /** No late drift of log MinL2 between T/2 and T. */
    public static final Threshold NO_LATE_DRIFT = Threshold.atMost("no-late-drift", 0.02,
            "|log MinL2(T) − log MinL2(T/2)| at most 0.02 (2%): a steady separation; the plain loss drifts by its "
                    + "slow rate times T/2, which is of order 10");

    // ------------------------------------------------------------------ basins of separation (Wilson 95 % bounds)

    /** Where sg separates: the Wilson lower bound of P(separated) over the pooled cells. */
    public static final Threshold BASIN_MOSTLY_SEPARATES = Threshold.atLeast("basin-mostly-separates", 0.75,
            "Wilson 95% lower bound of P(separated) pooled over 32 runs: at least 3/4 of initial states separate "
                    + "(32 of 32 gives 0.89, 28 of 32 gives 0.72); a cell that never separates gives 0");
    /** Where sg rarely separates: the Wilson upper bound of P(separated). */
    public static final Threshold BASIN_RARELY_SEPARATES = Threshold.atMost("basin-rarely-separates", 0.5,
            "Wilson 95% upper bound of P(separated) pooled over 32 runs: at most half of the initial states "
                    + "separate (8 of 32 gives 0.42)");
    /** Where sg never separates: the Wilson upper bound of P(separated) for 0 of 32. */
    public static final Threshold BASIN_NEVER_SEPARATES = Threshold.atMost("basin-never-separates", 0.11,
            "Wilson 95% upper bound of P(separated) pooled over 32 runs: 0 of 32 gives 0.107, one separated run "
                    + "gives 0.157");

    // ------------------------------------------------------------------ spectra and operators

    /** A spectral radius over its derived bound. */
    public static final Threshold WITHIN_SPECTRAL_BOUND = Threshold.atMost("within-spectral-bound", 1 + 1e-9,
            "spectral radius from a dense non-symmetric eigensolver divided by the derived bound: at most 1 up to "
                    + "round-off (1e-9)");
    /** A spectrum that is real in exact arithmetic. */
    public static final Threshold REAL_SPECTRUM = Threshold.atMost("real-spectrum", 1e-8,
            "max |Im| of the eigenvalues of T = (1−ρ) Gyy^-1 Gys Gss^-1 Gsy, a product similar to a symmetric "
                    + "positive semi-definite matrix: imaginary parts are round-off of the non-symmetric eigensolver");
    /** A spectrum that is non-negative in exact arithmetic. */
    public static final Threshold NON_NEGATIVE_SPECTRUM = Threshold.atLeast("non-negative-spectrum", -1e-10,
            "min Re of the same eigenvalues: non-negative in exact arithmetic, round-off of order 1e-15 times the "
                    + "matrix norm");
    /** A field that is not a gradient: its Jacobian is not symmetric. */
    public static final Threshold NON_GRADIENT = Threshold.atLeast("non-gradient-asymmetry", 1e-3,
            "|dF_s/dw − dF_w/ds| at a generic point: zero for a gradient flow (a symbolic identity, exactly 0), of "
                    + "order 0.1 to 1 for the sg field");
    /** A derived quantity that does not depend on a parameter. */
    public static final Threshold PARAMETER_INDEPENDENT = Threshold.atMost("parameter-independent", 1e-12,
            "spread over a parameter grid of a derived closed form evaluated in double precision: round-off only; "
                    + "a quantity that does depend on the parameter varies at order 0.01 or more");
    /** An invariant subspace: the image of a sector basis has no component off the sector. */
    public static final Threshold INVARIANT_SUBSPACE = Threshold.atMost("invariant-subspace", 1e-12,
            "image of an orthonormal sector basis under the hand-coded flow, projected off the sector: round-off "
                    + "only");
    /** The fast sector decays: its largest eigenvalue is negative, bounded away from zero. */
    public static final Threshold FAST_SECTOR_STABLE = Threshold.atMost("fast-sector-stable", -0.5,
            "largest sector-I eigenvalue: the derived sector-I rates are −1 (clean) and −1/(1−ρ) or faster, so −0.5 "
                    + "separates them from the slow sectors whose rates tend to 0");
    /** Linear stability: no non-zero eigenvalue with positive real part, relative to the spectral scale. */
    public static final Threshold STABLE_SPECTRUM = Threshold.atMost("stable-spectrum", -1e-6,
            "largest real part of a non-zero Jacobian eigenvalue divided by the spectral scale: must be negative; "
                    + "moduli below 1e-6 of the scale count as zero modes (round-off of a dense eigensolver on a "
                    + "Jacobian from central differences)");
    /** A vector in the kernel of a Jacobian, relative to the spectral scale. */
    public static final Threshold IN_KERNEL = Threshold.atMost("in-kernel", 1e-6,
            "|J g| / (|g| scale): the finite-difference Jacobian has relative error ~1e-8, so a kernel vector "
                    + "leaves a residual far below 1e-6 and a generic vector one of order 0.1");

    // ------------------------------------------------------------------ residuals

    /** Residual of a derived relation at the end state of an integrated run. */
    public static final Threshold END_STATE_RESIDUAL = Threshold.atMost("end-state", Tolerances.END_STATE.value(),
            Tolerances.END_STATE.reason());
    /** Fixed-point residual |field| at the end of a run that converged. */
    public static final Threshold FIXED_POINT_RESIDUAL = Threshold.atMost("fixed-point-residual", 1e-6,
            "|field| at the end of a DP853 run (rtol 1e-10) to t = 400 whose slowest non-zero rate is at least 0.1: "
                    + "the remaining transient is below e^-40; 1e-6 leaves room for the integrator's accuracy");
    /** Conserved quantity along a trajectory. */
    public static final Threshold CONSERVED = Threshold.atMost("conserved", Tolerances.CONSERVATION.value(),
            Tolerances.CONSERVATION.reason());
    /** Fluctuation part of a field that sees only the means. */
    public static final Threshold MEAN_ONLY_FIELD = Threshold.atMost("mean-only-field", 1e-10,
            "fluctuation part of the label field: derived closed forms and hand-coded fields are polynomial "
                    + "evaluations of O(1..100) numbers in double precision, so an absent dependence shows as round-off");
    /** Residual at which the DMFT trajectory iteration stops. */
    public static final Threshold DMFT_CONVERGED = Threshold.atMost("dmft-converged", 1e-10,
            "stopping tolerance of the DMFT iteration (max|W_new − W| / max(1, max|W|) per window): the fixed point "
                    + "of a contraction reached to near round-off of the trajectory values");
    /** Relative field residual ‖field‖/(n+m) at a steady state. */
    public static final Threshold STEADY_RESIDUAL = Threshold.atMost("steady-relative-residual", 1e-3,
            "‖field‖₂ / (n + m) at the end: label and W rates scale with n + m, so this is the residual per pair; "
                    + "the floor is set by the integrator tolerance 1e-4 (a transient state at t = 40 is far above it)");
    /** Invariance of the bias span at a steady state reached by the exponential integrator. */
    public static final Threshold STEADY_INVARIANCE = Threshold.atMost("steady-protected-value", 1e-5,
            "invariance residual of the bias span under W² at a state with relative residual <= 1e-3: distance to "
                    + "the fixed point is the residual over the slowest rate; observed ~1e-9");

    // ------------------------------------------------------------------ counts and rates

    /** An existence statement over seeds or cases: at least one. */
    public static final Threshold AT_LEAST_ONE = Threshold.atLeast("at-least-one", 1,
            "an existence statement: one case suffices; the control asks for more cases than exist");
    /** Every training sample classified correctly. */
    public static final Threshold ALL_CORRECT = Threshold.atLeast("all-correct", 1.0,
            "accuracy is a fraction of samples: 1 means every sample, anything less misses one");
    /** An amplification factor: at least one. */
    public static final Threshold AMPLIFIES = Threshold.atLeast("amplifies", 1.0,
            "rho_eff/rho: the derived effective frustration is never below the bare one; 1 is the boundary");
    /** Separation of the fast and slow loss rates of the teacher-student flow. */
    public static final Threshold TIME_SCALES_SEPARATED = Threshold.atLeast("time-scales-separated", 5,
            "fast/slow loss rate at least 5: the slow phase starts after the fast modes have decayed by e^-5 at "
                    + "the slow time scale; the derived separation at these parameters is above 10");
    /** The fast rate of a loss excess over the slow curve, as a fraction of its derived lower bound. */
    public static final Threshold FAST_RATE_FRACTION = Threshold.atLeast("fast-rate-fraction", 0.98,
            "the excess over the slow curve holds modes h >= h_2 only, so its rate is at least 2 h_2; 2% covers "
                    + "the fit window's residual of faster modes");
    /** Loss left when the slow phase starts, as a fraction of the initial loss. */
    public static final Threshold FAST_PHASE_DONE = Threshold.atMost("fast-phase-done", 0.2,
            "at most 20% of L(0) is left for the slow phase: the fast phase removes the bulk of the loss");
    /** An error that shrinks with the number of samples: log-log slope at most −0.8. */
    public static final Threshold ERROR_SHRINKS = Threshold.atMost("error-shrinks", -0.8,
            "log-log slope of a finite-size error against N_c: 1/N_c gives −1; −0.8 allows for the pre-asymptotic "
                    + "bend of the smallest N_c");
    /** The first stage ends early: t_acc |λ_slow| at most 1/2. */
    public static final Threshold FIRST_STAGE_EARLY = Threshold.atMost("first-stage-early", 0.5,
            "accuracy saturates before the slow mode has decayed by e^-0.5: the two stages are separated when the "
                    + "first ends within half a slow time constant");

    // ------------------------------------------------------------------ §1 trained network

    /** The network's accuracy rises from its initial value to the peak by at least this. */
    public static final Threshold NETWORK_ACCURACY_RISE = Threshold.atLeast("network-accuracy-rise", 0.2,
            "accuracy of 4 classes starts near chance (0.25) and peaks near 1 in the default run: a rise of 0.2 is "
                    + "a fitted first stage, not sampling noise of 400 held-out points");
    /** The accuracy peak comes early: peak step / last step at most this. */
    public static final Threshold NETWORK_EARLY_PEAK = Threshold.atMost("network-early-peak", 0.1,
            "the first stage (fitting the clusters) ends within a few tens of the 3000 steps (observed: step 14 "
                    + "plain, 63 head-sg); a peak in the last 90% of the run would not be a two-stage pattern");
    /** The accuracy declines after the peak by at least this (peak − final). */
    public static final Threshold NETWORK_ACCURACY_DECLINE = Threshold.atLeast("network-accuracy-decline", 0.2,
            "a decline of 0.2 is 80 of 400 held-out points: far above the few points an unfrustrated run loses "
                    + "(below 0.05), far below the drop of more than 0.5 of the frustrated plain run");
    /** The accuracy of an unfrustrated run stays at its peak: peak − final at most this. */
    public static final Threshold NETWORK_ACCURACY_STAYS = Threshold.atMost("network-accuracy-stays", 0.05,
            "at most 20 of 400 held-out points lost after the peak: held-out points near a cluster boundary can flip "
                    + "as the clean fit sharpens; collapse loses more than half");
    /**
     * The accuracy of the head + sg run stays near its peak: the shared samples lie inside the clusters and the sg
     * run still partly fits them, which costs a few held-out points.
     */
    public static final Threshold NETWORK_SG_ACCURACY_STAYS = Threshold.atMost("network-sg-accuracy-stays", 0.1,
            "head + sg loses a few held-out points as it partly fits the shared samples inside the clusters "
                    + "(observed 0.07 at the end, 0.0 to 0.04 for most of the run); plain and head lose more than 0.5");
    /** MinL2 final / at the peak at most this: the network's class embeddings collapsed. */
    public static final Threshold NETWORK_COLLAPSED = Threshold.atMost("network-collapsed", 0.05,
            "MinL2 lost at least 95% of its value at the accuracy peak within 3000 steps: the frustrated runs end "
                    + "at 0.003 (head) to 0.009 (plain), runs without frustration or with sg keep 0.85 to 0.97");
    /** MinL2 final / at the peak at least this: no collapse (saturation). */
    public static final Threshold NETWORK_SATURATED = Threshold.atLeast("network-saturated", 0.5,
            "MinL2 keeps at least half of its value at the accuracy peak: unfrustrated and sg runs only adjust it "
                    + "(observed 0.85 to 0.97), collapsing runs end below 0.01");
    /** MinL2 at the peak / initial at least this: the first stage leaves MinL2 largely unchanged. */
    public static final Threshold NETWORK_BEFORE_PEAK = Threshold.atLeast("network-before-peak", 0.5,
            "the first stage fits the clusters while the slow collapse has barely started: MinL2 at the accuracy "
                    + "peak keeps at least half of its initial value (observed 0.83)");
    /** Loss final / at the peak at most this: the loss keeps decreasing while the accuracy falls. */
    public static final Threshold NETWORK_LOSS_FALLS = Threshold.atMost("network-loss-falls", 0.01,
            "the loss falls by two decades after the accuracy peak: the decline is not a loss increase (a "
                    + "divergent step size or a plateau would leave the ratio near 1)");

    /**
     * Accuracy of a finite sample against its ideal value: one sample either way out of 2 N_c.
     *
     * @param samples the number of samples 2 N_c
     */
    public static Threshold oneSampleAccuracy(int samples) {
        return Threshold.atMost("one-sample-accuracy", 2.0 / samples + 1e-12,
                "accuracy is a fraction of 2 N_c samples: the ideal value is met up to one sample either way");
    }
}
