package org.collapseharness.theory;

/**
 * A pair loss with a shared linear projection head W (a d×d matrix species), read from a variant file with
 * {@code species ... head}. Terms are vector expressions in Symja syntax (brackets already converted): {@code s} (the
 * sample), {@code y} (the label), both in R^d, {@code W} the head, {@code .} the matrix/vector product,
 * {@code sq[v]} = |v|² (sum of squared entries), {@code sg[e]} a stop-gradient (every variable inside is held constant
 * under differentiation, then replaced by its value).
 *
 * @param name       short name
 * @param cleanTerm  term of a (clean sample, its label) pair (weight already folded in)
 * @param sharedTerm term of a (shared sample, any label) pair (weight already folded in)
 * @param parameters values of the named constants used in the terms
 */
public record HeadLoss(String name, String cleanTerm, String sharedTerm, Bindings parameters) {

    public HeadLoss {
        for (String t : new String[] {name, cleanTerm, sharedTerm}) {
            if (t == null || t.isBlank()) {
                throw new ModelParameterException("a head-loss term is empty");
            }
        }
        parameters = parameters == null ? Bindings.of() : parameters;
    }

    /** True when a term contains a stop-gradient marker. */
    public boolean usesStopGradient() {
        return cleanTerm.contains("sg[") || sharedTerm.contains("sg[");
    }
}
