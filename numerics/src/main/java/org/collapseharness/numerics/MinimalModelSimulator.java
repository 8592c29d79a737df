package org.collapseharness.numerics;

/**
 * Full-particle simulation of the §3 model: Hipparchus integration of {@link MinimalModelFlow}, the same state from
 * the exact eigen-propagator (independent route), the metric time series and a late-time rate fit of MinL2.
 */
public final class MinimalModelSimulator {
    private MinimalModelSimulator() {
    }

    /**
     * @param layout              K, n, m, d
     * @param solution            integrator output
     * @param minL2               MinL2 at each output time
     * @param accuracy            nearest-label accuracy at each output time
     * @param loss                loss at each output time
     * @param maxAbsErrorVsExact  max over outputs and coordinates of |integrated − exact|
     * @param exactQuality        ||AV − VD||/||AV|| of the eigen-decomposition behind the exact route
     * @param slowFit             late-time fit of log MinL2 (window from the dynamics)
     */
    public record Result(ParticleLayout layout, OdeSolution solution, double[] minL2, double[] accuracy,
                         double[] loss, double maxAbsErrorVsExact, double exactQuality, RateFit slowFit) {
    }

    public static double[] initialState(ParticleLayout layout, long seed) {
        return InitialStates.gaussian(layout.size(), seed, 1.0);
    }

    public static Result simulate(ParticleLayout layout, long seed, double[] times, OdeAlgorithm algorithm) {
        return simulate(layout, initialState(layout, seed), times, algorithm);
    }

    public static Result simulate(ParticleLayout layout, double[] y0, double[] times, OdeAlgorithm algorithm) {
        MinimalModelFlow flow = new MinimalModelFlow(layout);
        ExactLinearPropagator exact = new ExactLinearPropagator(
                LinearOperators.assemble(new MinimalModelFlow(layout.perCoordinate())), layout.dim());
        OdeProblem problem = new OdeProblem("minimal model " + layout, flow, y0, times)
                .withExact(t -> exact.propagate(y0, t));
        OdeSolution sol = OdeSolver.solve(problem, algorithm);
        int p = sol.times().length;
        double[] minL2 = new double[p];
        double[] acc = new double[p];
        double[] loss = new double[p];
        for (int i = 0; i < p; i++) {
            minL2[i] = Metrics.minL2(layout, sol.states()[i]);
            acc[i] = Metrics.accuracy(layout, sol.states()[i]);
            loss[i] = flow.loss(sol.states()[i]);
        }
        double err = p > 0 ? OdeSolver.maxAbsErrorVsExact(problem, sol) : Double.NaN;
        double floor = 1e-7 * Math.max(1e-300, ArrayOps.maxAbs(y0));
        RateFit fit = RateFit.auto(sol.times(), minL2, floor, 0.01);
        return new Result(layout, sol, minL2, acc, loss, err, exact.quality(), fit);
    }
}
