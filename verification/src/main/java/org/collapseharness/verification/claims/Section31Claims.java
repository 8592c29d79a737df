package org.collapseharness.verification.claims;

import static org.collapseharness.verification.claims.MinimalModelRuns.INTEGRATOR;
import static org.collapseharness.verification.claims.MinimalModelRuns.SEED;
import static org.collapseharness.verification.claims.MinimalModelRuns.describe;
import static org.collapseharness.verification.claims.MinimalModelRuns.layout;
import static org.collapseharness.verification.claims.MinimalModelRuns.theory;

import java.util.Arrays;
import java.util.List;
import org.collapseharness.numerics.ArrayOps;
import org.collapseharness.numerics.Jacobians;
import org.collapseharness.numerics.LinearOperators;
import org.collapseharness.numerics.Metrics;
import org.collapseharness.numerics.MinimalModelFlow;
import org.collapseharness.numerics.MinimalModelSimulator;
import org.collapseharness.numerics.ParticleLayout;
import org.collapseharness.numerics.RateFit;
import org.collapseharness.numerics.TimeGrid;
import org.collapseharness.theory.Bindings;
import org.collapseharness.theory.ExplicitJacobian;
import org.collapseharness.theory.LinearFlowTheory;
import org.collapseharness.theory.MinimalModel;
import org.collapseharness.theory.PairLoss;
import org.collapseharness.theory.symbolic.LinearFlowDerivation;
import org.collapseharness.verification.Claim;
import org.collapseharness.verification.ClaimSpec;
import org.collapseharness.verification.Evidence;
import org.collapseharness.verification.Format;
import org.collapseharness.verification.Measure;
import org.collapseharness.verification.Thresholds;
import org.collapseharness.verification.Tolerances;
import org.collapseharness.verification.report.Plots;


/** Claims of paper §3.1: the embedding-only model without frustration (m = 0). */
public final class Section31Claims {
    /** Measurement {@code couplingComponents}. */
    public static final Measure COUPLING_COMPONENTS = Measure.of("couplingComponents");
    /** Measurement {@code couplingComponentsWithOneSharedSample}. */
    public static final Measure COUPLING_COMPONENTS_WITH_ONE_SHARED_SAMPLE = Measure.of("couplingComponentsWithOneSharedSample");
    /** Measurement {@code derivedSectorIRate}. */
    public static final Measure DERIVED_SECTOR_I_RATE = Measure.of("derivedSectorIRate");
    /** Measurement {@code fittedRate}. */
    public static final Measure FITTED_RATE = Measure.of("fittedRate");
    /** Measurement {@code minL2Derived}. */
    public static final Measure MINL2_DERIVED = Measure.of("minL2Derived");
    /** Measurement {@code minL2Final}. */
    public static final Measure MINL2_FINAL = Measure.of("minL2Final");
    /** Measurement {@code minL2Initial}. */
    public static final Measure MINL2_INITIAL = Measure.of("minL2Initial");

    private Section31Claims() {
    }

    public static List<Claim> claims() {
        String src = Section31Claims.class.getName();
        return List.of(
                new Claim(new ClaimSpec("3.1-a", "§3.1", "Classes decouple without frustration",
                        "With m = 0 the classes evolve independently: the Jacobian derived from the loss is "
                                + "block-diagonal by class.", List.of(), false, src), Section31Claims::blockDiagonal),
                new Claim(new ClaimSpec("3.1-b", "§3.1", "Samples converge exponentially",
                        "Samples converge exponentially fast to their class representation, at the rate of sector I.",
                        List.of("3.2-a"), false, src), Section31Claims::sampleConvergence),
                new Claim(new ClaimSpec("3.1-c", "§3.1", "Labels settle at finite, initial-condition-determined positions",
                        "Without frustration each label settles at a position fixed by the initial state of its class "
                                + "(derived fixed point); MinL2(∞) > 0.", List.of("3.1-a"), false, src),
                        Section31Claims::fixedPoint));
    }

    static void blockDiagonal(Evidence e) {
        MinimalModel model = MinimalModel.perCoordinate(3, 4, 0);
        describe(e, model);
        ExplicitJacobian derived = LinearFlowDerivation.explicitJacobian(PairLoss.minimal(), 3, 4, 0);
        double[][] numeric = LinearOperators.assemble(new MinimalModelFlow(layout(model)));
        e.note("derived field, first clean sample: d" + derived.variables().get(0) + "/dt = " + derived.fieldText().get(0));
        e.compareAll("Jacobian entries: derived from the loss vs hand-coded flow", ArrayOps.flatten(numeric),
                ArrayOps.flatten(derived.jacobian()), Tolerances.EXACT_ENTRY);
        int components = componentCount(derived.jacobian());
        int[] classOf = classOfVariable(3, 4, 0);
        boolean componentsAreClasses = componentsMatchClasses(derived.jacobian(), classOf);
        e.measure(COUPLING_COMPONENTS, components).measure("componentsAreClasses", componentsAreClasses);
        e.requireEqual("connected components of the derived Jacobian's coupling graph (m = 0)", components, 3);
        e.requireEqual("each component is exactly one class (1 = yes)", componentsAreClasses ? 1 : 0, 1);
        ExplicitJacobian frustrated = LinearFlowDerivation.explicitJacobian(PairLoss.minimal(), 3, 4, 1);
        int fc = componentCount(frustrated.jacobian());
        e.measure(COUPLING_COMPONENTS_WITH_ONE_SHARED_SAMPLE, fc);
        e.control("the same block-diagonality check on the frustrated model (m = 1) is rejected", fc, 3, fc != 3);
    }

    static void sampleConvergence(Evidence e) {
        MinimalModel model = new MinimalModel(3, 5, 0, 2);
        describe(e, model);
        double tEnd = 20;
        e.param("seed", SEED).param("tEnd", tEnd).param("integrator", INTEGRATOR.toString());
        ParticleLayout l = layout(model);
        var sim = MinimalModelSimulator.simulate(l, SEED, TimeGrid.mixed(tEnd, 1e-3, 40, 400), INTEGRATOR);
        if (!sim.solution().success()) {
            e.fail("integration " + sim.solution().code() + ": " + sim.solution().message());
            return;
        }
        double[] t = sim.solution().times();
        double[] dist = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            dist[i] = maxSampleToLabel(l, sim.solution().states()[i]);
        }
        RateFit fit = RateFit.auto(t, dist, 1e-8, 0.01);
        if (!fit.ok()) {
            e.fail(fit.message());
            return;
        }
        double derived = theory().sectorIClean().eigenvalues().get(0).at(model.bindings());
        e.measure(FITTED_RATE, fit.rate()).measure(DERIVED_SECTOR_I_RATE, derived)
                .measure("fitResidual", fit.rmsResidual()).measure("fitWindow", new double[] {fit.tStart(), fit.tEnd()});
        e.compare("late-time rate of max_{c,i} |x_{c,i} - y_c| vs derived sector-I eigenvalue", fit.rate(), derived,
                Tolerances.FITTED_RATE);
        e.plot(Plots.logY("fig-3.1-b", "Samples approach their labels (m = 0)", "t", "max |x - y_c|")
                .line("integrated", t, dist).paired("dist")
                .dashed("fit exp(" + Format.sig4(fit.rate()) + " t)", fit.window(t), fit.curve(fit.window(t))).paired("dist").build());
    }

    static void fixedPoint(Evidence e) {
        MinimalModel model = new MinimalModel(3, 5, 0, 3);
        describe(e, model);
        double tEnd = 40;
        e.param("seed", SEED).param("tEnd", tEnd).param("integrator", INTEGRATOR.toString());
        ParticleLayout l = layout(model);
        double[] y0 = MinimalModelSimulator.initialState(l, SEED);
        var sim = MinimalModelSimulator.simulate(l, y0, TimeGrid.uniform(tEnd, 200), INTEGRATOR);
        if (!sim.solution().success()) {
            e.fail("integration " + sim.solution().code() + ": " + sim.solution().message());
            return;
        }
        LinearFlowTheory th = theory();
        Bindings b = model.bindings();
        double w0 = th.fixedPointWeights().get(0).at(b);
        double w1 = th.fixedPointWeights().get(1).at(b);
        e.note("derived fixed point (m = 0): y_c(inf) = (" + th.fixedPointWeights().get(0).text() + ") xbar_c(0) + ("
                + th.fixedPointWeights().get(1).text() + ") y_c(0)");
        double[] end = sim.solution().last();
        double[] predicted = new double[model.classes() * model.dim()];
        double[] naive = new double[predicted.length];
        double[] measured = new double[predicted.length];
        double[] yInf = new double[l.size()];
        for (int c = 0; c < model.classes(); c++) {
            for (int q = 0; q < model.dim(); q++) {
                int idx = c * model.dim() + q;
                double xbar0 = Metrics.classMean(l, y0, c, q);
                predicted[idx] = w0 * xbar0 + w1 * y0[l.label(c) + q];
                naive[idx] = 0.5 * (xbar0 + y0[l.label(c) + q]);
                measured[idx] = end[l.label(c) + q];
                yInf[l.label(c) + q] = predicted[idx];
            }
        }
        e.compareAll("label positions at t = 40 vs derived fixed point", measured, predicted,
                Tolerances.INTEGRATOR_VS_EXACT);
        double naiveErr = ArrayOps.maxAbsDiff(measured, naive);
        e.control("a naive fixed point (xbar_c(0) + y_c(0))/2 is rejected", naiveErr, 0,
                naiveErr > Tolerances.INTEGRATOR_VS_EXACT.value());
        double minPredicted = Metrics.minL2(l, yInf);
        double minMeasured = Metrics.minL2(l, end);
        e.measure(MINL2_FINAL, minMeasured).measure(MINL2_DERIVED, minPredicted)
                .measure(MINL2_INITIAL, Metrics.minL2(l, y0));
        e.compare("MinL2(t = 40) vs MinL2 of the derived fixed point", minMeasured, minPredicted,
                Tolerances.INTEGRATOR_VS_EXACT);
        e.require("MinL2(inf) (derived) > 0", minPredicted, Thresholds.POSITIVE_SEPARATION, 2 * minPredicted,
                "a threshold of twice the derived value is rejected");
    }

    static double maxSampleToLabel(ParticleLayout l, double[] y) {
        double max = 0;
        for (int c = 0; c < l.classes(); c++) {
            for (int i = 0; i < l.clean(); i++) {
                double s = 0;
                for (int q = 0; q < l.dim(); q++) {
                    double r = y[l.clean(c, i) + q] - y[l.label(c) + q];
                    s += r * r;
                }
                max = Math.max(max, Math.sqrt(s));
            }
        }
        return max;
    }

    static int[] classOfVariable(int k, int n, int m) {
        int[] cls = new int[k * n + m + k];
        int idx = 0;
        for (int c = 0; c < k; c++) {
            for (int i = 0; i < n; i++) {
                cls[idx++] = c;
            }
        }
        for (int s = 0; s < m; s++) {
            cls[idx++] = -1;
        }
        for (int c = 0; c < k; c++) {
            cls[idx++] = c;
        }
        return cls;
    }

    /** Number of connected components of the coupling graph of a Jacobian. */
    static int componentCount(double[][] j) {
        return (int) Arrays.stream(Jacobians.couplingComponents(j)).distinct().count();
    }

    /** Whether two variables share a coupling component exactly when they belong to the same class. */
    static boolean componentsMatchClasses(double[][] j, int[] classOf) {
        int[] label = Jacobians.couplingComponents(j);
        for (int a = 0; a < j.length; a++) {
            for (int b = 0; b < j.length; b++) {
                if ((label[a] == label[b]) != (classOf[a] == classOf[b])) {
                    return false;
                }
            }
        }
        return true;
    }

}
