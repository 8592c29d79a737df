package org.collapseharness.verification.cli;

import org.collapseharness.verification.JsonOutput;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.collapseharness.verification.Claim;
import org.collapseharness.verification.ClaimSpec;
import org.collapseharness.verification.claims.ClaimRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "claims", mixinStandardHelpOptions = true,
        description = "List every claim id the report can produce: the paper claims and the generic checks of the "
                + "shipped loss variants (V/...), with section and one-line statement; --markdown prints the tables of "
                + "docs/claims.md.")
final class ClaimsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    JsonOption json = new JsonOption();

    @Option(names = "--markdown", description = "print the claim tables of docs/claims.md (Markdown)")
    boolean markdown;

    /** The command that regenerates docs/claims.md from the registry. */
    public static final String REGENERATE = "./harness claims --markdown > docs/claims.md";

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        if (json.json && markdown) {
            throw new HarnessCli.UsageException("give either --json or --markdown, not both");
        }
        List<Claim> all = ClaimRegistry.allIncludingVariants();
        if (markdown) {
            out.print(markdown(all));
            out.flush();
            return 0;
        }
        if (json.json) {
            List<Object> rows = new ArrayList<>();
            for (Claim c : all) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", c.spec().id());
                m.put("section", c.spec().section());
                m.put("title", c.spec().title());
                m.put("statement", c.spec().statement());
                m.put("uses", c.spec().uses());
                m.put("slow", c.spec().slow());
                m.put("kind", c.id().startsWith("V/") ? "variant" : "paper");
                rows.add(m);
            }
            out.println(JsonOutput.pretty(Map.of("claims", rows)));
            return 0;
        }
        int idWidth = all.stream().mapToInt(c -> c.id().length()).max().orElse(1);
        int sectionWidth = all.stream().mapToInt(c -> c.spec().section().length()).max().orElse(1);
        String format = "%-" + idWidth + "s  %-" + sectionWidth + "s  %s%s%n";
        for (Claim c : all) {
            out.printf(format, c.spec().id(), c.spec().section(), c.spec().statement(), c.spec().slow() ? " [slow]" : "");
        }
        return 0;
    }

    /** docs/claims.md: the paper claims, then the loss-variant checks, one table row per claim. */
    static String markdown(List<Claim> all) {
        StringBuilder b = new StringBuilder();
        b.append("# Claims\n\n");
        b.append("Every claim id the report can produce, with its statement as registered in the `ClaimSpec` of its "
                + "claims class\n(`verification/.../claims/`). Generated: `" + REGENERATE + "`; a test fails when "
                + "this file is out of\ndate. Slow claims run in `./harness report` and with `mvn test -Pslow`.\n");
        table(b, "Paper claims", all.stream().filter(c -> !c.id().startsWith("V/")).toList());
        table(b, "Loss-variant checks (`V/<variant>/<check>`, beyond the paper; see [loss-variants.md](loss-variants.md))",
                all.stream().filter(c -> c.id().startsWith("V/")).toList());
        return b.toString();
    }

    private static void table(StringBuilder b, String heading, List<Claim> claims) {
        b.append("\n## ").append(heading).append("\n\n");
        b.append("| id | section | title | statement | uses | slow |\n|---|---|---|---|---|---|\n");
        for (Claim c : claims) {
            ClaimSpec s = c.spec();
            b.append("| `").append(s.id()).append("` | ").append(cell(s.section())).append(" | ").append(cell(s.title()))
                    .append(" | ").append(cell(s.statement())).append(" | ")
                    .append(cell(String.join(", ", s.uses()))).append(" | ").append(s.slow() ? "slow" : "")
                    .append(" |\n");
        }
    }

    private static String cell(String text) {
        return text.replace("\\", "\\\\").replace("|", "\\|").replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
