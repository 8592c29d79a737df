package org.collapseharness.theory.symbolic;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.collapseharness.theory.variant.VariantParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegulariserCheckTest {
    @Test
    void aRegulariserThatMakesItsVariableGrowIsFlaggedWithItsLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("neg.variant");
        Files.writeString(f, "variant neg\nparameter lambda = 1/10\nterm clean = 1/2*(s - y)^2\n"
                + "decay labels = -lambda\npenalty samples = lambda*s^2 - 3*lambda*s^2 + sg(s)*s^4\n"
                + "decay samples = lambda\npenalty labels = y^2 - y^3\n");
        var w = RegulariserCheck.warnings(VariantParser.parse(f));
        assertThat(w).hasSize(2);
        assertThat(w.get(0)).isEqualTo(f + ":4: decay on labels has rate -0.100000 < 0 at y = 0: it makes the labels "
                + "grow (unstable direction)");
        assertThat(w.get(1)).startsWith(f + ":5: penalty on samples has rate -0.400000 < 0");
    }

    @Test
    void theShippedVariantsHaveNoWarnings() throws Exception {
        try (var files = Files.list(Path.of("..", "variants"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".variant")).toList()) {
                assertThat(RegulariserCheck.warnings(VariantParser.parse(f))).as(f.toString()).isEmpty();
            }
        }
    }
}
