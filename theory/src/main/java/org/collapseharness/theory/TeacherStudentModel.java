package org.collapseharness.theory;

/**
 * The linear teacher-student model of paper §5 (our reconstruction).
 *
 * <p>Teacher: a fixed random unit vector w* ∈ R^D. Two classes c = ±1, N_c samples each. Clean sample of class c:
 * x = c μ w* + σ P⊥ ξ (ξ ~ N(0, I_D), P⊥ = I − w* w*ᵀ). In each class a fraction ρ of the samples is frustrated:
 * x = −c μ w* + σ P⊥ ξ with label c. Student: E ∈ R^{k×D}, label embeddings y_± ∈ R^k, and for the projection
 * modes a head W ∈ R^{k×k}. Losses are averaged over the N = 2 N_c samples; dynamics is gradient flow.
 *
 * @param rho      frustration fraction ρ ∈ [0, ½)
 * @param dim      input dimension D ≥ 2
 * @param perClass samples per class N_c ≥ 1
 * @param mu       feature strength μ &gt; 0
 * @param sigma    noise strength σ ≥ 0
 * @param k        representation dimension k ≥ 1
 * @param mode     the loss
 */
public record TeacherStudentModel(double rho, int dim, int perClass, double mu, double sigma, int k,
                                  TeacherStudentMode mode) {

    public static final int DEFAULT_DIM = 200;
    public static final int DEFAULT_PER_CLASS = 2000;
    public static final int DEFAULT_K = 5;
    public static final long MAX_SAMPLE_ENTRIES = 40_000_000L;

    public TeacherStudentModel {
        ModelParameterException.require(rho >= 0 && rho < 0.5, "frustration fraction rho must lie in [0, 0.5) (got " + rho + ")");
        ModelParameterException.require(dim >= 2, "dimension D must be at least 2 (got " + dim + ")");
        ModelParameterException.require(perClass >= 1, "samples per class must be at least 1 (got " + perClass + ")");
        ModelParameterException.require(mu > 0 && Double.isFinite(mu), "mu must be a positive finite number (got " + mu + ")");
        ModelParameterException.require(sigma >= 0 && Double.isFinite(sigma), "sigma must be a non-negative finite number (got " + sigma + ")");
        ModelParameterException.require(k >= 1 && k <= 64, "representation dimension k must lie in [1, 64] (got " + k + ")");
        ModelParameterException.require(mode != null, "a loss mode is required");
        ModelParameterException.require(2L * perClass * dim <= MAX_SAMPLE_ENTRIES,
                "data set too large: 2 N_c D = " + 2L * perClass * dim + " entries (limit " + MAX_SAMPLE_ENTRIES + ")");
    }

    public static TeacherStudentModel defaults(double rho, TeacherStudentMode mode) {
        return new TeacherStudentModel(rho, DEFAULT_DIM, DEFAULT_PER_CLASS, 1, 1, DEFAULT_K, mode);
    }

    /** Frustrated samples per class: round(ρ N_c). */
    public int frustratedPerClass() {
        return (int) Math.round(rho * perClass);
    }

    /** The realised frustration fraction (after rounding). */
    public double realisedRho() {
        return (double) frustratedPerClass() / perClass;
    }

    /** Symbol bindings of the derived closed forms: rho (realised), mu, sigma. */
    public Bindings bindings() {
        return Bindings.of("rho", realisedRho(), "mu", mu, "sigma", sigma);
    }
}
