package org.collapseharness.verification.report;

import java.util.List;
import java.util.Locale;

/**
 * Hand-written SVG heat maps of values in [0, 1]: one panel per grid of cells (columns x, rows y), white (0) to dark
 * blue (1), grey where a cell has no value, each cell labelled with its text.
 */
public final class HeatMapSvg {
    private static final int CELL_W = 118;
    private static final int CELL_H = 34;
    private static final int LEFT = 150;
    private static final int TITLE = 22;
    private static final int FONT = 11;

    /**
     * @param title  panel title
     * @param xs     column labels
     * @param ys     row labels
     * @param values [row][column] in [0, 1], NaN where there is no value
     * @param text   [row][column] cell text (null where there is none)
     */
    public record Panel(String title, List<String> xs, List<String> ys, double[][] values, String[][] text) {
    }

    private HeatMapSvg() {
    }

    public static String render(String title, List<Panel> panels) {
        int columns = panels.stream().mapToInt(p -> p.xs().size()).max().orElse(1);
        int width = Math.max(SvgPlotter.WIDTH, LEFT + CELL_W * columns + 20);
        StringBuilder body = new StringBuilder();
        int y = 2 * TITLE + 10;
        for (Panel p : panels) {
            body.append(text(LEFT, y, p.title(), "start", "bold"));
            y += 8;
            for (int i = 0; i < p.ys().size(); i++) {
                int top = y + i * CELL_H;
                body.append(text(LEFT - 8, top + CELL_H / 2 + 4, p.ys().get(i), "end", "normal"));
                for (int j = 0; j < p.xs().size(); j++) {
                    double v = p.values()[i][j];
                    int left = LEFT + j * CELL_W;
                    body.append(String.format(Locale.ROOT,
                            "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" stroke=\"#ffffff\"/>%n",
                            left, top, CELL_W, CELL_H, colour(v)));
                    String t = p.text()[i][j];
                    if (t != null) {
                        body.append(String.format(Locale.ROOT,
                                "<text x=\"%d\" y=\"%d\" font-size=\"%d\" text-anchor=\"middle\" fill=\"%s\">%s</text>%n",
                                left + CELL_W / 2, top + CELL_H / 2 + 4, FONT - 1, v > 0.55 ? "#ffffff" : "#000000",
                                SvgPlotter.esc(t)));
                    }
                }
            }
            int bottom = y + p.ys().size() * CELL_H;
            for (int j = 0; j < p.xs().size(); j++) {
                body.append(text(LEFT + j * CELL_W + CELL_W / 2, bottom + 14, p.xs().get(j), "middle", "normal"));
            }
            y = bottom + 14 + TITLE + 10;
        }
        int height = y;
        return String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\">%n<rect width=\"100%%\" height=\"100%%\" "
                + "fill=\"#ffffff\"/>%n", width, height, width, height)
                + text(10, TITLE, title, "start", "bold") + body + "</svg>\n";
    }

    /** White at 0 to #08306b at 1 (linear in RGB); light grey for NaN. */
    static String colour(double v) {
        if (Double.isNaN(v)) {
            return "#dddddd";
        }
        double t = Math.max(0, Math.min(1, v));
        int r = (int) Math.round(255 + t * (8 - 255));
        int g = (int) Math.round(255 + t * (48 - 255));
        int b = (int) Math.round(255 + t * (107 - 255));
        return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, b);
    }

    private static String text(int x, int y, String s, String anchor, String weight) {
        return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"%d\" text-anchor=\"%s\" "
                + "font-weight=\"%s\">%s</text>%n", x, y, FONT + 1, anchor, weight, SvgPlotter.esc(s));
    }
}
