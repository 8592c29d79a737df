package org.collapseharness.numerics.network;

import java.util.ArrayList;
import java.util.List;
import org.collapseharness.theory.NetworkModel;

/** Full-batch gradient descent θ ← θ − η F(θ) of the §1 network ({@link TanhNetwork#field}), with a fixed step. */
public final class NetworkTraining {
    /** Records per run besides the powers of two. */
    public static final int RECORDS = 400;

    private NetworkTraining() {
    }

    /** Generates the data (seed), initialises the parameters (seed + 1) and trains. */
    public static NetworkTrajectory run(NetworkModel model, long seed) {
        NetworkData data = NetworkData.generate(model, seed);
        TanhNetwork net = new TanhNetwork(model, data);
        return train(net, net.initial(seed + 1));
    }

    /** Trains from θ0 (not modified) for the model's number of steps. A non-finite loss ends the run (ok = false). */
    public static NetworkTrajectory train(TanhNetwork net, double[] theta0) {
        NetworkModel model = net.model();
        double[] t = theta0.clone();
        double[] g = new double[t.length];
        int every = Math.max(1, model.steps() / RECORDS);
        List<int[]> steps = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        String message = "";
        for (int s = 0; ; s++) {
            double loss = net.field(t, g);
            if (!Double.isFinite(loss)) {
                message = "loss not finite at step " + s + " (step size " + model.eta() + " too large?)";
                break;
            }
            if (s % every == 0 || Integer.bitCount(s) == 1 || s == model.steps()) {
                steps.add(new int[] {s});
                rows.add(new double[] {loss, net.accuracy(t), net.minL2(t)});
            }
            if (s == model.steps()) {
                break;
            }
            for (int i = 0; i < t.length; i++) {
                t[i] -= model.eta() * g[i];
            }
        }
        int n = rows.size();
        int[] st = new int[n];
        double[] loss = new double[n];
        double[] acc = new double[n];
        double[] min = new double[n];
        for (int i = 0; i < n; i++) {
            st[i] = steps.get(i)[0];
            loss[i] = rows.get(i)[0];
            acc[i] = rows.get(i)[1];
            min[i] = rows.get(i)[2];
        }
        return new NetworkTrajectory(st, model.eta(), loss, acc, min, message.isEmpty(), message);
    }
}
