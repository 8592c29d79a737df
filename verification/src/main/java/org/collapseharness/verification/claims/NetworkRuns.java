package org.collapseharness.verification.claims;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.collapseharness.numerics.network.NetworkTraining;
import org.collapseharness.numerics.network.NetworkTrajectory;
import org.collapseharness.theory.NetworkMode;
import org.collapseharness.theory.NetworkModel;
import org.collapseharness.theory.symbolic.LinearFlowDerivation;

/**
 * §1 network runs (memoised per JVM, shared by the claims) and the summary that the claims and {@code ./harness
 * network} report, with the minimal model's prediction for the same data.
 *
 * <p>Time mapping: the network's loss is the minimal model's pair sum divided by N, and gradient descent with step η
 * approximates the flow in τ = η · step; the label embeddings are free in both, so they obey the minimal model's
 * equations in t = τ/N exactly. The sample embeddings are f(x_i; θ): their mobility is the network's tangent kernel
 * instead of the identity, which is where the two can differ. A minimal-model rate λ per unit t is λ/N per unit τ.
 */
public final class NetworkRuns {
    /** The default §1 experiment: K = 4, n = 20, ρ = 0.2, D = 10, H = 32, d = 8, σ = 0.5, η = 0.1, 3000 steps. */
    public static final NetworkModel DEFAULT = new NetworkModel(4, 20, 0.2, 10, 32, 8, 0.5, 0.1, 3000,
            NetworkMode.PLAIN);
    /** Seed of the data; the parameters use seed + 1 (as in ./harness network). */
    public static final long SEED = 20260409L;

    private static final Map<NetworkModel, NetworkTrajectory> CACHE = new ConcurrentHashMap<>();

    private NetworkRuns() {
    }

    /** The run of this model at {@link #SEED}, once per JVM. */
    public static NetworkTrajectory run(NetworkModel model) {
        return CACHE.computeIfAbsent(model, m -> NetworkTraining.run(m, SEED));
    }

    /**
     * The minimal model's slow rate for the same K, n, m ({@link LinearFlowDerivation#minimalSlowRate}, per unit t)
     * per unit τ = η · step: divided by N, see the class comment.
     */
    public static double mappedSlowRate(NetworkModel model) {
        return LinearFlowDerivation.minimalSlowRate(model.minimalModel()) / model.samples();
    }

    /** The summary keys of a run (accuracyPeak ... lossFinal); NaN where a run ended before producing a record. */
    public static Map<String, Object> summary(NetworkTrajectory tr) {
        Map<String, Object> m = new LinkedHashMap<>();
        boolean any = tr.steps().length > 0;
        m.put("accuracyPeak", any ? tr.accuracyPeak() : Double.NaN);
        m.put("accuracyPeakStep", any ? tr.accuracyPeakStep() : -1);
        m.put("accuracyFinal", any ? tr.accuracyFinal() : Double.NaN);
        m.put("minL2Initial", any ? tr.minL2Initial() : Double.NaN);
        m.put("minL2AtPeak", any ? tr.minL2AtPeak() : Double.NaN);
        m.put("minL2Final", any ? tr.minL2Final() : Double.NaN);
        m.put("minL2LateRate", any ? tr.minL2LateRate() : Double.NaN);
        m.put("lossAtPeak", any ? tr.lossAtPeak() : Double.NaN);
        m.put("lossFinal", any ? tr.lossFinal() : Double.NaN);
        m.put("stepsRecorded", any ? tr.steps()[tr.steps().length - 1] : 0);
        return m;
    }
}
