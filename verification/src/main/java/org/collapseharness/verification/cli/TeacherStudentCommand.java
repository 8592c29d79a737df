package org.collapseharness.verification.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.collapseharness.numerics.ExactLinearPropagator;
import org.collapseharness.numerics.OdeAlgorithm;
import org.collapseharness.numerics.StiffnessEstimate;
import org.collapseharness.numerics.RateFit;
import org.collapseharness.numerics.TimeGrid;
import org.collapseharness.numerics.teacherstudent.TeacherStudentData;
import org.collapseharness.numerics.teacherstudent.TeacherStudentFlow;
import org.collapseharness.numerics.teacherstudent.TeacherStudentJacobian;
import org.collapseharness.numerics.teacherstudent.TeacherStudentSimulator;
import org.collapseharness.numerics.teacherstudent.TeacherStudentSimulator.Trajectory;
import org.collapseharness.theory.TeacherStudentMode;
import org.collapseharness.theory.TeacherStudentModel;
import org.collapseharness.theory.TeacherStudentTheory;
import org.collapseharness.theory.symbolic.DerivationCache;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "teacher-student", mixinStandardHelpOptions = true,
        description = "Simulate the §5 linear teacher-student model from seeded data (--seed) and a seeded student "
                + "(seed + 1); compare "
                + "the fitted late-time decay rate of MinL2 with the derived rho_eff. Plain: exact propagation "
                + "(measured), DP853 integration (checked against it) and gradient descent (reported separately). "
                + "Projection variants: integration (DP853, or Rodas4 with the derived Jacobian when stiff).")
final class TeacherStudentCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--rho", required = true, paramLabel = "R", description = "frustration fraction in [0, 0.5)")
    double rho;

    /** No picocli defaultValue: it would be applied after the deprecated --dim setter and undo it. */
    @Option(names = "--input-dim", paramLabel = "D", description = "input dimension D of the data (default 200)")
    int dim = 200;

    /** Set when the deprecated --dim spelling was used (a deprecation line is printed). */
    private boolean deprecatedDim;

    /** Deprecated alias of --input-dim (everywhere else --dim is the embedding dimension); hidden from help. */
    @Option(names = "--dim", paramLabel = "D", hidden = true)
    void deprecatedDim(int d) {
        dim = d;
        deprecatedDim = true;
    }

    @Option(names = "--per-class", paramLabel = "Nc", defaultValue = "2000",
            description = "samples per class (default ${DEFAULT-VALUE})")
    int perClass;

    @Option(names = "--mu", paramLabel = "M", defaultValue = "1", description = "feature strength (default ${DEFAULT-VALUE})")
    double mu;

    @Option(names = "--sigma", paramLabel = "S", defaultValue = "1", description = "noise strength (default ${DEFAULT-VALUE})")
    double sigma;

    @Option(names = "--k", paramLabel = "k", defaultValue = "5", description = "representation dimension (default ${DEFAULT-VALUE})")
    int k;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "plain",
            description = "plain | projection | projection-sg (default ${DEFAULT-VALUE})")
    String mode;

    @Mixin
    TEndOption tEndOption = new TEndOption();

    @Mixin
    SeedOption seedOption = new SeedOption();

    @Option(names = "--eta", defaultValue = "0.5", description = "gradient-descent step size, plain mode (default ${DEFAULT-VALUE})")
    double eta;

    @Option(names = "--points", defaultValue = "200", description = "output points (default ${DEFAULT-VALUE})")
    int points;

    @Option(names = "--integrator", defaultValue = "auto",
            description = "integrator of the integrated route (the projection modes; the witness of the exact plain "
                    + "route): auto (default: Rodas4 with the derived Jacobian when the stiffness index rho(J)*T "
                    + "exceeds 10000, else DP853; above " + RODAS_MAX_STATE + " state components the matrix-free "
                    + "exponential integrator instead of Rodas4), dp853, rodas, exponential")
    String integrator;

    /** The accepted --integrator values. */
    static final java.util.List<String> INTEGRATORS = java.util.List.of("auto", "dp853", "rodas", "exponential");

    /** Largest state for Rodas4: its Jacobian is dense, ((D+2)k + k²)² numbers (72 MB at this size). */
    static final int RODAS_MAX_STATE = 3000;

    @Mixin
    JsonOption json = new JsonOption();

    @Mixin
    TrajectoryOption trajectory = new TrajectoryOption();

    /**
     * The integrated route at the given tolerances: DP853, Rodas4 with the Jacobian assembled from the derived
     * per-sample Jacobian, or the Krylov exponential integrator.
     */
    private static Trajectory integrate(TeacherStudentFlow flow, double[] z0, double[] times, String route,
                                        double rtol, double atol, boolean accuracy) {
        return switch (route) {
            case "rodas" -> TeacherStudentSimulator.integrate(flow, derivedJacobian(flow), z0, times,
                    OdeAlgorithm.rodas(rtol, atol), accuracy);
            case "exponential" -> TeacherStudentSimulator.integrate(flow, z0, times,
                    OdeAlgorithm.exponentialKrylov(rtol, atol), accuracy);
            default -> TeacherStudentSimulator.integrate(flow, z0, times, OdeAlgorithm.dp853(rtol, atol), accuracy);
        };
    }

    /** The flow's Jacobian from the per-sample Jacobian derived symbolically at the flow's k (derivation cache). */
    static TeacherStudentJacobian derivedJacobian(TeacherStudentFlow flow) {
        return new TeacherStudentJacobian(flow,
                DerivationCache.teacherStudentJacobian(flow.mode(), flow.k()));
    }

    /** Human-readable route of the JSON. */
    private static String routeText(String route) {
        return switch (route) {
            case "rodas" -> "Rodas4 with the derived Jacobian";
            case "exponential" -> "exponential Rosenbrock-Euler (matrix-free Krylov)";
            default -> "DP853";
        };
    }

    /** The integrator's name and work counters (the same keys as the projection command's "solver"). */
    private static Map<String, Object> solver(String route, Trajectory tr) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("integrator", route);
        s.put("rhsEvaluations", tr.stats().rhsEvaluations());
        s.put("jacobianEvaluations", tr.stats().jacobianEvaluations());
        s.put("luDecompositions", tr.stats().luDecompositions());
        s.put("acceptedSteps", tr.stats().acceptedSteps());
        s.put("rejectedSteps", tr.stats().rejectedSteps());
        return s;
    }

    @Override
    public Integer call() {
        TeacherStudentMode variant = switch (mode.toLowerCase(Locale.ROOT)) {
            case "plain" -> TeacherStudentMode.PLAIN;
            case "projection" -> TeacherStudentMode.PROJECTION;
            case "projection-sg" -> TeacherStudentMode.PROJECTION_SG;
            default -> throw new HarnessCli.UsageException("--mode must be plain, projection or projection-sg (got '"
                    + mode + "')");
        };
        TeacherStudentModel model = new TeacherStudentModel(rho, dim, perClass, mu, sigma, k,
                variant);
        double tEnd = tEndOption.atMost(1e6);
        long seed = seedOption.value();
        if (points < 10 || points > 100_000) {
            throw new HarnessCli.UsageException("--points must lie in [10, 100000]");
        }
        if (!(eta > 0 && eta < 2)) {
            throw new HarnessCli.UsageException("--eta must lie in (0, 2)");
        }
        if (variant == TeacherStudentMode.PLAIN && tEnd / eta > 5_000_000) {
            throw new HarnessCli.UsageException("gradient descent would need more than 5e6 steps: raise --eta or lower --t-end");
        }
        if ((long) dim * dim > 25_000_000L) {
            throw new HarnessCli.UsageException("--dim at most 5000 (the D x D second-moment matrix is dense)");
        }
        if (!INTEGRATORS.contains(integrator)) {
            throw new HarnessCli.UsageException("--integrator must be auto, dp853, rodas or exponential (got "
                    + integrator + ")");
        }
        int stateSize = TeacherStudentFlow.size(dim, k, variant);
        if (integrator.equals("rodas") && stateSize > RODAS_MAX_STATE) {
            throw new HarnessCli.UsageException("--integrator rodas needs a dense Jacobian: at most " + RODAS_MAX_STATE
                    + " state components, (D+2)k + k^2 = " + stateSize + " here (use exponential)");
        }
        trajectory.check();
        long t0 = System.nanoTime();
        TeacherStudentTheory th = DerivationCache.teacherStudent();
        TeacherStudentData data = TeacherStudentData.generate(dim, perClass, rho, mu, sigma, seed);
        TeacherStudentFlow flow = new TeacherStudentFlow(data, variant, k);
        double[] z0 = TeacherStudentSimulator.initialState(dim, k, variant, seed + 1);
        double[] times = TimeGrid.uniform(tEnd, points);
        StiffnessEstimate stiffness = StiffnessEstimate.of(flow, z0, tEnd, 60);
        String route = !integrator.equals("auto") ? integrator
                : !stiffness.stiff() ? "dp853" : stateSize <= RODAS_MAX_STATE ? "rodas" : "exponential";
        var b = model.bindings();
        double rhoEff = th.rhoEff().at(b);

        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("rho", rho);
        params.put("rhoRealised", data.rho());
        params.put("dim", dim);
        params.put("perClass", perClass);
        params.put("mu", mu);
        params.put("sigma", sigma);
        params.put("k", k);
        params.put("mode", mode.toLowerCase(Locale.ROOT));
        params.put("tEnd", tEnd);
        params.put("seed", seed);
        out.put("parameters", params);

        Map<String, Object> theory = new LinkedHashMap<>();
        Map<String, Object> measured = new LinkedHashMap<>();
        boolean ok;
        theory.put("rhoEff", rhoEff);
        theory.put("rhoEffFormula", th.rhoEff().text());
        if (variant == TeacherStudentMode.PLAIN) {
            theory.put("slowRate", rhoEff);
            ExactLinearPropagator p = TeacherStudentSimulator.plainPropagator(data, k);
            Trajectory exact = TeacherStudentSimulator.exact(flow, p, z0, times, true);
            Trajectory integ = integrate(flow, z0, times, route, 1e-10, 1e-12, false);
            double[] spec = TeacherStudentSimulator.plainSpectrum(data);
            RateFit fit = exact.slowFit(1e-280);
            put(measured, exact, fit);
            rows(exact);
            measured.put("route", "exact eigen-propagation of the (D+2)x(D+2) plain operator");
            measured.put("hessianSlowestEigenvalue", -spec[spec.length - 1]);
            Map<String, Object> integrated = new LinkedHashMap<>();
            integrated.put("returnCode", integ.code().name());
            if (!integ.message().isEmpty()) {
                integrated.put("diagnostics", integ.message());
            }
            double err = 0;
            for (int i = 0; i < integ.states().length; i++) {
                for (int j = 0; j < integ.states()[i].length; j++) {
                    err = Math.max(err, Math.abs(integ.states()[i][j] - exact.states()[i][j]));
                }
            }
            integrated.put("maxAbsErrorVsExact", err);
            integrated.put("rhsEvaluations", integ.evaluations());
            integrated.put("steps", integ.steps());
            integrated.put("integrator", route);
            integrated.put("route", routeText(route) + ", rtol 1e-10");
            integrated.put("solver", solver(route, integ));
            out.put("integrator", integrated);
            int steps = (int) Math.ceil(tEnd / eta);
            Trajectory gd = TeacherStudentSimulator.gradientDescent(flow, z0, eta, steps, Math.max(1, steps / points), false);
            RateFit gfit = gd.slowFit(1e-280);
            Map<String, Object> g = new LinkedHashMap<>();
            g.put("eta", eta);
            g.put("steps", steps);
            g.put("returnCode", gd.code().name());
            g.put("slowRate", gfit.ok() ? -gfit.rate() : Double.NaN);
            if (!gfit.ok()) {
                g.put("slowRateDiagnostics", gfit.message());
            }
            g.put("slowRateExpected", -Math.log(1 - eta * (-spec[spec.length - 1])) / eta);
            g.put("minL2Final", gd.minL2Final());
            out.put("gradientDescent", g);
            ok = integ.success() && gd.success() && fit.ok();
        } else {
            if (variant == TeacherStudentMode.PROJECTION_SG) {
                theory.put("slowRate", 0.0);
                theory.put("note", "derived (k = 1 reduction): a line of fixed points with w^2 = "
                        + th.sgHeadSquared().text() + ", Delta = (" + th.sgDeltaOverHeadU().text() + ") w u: no collapse");
            } else {
                theory.put("slowRate", null);
                theory.put("note", "no closed-form rate: the loss is 2-homogeneous in (E, y), |(E,y)|^2 decreases at "
                        + "4L, so MinL2 -> 0");
            }
            Trajectory tr = integrate(flow, z0, times, route, 1e-8, 1e-11, true);
            RateFit fit = tr.slowFit(1e-9 * Math.max(1e-300, tr.minL2().length > 0 ? tr.minL2()[0] : 1));
            put(measured, tr, fit);
            rows(tr);
            measured.put("integrator", route);
            measured.put("route", routeText(route) + " integration (rtol 1e-8, atol 1e-11)");
            measured.put("returnCode", tr.code().name());
            if (!tr.message().isEmpty()) {
                measured.put("diagnostics", tr.message());
            }
            if (tr.states().length > 0) {
                measured.put("rawAccuracyFinal", flow.rawAccuracy(tr.last()));
            }
            measured.put("rhsEvaluations", tr.evaluations());
            measured.put("steps", tr.steps());
            measured.put("solver", solver(route, tr));
            ok = tr.success();
        }
        Map<String, Object> st = new LinkedHashMap<>();
        st.put("spectralRadius", stiffness.spectralRadius());
        st.put("index", stiffness.index());
        st.put("threshold", StiffnessEstimate.THRESHOLD);
        st.put("selected", route);
        st.put("powerIterations", stiffness.iterations());
        out.put("stiffness", st);
        out.put("theory", theory);
        out.put("measured", measured);
        out.put("wallSeconds", (System.nanoTime() - t0) / 1e9);
        // theory and measured first, as documented
        Map<String, Object> ordered = new LinkedHashMap<>();
        ordered.put("theory", out.remove("theory"));
        ordered.put("measured", out.remove("measured"));
        ordered.putAll(out);
        json.print(ordered, spec.commandLine().getOut());
        if (deprecatedDim) {
            spec.commandLine().getErr().println("harness: teacher-student --dim is deprecated, use --input-dim "
                    + "(--dim is the embedding dimension in the other commands)");
        }
        return ok ? 0 : HarnessCli.FAILED;
    }

    /** The measured route's trajectory to --trajectory. */
    private void rows(Trajectory tr) {
        trajectory.columns("minL2", "accuracy", "loss");
        for (int i = 0; i < tr.times().length; i++) {
            trajectory.row(tr.times()[i], tr.minL2()[i], tr.accuracy()[i], tr.loss()[i]);
        }
        trajectory.write();
    }

    private static void put(Map<String, Object> measured, Trajectory tr, RateFit fit) {
        measured.put("slowRate", fit.ok() ? -fit.rate() : Double.NaN);
        if (!fit.ok()) {
            measured.put("slowRateDiagnostics", fit.message());
        }
        measured.put("slowRateFitWindow", new double[] {fit.tStart(), fit.tEnd()});
        measured.put("minL2Initial", tr.minL2().length > 0 ? tr.minL2()[0] : Double.NaN);
        measured.put("minL2Final", tr.minL2Final());
        measured.put("accuracyFinal", tr.accuracyFinal());
        measured.put("accuracySpace", "representation space: E x against y_c (plain) or projected labels W y_c (head)");
        measured.put("lossFinal", tr.loss().length > 0 ? tr.loss()[tr.loss().length - 1] : Double.NaN);
    }
}
