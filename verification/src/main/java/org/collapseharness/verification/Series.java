package org.collapseharness.verification;

/** A plotted series. */
public record Series(String name, double[] x, double[] y, Style style) {
    public enum Style { LINE, DASHED, MARKERS }

    public static Series line(String name, double[] x, double[] y) {
        return new Series(name, x, y, Style.LINE);
    }

    public static Series dashed(String name, double[] x, double[] y) {
        return new Series(name, x, y, Style.DASHED);
    }

    public static Series markers(String name, double[] x, double[] y) {
        return new Series(name, x, y, Style.MARKERS);
    }
}
