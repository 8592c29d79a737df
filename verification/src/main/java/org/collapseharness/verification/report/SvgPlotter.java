package org.collapseharness.verification.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.collapseharness.verification.Plot;
import org.collapseharness.verification.Series;

/**
 * Renders a {@link Plot} as a self-contained SVG string. Written by hand rather than through a charting library so the
 * output is deterministic text and needs no fonts or AWT (works on a headless machine with nothing installed).
 */
public final class SvgPlotter {
    private static final int W = 720;
    private static final int H = 400;
    private static final int L = 72;
    private static final int R = 250;
    private static final int T = 36;
    private static final int B = 52;
    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf",
        "#8c564b", "#e377c2"};

    private SvgPlotter() {
    }

    public static String render(Plot p) {
        double[] xr = range(p.series(), true, p.logX());
        double[] yr = range(p.series(), false, p.logY());
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(W).append("\" height=\"").append(H)
                .append("\" viewBox=\"0 0 ").append(W).append(' ').append(H).append("\" font-family=\"sans-serif\" font-size=\"11\">\n");
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        s.append("<text x=\"").append(W / 2).append("\" y=\"20\" text-anchor=\"middle\" font-size=\"13\">")
                .append(esc(p.title())).append("</text>\n");
        int pw = W - L - R;
        int ph = H - T - B;
        s.append("<rect x=\"").append(L).append("\" y=\"").append(T).append("\" width=\"").append(pw)
                .append("\" height=\"").append(ph).append("\" fill=\"none\" stroke=\"#444\"/>\n");
        for (double tick : ticks(xr, p.logX())) {
            double x = L + pw * frac(tick, xr, p.logX());
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", x, T, x, T + ph, x, T + ph + 14,
                    label(tick, p.logX())));
        }
        for (double tick : ticks(yr, p.logY())) {
            double y = T + ph * (1 - frac(tick, yr, p.logY()));
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", L, y, L + pw, y, L - 4, y + 4,
                    label(tick, p.logY())));
        }
        s.append("<text x=\"").append(L + pw / 2).append("\" y=\"").append(H - 12).append("\" text-anchor=\"middle\">")
                .append(esc(p.xLabel() + (p.logX() ? " (log)" : ""))).append("</text>\n");
        s.append("<text transform=\"translate(16,").append(T + ph / 2).append(") rotate(-90)\" text-anchor=\"middle\">")
                .append(esc(p.yLabel() + (p.logY() ? " (log)" : ""))).append("</text>\n");
        int idx = 0;
        for (Series se : p.series()) {
            String color = COLORS[idx % COLORS.length];
            StringBuilder pts = new StringBuilder();
            List<double[]> marks = new ArrayList<>();
            for (int i = 0; i < Math.min(se.x().length, se.y().length); i++) {
                if (!usable(se.x()[i], p.logX()) || !usable(se.y()[i], p.logY())) {
                    continue;
                }
                double x = L + pw * frac(se.x()[i], xr, p.logX());
                double y = T + ph * (1 - frac(se.y()[i], yr, p.logY()));
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                marks.add(new double[] {x, y});
            }
            if (se.style() == Series.Style.MARKERS) {
                for (double[] m : marks) {
                    s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n",
                            m[0], m[1], color));
                }
            } else if (pts.length() > 0) {
                s.append("<polyline fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"1.6\"")
                        .append(se.style() == Series.Style.DASHED ? " stroke-dasharray=\"6,4\"" : "")
                        .append(" points=\"").append(pts.toString().trim()).append("\"/>\n");
            }
            int ly = T + 10 + 16 * idx;
            if (se.style() == Series.Style.MARKERS) {
                s.append(String.format(Locale.ROOT, "<circle cx=\"%d\" cy=\"%d\" r=\"3\" fill=\"%s\"/>", L + pw + 17,
                        ly, color));
            } else {
                s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
                        + "stroke-width=\"2\"%s/>", L + pw + 8, ly, L + pw + 26, ly, color,
                        se.style() == Series.Style.DASHED ? " stroke-dasharray=\"4,3\"" : ""));
            }
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", L + pw + 30, ly + 4,
                    esc(shorten(se.name()))));
            idx++;
        }
        s.append("</svg>\n");
        return s.toString();
    }

    private static boolean usable(double v, boolean log) {
        return Double.isFinite(v) && (!log || v > 0);
    }

    private static double[] range(List<Series> series, boolean x, boolean log) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            double[] v = x ? s.x() : s.y();
            for (double d : v) {
                if (usable(d, log)) {
                    lo = Math.min(lo, d);
                    hi = Math.max(hi, d);
                }
            }
        }
        if (!(lo <= hi)) {
            return new double[] {log ? 0.1 : 0, 1};
        }
        if (lo == hi) {
            return log ? new double[] {lo / 2, hi * 2} : new double[] {lo - 1, hi + 1};
        }
        if (!log) {
            double pad = 0.04 * (hi - lo);
            return new double[] {lo - pad, hi + pad};
        }
        return new double[] {lo, hi};
    }

    private static double frac(double v, double[] r, boolean log) {
        return log ? (Math.log10(v) - Math.log10(r[0])) / (Math.log10(r[1]) - Math.log10(r[0]))
                : (v - r[0]) / (r[1] - r[0]);
    }

    private static List<Double> ticks(double[] r, boolean log) {
        List<Double> t = new ArrayList<>();
        if (log) {
            int a = (int) Math.ceil(Math.log10(r[0]) - 1e-9);
            int b = (int) Math.floor(Math.log10(r[1]) + 1e-9);
            int step = Math.max(1, (b - a + 1) / 8);
            for (int e = a; e <= b; e += step) {
                t.add(Math.pow(10, e));
            }
            return t;
        }
        double span = r[1] - r[0];
        double raw = span / 6;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = raw / mag < 2 ? 2 * mag : raw / mag < 5 ? 5 * mag : 10 * mag;
        for (double v = Math.ceil(r[0] / step) * step; v <= r[1]; v += step) {
            t.add(Math.abs(v) < 1e-12 * step ? 0 : v);
        }
        return t;
    }

    private static String label(double v, boolean log) {
        if (log) {
            return "1e" + Math.round(Math.log10(v));
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 39) + "…" : s;
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
