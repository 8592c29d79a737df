package org.collapseharness.theory;

/**
 * The embedding-only model of paper §2–3 (our reconstruction).
 *
 * <p>K classes, n clean samples per class, m shared samples, embedding dimension d. Free variables: clean embeddings
 * x_{c,i}, shared embeddings z_s, label embeddings y_c, all in R^d. Loss
 * L = ½ Σ_c Σ_i |x_{c,i} − y_c|² + ½ Σ_s Σ_c |z_s − y_c|², gradient flow at unit rate.
 *
 * @param classes K ≥ 2
 * @param clean   n ≥ 1 clean samples per class
 * @param shared  m ≥ 0 shared samples
 * @param dim     d ≥ 1
 */
public record MinimalModel(int classes, int clean, int shared, int dim) {

    public static final int MAX_VARIABLES = 50_000_000;

    public MinimalModel {
        ModelParameterException.require(classes >= 2, "classes K must be at least 2 (got " + classes + ")");
        ModelParameterException.require(clean >= 1, "clean samples per class n must be at least 1 (got " + clean + ")");
        ModelParameterException.require(shared >= 0, "shared samples m must be at least 0 (got " + shared + ")");
        ModelParameterException.require(dim >= 1, "dimension d must be at least 1 (got " + dim + ")");
        long vars = ((long) classes * clean + shared + classes) * dim;
        ModelParameterException.require(vars <= MAX_VARIABLES,
                "model too large: " + vars + " variables (limit " + MAX_VARIABLES + ")");
    }

    /** Model with dimension 1: every coordinate evolves identically and independently. */
    public static MinimalModel perCoordinate(int classes, int clean, int shared) {
        return new MinimalModel(classes, clean, shared, 1);
    }

    /** Frustration ratio ρ = m / (n + m). */
    public double rho() {
        return (double) shared / (clean + shared);
    }

    /** Number of embedding vectors: K n + m + K. */
    public int vectors() {
        return classes * clean + shared + classes;
    }

    /** Number of scalar variables: (K n + m + K) d. */
    public int variables() {
        return vectors() * dim;
    }

    public MinimalModel withDim(int d) {
        return new MinimalModel(classes, clean, shared, d);
    }

    /** Symbol bindings used by derived closed forms: k, n, m, rho, d. */
    public Bindings bindings() {
        return Bindings.of("k", classes, "n", clean, "m", shared, "d", dim).with("rho", rho());
    }

    /** The model with the smallest integer m giving frustration ratio at least rho at this n. */
    public static int sharedFor(int clean, double rho) {
        ModelParameterException.require(rho >= 0 && rho < 1, "frustration ratio rho must lie in [0,1) (got " + rho + ")");
        return (int) Math.round(rho * clean / (1 - rho));
    }
}
