package org.collapseharness.verification.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.collapseharness.verification.Claim;
import org.collapseharness.verification.ClaimRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "claims", mixinStandardHelpOptions = true,
        description = "List the registered paper claims (id, section, one-line statement).")
final class ClaimsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        if (json) {
            List<Object> rows = new ArrayList<>();
            for (Claim c : ClaimRegistry.all()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", c.spec().id());
                m.put("section", c.spec().section());
                m.put("title", c.spec().title());
                m.put("statement", c.spec().statement());
                m.put("uses", c.spec().uses());
                m.put("slow", c.spec().slow());
                rows.add(m);
            }
            out.println(Json.write(Map.of("claims", rows)));
            return 0;
        }
        for (Claim c : ClaimRegistry.all()) {
            out.printf("%-7s %-6s %s%s%n", c.spec().id(), c.spec().section(), c.spec().statement(),
                    c.spec().slow() ? " [slow]" : "");
        }
        return 0;
    }
}
