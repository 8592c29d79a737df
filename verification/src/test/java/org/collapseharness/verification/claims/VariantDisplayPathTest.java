package org.collapseharness.verification.claims;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Variant files in the report")
class VariantDisplayPathTest {
    @Test
    void aShippedVariantIsShownRelativeToTheRepository() {
        Path file = VariantClaims.variantsDirectory().resolve("simsiam.variant").toAbsolutePath();
        assertThat(VariantClaims.displayPath(file.toString())).isEqualTo(Path.of("variants", "simsiam.variant")
                .toString());
    }

    @Test
    void aFileOutsideTheRepositoryKeepsItsPath(@TempDir Path dir) {
        String outside = dir.resolve("mine.variant").toString();
        assertThat(VariantClaims.displayPath(outside)).isEqualTo(outside);
    }
}
