package org.collapseharness.verification.cli;

import org.collapseharness.verification.JsonOutput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.collapseharness.verification.perf.BenchResult;
import org.collapseharness.verification.perf.BenchSuite;
import org.collapseharness.verification.perf.PerformanceSection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run the fixed benchmark suite: per case wall time, right-hand-side evaluations and max abs "
                + "error against an exact route independent of the timed one. --suite default takes seconds, "
                + "--suite full minutes. Writes performance.json (the report's 'performance' section). Exit 1 if a "
                + "case FAILs.")
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--suite", defaultValue = "default", description = "default | full (default ${DEFAULT-VALUE})")
    String suite;

    @Option(names = "--only", split = ",", paramLabel = "ID", description = "run only these case ids")
    List<String> only;

    @Option(names = "--list", description = "list the case ids and exit")
    boolean list;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "target/bench",
            description = "output directory for performance.json (default ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() throws Exception {
        OutputPaths.requireDirectory(out, "--out");
        var w = spec.commandLine().getOut();
        BenchSuite.Tier tier = switch (suite.trim().toLowerCase(Locale.ROOT)) {
            case "default" -> BenchSuite.Tier.DEFAULT;
            case "full" -> BenchSuite.Tier.FULL;
            default -> throw new HarnessCli.UsageException("--suite must be default or full (got " + suite + ")");
        };
        List<String> ids = new ArrayList<>(BenchSuite.ids(tier));
        if (only != null) {
            ids = new ArrayList<>();
            for (String id : only) {
                try {
                    BenchSuite.get(id.trim());
                } catch (IllegalArgumentException e) {
                    throw new HarnessCli.UsageException(e.getMessage());
                }
                ids.add(id.trim());
            }
        }
        if (list) {
            for (String id : BenchSuite.ids(BenchSuite.Tier.FULL)) {
                w.printf("%-22s %-8s %s%n", id, BenchSuite.ids(BenchSuite.Tier.DEFAULT).contains(id) ? "default"
                        : "full", BenchSuite.get(id).description());
            }
            return 0;
        }
        w.printf("%-22s %-8s %-7s %9s %10s %10s %12s%n", "case", "status", "route", "wall s", "RHS evals",
                "wit evals", "max abs err");
        w.flush();
        List<BenchResult> results = PerformanceSection.run(ids, r -> {
            w.printf(Locale.ROOT, "%-22s %-8s %-7s %9.3f %10d %10d %12.3g%n", r.id(), r.status(), r.route(),
                    r.wallSeconds(), r.rhsEvaluations(), r.witnessEvaluations(), r.maxAbsError());
            w.flush();
        });
        var section = PerformanceSection.section(results, tier.name().toLowerCase(Locale.ROOT),
                "./harness bench --suite " + tier.name().toLowerCase(Locale.ROOT));
        Files.createDirectories(out);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("performance", section.json());
        Files.writeString(out.resolve("performance.json"), JsonOutput.pretty(root) + "\n");
        w.println("written " + out.resolve("performance.json"));
        return results.stream().anyMatch(r -> r.status().equals("FAIL")) ? HarnessCli.FAILED : 0;
    }
}
