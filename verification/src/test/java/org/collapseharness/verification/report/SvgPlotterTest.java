package org.collapseharness.verification.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.collapseharness.verification.Plot;
import org.collapseharness.verification.Series;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

@DisplayName("SvgPlotter: data inside the frame, decade labels on log axes, complete legends, paired colours")
class SvgPlotterTest {

    static Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(false);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    static List<Element> elements(Element root, String tag) {
        NodeList nl = root.getElementsByTagName(tag);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nl.getLength(); i++) {
            out.add((Element) nl.item(i));
        }
        return out;
    }

    static Element byClass(Document d, String tag, String cls) {
        return elements(d.getDocumentElement(), tag).stream().filter(e -> cls.equals(e.getAttribute("class")))
                .findFirst().orElseThrow(() -> new AssertionError("no <" + tag + " class=" + cls + ">"));
    }

    /** Every circle centre and polyline vertex of the data group that lies outside the frame rectangle. */
    static List<String> outside(String svg) throws Exception {
        Document d = parse(svg);
        Element frame = byClass(d, "rect", "frame");
        double x0 = Double.parseDouble(frame.getAttribute("x"));
        double y0 = Double.parseDouble(frame.getAttribute("y"));
        double x1 = x0 + Double.parseDouble(frame.getAttribute("width"));
        double y1 = y0 + Double.parseDouble(frame.getAttribute("height"));
        Element data = byClass(d, "g", "data");
        List<double[]> pts = new ArrayList<>();
        for (Element c : elements(data, "circle")) {
            pts.add(new double[] {Double.parseDouble(c.getAttribute("cx")), Double.parseDouble(c.getAttribute("cy"))});
        }
        for (Element p : elements(data, "polyline")) {
            for (String xy : p.getAttribute("points").trim().split("\\s+")) {
                String[] v = xy.split(",");
                pts.add(new double[] {Double.parseDouble(v[0]), Double.parseDouble(v[1])});
            }
        }
        assertThat(pts).as("data points drawn").isNotEmpty();
        List<String> bad = new ArrayList<>();
        for (double[] p : pts) {
            // strictly inside: a point on the frame edge counts as outside (the padding must keep it off the edge)
            if (!(p[0] > x0 && p[0] < x1 && p[1] > y0 && p[1] < y1)) {
                bad.add(p[0] + "," + p[1]);
            }
        }
        return bad;
    }

    static Plot logPlot() {
        double[] n = {100, 400, 1600, 6400, 12800};
        return new Plot("t", "Mean-field discrepancy (log-log), with a long title that has to be wrapped because it is "
                + "wider than the figure itself", "N", "error", true, true, List.of(
                Series.markers("mean over seeds", n, new double[] {0.1, 0.05, 0.025, 0.0125, 0.009}).pairedWith("m"),
                Series.line("fit, slope -0.5", n, new double[] {0.1, 0.05, 0.025, 0.0125, 0.0088}).pairedWith("m"),
                Series.markers("discretisation only (sits far below the rest, exactly on a decade)", n,
                        new double[] {1e-5, 1.1e-5, 0, -3, 1e-5})));
    }

    @Test
    @DisplayName("every circle and polyline vertex lies strictly inside the frame, on log and linear axes")
    void pointsInsideTheFrame() throws Exception {
        assertThat(outside(SvgPlotter.render(logPlot()))).isEmpty();
        Plot lin = new Plot("l", "linear", "x", "y", false, false, List.of(
                Series.markers("points", new double[] {-1, 0, 1, 2}, new double[] {0.85, 0.45, 0.45, 0.85}),
                Series.dashed("constant", new double[] {-1, 2}, new double[] {1, 1}),
                Series.line("single value", new double[] {0.5}, new double[] {0.5})));
        assertThat(outside(SvgPlotter.render(lin))).isEmpty();
        Plot flat = new Plot("f", "flat", "x", "y", false, false,
                List.of(Series.line("flat", new double[] {3, 3}, new double[] {0, 0})));
        assertThat(outside(SvgPlotter.render(flat))).isEmpty();
    }

    @Test
    @DisplayName("control: a point moved onto the frame edge is caught by the same check")
    void theFrameCheckCatchesAnEdgePoint() throws Exception {
        String svg = SvgPlotter.render(logPlot());
        Element frame = byClass(parse(svg), "rect", "frame");
        String bottom = String.format(java.util.Locale.ROOT, "%.1f",
                Double.parseDouble(frame.getAttribute("y")) + Double.parseDouble(frame.getAttribute("height")));
        String tampered = svg.replaceFirst("cy=\"[0-9.]+\"", "cy=\"" + bottom + "\"");
        assertThat(outside(tampered)).hasSize(1);
    }

    @Test
    @DisplayName("non-positive values on a log axis are dropped with a note, not clamped to the edge")
    void nonPositiveValuesAreDroppedWithANote() throws Exception {
        String svg = SvgPlotter.render(logPlot());
        Document d = parse(svg);
        assertThat(elements(byClass(d, "g", "data"), "circle")).hasSize(5 + 3);
        assertThat(elements(d.getDocumentElement(), "text").stream().filter(t -> "note".equals(t.getAttribute("class")))
                .map(Element::getTextContent)).containsExactly("2 non-positive values of \"discretisation only (sits "
                + "far below the rest, exactly on a decade)\" not shown (log axis)");
    }

    @Test
    @DisplayName("log axes carry a 10^k label at every decade of their range")
    void decadeLabels() throws Exception {
        Document d = parse(SvgPlotter.render(logPlot()));
        Set<String> labels = new HashSet<>();
        for (Element t : elements(d.getDocumentElement(), "text")) {
            if ("tick".equals(t.getAttribute("class"))) {
                labels.add(t.getTextContent());
            }
        }
        // x: 100 .. 12800 -> decades 10^2 .. 10^4 inside the padded range; y: 1e-5 .. 0.1 -> 10^-5 .. 10^-1
        assertThat(labels).contains("102", "103", "104", "10\u22125", "10\u22124", "10\u22123", "10\u22122",
                "10\u22121");
        assertThat(labels).noneMatch(l -> l.contains("e"));
    }

    @Test
    @DisplayName("legend entries show their whole text (long names wrap), title kept whole")
    void legendTextComplete() throws Exception {
        String longName = "realised-moment DMFT (discretisation only), a legend entry long enough that it cannot "
                + "fit on one line of the legend without wrapping at all";
        Plot p = new Plot("g", "legend", "x", "y", false, false, List.of(
                Series.line("short", new double[] {0, 1}, new double[] {0, 1}),
                Series.markers(longName, new double[] {0, 1}, new double[] {1, 0}),
                Series.dashed("a third entry with a medium-length name", new double[] {0, 1}, new double[] {0.5, 0.5})));
        Document d = parse(SvgPlotter.render(p));
        List<String> entries = new ArrayList<>();
        double width = Double.parseDouble(d.getDocumentElement().getAttribute("width"));
        for (Element g : elements(byClass(d, "g", "legend"), "g")) {
            List<String> lines = new ArrayList<>();
            for (Element t : elements(g, "text")) {
                lines.add(t.getTextContent());
                double x = Double.parseDouble(t.getAttribute("x"));
                assertThat(x + 0.6 * 12 * t.getTextContent().length()).as("estimated right end").isLessThan(width);
            }
            entries.add(String.join(" ", lines));
        }
        assertThat(entries).containsExactly("short", longName, "a third entry with a medium-length name");
    }

    @Test
    @DisplayName("a fitted series and its derived curve share a colour; other series get their own")
    void pairedSeriesShareAColour() throws Exception {
        Element data = byClass(parse(SvgPlotter.render(logPlot())), "g", "data");
        Set<String> markerColours = new HashSet<>();
        elements(data, "circle").forEach(c -> markerColours.add(c.getAttribute("fill")));
        String lineColour = elements(data, "polyline").get(0).getAttribute("stroke");
        assertThat(markerColours).hasSize(2).contains(lineColour);
    }

    @Test
    @DisplayName("the SVG is at least 600 px wide and scales through its viewBox")
    void sizeAndViewBox() throws Exception {
        Element svg = parse(SvgPlotter.render(logPlot())).getDocumentElement();
        assertThat(Integer.parseInt(svg.getAttribute("width"))).isGreaterThanOrEqualTo(600);
        assertThat(svg.getAttribute("viewBox")).isEqualTo("0 0 " + svg.getAttribute("width") + " "
                + svg.getAttribute("height"));
    }
}
