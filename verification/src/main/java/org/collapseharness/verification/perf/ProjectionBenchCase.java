package org.collapseharness.verification.perf;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.collapseharness.numerics.BiasSubspace;
import org.collapseharness.numerics.OdeAlgorithm;
import org.collapseharness.numerics.ParticleLayout;
import org.collapseharness.numerics.ProjectionSimulator;
import org.collapseharness.numerics.TimeGrid;
import org.collapseharness.theory.Bindings;
import org.collapseharness.theory.ProjectionTheory;
import org.collapseharness.theory.symbolic.ProjectionDerivation;

/**
 * §4 projection head with stop-gradient to steady state: exact moment reduction + exponential integrator (rtol 1e-4),
 * or all particles with the matrix-free (Krylov) exponential integrator (no reduction used).
 * Error: the W² eigenvalue on the bias span nearest the protected value against the derived 1 − ρ (Symja route);
 * OK also requires the relative field residual ‖field‖/(n+m) at the end to be at most {@link #RESIDUAL_BOUND}.
 */
public final class ProjectionBenchCase implements BenchCase {
    static final long SEED = 1;
    static final double ERROR_BOUND = 1e-5;
    static final double RESIDUAL_BOUND = 1e-3;
    private final String id;
    private final ParticleLayout layout;
    private final double tEnd;
    private final double relTol;
    private final ProjectionSimulator.Representation representation;

    public ProjectionBenchCase(String id, ParticleLayout layout, double tEnd, double relTol) {
        this(id, layout, tEnd, relTol, ProjectionSimulator.Representation.MOMENTS);
    }

    public ProjectionBenchCase(String id, ParticleLayout layout, double tEnd, double relTol,
                               ProjectionSimulator.Representation representation) {
        this.id = id;
        this.layout = layout;
        this.tEnd = tEnd;
        this.relTol = relTol;
        this.representation = representation;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String description() {
        return "§4 projection head with sg, K=" + layout.classes() + " n=" + layout.clean() + " m=" + layout.shared()
                + " d=" + layout.dim() + " T=" + (long) tEnd + (representation == ProjectionSimulator.Representation.FULL
                ? ", all " + layout.vectors() + " particles + matrix-free Krylov exponential integrator"
                : ", " + layout.vectors() + " particles as moments + exponential integrator") + " to steady state";
    }

    @Override
    public BenchResult run() {
        ProjectionTheory th = ProjectionDerivation.derive(true);
        double rho = layout.model().rho();
        double mu = th.protectedValue().at(Bindings.of("rho", rho));
        boolean full = representation == ProjectionSimulator.Representation.FULL;
        OdeAlgorithm integ = full ? OdeAlgorithm.exponentialKrylov(relTol, relTol * 1e-3)
                : OdeAlgorithm.exponential(relTol, relTol * 1e-3);
        long cpu0 = MinimalModelBenchCase.processCpu();
        ProjectionSimulator.Result r = ProjectionSimulator.simulate(layout, true, SEED, TimeGrid.mixed(tEnd, 1e-2, 10, 10),
                representation, integ);
        double cpu = (MinimalModelBenchCase.processCpu() - cpu0) / 1e9;
        Map<String, Object> p = modelParameters(layout, tEnd);
        p.put("relTol", relTol);
        p.put("seed", SEED);
        double err = Double.NaN;
        double relRes = Double.NaN;
        String note;
        boolean ok = false;
        if (r.solution().success()) {
            double[][] spec = BiasSubspace.of(r.finalLabels(), th.biasOperator().at(r.finalW())).spectrum();
            err = Double.POSITIVE_INFINITY;
            for (double[] ev : spec) {
                err = Math.min(err, Math.abs(ev[0] - mu));
            }
            relRes = r.residual() / (layout.clean() + layout.shared());
            ok = err <= ERROR_BOUND && relRes <= RESIDUAL_BOUND;
            note = String.format(Locale.ROOT, "relativeFieldResidual=%.3g (bound %.0e) minL2Final=%.6g steps=%d",
                    relRes, RESIDUAL_BOUND, r.minL2()[r.minL2().length - 1], r.solution().steps());
        } else {
            note = r.solution().code() + " " + r.solution().message();
        }
        return new BenchResult(id, description(), ok ? "OK" : "FAIL", p,
                full ? "full-krylov-exponential" : "moments-exponential",
                r.solution().wallSeconds(), cpu, r.solution().evaluations(), "derived protected value 1 − ρ (Symja)",
                0, 0, err, ERROR_BOUND, new double[] {tEnd}, note);
    }

    /** The model's sizes and the end time, the first parameters of every §4 bench case. */
    static Map<String, Object> modelParameters(ParticleLayout layout, double tEnd) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("classes", layout.classes());
        p.put("clean", layout.clean());
        p.put("shared", layout.shared());
        p.put("dim", layout.dim());
        p.put("tEnd", tEnd);
        return p;
    }
}
