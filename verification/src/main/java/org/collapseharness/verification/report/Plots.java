package org.collapseharness.verification.report;

import java.util.ArrayList;
import java.util.List;
import org.collapseharness.verification.Plot;
import org.collapseharness.verification.Series;

/**
 * Builds the figures of the report from data: choose the axes ({@link #linear}, {@link #logX}, {@link #logY}, {@link #logLog}), add
 * series, {@link Builder#build()}. A claim passes arrays; styling and colours are decided by the report.
 */
public final class Plots {
    private Plots() {
    }

    /** Linear x and y axes. */
    public static Builder linear(String id, String title, String xLabel, String yLabel) {
        return new Builder(id, title, xLabel, yLabel, false, false);
    }

    /** Linear x axis, logarithmic y axis (decays). */
    public static Builder logY(String id, String title, String xLabel, String yLabel) {
        return new Builder(id, title, xLabel, yLabel, false, true);
    }

    /** Logarithmic x axis, linear y axis (sweeps over decades of a size or of time). */
    public static Builder logX(String id, String title, String xLabel, String yLabel) {
        return new Builder(id, title, xLabel, yLabel, true, false);
    }

    /** Logarithmic x and y axes (power laws, decays over decades of time). */
    public static Builder logLog(String id, String title, String xLabel, String yLabel) {
        return new Builder(id, title, xLabel, yLabel, true, true);
    }

    /** Collects the series of one figure. */
    public static final class Builder {
        private final String id;
        private final String title;
        private final String xLabel;
        private final String yLabel;
        private final boolean logX;
        private final boolean logY;
        private final List<Series> series = new ArrayList<>();

        private Builder(String id, String title, String xLabel, String yLabel, boolean logX, boolean logY) {
            this.id = id;
            this.title = title;
            this.xLabel = xLabel;
            this.yLabel = yLabel;
            this.logX = logX;
            this.logY = logY;
        }

        /** A solid curve (an integrated or measured trajectory). */
        public Builder line(String name, double[] x, double[] y) {
            return add(Series.line(name, x, y));
        }

        /** A dashed curve (a derived prediction or a reference). */
        public Builder dashed(String name, double[] x, double[] y) {
            return add(Series.dashed(name, x, y));
        }

        /** Points without a line (samples, per-run values). */
        public Builder markers(String name, double[] x, double[] y) {
            return add(Series.markers(name, x, y));
        }

        /** Puts the last added series into a colour group shared with other series of the same group. */
        public Builder paired(String colourGroup) {
            series.set(series.size() - 1, series.get(series.size() - 1).pairedWith(colourGroup));
            return this;
        }

        /** Adds a series built elsewhere. */
        public Builder add(Series s) {
            series.add(s);
            return this;
        }

        /** Adds several series built elsewhere. */
        public Builder addAll(List<Series> s) {
            series.addAll(s);
            return this;
        }

        public Plot build() {
            return new Plot(id, title, xLabel, yLabel, logX, logY, List.copyOf(series));
        }
    }
}
