package org.collapseharness.numerics;

/** How a numerical solve ended (SciML-style return code). Anything but SUCCESS makes a claim FAIL with diagnostics. */
public enum ReturnCode {
    SUCCESS,
    STEP_SIZE_UNDERFLOW,
    MAX_EVALUATIONS,
    NON_FINITE_STATE,
    NOT_CONVERGED,
    FAILURE
}
