package org.collapseharness.verification.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.collapseharness.verification.Plot;
import org.collapseharness.verification.Series;

/**
 * Renders a {@link Plot} as a self-contained SVG string: deterministic text, no fonts or AWT needed (see README,
 * Decisions). Layout: title (wrapped), the plot frame, axis labels, then the legend below the frame (entries flow in
 * rows and wrap their text; nothing is cut), then notes on values that could not be drawn. Every drawn point lies
 * inside the frame: the axis ranges include all finite data with padding, log axes span whole decades and label each
 * decade 10^k; non-positive values on a log axis are dropped with a note. The frame is {@code <rect class="frame">},
 * data sit in {@code <g class="data">}, the legend in {@code <g class="legend">}, one {@code <g class="entry">} each.
 */
public final class SvgPlotter {
    /** Width of the SVG in px (the HTML report scales it through its viewBox). */
    public static final int WIDTH = 760;
    private static final int PLOT_HEIGHT = 320;
    private static final int RIGHT = 28;
    private static final int FONT = 12;
    private static final double CHAR = 0.6 * FONT;
    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf",
        "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22"};
    private static final String MINUS = "\u2212";

    private SvgPlotter() {
    }

    /** An axis: its range (whole decades when logarithmic) and the ticks to label. */
    private record Axis(double lo, double hi, boolean log, List<Double> ticks, List<Double> minor, List<String> labels) {
        double frac(double v) {
            return log ? (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)) : (v - lo) / (hi - lo);
        }
    }

    public static String render(Plot p) {
        Axis xa = axis(p.series(), true, p.logX());
        Axis ya = axis(p.series(), false, p.logY());
        List<String> notes = droppedNotes(p);

        List<String> title = wrap(p.title(), (WIDTH - 20) / (CHAR * 14 / FONT));
        int yLabelWidth = (int) Math.ceil(ya.labels().stream().mapToInt(SvgPlotter::labelLength).max().orElse(1) * CHAR);
        int left = Math.max(64, yLabelWidth + 40);
        int top = 14 + 18 * title.size() + 8;
        int pw = WIDTH - left - RIGHT;
        int ph = PLOT_HEIGHT;
        int axisLabelY = top + ph + 40;

        // Legend layout: entries flow in rows below the x-axis label.
        List<LegendEntry> entries = legendLayout(p.series(), left, pw, axisLabelY + 22);
        int legendBottom = entries.isEmpty() ? axisLabelY : entries.get(entries.size() - 1).bottom();
        int height = legendBottom + 12 + 16 * notes.size() + 8;

        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
                .append(height).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"").append(FONT)
                .append("\" role=\"img\">\n");
        s.append("<title>").append(esc(p.title())).append("</title>\n");
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        for (int i = 0; i < title.size(); i++) {
            s.append("<text x=\"").append(WIDTH / 2).append("\" y=\"").append(14 + 18 * (i + 1) - 4)
                    .append("\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\">").append(esc(title.get(i)))
                    .append("</text>\n");
        }
        // Grid, ticks and tick labels.
        s.append("<g class=\"axes\" fill=\"#333\">\n");
        for (double v : xa.minor()) {
            double x = left + pw * xa.frac(v);
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#888\"/>%n",
                    x, top + ph, x, top + ph + 3));
        }
        for (double v : ya.minor()) {
            double y = top + ph * (1 - ya.frac(v));
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#888\"/>%n",
                    left - 3, y, left, y));
        }
        for (int i = 0; i < xa.ticks().size(); i++) {
            double x = left + pw * xa.frac(xa.ticks().get(i));
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#e3e3e3\"/>"
                    + "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#444\"/>", x, top, x, top + ph, x,
                    top + ph, x, top + ph + 5));
            s.append(tickLabel(xa.labels().get(i), x, top + ph + 19, "middle")).append('\n');
        }
        for (int i = 0; i < ya.ticks().size(); i++) {
            double y = top + ph * (1 - ya.frac(ya.ticks().get(i)));
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e3e3e3\"/>"
                    + "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#444\"/>", left, y, left + pw, y,
                    left - 5, y, left, y));
            s.append(tickLabel(ya.labels().get(i), left - 8, y + 4, "end")).append('\n');
        }
        s.append("</g>\n");
        s.append("<rect class=\"frame\" x=\"").append(left).append("\" y=\"").append(top).append("\" width=\"")
                .append(pw).append("\" height=\"").append(ph).append("\" fill=\"none\" stroke=\"#444\"/>\n");
        s.append("<text x=\"").append(left + pw / 2).append("\" y=\"").append(axisLabelY)
                .append("\" text-anchor=\"middle\">").append(esc(p.xLabel())).append("</text>\n");
        s.append("<text transform=\"translate(").append(left - yLabelWidth - 22).append(',').append(top + ph / 2)
                .append(") rotate(-90)\" text-anchor=\"middle\">").append(esc(p.yLabel())).append("</text>\n");

        // Data.
        Map<String, String> colours = colours(p.series());
        s.append("<g class=\"data\">\n");
        for (int k = 0; k < p.series().size(); k++) {
            Series se = p.series().get(k);
            String colour = colours.get(groupKey(se, k));
            List<List<double[]>> runs = new ArrayList<>();
            List<double[]> run = new ArrayList<>();
            for (int i = 0; i < Math.min(se.x().length, se.y().length); i++) {
                if (!usable(se.x()[i], p.logX()) || !usable(se.y()[i], p.logY())) {
                    if (!run.isEmpty()) {
                        runs.add(run);
                        run = new ArrayList<>();
                    }
                    continue;
                }
                run.add(new double[] {left + pw * xa.frac(se.x()[i]), top + ph * (1 - ya.frac(se.y()[i]))});
            }
            if (!run.isEmpty()) {
                runs.add(run);
            }
            for (List<double[]> r : runs) {
                if (se.style() == Series.Style.MARKERS) {
                    for (double[] m : r) {
                        s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.2\" fill=\"%s\"/>%n",
                                m[0], m[1], colour));
                    }
                } else {
                    StringBuilder pts = new StringBuilder();
                    for (double[] m : r) {
                        pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", m[0], m[1]));
                    }
                    s.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"1.8\"")
                            .append(se.style() == Series.Style.DASHED ? " stroke-dasharray=\"7,4\"" : "")
                            .append(" points=\"").append(pts.toString().trim()).append("\"/>\n");
                }
            }
        }
        s.append("</g>\n");

        // Legend.
        s.append("<g class=\"legend\">\n");
        for (LegendEntry e : entries) {
            Series se = p.series().get(e.index());
            String colour = colours.get(groupKey(se, e.index()));
            int sy = e.y() - 4;
            s.append("<g class=\"entry\">");
            if (se.style() == Series.Style.MARKERS) {
                s.append(String.format(Locale.ROOT, "<circle cx=\"%d\" cy=\"%d\" r=\"3.5\" fill=\"%s\"/>", e.x() + 12,
                        sy, colour));
            } else {
                s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
                        + "stroke-width=\"2.2\"%s/>", e.x(), sy, e.x() + 24, sy, colour,
                        se.style() == Series.Style.DASHED ? " stroke-dasharray=\"6,3\"" : ""));
            }
            for (int i = 0; i < e.lines().size(); i++) {
                s.append("<text x=\"").append(e.x() + 30).append("\" y=\"").append(e.y() + 15 * i).append("\">")
                        .append(esc(e.lines().get(i))).append("</text>");
            }
            s.append("</g>\n");
        }
        s.append("</g>\n");
        for (int i = 0; i < notes.size(); i++) {
            s.append("<text class=\"note\" x=\"").append(left).append("\" y=\"").append(legendBottom + 16 + 16 * i)
                    .append("\" fill=\"#555\" font-style=\"italic\">").append(esc(notes.get(i))).append("</text>\n");
        }
        s.append("</svg>\n");
        return s.toString();
    }

    // ------------------------------------------------------------------ legend

    private record LegendEntry(int index, int x, int y, List<String> lines) {
        int bottom() {
            return y + 15 * (lines.size() - 1) + 4;
        }
    }

    /**
     * Entries in a grid below the plot: as many equal columns as the widest entry allows; an entry wider than the
     * row wraps its text over several lines.
     */
    private static List<LegendEntry> legendLayout(List<Series> series, int left, int width, int firstBaseline) {
        int maxChars = (int) ((width - 30) / CHAR);
        List<List<String>> texts = new ArrayList<>();
        int widest = 0;
        for (Series se : series) {
            List<String> lines = wrap(se.name(), maxChars);
            texts.add(lines);
            widest = Math.max(widest, 30 + (int) Math.ceil(lines.stream().mapToInt(String::length).max().orElse(0)
                    * CHAR) + 20);
        }
        int columns = Math.max(1, Math.min(series.size(), width / Math.max(widest, 1)));
        int columnWidth = columns == 1 ? width : width / columns;
        List<LegendEntry> out = new ArrayList<>();
        int y = firstBaseline;
        for (int row = 0; row * columns < series.size(); row++) {
            int rowLines = 1;
            for (int c = 0; c < columns && row * columns + c < series.size(); c++) {
                int k = row * columns + c;
                out.add(new LegendEntry(k, left + c * columnWidth, y, texts.get(k)));
                rowLines = Math.max(rowLines, texts.get(k).size());
            }
            y += 15 * rowLines + 7;
        }
        return out;
    }

    /** Splits text at spaces into lines of at most about maxChars characters (a longer word stays whole). */
    static List<String> wrap(String text, double maxChars) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > maxChars) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        lines.add(line.toString());
        return lines;
    }

    private static String groupKey(Series s, int index) {
        return s.group().isEmpty() ? "#" + index : "g:" + s.group();
    }

    private static Map<String, String> colours(List<Series> series) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int k = 0; k < series.size(); k++) {
            String key = groupKey(series.get(k), k);
            if (!m.containsKey(key)) {
                m.put(key, COLORS[m.size() % COLORS.length]);
            }
        }
        return m;
    }

    // ------------------------------------------------------------------ axes

    private static boolean usable(double v, boolean log) {
        return Double.isFinite(v) && (!log || v > 0);
    }

    private static List<String> droppedNotes(Plot p) {
        List<String> notes = new ArrayList<>();
        for (Series se : p.series()) {
            int nonPositive = 0;
            int nonFinite = 0;
            for (int i = 0; i < Math.min(se.x().length, se.y().length); i++) {
                double x = se.x()[i];
                double y = se.y()[i];
                if (!Double.isFinite(x) || !Double.isFinite(y)) {
                    nonFinite++;
                } else if ((p.logX() && x <= 0) || (p.logY() && y <= 0)) {
                    nonPositive++;
                }
            }
            if (nonPositive > 0) {
                notes.add(nonPositive + " non-positive value" + (nonPositive == 1 ? "" : "s") + " of \"" + se.name()
                        + "\" not shown (log axis)");
            }
            if (nonFinite > 0) {
                notes.add(nonFinite + " non-finite value" + (nonFinite == 1 ? "" : "s") + " of \"" + se.name()
                        + "\" not shown");
            }
        }
        return notes;
    }

    private static Axis axis(List<Series> series, boolean x, boolean log) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            double[] v = x ? s.x() : s.y();
            double[] other = x ? s.y() : s.x();
            for (int i = 0; i < Math.min(v.length, other.length); i++) {
                if (usable(v[i], log) && Double.isFinite(other[i])) {
                    lo = Math.min(lo, v[i]);
                    hi = Math.max(hi, v[i]);
                }
            }
        }
        return log ? logAxis(lo, hi) : linearAxis(lo, hi);
    }

    private static Axis logAxis(double lo, double hi) {
        if (!(lo <= hi)) {
            lo = 0.1;
            hi = 1;
        }
        double a = Math.log10(lo);
        double b = Math.log10(hi);
        double pad = Math.max(0.04 * (b - a), 0.04);
        double from = a - pad;
        double to = b + pad;
        if (Math.floor(to) - Math.ceil(from) < 1) {
            // fewer than two decades inside the padded range: widen it to whole decades so that each end is labelled
            from = Math.floor(from);
            to = Math.ceil(to);
        }
        int first = (int) Math.ceil(from - 1e-9);
        int last = (int) Math.floor(to + 1e-9);
        int decades = last - first;
        int labelEvery = decades <= 16 ? 1 : decades <= 32 ? 2 : (decades + 15) / 16;
        List<Double> ticks = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<Double> minor = new ArrayList<>();
        for (int e = first; e <= last; e++) {
            if ((e - first) % labelEvery == 0) {
                ticks.add(Math.pow(10, e));
                labels.add("10^" + (e < 0 ? MINUS + (-e) : Integer.toString(e)));
            } else {
                minor.add(Math.pow(10, e));
            }
            if (decades <= 6 && e < last) {
                for (int m = 2; m <= 9; m++) {
                    minor.add(m * Math.pow(10, e));
                }
            }
        }
        for (int m = 2; m <= 9 && decades <= 6; m++) {
            // minor ticks of the partial decades at both ends
            for (double v : new double[] {m * Math.pow(10, first - 1), m * Math.pow(10, last)}) {
                if (Math.log10(v) >= from && Math.log10(v) <= to) {
                    minor.add(v);
                }
            }
        }
        return new Axis(Math.pow(10, from), Math.pow(10, to), true, ticks, minor, labels);
    }

    private static Axis linearAxis(double lo, double hi) {
        if (!(lo <= hi)) {
            lo = 0;
            hi = 1;
        }
        if (lo == hi) {
            double d = lo == 0 ? 1 : Math.abs(lo) * 0.1;
            lo -= d;
            hi += d;
        }
        double pad = 0.05 * (hi - lo);
        lo -= pad;
        hi += pad;
        double raw = (hi - lo) / 6;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = raw / mag < 1.5 ? mag : raw / mag < 3 ? 2 * mag : raw / mag < 7 ? 5 * mag : 10 * mag;
        int decimals = (int) Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
        boolean sci = Math.max(Math.abs(lo), Math.abs(hi)) >= 1e6 || decimals > 5;
        List<Double> ticks = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (long k = (long) Math.ceil(lo / step); k * step <= hi; k++) {
            double v = k * step;
            ticks.add(v);
            String l = sci ? String.format(Locale.ROOT, "%.2g", v)
                    : String.format(Locale.ROOT, "%." + decimals + "f", v == 0 ? 0.0 : v);
            labels.add(l.replace("-", MINUS));
        }
        return new Axis(lo, hi, false, ticks, List.of(), labels);
    }

    /** Length in characters of a tick label as drawn (10^k counts the exponent smaller). */
    private static int labelLength(String label) {
        int caret = label.indexOf('^');
        return caret < 0 ? label.length() : caret + (label.length() - caret) * 3 / 4 + 1;
    }

    private static String tickLabel(String label, double x, double y, String anchor) {
        int caret = label.indexOf('^');
        String body = caret < 0 ? esc(label) : esc(label.substring(0, caret)) + "<tspan dy=\"-6\" font-size=\"9\">"
                + esc(label.substring(caret + 1)) + "</tspan>";
        return String.format(Locale.ROOT, "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>",
                x, y, anchor, body);
    }

    static String esc(String s) {
        return Markup.esc(s);
    }
}
