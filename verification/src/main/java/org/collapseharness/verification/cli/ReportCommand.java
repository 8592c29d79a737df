package org.collapseharness.verification.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.collapseharness.verification.Claim;
import org.collapseharness.verification.ClaimResult;
import org.collapseharness.verification.ClaimRunner;
import org.collapseharness.verification.Status;
import org.collapseharness.verification.claims.ClaimRegistry;
import org.collapseharness.verification.reliability.ReliabilitySection;
import org.collapseharness.verification.report.ReportSection;
import org.collapseharness.verification.report.ReportWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Run every registered claim (slow ones included) and the checks of the shipped loss variants, "
                + "or only the --only ids, and write report.md, report.html (with SVG plots) and report.json. "
                + "Progress goes to stderr. Exit 0 when no claim FAILs, 1 otherwise.")
final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", description = "output directory (default: ${DEFAULT-VALUE})",
            defaultValue = "target/report")
    Path out;

    @Option(names = "--only", paramLabel = "ID", split = ",", description = "run only these claim ids (comma-separated)")
    List<String> only;

    @Option(names = "--variant", paramLabel = "FILE",
            description = "run only the generic checks of this loss-variant file (see README 'Loss variants')")
    java.nio.file.Path variant;

    @Option(names = "--quiet", description = "no progress lines")
    boolean quiet;

    @Option(names = "--bench", arity = "0..1", paramLabel = "TIER", fallbackValue = "default",
            description = "performance section: default (the short bench tier), full, or none; a plain report runs "
                    + "the default tier, with --only/--variant it runs only when this option is given")
    String bench;

    @Option(names = "--reliability", negatable = true,
            description = "reliability section (CLI fuzzing, failure drills, determinism re-run, mutation score); on "
                    + "for a plain report, off with --only/--variant unless given")
    Boolean reliability;

    @Override
    public Integer call() throws Exception {
        var w = spec.commandLine().getOut();
        var progress = spec.commandLine().getErr();
        OutputPaths.requireDirectory(out, "--out");
        boolean subset = only != null || variant != null;
        String benchTier = bench == null ? (subset ? "none" : "default")
                : bench.trim().toLowerCase(java.util.Locale.ROOT);
        if (!benchTier.equals("none") && !benchTier.equals("default") && !benchTier.equals("full")) {
            throw new HarnessCli.UsageException("--bench must be default, full or none (got " + bench + ")");
        }
        List<Claim> claims = new ArrayList<>();
        if (variant != null) {
            if (only != null) {
                throw new HarnessCli.UsageException("give either --variant or --only, not both");
            }
            var v = org.collapseharness.theory.variant.VariantParser.parse(variant);
            try {
                if (v.nonlinear()) {
                    org.collapseharness.theory.nonlinear.NonlinearDerivation.derive(v, v.checkSizes()[3],
                            v.checkSizes()[0], 0);
                } else {
                    org.collapseharness.theory.symbolic.Symja.withTimeLimit(java.time.Duration.ofSeconds(20),
                        () -> v.hasHead() ? org.collapseharness.theory.symbolic.HeadFlowDerivation.derive(v.head())
                                : org.collapseharness.theory.symbolic.LinearFlowDerivation.derive(v.loss()));
                }
            } catch (org.collapseharness.theory.SymbolicException e) {
                throw new HarnessCli.UsageException(variant + ": cannot be derived [" + e.key() + "]: " + e.getMessage());
            }
            claims.addAll(org.collapseharness.verification.claims.VariantClaims.forVariant(v));
        } else if (only != null) {
            for (String id : only) {
                try {
                    claims.add(ClaimRegistry.getIncludingVariants(id.trim()));
                } catch (IllegalArgumentException e) {
                    throw new HarnessCli.UsageException(e.getMessage());
                }
            }
        } else {
            claims.addAll(ClaimRegistry.allIncludingVariants());
        }
        long t0 = System.nanoTime();
        List<ClaimResult> results = new ArrayList<>();
        int idWidth = claims.stream().mapToInt(c -> c.id().length()).max().orElse(1);
        String countFormat = "[%" + Integer.toString(claims.size()).length() + "d/%d] %-" + idWidth
                + "s  %-9s %7.1fs  %s%n";
        for (Claim c : claims) {
            ClaimResult r = ClaimRunner.run(c);
            results.add(r);
            if (!quiet) {
                progress.printf(countFormat, results.size(), claims.size(), r.id(), r.status(), r.wallSeconds(),
                        r.title());
                progress.flush();
            }
        }
        List<ReportSection> sections = new ArrayList<>();
        String tier = benchTier;
        if (!tier.equals("none")) {
            var ids = org.collapseharness.verification.perf.BenchSuite.ids(tier.equals("full")
                    ? org.collapseharness.verification.perf.BenchSuite.Tier.FULL
                    : org.collapseharness.verification.perf.BenchSuite.Tier.DEFAULT);
            var benchResults = org.collapseharness.verification.perf.PerformanceSection.run(ids, r -> {
                if (!quiet) {
                    progress.printf("bench %-9s %7.1fs  %s%n", r.status(), r.wallSeconds(), r.id());
                    progress.flush();
                }
            });
            sections.add(org.collapseharness.verification.perf.PerformanceSection.section(benchResults, tier,
                    "./harness report --bench " + tier));
        }
        if (reliability == null ? !subset : reliability) {
            if (!quiet) {
                progress.println("reliability: CLI fuzzing, failure drills, determinism re-run...");
                progress.flush();
            }
            sections.add(ReliabilitySection.build(results, HarnessCli.fuzzTarget()));
        }
        ReportWriter.write(out, results, sections, (System.nanoTime() - t0) / 1e9);
        long failed = results.stream().filter(r -> r.status() == Status.FAIL).count();
        w.printf("%d claims, %d FAIL; report written to %s%n", results.size(), failed,
                out.resolve("report.html").toString());
        return failed == 0 ? 0 : HarnessCli.FAILED;
    }
}
