package org.collapseharness.verification;

/** The named tolerances of the harness, each with its reason. Claims use these; the report prints them. */
public final class Tolerances {
    private Tolerances() {
    }

    public static final Tolerance SYMBOLIC_VS_DENSE_EIG = Tolerance.absolute("symbolic-vs-dense-eig", 1e-8,
            "derived closed forms are exact; the dense symmetric eigensolver (EJML) is backward stable, so the error "
                    + "is a few ulps times the matrix norm (about n+m); 1e-8 leaves room up to norms of 1e6");
    public static final Tolerance EXACT_ENTRY = Tolerance.absolute("exact-entry", 1e-12,
            "entries derived in exact rational arithmetic compared with a hand-coded right-hand side: only "
                    + "round-off of integers and halves can differ");
    public static final Tolerance INTEGRATOR_VS_EXACT = Tolerance.absolute("integrator-vs-exact", 1e-7,
            "DP853 at rtol 1e-10, atol 1e-12 over O(10^2) time units; global error grows at most linearly in the "
                    + "number of steps, observed around 1e-9");
    public static final Tolerance CONSERVATION = Tolerance.absolute("conservation", 1e-8,
            "the conserved sum is linear in the state; an embedded integrator keeps linear invariants up to "
                    + "round-off accumulated over the steps");
    public static final Tolerance FITTED_RATE = Tolerance.relative("fitted-rate", 0.02,
            "a late-time log-linear fit on an exactly exponential signal is exact up to the residual of faster "
                    + "modes, which are below e^-10 after the chosen window start; 2% covers integrator noise near "
                    + "underflow and is 5x tighter than the 10% negative control");
    public static final Tolerance ASYMPTOTIC = Tolerance.relative("asymptotic", 1e-3,
            "limits at n -> inf from the two largest n of a sweep to n = 4096 (finite difference for the slope, "
                    + "Richardson extrapolation for the limit): remainders O(1/n^2), below 1e-6");
    public static final Tolerance TWO_STAGE_TIME = Tolerance.relative("two-stage-time", 0.05,
            "the predicted time of the margin-accuracy drop uses the derived slow rate from a plateau where the "
                    + "fast modes have decayed below e^-10: the remaining error is the sampling grid spacing");
    public static final Tolerance MULTIPLICITY_CLUSTER = Tolerance.relative("multiplicity-cluster", 1e-7,
            "eigenvalues within this relative distance are counted as one eigenvalue of higher multiplicity");
}
