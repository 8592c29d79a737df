package org.collapseharness.verification.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.collapseharness.verification.cli.PerfCommandsTest.Run;
import org.junit.jupiter.api.Test;

/** 'sectors' prints the factored characteristic polynomials exactly as the model page (docs/section-3-minimal-model.md) states them. */
class SectorsReadmeTest {
    @Test
    void sectorPolynomialsMatchTheReadme() throws Exception {
        String readme = Files.readString(Path.of("..", "docs", "section-3-minimal-model.md"), StandardCharsets.UTF_8).replaceAll("\\s+", " ");
        Run text = PerfCommandsTest.run("sectors", "-K", "4", "-n", "20", "-m", "5");
        assertThat(text.code()).as(text.err()).isZero();
        var json = new ObjectMapper().readTree(PerfCommandsTest.run("sectors", "-K", "4", "-n", "20", "-m", "5",
                "--json").out());
        for (var sector : json.get("sectors")) {
            String f = sector.get("characteristicPolynomialFactored").asText();
            assertThat(readme).as(sector.get("name").asText()).contains("`" + f + "`");
            assertThat(text.out()).contains("char.poly " + f + "\n");
            assertThat(f).doesNotContain("lam").doesNotContain("k");
        }
    }
}
