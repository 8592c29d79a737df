package org.collapseharness.verification.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.collapseharness.numerics.NumericSpectrum;
import org.collapseharness.numerics.BiasSubspace;
import org.collapseharness.numerics.StiffnessEstimate;
import org.collapseharness.numerics.OdeAlgorithm;
import org.collapseharness.numerics.ParticleLayout;
import org.collapseharness.numerics.ProjectionSimulator;
import org.collapseharness.numerics.SolveStats;
import org.collapseharness.numerics.TimeGrid;
import org.collapseharness.theory.Bindings;
import org.collapseharness.theory.Mat;
import org.collapseharness.theory.MinimalModel;
import org.collapseharness.theory.ProjectionTheory;
import org.collapseharness.theory.symbolic.DerivationCache;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "projection", mixinStandardHelpOptions = true,
        description = "Integrate the §4 projection-head model (shared W on both branches) with or without stop-gradient "
                + "and evaluate the derived steady-state relation at the end state.")
final class ProjectionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model = new ModelOptions();

    @Mixin
    DimOption dim = new DimOption();

    static final class SgChoice {
        @Option(names = "--stop-gradient", required = true, description = "detach the un-projected side (SimSiam style)")
        boolean sg;

        @Option(names = "--no-stop-gradient", required = true, description = "plain gradient flow of the loss")
        boolean noSg;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    SgChoice choice;

    @Mixin
    TEndOption tEndOption = new TEndOption();

    @Mixin
    SeedOption seedOption = new SeedOption();

    @Option(names = "--integrator", defaultValue = "auto",
            description = "auto (default: Rodas4 when the stiffness index rho(J)*T exceeds 10000, else DP853; on the "
                    + "moment reduction, on all particles when --state-out is given, above 2000 vectors with the Krylov exponential integrator), rodas (moment reduction, "
                    + "stiff-capable Rosenbrock), rodas-full (all particles, derived Jacobian solved by block elimination on the labels and W), exponential "
                    + "(moment reduction), dp853 (moment reduction), dp853-full (all particles), exponential-full (all "
                    + "particles, matrix-free Krylov exponential integrator: large n without the moment reduction)")
    String integrator;

    @Mixin
    RtolOption rtolOption = new RtolOption();

    @Option(names = "--points", paramLabel = "N", defaultValue = "20", description = "uniform output points, added to 30 log-spaced "
            + "early ones (default ${DEFAULT-VALUE})")
    int points;

    @Mixin
    JsonOption json = new JsonOption();

    @Mixin
    StateOptions state = new StateOptions();

    @Mixin
    TrajectoryOption trajectory = new TrajectoryOption();

    @Override
    public Integer call() {
        MinimalModel m = model.model(dim.value());
        boolean sg = choice.sg;
        double tEnd = tEndOption.value();
        long seed = seedOption.value();
        dim.forHead();
        if (points < 10 || points > 100_000) {
            throw new HarnessCli.UsageException("--points must lie in [10, 100000]");
        }
        trajectory.check();
        ParticleLayout layout = new ParticleLayout(m);
        double[] u0 = state.initial("projection", layout, true, seed,
                () -> ProjectionSimulator.initialState(layout, seed)).flat();
        StiffnessEstimate stiffness = null;
        if (integrator.equals("auto")) {
            stiffness = ProjectionSimulator.stiffness(layout, sg, u0, tEnd);
        }
        int fullMax = RODAS_FULL_MAX_VECTORS;
        String route = !integrator.equals("auto") ? integrator
                // the moment reduction carries no particles: an end state to write needs the full system
                : state.stateOut != null ? (!stiffness.stiff() ? "dp853-full"
                        : m.vectors() <= fullMax ? "rodas-full" : "exponential-full")
                : stiffness.stiff() ? "rodas" : "dp853";
        if (!INTEGRATORS.contains(route)) {
            throw new HarnessCli.UsageException("--integrator must be auto, " + String.join(", ", INTEGRATORS)
                    + " (got " + integrator + ")");
        }
        boolean full = route.endsWith("-full");
        if (state.stateOut != null && !full) {
            throw new HarnessCli.UsageException("--state-out needs the particles at t-end: use --integrator auto, "
                    + "dp853-full, rodas-full or exponential-full (the moment reduction carries no particles)");
        }
        boolean exponential = route.startsWith("exponential");
        boolean rodas = route.startsWith("rodas");
        ProjectionSimulator.Representation representation = full
                ? ProjectionSimulator.Representation.FULL : ProjectionSimulator.Representation.MOMENTS;
        double tol = rtolOption.orElse(exponential ? 1e-5 : rodas ? RODAS_RTOL : 1e-9);
        OdeAlgorithm algorithm = rodas ? OdeAlgorithm.rodas(tol, tol * RODAS_ATOL_FACTOR)
                : !exponential ? OdeAlgorithm.dp853(tol, tol * 1e-2)
                : full ? OdeAlgorithm.exponentialKrylov(tol, tol * 1e-3)
                : OdeAlgorithm.exponential(tol, tol * 1e-3);
        if (route.equals("dp853-full") && m.vectors() > 20_000) {
            throw new HarnessCli.UsageException("dp853-full: at most 20000 vectors, got " + m.vectors());
        }
        if (route.equals("rodas-full") && m.vectors() > fullMax) {
            throw new HarnessCli.UsageException("rodas-full: at most " + fullMax + " vectors at d = " + m.dim()
                    + ", got " + m.vectors() + "; use rodas on the moment reduction or exponential-full");
        }
        if (route.equals("exponential-full") && m.vectors() > 2_000_000) {
            throw new HarnessCli.UsageException("exponential-full: at most 2000000 vectors, got " + m.vectors());
        }
        // derived results (steady-state theory, Jacobians) from the derivation cache when the launcher names one
        DerivationCache.Projection derived = DerivationCache.projection(sg, m.dim());
        long t0 = System.nanoTime();
        ParticleLayout l = layout;
        ProjectionSimulator.Result r = ProjectionSimulator.simulate(l, sg, u0,
                TimeGrid.mixed(tEnd, Math.min(1e-2, tEnd / 10), 30, points), representation, algorithm,
                derived.jacobians());
        double wall = (System.nanoTime() - t0) / 1e9;
        if (trajectory.requested()) {
            trajectory.headRows(r.times(), r.labels(), r.w(), r.fieldNorms());
            trajectory.write();
        }
        String stateNote = r.times().length == 0 ? (state.stateOut != null ? "not written: no output time reached"
                : null) : state.writeEnd(r.solution().last(), true, r.times()[r.times().length - 1]);
        ProjectionTheory th = derived.theory();
        double rho = m.rho();
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("classes", m.classes());
        params.put("clean", m.clean());
        params.put("shared", m.shared());
        params.put("dim", m.dim());
        params.put("rho", rho);
        params.put("stopGradient", sg);
        params.put("tEnd", tEnd);
        params.put("seed", seed);
        state.describe(params);
        params.put("integrator", route);
        params.put("rtol", tol);
        out.put("parameters", params);
        out.put("returnCode", r.solution().code().name());
        if (!r.solution().message().isEmpty()) {
            out.put("diagnostics", r.solution().message());
        }
        boolean okRun = r.solution().success() && r.times().length > 0;
        out.put("minL2Initial", r.minL2().length > 0 ? r.minL2()[0] : Double.NaN);
        out.put("minL2Final", okRun ? r.minL2()[r.minL2().length - 1] : Double.NaN);
        out.put("fixedPointResidual", okRun ? r.residual() : Double.NaN);
        if (okRun) {
            double[][] w = r.finalW();
            double[][] op;
            String opText;
            double[][] t = th.operatorT(w, rho);
            if (th.biasOperator() != null) {
                op = th.biasOperator().at(w);
                opText = th.biasOperator().text();
            } else {
                op = t;
                opText = "T = (" + th.biasFactor().text() + ") Inverse[Gyy].Gys.Inverse[Gss].Gsy with Gss = " + th.gss()
                        + ", Gsy = " + th.gsy() + ", Gys = " + th.gys() + ", Gyy = " + th.gyy();
            }
            out.put("biasOperator", opText);
            out.put("relation", th.biasOperator() != null
                    ? th.biasOperator().text() + " . dy_c == (" + th.protectedValue().text() + ") dy_c"
                    : "(IdentityMatrix[d] - T) . dy_c == 0");
            if (op != null) {
                BiasSubspace bs = BiasSubspace.of(r.finalLabels(), op);
                out.put("biasSubspaceRank", bs.rank());
                out.put("biasSubspaceSpectrum", bs.spectrum());
                out.put("biasSubspaceInvarianceResidual", bs.invarianceResidual());
                BiasSubspace underW = BiasSubspace.of(r.finalLabels(), w);
                out.put("biasSubspaceInvarianceResidualUnderW", underW.invarianceResidual());
            }
            out.put("protectedValueDerived", th.protectedValue() != null
                    ? th.protectedValue().at(Bindings.of("rho", rho)) : null);
            if (th.protectedValue() == null) {
                out.put("protectedValueDerivedNote", "stop-gradient only (without it: the relation above)");
            }
            out.put("wSquaredSpectrum", NumericSpectrum.eigenvalues(Mat.mul(w, w)));
            if (!sg && t != null) {
                double rad = 0;
                List<double[]> spec = new ArrayList<>();
                for (double[] ev : NumericSpectrum.eigenvalues(t)) {
                    rad = Math.max(rad, Math.hypot(ev[0], ev[1]));
                    spec.add(ev);
                }
                out.put("operatorTSpectralRadius", rad);
                out.put("operatorTBoundDerived", th.tBound().at(Bindings.of("rho", rho)));
                out.put("operatorTBoundText", th.tBound().text());
            }
        }
        out.put("rhsEvaluations", r.solution().evaluations());
        out.put("steps", r.solution().steps());
        SolveStats counts = r.solution().stats();
        Map<String, Object> solver = new LinkedHashMap<>();
        solver.put("integrator", r.solution().algorithm());
        solver.put("rhsEvaluations", counts.rhsEvaluations());
        solver.put("jacobianEvaluations", counts.jacobianEvaluations());
        solver.put("luDecompositions", counts.luDecompositions());
        solver.put("acceptedSteps", counts.acceptedSteps());
        solver.put("rejectedSteps", counts.rejectedSteps());
        out.put("solver", solver);
        if (stiffness != null) {
            Map<String, Object> st = new LinkedHashMap<>();
            st.put("spectralRadius", stiffness.spectralRadius());
            st.put("index", stiffness.index());
            st.put("threshold", StiffnessEstimate.THRESHOLD);
            st.put("selected", route);
            st.put("powerIterations", stiffness.iterations());
            out.put("stiffness", st);
        }
        out.put("wallSeconds", wall);
        if (stateNote != null) {
            out.put("stateOutNote", stateNote);
        }
        json.print(out, spec.commandLine().getOut());
        return r.solution().success() ? 0 : HarnessCli.FAILED;
    }

    /** The accepted --integrator names besides auto: moments or all particles; the JSON prints the same name back. */
    static final List<String> INTEGRATORS = List.of("rodas", "rodas-full", "exponential", "dp853", "dp853-full",
            "exponential-full");

    /** Default relative tolerance of Rodas4 (see docs/numerics.md, "Stiff integrator"). */
    static final double RODAS_RTOL = 1e-6;

    /** Absolute tolerance of Rodas4 as a multiple of the relative one. */
    static final double RODAS_ATOL_FACTOR = 1e-2;

    /**
     * Largest model (vectors) for rodas-full: its bordered Jacobian keeps per vector about 3 d (K d + d²) numbers
     * (plus d² and the block elimination's d (K d + d²)).
     */
    static final int RODAS_FULL_MAX_VECTORS = 20_000;
}
