package org.collapseharness.numerics.network;

import java.util.Random;
import org.collapseharness.theory.NetworkModel;

/**
 * Seeded synthetic data of the §1 network: K Gaussian clusters in R^D. One {@code java.util.Random(seed)} draws, in
 * order, the K centres (entries N(0, 1)), the clean training samples (class by class), the shared samples (sample s
 * in cluster s mod K) and the held-out clean test samples; every input is centre + σ ξ, ξ ~ N(0, I).
 *
 * @param inputs      training inputs: first K n clean (class c at rows c n .. c n + n − 1), then the m shared ones
 * @param labels      class of each clean training input; −1 for a shared input (it carries every label)
 * @param testInputs  held-out clean inputs
 * @param testLabels  their classes
 */
public record NetworkData(double[][] inputs, int[] labels, double[][] testInputs, int[] testLabels) {

    /** Held-out clean samples per class (accuracy is measured on them). */
    public static final int TEST_PER_CLASS = 100;

    public static NetworkData generate(NetworkModel model, long seed) {
        Random r = new Random(seed);
        int k = model.classes();
        int dIn = model.inputDim();
        double[][] centres = new double[k][dIn];
        for (double[] c : centres) {
            for (int j = 0; j < dIn; j++) {
                c[j] = r.nextGaussian();
            }
        }
        int n = model.perClass();
        int m = model.shared();
        double[][] x = new double[k * n + m][];
        int[] y = new int[k * n + m];
        for (int c = 0; c < k; c++) {
            for (int i = 0; i < n; i++) {
                x[c * n + i] = draw(centres[c], model.noise(), r);
                y[c * n + i] = c;
            }
        }
        for (int s = 0; s < m; s++) {
            x[k * n + s] = draw(centres[s % k], model.noise(), r);
            y[k * n + s] = -1;
        }
        double[][] tx = new double[k * TEST_PER_CLASS][];
        int[] ty = new int[k * TEST_PER_CLASS];
        for (int c = 0; c < k; c++) {
            for (int i = 0; i < TEST_PER_CLASS; i++) {
                tx[c * TEST_PER_CLASS + i] = draw(centres[c], model.noise(), r);
                ty[c * TEST_PER_CLASS + i] = c;
            }
        }
        return new NetworkData(x, y, tx, ty);
    }

    private static double[] draw(double[] centre, double noise, Random r) {
        double[] v = new double[centre.length];
        for (int j = 0; j < v.length; j++) {
            v[j] = centre[j] + noise * r.nextGaussian();
        }
        return v;
    }
}
