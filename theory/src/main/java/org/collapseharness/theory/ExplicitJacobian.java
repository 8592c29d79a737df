package org.collapseharness.theory;

import java.util.List;

/**
 * The Jacobian of a flow derived by differentiating the loss written out for concrete K, n, m (one coordinate).
 * Variable order: clean samples class-major (x[c][i]), then shared samples z[s], then labels y[c].
 *
 * @param variables names of the variables in that order
 * @param jacobian  exact entries (rational arithmetic in Symja), as doubles
 * @param fieldText the derived right-hand side of each variable, Symja input form
 */
public record ExplicitJacobian(List<String> variables, double[][] jacobian, List<String> fieldText) {
}
