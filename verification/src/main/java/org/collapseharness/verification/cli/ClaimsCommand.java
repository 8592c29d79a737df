package org.collapseharness.verification.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.collapseharness.verification.Claim;
import org.collapseharness.verification.claims.ClaimRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "claims", mixinStandardHelpOptions = true,
        description = "List every claim id the report can produce: the paper claims and the generic checks of the "
                + "shipped loss variants (V/...), with section and one-line statement.")
final class ClaimsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        List<Claim> all = ClaimRegistry.allIncludingVariants();
        if (json) {
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
            out.println(Json.write(Map.of("claims", rows)));
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
}
