package org.collapseharness.theory;

/**
 * A loss built from per-pair terms, in Symja syntax, as a function of a sample embedding {@code s} and a label
 * embedding {@code y} (one coordinate; every coordinate is alike). {@code sg[...]} marks a stop-gradient: the marked
 * expression is a constant under differentiation and is then replaced by itself.
 *
 * <p>L = Σ_clean pairs cleanTerm(x, y_c) + Σ_shared pairs sharedTerm(z, y_c) + Σ_samples samplePenalty(s)
 * + Σ_labels labelPenalty(y).
 *
 * @param name          short name, used in reports
 * @param cleanTerm     term for a (clean sample, its label) pair
 * @param sharedTerm    term for a (shared sample, any label) pair
 * @param samplePenalty regulariser on every sample embedding, in {@code s}
 * @param labelPenalty  regulariser on every label embedding, in {@code y}
 */
public record PairLoss(String name, String cleanTerm, String sharedTerm, String samplePenalty, String labelPenalty) {

    public PairLoss {
        for (String t : new String[] {name, cleanTerm, sharedTerm, samplePenalty, labelPenalty}) {
            if (t == null || t.isBlank()) {
                throw new ModelParameterException("a pair-loss term is empty");
            }
        }
    }

    /** The paper's §2–3 loss: ½|s − y|² for every pair, no regularisers. */
    public static PairLoss minimal() {
        return new PairLoss("minimal", "1/2*(s-y)^2", "1/2*(s-y)^2", "0", "0");
    }
}
