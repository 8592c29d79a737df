package org.collapseharness.verification.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.collapseharness.verification.Claim;
import org.collapseharness.verification.ClaimSpec;
import org.collapseharness.verification.claims.ClaimRegistry;
import org.collapseharness.verification.cli.PerfCommandsTest.Run;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("docs/claims.md is generated from the claim registry by `claims --markdown` and kept up to date")
class ClaimsDocTest {

    static final Path DOC = Path.of("..", "docs", "claims.md");

    @Test
    @DisplayName("docs/claims.md equals the output of `./harness claims --markdown`")
    void docIsUpToDate() throws IOException {
        Run r = PerfCommandsTest.run("claims", "--markdown");
        assertThat(r.code()).isZero();
        assertThat(r.err()).isEmpty();
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        assertThat(firstDifference(doc, r.out()))
                .as("docs/claims.md is out of date with the claim registry; regenerate it from the project root: %s",
                        ClaimsCommand.REGENERATE)
                .isEmpty();
    }

    /** The first line where the two texts differ, as "line N: file ... / registry ...", or "" when equal. */
    static String firstDifference(String doc, String generated) {
        List<String> a = doc.lines().toList();
        List<String> b = generated.lines().toList();
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            String x = i < a.size() ? a.get(i) : "(end of file)";
            String y = i < b.size() ? b.get(i) : "(end of output)";
            if (!x.equals(y)) {
                return "line " + (i + 1) + ":\n  docs/claims.md: " + x + "\n  registry:       " + y;
            }
        }
        return doc.equals(generated) ? "" : "line endings or the final newline differ";
    }

    @Test
    @DisplayName("every paper claim and every V/... variant check has one row, slow claims marked")
    void everyClaimHasARow() {
        List<Claim> all = ClaimRegistry.allIncludingVariants();
        String md = ClaimsCommand.markdown(all);
        assertThat(all).anyMatch(c -> c.id().startsWith("V/")).anyMatch(c -> c.spec().slow());
        for (Claim c : all) {
            assertThat(md.lines().filter(l -> l.startsWith("| `" + c.id() + "` |")))
                    .singleElement().satisfies(l -> assertThat(l.endsWith("| slow |")).isEqualTo(c.spec().slow()));
        }
    }

    @Test
    @DisplayName("negative control: a changed statement changes the table; a '|' in a cell is escaped")
    void changedStatementIsDetected() throws IOException {
        List<Claim> all = new ArrayList<>(ClaimRegistry.allIncludingVariants());
        ClaimSpec s = all.get(0).spec();
        all.set(0, new Claim(new ClaimSpec(s.id(), s.section(), s.title(), s.statement() + " a|b", s.uses(), s.slow(),
                s.source()), all.get(0).check()));
        String md = ClaimsCommand.markdown(all);
        assertThat(md).contains(" a\\|b |");
        assertThat(firstDifference(Files.readString(DOC, StandardCharsets.UTF_8), md)).startsWith("line ")
                .contains(s.statement());
    }

    @Test
    @DisplayName("--json and --markdown together are a usage error")
    void jsonAndMarkdownExclude() {
        Run r = PerfCommandsTest.run("claims", "--json", "--markdown");
        assertThat(r.code()).isEqualTo(HarnessCli.USAGE);
        assertThat(r.err()).startsWith("harness: ").contains("not both");
    }
}
