package org.collapseharness.theory;

/**
 * The §1 experiment (our reconstruction): a one-hidden-layer tanh network f: R^D → R^d trained by full-batch gradient
 * descent together with free label embeddings y_c ∈ R^d.
 *
 * <p>Data: K Gaussian clusters in R^D (centres N(0, I), spread {@code noise} per coordinate); n clean samples per
 * class carry their cluster's label; m = round(ρ n/(1 − ρ)) shared samples, whose inputs lie in the clusters
 * (round-robin), carry every label, as the shared samples of the minimal model do. So every label is attached to
 * n clean and m shared samples and the frustration ratio is ρ = m/(n + m), the minimal model's ρ.
 *
 * @param classes  K ≥ 2
 * @param perClass n ≥ 1 clean training samples per class
 * @param rho      frustration ratio in [0, 0.9]
 * @param inputDim D ≥ 1
 * @param hidden   H ≥ 1 tanh units
 * @param dim      d ≥ 1, embedding dimension
 * @param noise    cluster spread σ > 0
 * @param eta      gradient-descent step size &gt; 0
 * @param steps    number of steps ≥ 1
 * @param mode     plain, head or head-sg
 */
public record NetworkModel(int classes, int perClass, double rho, int inputDim, int hidden, int dim, double noise,
                           double eta, int steps, NetworkMode mode) {

    /** Limit on the work of one run: (samples) × (parameters) × steps. */
    public static final double MAX_WORK = 2e12;

    public NetworkModel {
        ModelParameterException.require(classes >= 2 && classes <= 1000,
                "--classes must lie in [2, 1000] (got " + classes + ")");
        ModelParameterException.require(perClass >= 1 && perClass <= 100_000,
                "--per-class must lie in [1, 100000] (got " + perClass + ")");
        ModelParameterException.require(rho >= 0 && rho <= 0.9, "--rho must lie in [0, 0.9] (got " + rho + ")");
        ModelParameterException.require(inputDim >= 1 && inputDim <= 10_000,
                "--input-dim must lie in [1, 10000] (got " + inputDim + ")");
        ModelParameterException.require(hidden >= 1 && hidden <= 10_000,
                "--hidden must lie in [1, 10000] (got " + hidden + ")");
        ModelParameterException.require(dim >= 1 && dim <= 1000, "--dim must lie in [1, 1000] (got " + dim + ")");
        ModelParameterException.require(noise > 0 && noise <= 100, "--noise must lie in (0, 100] (got " + noise + ")");
        ModelParameterException.require(eta > 0 && eta <= 10, "--eta must lie in (0, 10] (got " + eta + ")");
        ModelParameterException.require(steps >= 1 && steps <= 10_000_000,
                "--steps must lie in [1, 1e7] (got " + steps + ")");
        ModelParameterException.require(mode != null, "a mode is required");
        double work = (double) (classes * perClass + MinimalModel.sharedFor(perClass, rho))
                * ((double) hidden * (inputDim + dim + 1)) * steps;
        ModelParameterException.require(work <= MAX_WORK, "run too large: samples x parameters x steps = "
                + String.format(java.util.Locale.ROOT, "%.3g", work) + " (limit 2e12)");
    }

    /** Shared samples m = round(ρ n/(1 − ρ)). */
    public int shared() {
        return MinimalModel.sharedFor(perClass, rho);
    }

    /** Training samples N = K n + m (the loss is divided by N). */
    public int samples() {
        return classes * perClass + shared();
    }

    /** The realised frustration ratio m/(n + m). */
    public double rhoRealised() {
        return (double) shared() / (perClass + shared());
    }

    /** The minimal model with the same K, n, m and d: what the paper's theory says about this data. */
    public MinimalModel minimalModel() {
        return new MinimalModel(classes, perClass, shared(), dim);
    }

    public NetworkModel withMode(NetworkMode m) {
        return new NetworkModel(classes, perClass, rho, inputDim, hidden, dim, noise, eta, steps, m);
    }

    public NetworkModel withRho(double r) {
        return new NetworkModel(classes, perClass, r, inputDim, hidden, dim, noise, eta, steps, mode);
    }
}
