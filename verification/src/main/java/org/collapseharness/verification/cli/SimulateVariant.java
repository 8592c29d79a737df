package org.collapseharness.verification.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.collapseharness.numerics.Metrics;
import org.collapseharness.numerics.OdeAlgorithm;
import org.collapseharness.numerics.ParticleLayout;
import org.collapseharness.numerics.variant.VariantFlow;
import org.collapseharness.numerics.variant.VariantRun;
import org.collapseharness.theory.MinimalModel;
import org.collapseharness.theory.nonlinear.NonlinearDerivation;
import org.collapseharness.theory.variant.LossVariant;
import org.collapseharness.theory.variant.VariantParser;

/**
 * {@code simulate --variant FILE}: any variant file (linear or not) derived by the nonlinear pipeline at the run's
 * dimension, integrated with Rodas4 and the derived Jacobian (or DP853), with the singular-set stop, the late-time
 * rate, Newton's fixed point from the end state and its Jacobian spectrum, and the outcome.
 */
final class SimulateVariant {
    /** Largest state (entries) a variant run accepts: the Jacobian is assembled densely. */
    static final int MAX_ENTRIES = 6000;
    /** Largest d of a head variant run (a term has 2d + d² inputs; its Jacobian (2d + d²)² entries). */
    static final int MAX_HEAD_DIM = 8;
    /** Largest d without a head. */
    static final int MAX_DIM = 32;

    private SimulateVariant() {
    }

    static int run(SimulateCommand c, Path file) {
        var parse = c.spec.commandLine().getParseResult();
        for (String o : new String[] {"--route", "--error-checks", "--no-witness", "--derived", "--atol"}) {
            if (parse.hasMatchedOption(o)) {
                throw new HarnessCli.UsageException(o + " does not apply to --variant (variant runs use "
                        + "--integrator rodas|dp853)");
            }
        }
        LossVariant v = VariantParser.parse(file);
        MinimalModel m = c.model.model(c.dim.value());
        double tEnd = c.tEndOption.value();
        double rtol = c.rtolOption.orElse(1e-6);
        long seed = c.seedOption.value();
        if (c.points < 10 || c.points > 100_000) {
            throw new HarnessCli.UsageException("--points must lie in [10, 100000] with --variant");
        }
        if (!(c.eps >= 0 && c.eps < 1)) {
            throw new HarnessCli.UsageException("--eps must lie in [0, 1) (got " + c.eps + ")");
        }
        OdeAlgorithm alg = switch (c.integrator) {
            case "rodas" -> VariantRun.rodas(rtol);
            case "dp853" -> VariantRun.dp853(rtol);
            default -> throw new HarnessCli.UsageException("--integrator must be rodas or dp853 (got " + c.integrator
                    + ")");
        };
        ParticleLayout l = new ParticleLayout(m);
        int d = m.dim();
        boolean head = v.hasHead();
        long entries = (long) l.size() + (head ? (long) d * d : 0) + (v.species().contains("target")
                ? (long) m.classes() * d : 0);
        if (entries > MAX_ENTRIES) {
            throw new HarnessCli.UsageException("state too large for a variant run: " + entries + " entries > "
                    + MAX_ENTRIES + " (the Jacobian is dense): lower --clean, --shared or --dim");
        }
        if (head && d > MAX_HEAD_DIM || d > MAX_DIM) {
            throw new HarnessCli.UsageException("--dim " + d + " is too large for a variant run (at most " + MAX_HEAD_DIM
                    + " with a head, " + MAX_DIM + " without: the per-term Jacobians are derived entry by entry)");
        }
        c.trajectory.check();
        NonlinearDerivation.Derived der = NonlinearDerivation.derive(v, d, m.classes(), c.eps);
        VariantFlow flow = new VariantFlow(l, der);
        double[] seeded = VariantRun.initialState(flow, seed);
        int particles = l.size() + (head ? d * d : 0);
        if (der.target()) {
            c.state.expectTarget();
        }
        double[] given = c.state.initial("simulate", l, head, seed,
                () -> java.util.Arrays.copyOf(seeded, particles)).flat();
        double[] u0 = seeded;
        System.arraycopy(given, 0, u0, 0, particles);
        if (der.target()) {
            double[][] t0 = c.state.initialTarget();
            for (int k = 0; k < m.classes(); k++) {
                System.arraycopy(t0[k], 0, u0, flow.tOffset() + k * d, d);
            }
        }
        long start = System.nanoTime();
        VariantRun.Result r = VariantRun.run(flow, u0, tEnd, c.points, alg, true);
        double wall = (System.nanoTime() - start) / 1e9;
        double[] last = r.last();
        c.trajectory.columns("minL2", "accuracy", "headMinSingularValue");
        for (int i = 0; i < r.times().length; i++) {
            c.trajectory.row(r.times()[i], r.minL2()[i], Metrics.accuracy(l, r.states()[i]),
                    flow.headSmallestSingularValue(r.states()[i]));
        }
        c.trajectory.write();
        double[][] targetEnd = null;
        if (der.target()) {
            targetEnd = new double[m.classes()][];
            for (int k = 0; k < m.classes(); k++) {
                targetEnd[k] = java.util.Arrays.copyOfRange(last, flow.tOffset() + k * d, flow.tOffset() + (k + 1) * d);
            }
        }
        String stateNote = c.state.writeEnd(java.util.Arrays.copyOf(last, particles), head,
                r.times()[r.times().length - 1], targetEnd);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("variant", v.name());
        out.put("description", v.description());
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("classes", m.classes());
        params.put("clean", m.clean());
        params.put("shared", m.shared());
        params.put("dim", d);
        params.put("tEnd", tEnd);
        params.put("seed", seed);
        params.put("eps", c.eps);
        params.put("rtol", rtol);
        params.put("points", c.points);
        c.state.describe(params);
        out.put("parameters", params);
        out.put("derivationSeconds", der.seconds());
        out.put("compiledInstructions", der.instructions());
        out.put("notDerived", NonlinearDerivation.NOT_DERIVED);
        out.put("returnCode", r.code().name());
        if (!r.message().isEmpty()) {
            out.put("diagnostics", r.message());
        }
        out.put("outcome", r.outcome().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        out.put("outcomeText", r.outcome().text());
        out.put("stopTime", r.stopTime());
        out.put("tReached", r.times()[r.times().length - 1]);
        out.put("minL2Initial", r.minL2()[0]);
        out.put("minL2Final", r.minL2()[r.minL2().length - 1]);
        out.put("accuracyFinal", Metrics.accuracy(l, last));
        out.put("lateTimeRate", r.rate().ok() ? r.rate().rate() : Double.NaN);
        out.put("lateTimeRateWindow", new double[] {r.rate().tStart(), r.rate().tEnd()});
        out.put("headMinSingularValueFinal", head ? r.headMinSingularValue() : null);
        out.put("fixedPoint", fixedPoint(r.fixedPoint()));
        Map<String, Object> integ = new LinkedHashMap<>();
        integ.put("name", r.algorithm());
        integ.put("linearSolver", r.algorithm().equals("rodas") ? "arrow (samples x core Schur complement)" : null);
        integ.put("acceptedSteps", r.steps());
        integ.put("rhsEvaluations", r.evaluations());
        integ.put("jacobianEvaluations", r.jacobians());
        integ.put("factorisations", r.factorisations());
        integ.put("countsNote", "finished output segments only (a singular stop discards its segment's counts)");
        out.put("integrator", integ);
        out.put("runSeconds", wall);
        if (stateNote != null) {
            out.put("stateOutNote", stateNote);
        }
        c.json.print(out, c.spec.commandLine().getOut());
        return r.outcome() == VariantRun.Outcome.FAILED ? HarnessCli.FAILED : 0;
    }

    private static Map<String, Object> fixedPoint(VariantRun.FixedPoint fp) {
        if (fp == null) {
            return null;
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("converged", fp.converged());
        o.put("newtonIterations", fp.iterations());
        o.put("residual", fp.residual());
        o.put("distanceFromEndState", fp.distance());
        var s = fp.spectrum();
        if (s != null) {
            o.put("stable", s.stable());
            o.put("zeroModes", s.zeroModes());
            o.put("maxRealNonzero", s.maxRealNonzero());
            List<double[]> top = new ArrayList<>();
            for (int i = 0; i < Math.min(8, s.real().length); i++) {
                top.add(new double[] {s.real()[i], s.imag()[i]});
            }
            o.put("rightmostEigenvalues", top);
        } else {
            o.put("spectrumNote", fp.converged() ? "not computed above " + VariantRun.SPECTRUM_MAX + " unknowns"
                    : "Newton did not converge");
        }
        if (fp.approach() != null) {
            o.put("approachRate", fp.approach().ok() ? fp.approach().rate() : Double.NaN);
            o.put("fieldDecayRate", fp.fieldDecay().ok() ? fp.fieldDecay().rate() : Double.NaN);
        }
        return o;
    }
}
