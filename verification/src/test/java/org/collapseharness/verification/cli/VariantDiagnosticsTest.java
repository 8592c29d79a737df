package org.collapseharness.verification.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.collapseharness.theory.variant.VariantParser;
import org.collapseharness.verification.ClaimResult;
import org.collapseharness.verification.ClaimRunner;
import org.collapseharness.verification.claims.VariantClaims;
import org.collapseharness.verification.cli.PerfCommandsTest.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Variant files: parse errors at FILE:LINE:COL, reserved names listed, destabilising regularisers flagged. */
class VariantDiagnosticsTest {
    private static final String[] SIZES = {"--classes", "3", "--clean", "4", "--shared", "1"};

    private static Run derive(Path f, String... extra) {
        String[] args = OptionConsistencyTest.concat(new String[] {"derive", "--variant", f.toString()}, SIZES);
        return PerfCommandsTest.run(OptionConsistencyTest.concat(args, extra));
    }

    /** The one stderr line of a refused file (exit 2, nothing on stdout). */
    private static String refused(Path f, String text) throws Exception {
        Files.writeString(f, text);
        Run r = derive(f);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().trim()).doesNotContain("\n");
        return r.err().trim();
    }

    @Test
    void anExpressionThatDoesNotParseIsReportedAtItsLineAndColumn(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.variant");
        assertThat(refused(f, "variant bad\n# a comment\nterm clean = 1/2*(s - y)^^2\n"))
                .startsWith("harness: " + f + ":3:26: expression does not parse");
    }

    @Test
    void aReservedNameIsRefusedWithTheListOfReservedNames(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("reserved.variant");
        assertThat(refused(f, "variant reserved\nparameter rho = 1/2\nterm clean = rho*(s - y)^2\n"))
                .contains(f + ":2:11: parameter name 'rho' is reserved").contains(VariantParser.RESERVED_TEXT)
                .doesNotEndWith("...");
        String readme = Files.readString(Path.of("..", "docs", "loss-variants.md")).replaceAll("\\s+", " ");
        assertThat(readme).contains("`a b d eps f g h k lam m n p q r rho s t u v w y y2`, the functions "
                + "`Abs Cos Exp Log Sin Sqrt Tanh cos lsum mean sg sq`");
    }

    @Test
    void aRegulariserThatMakesAModeGrowIsAcceptedButFlagged(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("grow.variant");
        Files.writeString(f, "variant grow\nparameter lambda = 1/10\nterm clean = 1/2*(s - y)^2\n"
                + "decay labels = -lambda\ncheck 3 4 1 1\n");
        Run json = derive(f, "--json");
        assertThat(json.code()).as(json.err()).isZero();
        assertThat(json.err()).isEmpty();
        var warnings = new ObjectMapper().readTree(json.out()).get("warnings");
        assertThat(warnings.isArray()).isTrue();
        assertThat(warnings.size()).isEqualTo(1);
        assertThat(warnings.get(0).asText()).startsWith(f + ":4: decay on labels has rate -0.100000 < 0")
                .contains("unstable direction");
        Run text = derive(f);
        assertThat(text.code()).isZero();
        assertThat(text.err().trim()).doesNotContain("\n").startsWith("harness: warning: " + f + ":4: decay on labels");
        // the report rows of the variant carry the warning as a note
        ClaimResult spectrum = ClaimRunner.run(VariantClaims.forVariant(VariantParser.parse(f)).get(0));
        assertThat(spectrum.notes()).anySatisfy(n -> assertThat(n).startsWith("warning: " + f + ":4: decay"));
        // a stable variant: empty array, nothing on stderr
        Path ok = dir.resolve("ok.variant");
        Files.writeString(ok, "variant ok\nparameter lambda = 1/10\nterm clean = 1/2*(s - y)^2\ndecay labels = lambda\n");
        Run fine = derive(ok, "--json");
        assertThat(new ObjectMapper().readTree(fine.out()).get("warnings").size()).isZero();
        assertThat(derive(ok).err()).isEmpty();
    }
}
