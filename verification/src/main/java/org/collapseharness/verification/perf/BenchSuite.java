package org.collapseharness.verification.perf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.collapseharness.numerics.OdeAlgorithm;
import org.collapseharness.numerics.ParticleLayout;
import org.collapseharness.numerics.ProjectionSimulator;
import org.collapseharness.numerics.propagation.MinimalModelRun.Route;

/**
 * The fixed benchmark suite of ./harness bench. Two tiers: {@link Tier#DEFAULT} (seconds; also run by ./harness report
 * for its performance section) and {@link Tier#FULL} (everything, minutes: {@code ./harness bench --suite full}).
 *
 * <p>A case of a model without an implementation is a {@link PendingBenchCase} (registered via {@link #register},
 * one line each).
 */
public final class BenchSuite {
    public enum Tier { DEFAULT, FULL }

    private record Entry(Tier tier, Supplier<BenchCase> factory) {
    }

    private static final Map<String, Entry> CASES = new LinkedHashMap<>();

    static {
        // §3 reference case: a general-purpose adaptive integrator needs ~1.4e5 RHS evaluations on it at rtol 1e-8.
        register(Tier.DEFAULT, "s3-k4-n500", () -> new MinimalModelBenchCase("s3-k4-n500",
                new ParticleLayout(4, 500, 100, 8), 120, 400, Route.SECTOR, null));
        // The same case as a whole process through the launcher (JVM start included); SKIPPED outside ./harness.
        register(Tier.DEFAULT, "s3-k4-n500-process", () -> new ProcessBenchCase("s3-k4-n500-process",
                java.util.List.of("simulate", "--classes", "4", "--clean", "500", "--shared", "100", "--dim", "8",
                        "--t-end", "120", "--json"), 5));
        // n = 1e4 per class, witness (Krylov) at 4 times up to T = 120.
        register(Tier.DEFAULT, "s3-k4-n1e4", () -> new MinimalModelBenchCase("s3-k4-n1e4",
                new ParticleLayout(4, 10_000, 2_000, 8), 120, 400, Route.SECTOR, null));
        // n = 1e5 per class, K = 10: 1.02e6 embeddings in d = 8 (8.2e6 numbers); witness at 4 times up to T = 120.
        register(Tier.FULL, "s3-k10-n1e5", () -> new MinimalModelBenchCase("s3-k10-n1e5",
                new ParticleLayout(10, 100_000, 20_000, 8), 120, 400, Route.SECTOR, null));
        // In-process reference: the explicit integrator on the reference case (error against the sector route).
        register(Tier.FULL, "s3-k4-n500-dp853", () -> new MinimalModelBenchCase("s3-k4-n500-dp853",
                new ParticleLayout(4, 500, 100, 8), 120, 400, Route.DP853, null));
        // Hooks for the other models (filled by their implementations; PENDING until then).
        register(Tier.FULL, "s4-proj-n1e3-sg", () -> new ProjectionBenchCase("s4-proj-n1e3-sg",
                new ParticleLayout(3, 1000, 250, 3), 2000, 1e-4));
        register(Tier.FULL, "s4-proj-n1e4-sg", () -> new ProjectionBenchCase("s4-proj-n1e4-sg",
                new ParticleLayout(3, 10000, 2500, 3), 4000, 3e-5));
        // The same steady state without the moment reduction: all particles, matrix-free exponential integrator.
        register(Tier.FULL, "s4-proj-n1e3-sg-full", () -> new ProjectionBenchCase("s4-proj-n1e3-sg-full",
                new ParticleLayout(3, 1000, 250, 3), 2000, 1e-4, ProjectionSimulator.Representation.FULL));
        // The §4 sg moment flow at the size of the SciPy side-by-side (docs/numerics.md): auto selects Rodas4.
        register(Tier.FULL, "s4-proj-k3-n40-sg-process", () -> new ProcessBenchCase("s4-proj-k3-n40-sg-process",
                java.util.List.of("projection", "--classes", "3", "--clean", "40", "--shared", "10", "--dim", "3",
                        "--stop-gradient", "--t-end", "400", "--integrator", "auto", "--json"), 3,
                ProcessBenchCase.PROJECTION_PROTECTED_VALUE));
        // The derived Jacobian with Rodas4 on the moment flow: 4.2-g's setting (n = 1e4, rtol 1e-8), one run of a
        // 2000-seed sweep (n = 8, T = 400, in-process after warm-up), and the work-precision points at K=3, n=40.
        register(Tier.FULL, "s4-proj-n1e4-rodas-1e-8", () -> new ProjectionRodasBenchCase("s4-proj-n1e4-rodas-1e-8",
                ProjectionRodasBenchCase.Kind.MOMENTS, new ParticleLayout(3, 10000, 2500, 3), 4000,
                OdeAlgorithm.rodas(1e-8, 1e-10), 1, 3, 1e-4));
        register(Tier.FULL, "s4-proj-n8-sg-run", () -> new ProjectionRodasBenchCase("s4-proj-n8-sg-run",
                ProjectionRodasBenchCase.Kind.MOMENTS, new ParticleLayout(3, 8, 2, 3), 400,
                OdeAlgorithm.rodas(1e-6, 1e-8), 20, 20, 1e-5));
        for (double rtol : new double[] {1e-4, 1e-6, 1e-8}) {
            for (OdeAlgorithm a : new OdeAlgorithm[] {OdeAlgorithm.rodas(rtol, rtol * 1e-2),
                OdeAlgorithm.dp853(rtol, rtol * 1e-2), OdeAlgorithm.exponential(rtol, rtol * 1e-2)}) {
                String id = String.format(java.util.Locale.ROOT, "s4-proj-k3-n40-wp-%s-%.0e", a.name(), rtol);
                // DP853 takes 10⁶–10⁷ evaluations here: a single timed run instead of the fastest of three
                boolean explicit = a.name().equals("dp853");
                register(Tier.FULL, id, () -> new ProjectionRodasBenchCase(id, ProjectionRodasBenchCase.Kind.MOMENTS,
                        new ParticleLayout(3, 40, 10, 3), 400, a, explicit ? 0 : 1, explicit ? 1 : 3, 1e3 * rtol));
            }
        }
        // One Rodas step's linear algebra on all particles: bordered block elimination vs the dense LU.
        register(Tier.FULL, "s4-proj-step-n40", () -> new ProjectionRodasBenchCase("s4-proj-step-n40",
                ProjectionRodasBenchCase.Kind.STEP_COST, new ParticleLayout(3, 40, 10, 3), 0, null, 2, 5, 1e-9));
        register(Tier.FULL, "s4-proj-step-n400", () -> new ProjectionRodasBenchCase("s4-proj-step-n400",
                ProjectionRodasBenchCase.Kind.STEP_COST, new ParticleLayout(3, 400, 100, 3), 0, null, 0, 1, 1e-9));
        register(Tier.FULL, "s5-ts-nc16000-d200", () -> new TeacherStudentBenchCase("s5-ts-nc16000-d200", 16000, 200,
                0.1, 200, new double[] {1, 20, 200}));
    }

    private BenchSuite() {
    }

    /** Registers (or replaces) a case. */
    public static synchronized void register(Tier tier, String id, Supplier<BenchCase> factory) {
        CASES.put(id, new Entry(tier, factory));
    }

    /** Case ids of a tier (FULL includes DEFAULT), in registration order. */
    public static synchronized List<String> ids(Tier tier) {
        List<String> out = new ArrayList<>();
        CASES.forEach((id, e) -> {
            if (tier == Tier.FULL || e.tier() == Tier.DEFAULT) {
                out.add(id);
            }
        });
        return out;
    }

    public static synchronized BenchCase get(String id) {
        Entry e = CASES.get(id);
        if (e == null) {
            throw new IllegalArgumentException("unknown bench case '" + id + "' (known: " + CASES.keySet() + ")");
        }
        return e.factory().get();
    }
}
