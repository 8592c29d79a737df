package org.collapseharness.verification;

/**
 * A plotted series.
 *
 * @param group colour group: series with the same non-empty group share a colour (a fitted series and the curve
 *              derived for it, measured points and their prediction); empty = a colour of its own
 */
public record Series(String name, double[] x, double[] y, Style style, String group) {
    public enum Style { LINE, DASHED, MARKERS }

    public Series(String name, double[] x, double[] y, Style style) {
        this(name, x, y, style, "");
    }

    public static Series line(String name, double[] x, double[] y) {
        return new Series(name, x, y, Style.LINE);
    }

    public static Series dashed(String name, double[] x, double[] y) {
        return new Series(name, x, y, Style.DASHED);
    }

    public static Series markers(String name, double[] x, double[] y) {
        return new Series(name, x, y, Style.MARKERS);
    }

    /** The same series in a colour group: every series of the plot with this group is drawn in one colour. */
    public Series pairedWith(String colourGroup) {
        return new Series(name, x, y, style, colourGroup);
    }
}
