package org.collapseharness.numerics;

import java.util.TreeSet;

/** Output-time grids: log-spaced early points (for log-time plots) merged with a uniform grid (for rate fits). */
public final class TimeGrid {
    private TimeGrid() {
    }

    public static double[] uniform(double tEnd, int points) {
        double[] t = new double[points + 1];
        for (int i = 0; i < points; i++) {
            t[i] = tEnd * i / points;
        }
        t[points] = tEnd; // exactly: tEnd * points / points may round above tEnd (then mixed() dropped it)
        return t;
    }

    public static double[] mixed(double tEnd, double tMin, int logPoints, int linearPoints) {
        TreeSet<Double> s = new TreeSet<>();
        for (double v : uniform(tEnd, linearPoints)) {
            s.add(v);
        }
        if (tMin > 0 && tMin < tEnd) {
            double ratio = Math.log(tEnd / tMin);
            for (int i = 0; i < logPoints; i++) {
                s.add(tMin * Math.exp(ratio * i / (logPoints - 1)));
            }
        }
        return s.stream().mapToDouble(Double::doubleValue).filter(v -> v <= tEnd).toArray();
    }
}
