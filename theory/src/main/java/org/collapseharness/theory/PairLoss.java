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
 * @param emaRate       empty for no target species; otherwise the rate (an expression, e.g. {@code tau}) of a slow
 *                      target copy t_c of each label, dt_c/dt = rate (y_c − t_c) (BYOL-style EMA); pair terms may then
 *                      use {@code t}, the target of the pair's label
 * @param parameters    values of the named constants used in the terms (e.g. alpha, lambda, tau)
 */
public record PairLoss(String name, String cleanTerm, String sharedTerm, String samplePenalty, String labelPenalty,
                       String emaRate, Bindings parameters) {

    public PairLoss {
        for (String t : new String[] {name, cleanTerm, sharedTerm, samplePenalty, labelPenalty}) {
            if (t == null || t.isBlank()) {
                throw new ModelParameterException("a pair-loss term is empty");
            }
        }
        emaRate = emaRate == null ? "" : emaRate.trim();
        parameters = parameters == null ? Bindings.of() : parameters;
    }

    public PairLoss(String name, String cleanTerm, String sharedTerm, String samplePenalty, String labelPenalty) {
        this(name, cleanTerm, sharedTerm, samplePenalty, labelPenalty, "", Bindings.of());
    }

    public boolean hasTarget() {
        return !emaRate.isEmpty();
    }

    /** The paper's §2–3 loss: ½|s − y|² for every pair, no regularisers. */
    public static PairLoss minimal() {
        return new PairLoss("minimal", "1/2*(s-y)^2", "1/2*(s-y)^2", "0", "0");
    }
}
