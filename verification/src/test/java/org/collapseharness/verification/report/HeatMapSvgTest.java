package org.collapseharness.verification.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

class HeatMapSvgTest {
    @Test
    void panelsAreWellFormedSvgWithOneRectanglePerCell() throws Exception {
        HeatMapSvg.Panel p = new HeatMapSvg.Panel("rho=0.3 <K>", List.of("d=1", "d=2"), List.of("K=2"),
                new double[][] {{0, Double.NaN}}, new String[][] {{"0/4 [0.00,0.49]", null}});
        String svg = HeatMapSvg.render("P(separated) & more", List.of(p, p));
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertThat(doc.getElementsByTagName("rect").getLength()).isEqualTo(1 + 2 * 2);
        assertThat(svg).contains("&amp; more").contains("&lt;K&gt;");
    }

    @Test
    void coloursRunFromWhiteToDarkBlueWithGreyForMissing() {
        assertThat(HeatMapSvg.colour(0)).isEqualTo("#ffffff");
        assertThat(HeatMapSvg.colour(1)).isEqualTo("#08306b");
        assertThat(HeatMapSvg.colour(Double.NaN)).isEqualTo("#dddddd");
        assertThat(HeatMapSvg.colour(2)).isEqualTo(HeatMapSvg.colour(1));
    }
}
