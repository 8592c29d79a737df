package org.collapseharness.verification.perf;

import static org.assertj.core.api.Assertions.assertThat;

import org.collapseharness.numerics.OdeAlgorithm;
import org.collapseharness.numerics.ParticleLayout;
import org.junit.jupiter.api.Test;

/** The derived-Jacobian bench cases on small models: OK against their witnesses, FAIL when the bound is too tight. */
class ProjectionRodasBenchCaseTest {

    @Test
    void momentCaseMeetsItsWitnessAndATooTightBoundFails() {
        ParticleLayout l = new ParticleLayout(3, 4, 1, 2);
        BenchResult ok = new ProjectionRodasBenchCase("m", ProjectionRodasBenchCase.Kind.MOMENTS, l, 20,
                OdeAlgorithm.rodas(1e-8, 1e-10), 0, 1, 1e-5).run();
        assertThat(ok.status()).as(ok.note()).isEqualTo("OK");
        assertThat(ok.witness()).startsWith("DP853");
        assertThat(ok.maxAbsError()).isLessThan(1e-5);
        BenchResult tight = new ProjectionRodasBenchCase("m", ProjectionRodasBenchCase.Kind.MOMENTS, l, 20,
                OdeAlgorithm.rodas(1e-4, 1e-6), 0, 1, 1e-12).run();
        assertThat(tight.status()).isEqualTo("FAIL");
    }

    @Test
    void stepCostCaseAgreesWithTheDenseLu() {
        BenchResult r = new ProjectionRodasBenchCase("s", ProjectionRodasBenchCase.Kind.STEP_COST,
                new ParticleLayout(3, 5, 2, 2), 0, null, 0, 1, 1e-9).run();
        assertThat(r.status()).as(r.note()).isEqualTo("OK");
        assertThat(r.note()).contains("bordered").contains("dense LU");
    }
}
