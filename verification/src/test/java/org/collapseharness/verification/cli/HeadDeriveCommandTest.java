package org.collapseharness.verification.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.collapseharness.verification.claims.VariantClaims;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code derive --variant FILE} for a variant with species head (projection W). */
class HeadDeriveCommandTest {

    @Test
    void projectionSgPrintsFieldAndProtectedValue() throws Exception {
        Path file = VariantClaims.variantsDirectory().resolve("projection-sg.variant");
        PerfCommandsTest.Run r = PerfCommandsTest.run("derive", "--variant", file.toString(), "--classes", "3", "--clean",
                "4", "--shared", "1", "--dim", "2", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode n = new ObjectMapper().readTree(r.out());
        assertThat(n.get("variant").asText()).isEqualTo("projection-sg");
        assertThat(n.get("stopGradient").asBoolean()).isTrue();
        assertThat(n.get("blocks").get("Gss").asText()).isEqualTo("-Transpose[W].W");
        assertThat(n.get("pairFieldClean").size()).isEqualTo(2 + 2 + 4);
        assertThat(n.get("steadyState").get("biasOperator").asText()).isEqualTo("W.W");
        assertThat(n.get("steadyState").get("protectedValue").asDouble()).isEqualTo(0.8);
        assertThat(n.get("collapsePredicted").asBoolean()).isFalse();
    }

    @Test
    void badHeadFilesExitTwoWithOneLine(@TempDir Path dir) throws Exception {
        String[] bad = {
            "variant v\nspecies clean shared labels head\nterm clean = 1/2*(W.s - y)^2\n",       // not a scalar
            "variant v\nterm clean = 1/2*sq(W.s - y)\n",                                       // head not declared
            "variant v\nspecies clean shared labels head\nterm clean = 1/2*sq(W.s - y)\ndecay labels = 1\n",
            "variant v\nspecies clean shared labels head target\nterm clean = 1/2*sq(W.s - y)\n"};
        for (int i = 0; i < bad.length; i++) {
            Path f = dir.resolve("bad" + i + ".variant");
            Files.writeString(f, bad[i]);
            PerfCommandsTest.Run r = PerfCommandsTest.run("derive", "--variant", f.toString(), "--classes", "3",
                    "--clean", "4", "--shared", "1");
            assertThat(r.code()).as(bad[i]).isEqualTo(2);
            assertThat(r.err().trim()).as(bad[i]).doesNotContain("\n").isNotEmpty();
        }
        Path ok = VariantClaims.variantsDirectory().resolve("projection-sg.variant");
        PerfCommandsTest.Run r = PerfCommandsTest.run("derive", "--variant", ok.toString(), "--classes", "3", "--clean",
                "4", "--shared", "1", "--dim", "9");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().trim()).doesNotContain("\n").contains("--dim");
    }
}
