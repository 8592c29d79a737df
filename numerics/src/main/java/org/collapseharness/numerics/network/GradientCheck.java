package org.collapseharness.numerics.network;

/**
 * Central differences of {@link TanhNetwork#surrogate} in its first argument at frozen = θ: the reference for the
 * hand-derived backpropagation of {@link TanhNetwork#field} (the loss gradient, or the stop-gradient field).
 */
public final class GradientCheck {
    /** Difference step: truncation O(h²) ≈ 1e-10 and round-off O(ε/h) ≈ 1e-11 relative for O(1) parameters. */
    public static final double STEP = 1e-5;

    private GradientCheck() {
    }

    /** ∂ surrogate(θ', θ)/∂θ'_j at θ' = θ, every j, by central differences. */
    public static double[] centralDifferences(TanhNetwork net, double[] theta) {
        double[] fd = new double[theta.length];
        double[] p = theta.clone();
        for (int j = 0; j < theta.length; j++) {
            p[j] = theta[j] + STEP;
            double up = net.surrogate(p, theta);
            p[j] = theta[j] - STEP;
            double down = net.surrogate(p, theta);
            p[j] = theta[j];
            fd[j] = (up - down) / (2 * STEP);
        }
        return fd;
    }

    /** ‖g − ref‖₂ / ‖ref‖₂ (NaN when a length differs or ref is zero). */
    public static double relativeError(double[] g, double[] ref) {
        if (g.length != ref.length) {
            return Double.NaN;
        }
        double diff = 0;
        double norm = 0;
        for (int j = 0; j < g.length; j++) {
            diff += (g[j] - ref[j]) * (g[j] - ref[j]);
            norm += ref[j] * ref[j];
        }
        return norm > 0 ? Math.sqrt(diff / norm) : Double.NaN;
    }

    /** The relative error of the backpropagated field against central differences at θ. */
    public static double backpropError(TanhNetwork net, double[] theta) {
        double[] g = new double[theta.length];
        net.field(theta, g);
        return relativeError(g, centralDifferences(net, theta));
    }
}
