package org.collapseharness.verification.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.collapseharness.numerics.InitialStates;
import org.collapseharness.numerics.Metrics;
import org.collapseharness.numerics.MinimalModelFlow;
import org.collapseharness.numerics.OdeAlgorithm;
import org.collapseharness.numerics.ParticleLayout;
import org.collapseharness.numerics.TimeGrid;
import org.collapseharness.numerics.propagation.DensePropagator;
import org.collapseharness.numerics.propagation.MinimalModelRun;
import org.collapseharness.theory.MinimalModel;
import org.collapseharness.theory.symbolic.LinearFlowDerivation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Simulate the full-particle §3 flow from a seeded Gaussian state. Default route: exact sector "
                + "propagation (numeric sector matrices, cost independent of n and T per output time); --route dp853 "
                + "integrates with Hipparchus DP853 instead. maxAbsErrorVsExact is measured against an independent "
                + "route (Krylov exp(tA) on the hand-coded RHS for exact routes, Chebyshev as its fallback; the sector "
                + "propagator for DP853). "
                + "slowRateFitted is fitted from the produced MinL2 trajectory. slowRateDerived needs --derived "
                + "(starts the Symja pipeline, about 2.5 s).")
final class SimulateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model = new ModelOptions();

    @Mixin
    DimOption dim = new DimOption();

    @Mixin
    TEndOption tEndOption = new TEndOption();

    @Mixin
    SeedOption seedOption = new SeedOption();

    @Option(names = "--route", paramLabel = "ROUTE", defaultValue = "auto",
            description = "auto (= sector), sector, dense (eigen/expm, <= 4000 vectors), dp853 (default ${DEFAULT-VALUE})")
    String route;

    @Option(names = "--error-checks", paramLabel = "N", defaultValue = "4",
            description = "output times at which exact routes are checked against the Krylov witness; 0 = all "
                    + "(default ${DEFAULT-VALUE}; the dp853 route is always checked at every output time)")
    int errorChecks;

    @Option(names = "--no-witness", description = "skip the independent witness (maxAbsErrorVsExact is then not "
            + "measured); the Krylov witness costs a few dozen RHS applications, its Chebyshev fallback about "
            + "sqrt(L T), L ~ 2(n+m)")
    boolean noWitness;

    @Option(names = "--derived", description = "also print slowRateDerived from the symbolic pipeline (loads Symja)")
    boolean derived;

    @Mixin
    RtolOption rtolOption = new RtolOption();

    @Option(names = "--variant", paramLabel = "FILE", description = "simulate this variant file instead of the §3 "
            + "model: derived at --dim, integrated with Rodas4 and the derived Jacobian; JSON with the outcome, the "
            + "late-time rate and the fixed point reached (see docs/loss-variants.md)")
    java.nio.file.Path variant;

    @Option(names = "--eps", paramLabel = "EPS", defaultValue = "0", description = "with --variant: regularised "
            + "normalisation, every norm |u| becomes max(|u|, EPS) (default 0: none)")
    double eps;

    @Option(names = "--integrator", paramLabel = "NAME", defaultValue = "rodas",
            description = "with --variant: rodas (derived Jacobian) or dp853 (default ${DEFAULT-VALUE})")
    String integrator;

    @Option(names = "--atol", defaultValue = "1e-12", description = "dp853 absolute tolerance (default ${DEFAULT-VALUE})")
    double atol;

    @Option(names = "--points", defaultValue = "400", description = "uniform output points (default ${DEFAULT-VALUE})")
    int points;

    @Mixin
    JsonOption json = new JsonOption();

    @Mixin
    StateOptions state = new StateOptions();

    @Mixin
    TrajectoryOption trajectory = new TrajectoryOption();

    /**
     * t-end x |lambda_max| beyond which DP853's 2e7-evaluation budget cannot reach t-end (about 6 per step unit);
     * checked for {@code --route dp853} only.
     */
    static final double MAX_HORIZON_TIMES_RATE = 1e7;

    /** Output states kept in memory (8 bytes each): 2.5e8 numbers = 2 GB. */
    static final double MAX_STORED_DOUBLES = 2.5e8;

    /** {@link #MAX_STORED_DOUBLES} as printed in the refusal (and stated in the README): {@code 2.5e8}. */
    static final String MAX_STORED_DOUBLES_TEXT =
            Double.toString(MAX_STORED_DOUBLES).toLowerCase(java.util.Locale.ROOT);

    @Override
    public Integer call() {
        if (variant != null) {
            return SimulateVariant.run(this, variant);
        }
        var parse = spec.commandLine().getParseResult();
        if (parse.hasMatchedOption("--eps") || parse.hasMatchedOption("--integrator")) {
            throw new HarnessCli.UsageException("--eps and --integrator apply to --variant runs only");
        }
        MinimalModel m = model.model(dim.value());
        double tEnd = tEndOption.value();
        double rtol = rtolOption.orElse(1e-10);
        long seed = seedOption.value();
        if (!(atol > 0 && atol < 1)) {
            throw new HarnessCli.UsageException("--atol must lie in (0, 1) (got " + atol + ")");
        }
        if (points < 10 || points > 1_000_000) {
            throw new HarnessCli.UsageException("--points must lie in [10, 1000000]");
        }
        if (errorChecks < 0) {
            throw new HarnessCli.UsageException("--error-checks must be >= 0");
        }
        MinimalModelRun.Route r;
        try {
            r = MinimalModelRun.Route.valueOf(route.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new HarnessCli.UsageException("--route must be one of auto, sector, dense, dp853 (got " + route + ")");
        }
        if (r == MinimalModelRun.Route.DENSE && m.vectors() > DensePropagator.MAX_VECTORS) {
            throw new HarnessCli.UsageException("--route dense uses a dense eigen-decomposition: at most "
                    + DensePropagator.MAX_VECTORS + " vectors (K n + m + K), got " + m.vectors());
        }
        if ((double) m.vectors() * m.dim() > 2e8) {
            throw new HarnessCli.UsageException("state too large: (K n + m + K) d = "
                    + (long) m.vectors() * m.dim() + " > 2e8 doubles");
        }
        // Explicit integrators need steps below ~c/|lambda_max| (Gershgorin: |lambda_max| <= 2 max(n + m, K)); a
        // horizon far beyond the evaluation budget would only burn minutes before MAX_EVALUATIONS. The exact routes
        // (sector, dense) cost the same at every T and have no such limit.
        double stiffness = 2.0 * Math.max((double) m.clean() + m.shared(), m.classes());
        if (r == MinimalModelRun.Route.DP853 && tEnd * stiffness > MAX_HORIZON_TIMES_RATE) {
            throw new HarnessCli.UsageException("--t-end " + tEnd + " is beyond the reach of an explicit integrator "
                    + "for this model (t-end x |lambda_max| = " + String.format(java.util.Locale.ROOT, "%.3g",
                    tEnd * stiffness) + " > " + String.format(java.util.Locale.ROOT, "%.0e", MAX_HORIZON_TIMES_RATE)
                    + ")");
        }
        // The solution keeps every output state: refuse what cannot fit in memory instead of failing after minutes.
        double stored = (double) m.variables() * (points + 41);
        if (stored > MAX_STORED_DOUBLES) {
            throw new HarnessCli.UsageException("the trajectory would hold " + String.format(java.util.Locale.ROOT,
                    "%.3g", stored) + " numbers (variables x output points), more than " + MAX_STORED_DOUBLES_TEXT
                    + ": lower --dim or --points");
        }
        trajectory.check();
        ParticleLayout l = new ParticleLayout(m);
        double[] y0 = state.initial("simulate", l, false, seed, () -> InitialStates.gaussian(l.size(), seed, 1.0))
                .flat();
        double[] times = TimeGrid.mixed(tEnd, Math.min(1e-3, tEnd / 10), 40, points);
        double[][] accuracyLoss = new double[2][times.length];
        MinimalModelFlow flow = new MinimalModelFlow(l);
        long t0 = System.nanoTime();
        var sim = MinimalModelRun.run(l, y0, times, r, OdeAlgorithm.dp853(rtol, atol), noWitness ? -1 : errorChecks,
                !trajectory.requested() ? null : (i, t, u) -> {
                    accuracyLoss[0][i] = Metrics.accuracy(l, u);
                    accuracyLoss[1][i] = flow.loss(u);
                });
        double wall = (System.nanoTime() - t0) / 1e9;
        trajectory.columns("minL2", "accuracy", "loss");
        for (int i = 0; i < sim.times().length; i++) {
            trajectory.row(sim.times()[i], sim.minL2()[i], accuracyLoss[0][i], accuracyLoss[1][i]);
        }
        trajectory.write();
        String stateNote = sim.finalState() == null ? (state.stateOut != null ? "not written: the run did not start"
                : null) : state.writeEnd(sim.finalState(), false, sim.times().length > 0
                ? sim.times()[sim.times().length - 1] : 0.0);
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("classes", m.classes());
        params.put("clean", m.clean());
        params.put("shared", m.shared());
        params.put("dim", m.dim());
        params.put("rho", m.rho());
        params.put("tEnd", tEnd);
        params.put("seed", seed);
        state.describe(params);
        params.put("route", sim.route().name().toLowerCase(java.util.Locale.ROOT));
        if (sim.route() == MinimalModelRun.Route.DP853) {
            params.put("integrator", "dp853");
            params.put("rtol", rtol);
            params.put("atol", atol);
        }
        out.put("parameters", params);
        out.put("returnCode", sim.code().name());
        if (!sim.message().isEmpty()) {
            out.put("diagnostics", sim.message());
        }
        double[] mins = sim.minL2();
        out.put("minL2Initial", mins.length > 0 ? mins[0] : Double.NaN);
        out.put("minL2Final", mins.length > 0 ? mins[mins.length - 1] : Double.NaN);
        out.put("accuracyFinal", sim.accuracyFinal());
        out.put("slowRateFitted", sim.slowFit().ok() ? -sim.slowFit().rate() : Double.NaN);
        out.put("slowRateFitWindow", new double[] {sim.slowFit().tStart(), sim.slowFit().tEnd()});
        out.put("slowRateFitResidual", sim.slowFit().rmsResidual());
        out.put("slowRateNumericSector", sim.numericSlowRate());
        if (derived) {
            out.put("slowRateDerived", LinearFlowDerivation.minimalSlowRate(m));
        } else {
            out.put("slowRateDerived", null);
            out.put("slowRateDerivedNote", "needs --derived (starts the Symja pipeline, about 2.5 s)");
        }
        boolean unmeasured = noWitness && sim.route() != MinimalModelRun.Route.DP853;
        out.put("maxAbsErrorVsExact", unmeasured ? null : sim.maxAbsErrorVsExact());
        if (unmeasured) {
            out.put("maxAbsErrorVsExactNote", "not measured (--no-witness)");
        }
        out.put("exactWitness", sim.witness());
        out.put("errorCheckTimes", sim.errorCheckTimes());
        out.put("sectorInvarianceResidual", sim.invarianceResidual());
        out.put("rhsEvaluations", sim.rhsEvaluations());
        out.put("witnessRhsEvaluations", sim.witnessEvaluations());
        out.put("routeSeconds", sim.routeSeconds());
        out.put("witnessSeconds", sim.witnessSeconds());
        out.put("wallSeconds", wall);
        if (stateNote != null) {
            out.put("stateOutNote", stateNote);
        }
        json.print(out, spec.commandLine().getOut());
        return sim.success() ? 0 : HarnessCli.FAILED;
    }
}
