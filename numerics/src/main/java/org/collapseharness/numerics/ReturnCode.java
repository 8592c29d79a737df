package org.collapseharness.numerics;

/**
 * How a numerical solve ended (SciML-style return code), shared by the ODE solvers and the DMFT fixed point. Anything
 * but SUCCESS makes a claim FAIL with diagnostics.
 */
public enum ReturnCode {
    /** Reached the end (an ODE solve) or converged (a fixed point). */
    SUCCESS,
    /** The step size fell below the smallest admissible step. */
    STEP_SIZE_UNDERFLOW,
    /** The evaluation or step budget was exhausted. */
    MAX_EVALUATIONS,
    /** The state or a residual became NaN or infinite. */
    NON_FINITE_STATE,
    /** A linear system of an implicit or linearly implicit step stayed singular after step reductions. */
    SINGULAR_MATRIX,
    /** An iteration stopped at its iteration limit above its tolerance. */
    NOT_CONVERGED,
    /**
     * The state reached a singular set of the field (a vanishing norm inside a normalisation, or a head W losing rank):
     * the solve stopped there, at the time the message names; a finding about the loss, not an integrator failure.
     */
    SINGULAR_SET,
    /** Any other failure (the message says which). */
    FAILURE
}
