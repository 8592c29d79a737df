package org.collapseharness.verification.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.collapseharness.verification.ClaimResult;
import org.collapseharness.verification.ClaimRunner;
import org.collapseharness.verification.NegativeControl;
import org.collapseharness.verification.Status;
import org.collapseharness.verification.claims.ClaimRegistry;
import org.collapseharness.verification.report.Block;
import org.collapseharness.verification.report.ReportSection;
import org.collapseharness.verification.report.ReportWriter;

/**
 * The report's reliability section (key {@code reliability}): claims checked, negative controls run and rejected,
 * the mutation score read from PIT's output, the CLI fuzz campaign, the provoked failures, and a determinism re-run.
 * Every number is computed by the current build when the report is written, except the mutation score, which is read
 * from the last PIT run (its command is printed when it has not been run). Non-deterministic values (durations) sit
 * under {@code timing} keys only.
 */
public final class ReliabilitySection {
    public static final String KEY = "reliability";
    public static final String DETERMINISM_COMMAND = "./harness report --out target/r1 --quiet && ./harness report "
            + "--out target/r2 --quiet && diff <(jq 'del(.. | .timing?)' target/r1/report.json) "
            + "<(jq 'del(.. | .timing?)' target/r2/report.json)";

    private static final AtomicBoolean BUILDING = new AtomicBoolean();
    private static volatile CliFuzzer.Summary fuzz;
    private static volatile List<FailureDrills.Outcome> drills;

    private ReliabilitySection() {
    }

    /** The fuzz campaign of the given command line, run once per JVM. */
    public static synchronized CliFuzzer.Summary fuzz(CliFuzzer.Target cli) {
        if (fuzz == null) {
            fuzz = CliFuzzer.run(cli);
        }
        return fuzz;
    }

    /** The failure drills, run once per JVM. */
    public static synchronized List<FailureDrills.Outcome> drills() {
        if (drills == null) {
            drills = FailureDrills.run();
        }
        return drills;
    }

    /** The reliability section of a report; {@code cli} is the command line the fuzz campaign exercises. */
    public static ReportSection build(List<ClaimResult> results, CliFuzzer.Target cli) {
        if (!BUILDING.compareAndSet(false, true)) {
            // A report run started by the fuzzer inside a report run: no nested campaign.
            return new ReportSection(KEY, "Reliability", List.of(new Block.Paragraph("(nested run: see the outer report)")),
                    Map.of("nested", true));
        }
        try {
            return compute(results, cli);
        } finally {
            BUILDING.set(false);
        }
    }

    private static ReportSection compute(List<ClaimResult> results, CliFuzzer.Target cli) {
        Map<String, Object> json = new LinkedHashMap<>();
        Map<String, Object> timing = new LinkedHashMap<>();
        List<List<String>> rows = new ArrayList<>();

        // Claims and negative controls.
        long controls = results.stream().mapToLong(r -> r.negativeControls().size()).sum();
        long rejected = results.stream()
                .mapToLong(r -> r.negativeControls().stream().filter(NegativeControl::rejected).count()).sum();
        List<String> unrejected = results.stream().filter(r -> !r.allControlsRejected()).map(ClaimResult::id).toList();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("checked", results.size());
        for (Status s : Status.values()) {
            claims.put(s.name().toLowerCase(Locale.ROOT), results.stream().filter(r -> r.status() == s).count());
        }
        claims.put("negativeControlsRun", controls);
        claims.put("negativeControlsRejected", rejected);
        claims.put("claimsWithAControlNotRejected", unrejected);
        json.put("claims", claims);
        rows.add(List.of("claims checked", results.size() + " (" + claims.get("pass") + " PASS, "
                + claims.get("deviation") + " DEVIATION, " + claims.get("fail") + " FAIL)", "`./harness report`"));
        rows.add(List.of("negative controls run / rejected", controls + " / " + rejected
                + (unrejected.isEmpty() ? "" : " (not rejected in: " + String.join(", ", unrejected) + ")"),
                "`./harness report`"));

        // Mutation testing.
        MutationReport.Result mut = MutationReport.read(MutationReport.projectRoot());
        Map<String, Object> mj = new LinkedHashMap<>();
        mj.put("command", MutationReport.COMMAND);
        if (mut.present()) {
            mj.put("status", "read");
            mj.put("files", mut.files());
            mj.put("mutants", mut.total());
            mj.put("detected", mut.detected());
            mj.put("score", mut.score());
            Map<String, Object> per = new LinkedHashMap<>();
            mut.perModule().forEach((k, v) -> {
                Map<String, Object> counts = new LinkedHashMap<>(); // ordered: report.json must be byte-stable
                counts.put("mutants", v[0]);
                counts.put("detected", v[1]);
                per.put(k, counts);
            });
            mj.put("perModule", per);
            List<Object> surv = new ArrayList<>();
            for (MutationReport.Survivor s : mut.survivors()) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("class", s.mutatedClass());
                r.put("method", s.method());
                r.put("line", s.line());
                r.put("mutator", s.mutator());
                r.put("description", s.description());
                r.put("status", s.status());
                r.put("reason", s.reason().isEmpty() ? "NOT REVIEWED" : s.reason());
                surv.add(r);
            }
            mj.put("survivors", surv);
            mj.put("survivorsWithoutReason", mut.survivors().stream().filter(s -> s.reason().isEmpty()).count());
            rows.add(List.of("mutation score (PIT, theory + numerics)", String.format(Locale.ROOT, "%.1f %%",
                    100 * mut.score()) + " (" + mut.detected() + " of " + mut.total() + " mutants detected; "
                    + mut.survivors().size() + " survivors, listed below)", "`" + MutationReport.COMMAND + "`"));
        } else {
            mj.put("status", "not run");
            rows.add(List.of("mutation score (PIT)", "not run", "`" + MutationReport.COMMAND + "`"));
        }
        json.put("mutation", mj);

        // CLI fuzzing.
        CliFuzzer.Summary fz = fuzz(cli);
        json.put("fuzz", CliFuzzer.json(fz));
        timing.put("fuzzSeconds", fz.seconds());
        rows.add(List.of("CLI inputs fuzzed", fz.invocations() + " invocations over " + fz.optionsFuzzed()
                + " options/parameters of " + fz.subcommands().size() + " subcommands: " + fz.usageErrors()
                + " exit 2 with one line, " + fz.accepted() + " accepted, " + fz.failedVerdicts() + " exit 1; "
                + fz.violations().size() + " violations (stack trace, hang, >1 line)"
                + (fz.notDeeplyFuzzed().isEmpty() ? "" : "; parser-only: " + String.join(", ", fz.notDeeplyFuzzed())),
                "`mvn -B -ntp test -pl verification -am -Dtest=CliFuzzTest -Dsurefire.failIfNoSpecifiedTests=false`"));
        rows.add(List.of("loss-variant file parser fuzzed", CliFuzzer.VARIANT_JUNK.size() + " malformed files ("
                + String.join(", ", CliFuzzer.VARIANT_JUNK.keySet()) + ") passed to every `--variant` option (derive, "
                + "report) within the campaign above; its violation count covers them", "as for the CLI row"));

        // Provoked failures.
        List<FailureDrills.Outcome> dr = drills();
        json.put("failures", FailureDrills.json(dr));
        long caught = dr.stream().filter(FailureDrills.Outcome::caught).count();
        rows.add(List.of("numerical/symbolic failures provoked / caught as FAIL", dr.size() + " / " + caught,
                "`mvn -B -ntp test -pl verification -am -Dtest=FailurePathsTest -Dsurefire.failIfNoSpecifiedTests=false`"));

        // Determinism re-run.
        Map<String, Object> det = determinism(results);
        json.put("determinism", det);
        rows.add(List.of("determinism: claims re-run, identical JSON (timing aside)", det.get("rerun") + " / "
                + det.get("identical"), "`" + DETERMINISM_COMMAND + "`"));

        List<Block> body = new ArrayList<>();
        body.add(new Block.Paragraph("Every number below comes from this report run, except the mutation score (read "
                + "from the last PIT run). Commands to reproduce each are in README.md, section Reliability."));
        body.add(new Block.Table(List.of("check", "result", "reproduce"), rows));
        body.add(new Block.Bullets("Provoked failures (each must end as FAIL with diagnostics):", dr.stream()
                .map(o -> (o.caught() ? "caught" : "**NOT caught**") + ": " + o.provokes() + " -> " + o.status() + ": "
                        + shorten(o.diagnostics(), 160)).toList()));
        if (!fz.violations().isEmpty()) {
            body.add(new Block.Bullets("Fuzz violations:", fz.violations().stream()
                    .map(c -> shorten(CliFuzzer.describe(c), 240)).toList()));
        }
        if (mut.present() && !mut.survivors().isEmpty()) {
            body.add(new Block.Bullets("Surviving mutants (PIT) and why they survive:", mut.survivors().stream()
                    .map(s -> "`" + s.mutatedClass().replace("org.collapseharness.", "") + "." + s.method() + ":"
                            + s.line() + "` " + s.description() + " (" + s.status() + "): "
                            + (s.reason().isEmpty() ? "**not reviewed**" : s.reason())).toList()));
        }
        json.put("timing", timing);
        return new ReportSection(KEY, "Reliability", body, json);
    }

    /** Re-runs the first two fast registered claims of the report and compares their JSON rows without timing. */
    static Map<String, Object> determinism(List<ClaimResult> results) {
        List<String> ids = new ArrayList<>();
        for (ClaimResult r : results) {
            if (ids.size() == 2) {
                break;
            }
            try {
                if (!ClaimRegistry.get(r.id()).spec().slow()) {
                    ids.add(r.id());
                }
            } catch (IllegalArgumentException e) {
                // not a registered claim (e.g. a drill): skip
            }
        }
        int identical = 0;
        List<String> differing = new ArrayList<>();
        for (String id : ids) {
            ClaimResult first = results.stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
            ClaimResult again = ClaimRunner.run(ClaimRegistry.get(id));
            if (withoutTiming(row(first)).toString().equals(withoutTiming(row(again)).toString())) {
                identical++;
            } else {
                differing.add(id);
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("claims", ids);
        m.put("rerun", ids.size());
        m.put("identical", identical);
        m.put("differing", differing);
        m.put("fullCheck", DETERMINISM_COMMAND);
        return m;
    }

    static String row(ClaimResult r) {
        try {
            return ReportWriter.json(List.of(r), List.of(), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage());
        }
    }

    /**
     * A report JSON with every "timing" member removed, for determinism comparisons. Compare the {@code toString()}
     * of the results: it keeps member order, which {@code JsonNode.equals} ignores.
     */
    public static JsonNode withoutTiming(String json) {
        try {
            JsonNode n = new ObjectMapper().readTree(json);
            strip(n);
            return n;
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + e.getMessage());
        }
    }

    static void strip(JsonNode n) {
        if (n instanceof ObjectNode o) {
            o.remove("timing");
        }
        for (Iterator<JsonNode> it = n.elements(); it.hasNext(); ) {
            strip(it.next());
        }
    }

    static String shorten(String s, int max) {
        String t = s.replaceAll("\\s+", " ");
        return t.length() > max ? t.substring(0, max - 3) + "..." : t;
    }
}
