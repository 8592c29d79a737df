package org.collapseharness.numerics;

import java.util.Random;

/** Seeded initial states. java.util.Random's Gaussian sequence is specified, so a seed gives the same state everywhere. */
public final class InitialStates {
    private InitialStates() {
    }

    /** Independent N(0, scale²) entries. */
    public static double[] gaussian(int size, long seed, double scale) {
        Random r = new Random(seed);
        double[] y = new double[size];
        for (int i = 0; i < size; i++) {
            y[i] = scale * r.nextGaussian();
        }
        return y;
    }
}
