package org.collapseharness.verification.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.collapseharness.numerics.DmftSolver;
import org.collapseharness.numerics.MinimalModelSimulator;
import org.collapseharness.numerics.Equations;
import org.collapseharness.numerics.OdeAlgorithm;
import org.collapseharness.numerics.OdeProblem;
import org.collapseharness.numerics.OdeSolution;
import org.collapseharness.numerics.OdeSolver;
import org.collapseharness.numerics.ParticleLayout;
import org.collapseharness.numerics.ProjectionMoments;
import org.collapseharness.numerics.ProjectionSimulator;
import org.collapseharness.numerics.RateFit;
import org.collapseharness.numerics.ReturnCode;
import org.collapseharness.numerics.TimeGrid;
import org.collapseharness.theory.symbolic.Symja;
import org.collapseharness.verification.Claim;
import org.collapseharness.verification.ClaimResult;
import org.collapseharness.verification.ClaimRunner;
import org.collapseharness.verification.ClaimSpec;
import org.collapseharness.verification.Evidence;
import org.collapseharness.verification.Status;
import org.collapseharness.verification.Tolerance;
import org.collapseharness.verification.Tolerances;
import org.hipparchus.ode.OrdinaryDifferentialEquation;

/**
 * Provoked failures: each drill is a small claim that follows the harness' claim conventions and runs into one
 * numerical or symbolic failure on purpose. Every drill must end as a FAIL verdict carrying diagnostics (through
 * {@link ClaimRunner} and {@link Evidence}), never as an exception escaping the runner and never as a PASS.
 */
public final class FailureDrills {

    /** A drill: what is provoked, the check, and a text the diagnostics must contain. */
    public record Drill(String id, String provokes, Claim.Check check, String expectedDiagnostic) {
    }

    /** The outcome of one drill. */
    public record Outcome(String id, String provokes, Status status, String diagnostics, boolean caught) {
    }

    private FailureDrills() {
    }

    static final OdeAlgorithm INTEGRATOR = OdeAlgorithm.dp853(1e-10, 1e-12);

    public static List<Drill> drills() {
        List<Drill> d = new ArrayList<>();
        d.add(new Drill("drill-step-underflow", "integrator step-size underflow (finite-time blow-up y' = y^2)",
                e -> integrate(e, problem("blow-up", 1, y -> new double[] {y[0] * y[0]}, 1.0, 2.0),
                        INTEGRATOR.withMinStep(1e-6)), "STEP_SIZE_UNDERFLOW"));
        d.add(new Drill("drill-nan-state", "NaN in the state (right-hand side returns NaN)",
                e -> integrate(e, problem("nan", 1, y -> new double[] {Double.NaN}, 1.0, 1.0), INTEGRATOR),
                "NON_FINITE_STATE"));
        d.add(new Drill("drill-inf-state", "Inf in the state (overflow to infinity)",
                e -> integrate(e, problem("overflow", 1, y -> new double[] {1e308}, 1e308, 1.0), INTEGRATOR),
                "NON_FINITE_STATE"));
        d.add(new Drill("drill-evaluation-budget", "right-hand-side budget exhausted (§3 particle system)",
                e -> {
                    var sim = MinimalModelSimulator.simulate(new ParticleLayout(3, 4, 2, 2), 20260409L,
                            TimeGrid.uniform(40, 100), INTEGRATOR.withMaxEvaluations(60));
                    if (!sim.solution().success()) {
                        e.fail("integration " + sim.solution().code() + ": " + sim.solution().message());
                        return;
                    }
                    e.compare("never reached", sim.minL2()[0], sim.minL2()[0], Tolerances.FITTED_RATE);
                }, "MAX_EVALUATIONS"));
        d.add(new Drill("drill-fit-too-few-points", "rate fit with too few points above the floor",
                e -> {
                    double[] t = TimeGrid.uniform(10, 100);
                    double[] f = new double[t.length];
                    for (int i = 0; i < t.length; i++) {
                        f[i] = Math.exp(-40 * t[i]); // below the floor after a few samples
                    }
                    RateFit fit = RateFit.auto(t, f, 1e-9, 0.01);
                    if (!fit.ok()) {
                        e.fail(fit.message());
                        return;
                    }
                    e.compare("rate", fit.rate(), -40, Tolerances.FITTED_RATE);
                }, "too few points"));
        d.add(new Drill("drill-nan-measurement", "a NaN measurement reaches a comparison (no explicit check)",
                e -> e.compare("a quantity that came out NaN", Double.NaN, 1.0, Tolerances.FITTED_RATE),
                "failed: a quantity that came out NaN"));
        d.add(new Drill("drill-inf-measurement", "an infinite measurement reaches a comparison",
                e -> e.compare("a quantity that overflowed", Double.POSITIVE_INFINITY, 1.0, Tolerances.ASYMPTOTIC),
                "failed: a quantity that overflowed"));
        d.add(new Drill("drill-symbolic-timeout", "a Symja evaluation that loops (time limit 200 ms)",
                e -> Symja.withTimeLimit(Duration.ofMillis(200), () -> Symja.eval("While[True, 1]")), "[TIMEOUT]"));
        d.add(new Drill("drill-exception", "an unexpected exception inside a check (e.g. a failed decomposition)",
                e -> {
                    throw new IllegalStateException("eigen decomposition failed");
                }, "check aborted: IllegalStateException"));
        d.add(new Drill("drill-stack-overflow", "unbounded recursion inside a check", FailureDrills::recurse,
                "StackOverflowError"));
        d.add(new Drill("drill-no-comparison", "a check that compares nothing",
                e -> e.note("nothing measured"), "no comparison was recorded"));
        d.add(new Drill("drill-control-not-rejected", "a check that cannot fail (its negative control is accepted)",
                e -> e.compare("x", 1.0, 1.0, Tolerance.absolute("too-loose", 10, "deliberately useless")),
                "negative control NOT rejected"));
        d.add(new Drill("drill-not-converged",
                "the §4.3 DMFT fixed-point iteration capped at 3 iterations per window (tolerance 1e-12)",
                e -> {
                    ParticleLayout l = new ParticleLayout(3, 8, 2, 2);
                    ProjectionMoments mo = new ProjectionMoments(3, 8, 2, 2, true);
                    double[] s0 = mo.fromParticles(l, ProjectionSimulator.initialState(l, 1));
                    DmftSolver.Result r = new DmftSolver(mo, true).solve(s0, 1.0,
                            new DmftSolver.Options(20, 1, 1.0, false, 1e-12, 3));
                    if (!r.converged()) {
                        e.fail(ReturnCode.NOT_CONVERGED + " (DMFT " + r.status() + ") after " + r.iterations()
                                + " iterations, last residual " + r.finalResidual());
                        return;
                    }
                    e.compare("DMFT W(1)", r.last()[0], r.last()[0], Tolerances.EXACT_ENTRY);
                }, "NOT_CONVERGED"));
        return d;
    }

    private static void recurse(Evidence e) {
        recurse(e);
    }

    /** Runs every drill through the claim runner. */
    public static List<Outcome> run() {
        List<Outcome> out = new ArrayList<>();
        for (Drill d : drills()) {
            ClaimSpec spec = new ClaimSpec(d.id(), "reliability", d.provokes(), "Provoked failure: " + d.provokes(),
                    List.of(), false, FailureDrills.class.getName());
            ClaimResult r;
            try {
                r = ClaimRunner.run(new Claim(spec, d.check()));
            } catch (RuntimeException | Error ex) {
                out.add(new Outcome(d.id(), d.provokes(), null, "escaped the runner: " + ex, false));
                continue;
            }
            String diag = r.failure().isEmpty() ? String.join("; ", r.notes()) : r.failure();
            boolean caught = r.status() == Status.FAIL && !diag.isBlank() && diag.contains(d.expectedDiagnostic());
            out.add(new Outcome(d.id(), d.provokes(), r.status(), diag, caught));
        }
        return out;
    }

    static OdeProblem problem(String name, int dim, java.util.function.Function<double[], double[]> f, double y0,
                              double tEnd) {
        OrdinaryDifferentialEquation eq = Equations.autonomous(dim, f::apply);
        double[] init = new double[dim];
        java.util.Arrays.fill(init, y0);
        return new OdeProblem(name, eq, init, TimeGrid.uniform(tEnd, 20));
    }

    static void integrate(Evidence e, OdeProblem p, OdeAlgorithm a) {
        e.param("problem", p.name()).param("integrator", a.toString());
        OdeSolution s = OdeSolver.solve(p, a);
        if (!s.success()) {
            e.fail("integration " + s.code() + ": " + s.message());
            return;
        }
        e.compare("final value", s.last()[0], s.last()[0], Tolerances.INTEGRATOR_VS_EXACT);
    }

    public static Map<String, Object> json(List<Outcome> outcomes) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("provoked", outcomes.size());
        m.put("caughtAsFail", outcomes.stream().filter(Outcome::caught).count());
        List<Object> rows = new ArrayList<>();
        for (Outcome o : outcomes) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", o.id());
            r.put("provokes", o.provokes());
            r.put("status", o.status() == null ? "escaped" : o.status().name());
            r.put("caught", o.caught());
            r.put("diagnostics", o.diagnostics().length() > 240 ? o.diagnostics().substring(0, 237) + "..."
                    : o.diagnostics());
            rows.add(r);
        }
        m.put("drills", rows);
        return m;
    }
}
