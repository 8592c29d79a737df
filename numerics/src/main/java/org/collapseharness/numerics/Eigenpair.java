package org.collapseharness.numerics;

/** An eigenvalue (re, im) with its multiplicity (count of numerically coincident eigenvalues). */
public record Eigenpair(double re, double im, int multiplicity) {
}
