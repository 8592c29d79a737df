package org.collapseharness.verification;

/** Verdict of a claim. DEVIATION: the evidence holds, but it differs from the paper's wording (explained in the row). */
public enum Status { PASS, FAIL, DEVIATION }
