package org.collapseharness.verification.perf;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BenchSuiteTest {
    @Test
    void suiteListsTheIssueCasesAndTheHooks() {
        assertThat(BenchSuite.ids(BenchSuite.Tier.DEFAULT)).contains("s3-k4-n500").doesNotContain("s3-k10-n1e5");
        assertThat(BenchSuite.ids(BenchSuite.Tier.FULL)).contains("s3-k4-n500", "s3-k4-n1e4", "s3-k10-n1e5",
                "s3-k4-n500-dp853", "s4-proj-n1e3-sg", "s4-proj-n1e4-sg", "s5-ts-nc16000-d200");
        // a hook for a future model reports PENDING, never OK
        BenchResult pending = new PendingBenchCase("future", "a future model", "its issue").run();
        assertThat(pending.status()).isEqualTo("PENDING");
    }

    @Test
    void referenceCaseMeetsTheAccuracyTargetAgainstTheIndependentWitness() {
        BenchResult r = BenchSuite.get("s3-k4-n500").run();
        assertThat(r.status()).isEqualTo("OK");
        assertThat(r.maxAbsError()).isLessThan(1e-8);
        assertThat(r.witness()).startsWith("Krylov");
        assertThat(r.witnessEvaluations()).isBetween(3L, 40L);
        // Cost independent of T: the sector route spends a fixed number of per-coordinate evaluations.
        assertThat(r.rhsEvaluations()).isLessThan(100);
        // the whole-process case needs the launcher: outside ./harness it says so instead of timing anything
        BenchResult process = BenchSuite.get("s3-k4-n500-process").run();
        assertThat(process.status()).isEqualTo("SKIPPED");
        assertThat(process.note()).contains("harness.launcher");
        assertThat(BenchSuite.get("s4-proj-k3-n40-sg-process").run().status()).isEqualTo("SKIPPED");
        assertThat(BenchSuite.ids(BenchSuite.Tier.DEFAULT)).doesNotContain("s4-proj-k3-n40-sg-process");
        var section = PerformanceSection.section(java.util.List.of(r), "test", "test");
        assertThat(section.key()).isEqualTo("performance");
        assertThat(section.markdown()).contains("s3-k4-n500");
    }

    @Test
    void projectionProcessCheckReadsTheProtectedValueAndRejectsAnOffOne() throws Exception {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        String json = "{\"parameters\":{\"integrator\":\"rodas\"},\"protectedValueDerived\":0.8,"
                + "\"biasSubspaceSpectrum\":[[%s,0.0],[0.9999998,0.0]],\"solver\":{\"integrator\":\"rodas\","
                + "\"acceptedSteps\":680}}";
        var ok = ProcessBenchCase.PROJECTION_PROTECTED_VALUE.read(mapper.readTree(String.format(json, "0.79999998")));
        assertThat(ok.ok()).isTrue();
        assertThat(ok.error()).isLessThan(1e-7);
        assertThat(ok.note()).contains("rodas").contains("680 steps");
        // negative control: a bias direction off the protected value by 1e-4 is rejected
        var off = ProcessBenchCase.PROJECTION_PROTECTED_VALUE.read(mapper.readTree(String.format(json, "0.7999")));
        assertThat(off.ok()).isFalse();
        // no bias span (collapsed end state): NaN, rejected
        var none = ProcessBenchCase.PROJECTION_PROTECTED_VALUE.read(mapper.readTree(
                "{\"protectedValueDerived\":0.8,\"biasSubspaceSpectrum\":[]}"));
        assertThat(none.ok()).isFalse();
    }
}
