package org.collapseharness.verification.claims;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.collapseharness.numerics.ArrayOps;
import org.collapseharness.numerics.ExactLinearPropagator;
import org.collapseharness.numerics.LinearOperators;
import org.collapseharness.numerics.Metrics;
import org.collapseharness.numerics.MinimalModelFlow;
import org.collapseharness.numerics.MinimalModelSimulator;
import org.collapseharness.numerics.NumericSpectrum;
import org.collapseharness.numerics.OdeAlgorithm;
import org.collapseharness.numerics.ParticleLayout;
import org.collapseharness.numerics.RateFit;
import org.collapseharness.numerics.SectorBasis;
import org.collapseharness.numerics.TimeGrid;
import org.collapseharness.theory.Bindings;
import org.collapseharness.theory.ExplicitJacobian;
import org.collapseharness.theory.LinearFlowTheory;
import org.collapseharness.theory.MinimalModel;
import org.collapseharness.theory.PairLoss;
import org.collapseharness.theory.SectorForm;
import org.collapseharness.theory.SectorSpectrum;
import org.collapseharness.theory.symbolic.LinearFlowDerivation;
import org.collapseharness.verification.Claim;
import org.collapseharness.verification.ClaimSpec;
import org.collapseharness.verification.Evidence;
import org.collapseharness.verification.Format;
import org.collapseharness.verification.Measure;
import org.collapseharness.verification.Plot;
import org.collapseharness.verification.Series;
import org.collapseharness.verification.Thresholds;
import org.collapseharness.verification.Tolerance;
import org.collapseharness.verification.Tolerances;

/** Claims of paper §3: the embedding-only model without (§3.1) and with (§3.2) frustration. */
public final class MinimalModelClaims {
    /** Measurement {@code conservedDrift}. */
    public static final Measure CONSERVED_DRIFT = Measure.of("conservedDrift");
    /** Measurement {@code couplingComponents}. */
    public static final Measure COUPLING_COMPONENTS = Measure.of("couplingComponents");
    /** Measurement {@code couplingComponentsWithOneSharedSample}. */
    public static final Measure COUPLING_COMPONENTS_WITH_ONE_SHARED_SAMPLE = Measure.of("couplingComponentsWithOneSharedSample");
    /** Measurement {@code derivedSectorIRate}. */
    public static final Measure DERIVED_SECTOR_I_RATE = Measure.of("derivedSectorIRate");
    /** Measurement {@code derivedSlowEigenvalue}. */
    public static final Measure DERIVED_SLOW_EIGENVALUE = Measure.of("derivedSlowEigenvalue");
    /** Measurement {@code fastSlope}. */
    public static final Measure FAST_SLOPE = Measure.of("fastSlope");
    /** Measurement {@code fittedRate}. */
    public static final Measure FITTED_RATE = Measure.of("fittedRate");
    /** Measurement {@code gridPoints}. */
    public static final Measure GRID_POINTS = Measure.of("gridPoints");
    /** Measurement {@code marginDropMeasured}. */
    public static final Measure MARGIN_DROP_MEASURED = Measure.of("marginDropMeasured");
    /** Measurement {@code marginDropPredicted}. */
    public static final Measure MARGIN_DROP_PREDICTED = Measure.of("marginDropPredicted");
    /** Measurement {@code minL2Derived}. */
    public static final Measure MINL2_DERIVED = Measure.of("minL2Derived");
    /** Measurement {@code minL2Final}. */
    public static final Measure MINL2_FINAL = Measure.of("minL2Final");
    /** Measurement {@code minL2Initial}. */
    public static final Measure MINL2_INITIAL = Measure.of("minL2Initial");
    /** Measurement {@code residualOfNonSector}. */
    public static final Measure RESIDUAL_OF_NON_SECTOR = Measure.of("residualOfNonSector");
    /** Measurement {@code slowAtLargestN}. */
    public static final Measure SLOW_AT_LARGEST_N = Measure.of("slowAtLargestN");
    /** Measurement {@code slowTimeScale}. */
    public static final Measure SLOW_TIME_SCALE = Measure.of("slowTimeScale");
    /** Measurement {@code tAccuracySaturated}. */
    public static final Measure T_ACCURACY_SATURATED = Measure.of("tAccuracySaturated");
    /** Measurement {@code worstInvarianceResidual}. */
    public static final Measure WORST_INVARIANCE_RESIDUAL = Measure.of("worstInvarianceResidual");
    /** Measurement {@code wrongWeightDrift}. */
    public static final Measure WRONG_WEIGHT_DRIFT = Measure.of("wrongWeightDrift");

    /** Default seed of every §3 initial state. */
    public static final long SEED = 20260409L;
    /** The integrator used for every §3 trajectory. */
    public static final OdeAlgorithm INTEGRATOR = OdeAlgorithm.dp853(1e-10, 1e-12);


    private MinimalModelClaims() {
    }

    public static List<Claim> claims() {
        String src = MinimalModelClaims.class.getName();
        return List.of(
                new Claim(new ClaimSpec("3.1-a", "§3.1", "Classes decouple without frustration",
                        "With m = 0 the classes evolve independently: the Jacobian derived from the loss is "
                                + "block-diagonal by class.", List.of(), false, src), MinimalModelClaims::blockDiagonal),
                new Claim(new ClaimSpec("3.1-b", "§3.1", "Samples converge exponentially",
                        "Samples converge exponentially fast to their class representation, at the rate of sector I.",
                        List.of("3.2-a"), false, src), MinimalModelClaims::sampleConvergence),
                new Claim(new ClaimSpec("3.1-c", "§3.1", "Labels settle at finite, initial-condition-determined positions",
                        "Without frustration each label settles at a position fixed by the initial state of its class "
                                + "(derived fixed point); MinL2(∞) > 0.", List.of("3.1-a"), false, src),
                        MinimalModelClaims::fixedPoint),
                new Claim(new ClaimSpec("3.2-a", "§3.2", "Sectors are invariant and exhaust the spectrum",
                        "Sectors I, II, III are invariant under the flow and together exhaust the spectrum "
                                + "(multiplicities add up to the dimension).", List.of(), false, src),
                        MinimalModelClaims::sectorsExhaust),
                new Claim(new ClaimSpec("3.2-b", "§3.2", "Sector I is frustration-independent",
                        "Sector I carries no frustration-dependent instability: its eigenvalues do not depend on ρ and "
                                + "are negative.", List.of("3.2-a"), false, src), MinimalModelClaims::sectorOneStable),
                new Claim(new ClaimSpec("3.2-c", "§3.2", "Sector II eigenvalues in closed form",
                        "The derived closed-form sector-II eigenvalues match the numeric spectrum of the full Jacobian "
                                + "over a parameter grid.", List.of("3.2-a"), false, src),
                        MinimalModelClaims::sectorTwoClosedForm),
                new Claim(new ClaimSpec("3.2-d", "§3.2", "Sector III: two decaying modes, one zero mode",
                        "Sector III has two decaying modes and one zero mode; the conserved quantity holds along "
                                + "integrated trajectories.", List.of("3.2-a"), false, src),
                        MinimalModelClaims::sectorThree),
                new Claim(new ClaimSpec("3.2-e", "§3.2", "Time-scale separation",
                        "The fast sector-II rate grows linearly with n; the slow rate tends to a function of ρ alone.",
                        List.of("3.2-c"), false, src), MinimalModelClaims::timeScaleSeparation),
                new Claim(new ClaimSpec("3.2-f", "§3.2", "Collapse at the slow rate",
                        "With m > 0, MinL2 → 0 and its fitted late-time rate equals the slow sector-II eigenvalue.",
                        List.of("3.2-c", "3.2-e"), false, src), MinimalModelClaims::collapse),
                new Claim(new ClaimSpec("3.2-g", "§3.2", "Two stages: alignment, then collapse",
                        "Accuracy saturates early, on the alignment time scales, while MinL2 has barely moved; the "
                                + "margin accuracy then falls on the slow time scale 1/|λ_slow|.",
                        List.of("3.2-f"), false, src), MinimalModelClaims::twoStages));
    }

    static LinearFlowTheory theory() {
        return LinearFlowDerivation.derive(PairLoss.minimal());
    }

    static ParticleLayout layout(MinimalModel m) {
        return new ParticleLayout(m);
    }

    static void describe(Evidence e, MinimalModel m) {
        e.param("K", m.classes()).param("n", m.clean()).param("m", m.shared()).param("d", m.dim())
                .param("rho", m.rho());
    }

    // ------------------------------------------------------------------ §3.1

    static void blockDiagonal(Evidence e) {
        MinimalModel model = MinimalModel.perCoordinate(3, 4, 0);
        describe(e, model);
        ExplicitJacobian derived = LinearFlowDerivation.explicitJacobian(PairLoss.minimal(), 3, 4, 0);
        double[][] numeric = LinearOperators.assemble(new MinimalModelFlow(layout(model)));
        e.note("derived field, first clean sample: d" + derived.variables().get(0) + "/dt = " + derived.fieldText().get(0));
        e.compareAll("Jacobian entries: derived from the loss vs hand-coded flow", ArrayOps.flatten(numeric),
                ArrayOps.flatten(derived.jacobian()), Tolerances.EXACT_ENTRY);
        int components = components(derived.jacobian());
        int[] classOf = classOfVariable(3, 4, 0);
        boolean componentsAreClasses = componentsMatchClasses(derived.jacobian(), classOf);
        e.measure(COUPLING_COMPONENTS, components).measure("componentsAreClasses", componentsAreClasses);
        e.requireEqual("connected components of the derived Jacobian's coupling graph (m = 0)", components, 3);
        e.requireEqual("each component is exactly one class (1 = yes)", componentsAreClasses ? 1 : 0, 1);
        ExplicitJacobian frustrated = LinearFlowDerivation.explicitJacobian(PairLoss.minimal(), 3, 4, 1);
        int fc = components(frustrated.jacobian());
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
        e.plot(new Plot("fig-3.1-b", "Samples approach their labels (m = 0)", "t", "max |x - y_c|", false, true,
                List.of(Series.line("integrated", t, dist).pairedWith("dist"),
                        Series.dashed("fit exp(" + Format.sig4(fit.rate()) + " t)", window(t, fit), line(window(t, fit), fit))
                                .pairedWith("dist"))));
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

    // ------------------------------------------------------------------ §3.2 spectra

    static final int[][] SMALL_GRID = {{2, 1, 1}, {3, 4, 2}, {4, 3, 5}, {3, 5, 0}, {2, 6, 3}};

    static void sectorsExhaust(Evidence e) {
        LinearFlowTheory th = theory();
        int symbolicInvariant = 0;
        for (SectorForm s : List.of(th.sectorIClean(), th.sectorIShared(), th.sectorII(), th.sectorIII(),
                th.sectorIIINoShared())) {
            symbolicInvariant += s.invariant() ? 1 : 0;
            e.note("sector " + s.name() + ": " + s.invarianceWitness());
        }
        e.requireEqual("sector blocks proven invariant by the symbolic ansatz", symbolicInvariant, 5);
        double worstResidual = 0;
        int dimMismatch = 0;
        int multMismatch = 0;
        List<Double> derivedAll = new ArrayList<>();
        List<Double> numericAll = new ArrayList<>();
        int d = 2;
        for (int[] g : SMALL_GRID) {
            MinimalModel model = new MinimalModel(g[0], g[1], g[2], d);
            ParticleLayout l = layout(model);
            MinimalModelFlow f1 = new MinimalModelFlow(l.perCoordinate());
            for (String s : List.of("I", "II", "III")) {
                double[][] basis = SectorBasis.of(l, s);
                if (basis.length > 0) {
                    worstResidual = Math.max(worstResidual, SectorBasis.restrict(f1, basis).invarianceResidual());
                }
            }
            int sum = 0;
            for (SectorSpectrum s : th.spectrumAt(model)) {
                sum += s.dimension();
            }
            dimMismatch += Math.abs(sum - model.variables());
            SectorSpectrum derived = th.fullSpectrumAt(model);
            NumericSpectrum.Result numeric = NumericSpectrum.ofSymmetric(
                    LinearOperators.assemble(new MinimalModelFlow(l)), Tolerances.MULTIPLICITY_CLUSTER.value());
            if (numeric.eigenvalues().size() != derived.eigenvalues().length) {
                multMismatch += 1000;
                continue;
            }
            for (int i = 0; i < derived.eigenvalues().length; i++) {
                derivedAll.add(derived.eigenvalues()[i]);
                numericAll.add(numeric.eigenvalues().get(i).re());
                multMismatch += Math.abs(derived.multiplicities()[i] - numeric.eigenvalues().get(i).multiplicity());
            }
        }
        e.param("grid (K,n,m)", Arrays.deepToString(SMALL_GRID)).param("d", d);
        e.measure(WORST_INVARIANCE_RESIDUAL, worstResidual);
        e.require("numeric invariance residual of sectors I, II, III (worst over grid)", worstResidual,
                Thresholds.INVARIANT_SUBSPACE, -1, "a negative bound is rejected");
        double mixedResidual = mixedSubspaceResidual();
        e.measure(RESIDUAL_OF_NON_SECTOR, mixedResidual);
        e.control("a subspace that is not a sector (only the x-part of sector II) is rejected as invariant",
                mixedResidual, Tolerances.INVARIANCE_RESIDUAL.value(), mixedResidual > Tolerances.INVARIANCE_RESIDUAL.value());
        e.requireEqual("sum over sectors of derived multiplicities minus dimension (summed over grid)", dimMismatch, 0);
        e.requireEqual("distinct-eigenvalue multiplicity mismatches, derived vs full numeric spectrum", multMismatch, 0);
        e.compareAll("distinct eigenvalues: derived sectors vs full numeric Jacobian", ArrayOps.toArray(numericAll),
                ArrayOps.toArray(derivedAll), Tolerances.SYMBOLIC_VS_DENSE_EIG);
    }

    private static double mixedSubspaceResidual() {
        ParticleLayout l = new ParticleLayout(3, 4, 2, 1);
        double[][] ii = SectorBasis.of(l, "II");
        double[][] xOnly = {ii[0], ii[2]};
        return SectorBasis.restrict(new MinimalModelFlow(l), xOnly).invarianceResidual();
    }

    static void sectorOneStable(Evidence e) {
        LinearFlowTheory th = theory();
        int k = 3;
        int n = 5;
        int[] ms = {0, 1, 2, 5, 10, 20, 60};
        double[] numericMax = new double[ms.length];
        double[] derivedMax = new double[ms.length];
        double[] rhos = new double[ms.length];
        double spread = 0;
        double slowSpread = 0;
        double first = Double.NaN;
        double firstSlow = Double.NaN;
        for (int i = 0; i < ms.length; i++) {
            MinimalModel model = MinimalModel.perCoordinate(k, n, ms[i]);
            rhos[i] = model.rho();
            ParticleLayout l = layout(model);
            double[][] b = SectorBasis.restrict(new MinimalModelFlow(l), SectorBasis.of(l, "I")).matrix();
            NumericSpectrum.Result r = NumericSpectrum.ofGeneral(b, 1e-9);
            numericMax[i] = r.eigenvalues().get(r.eigenvalues().size() - 1).re();
            SectorSpectrum s = th.spectrumAt(model).get(0);
            derivedMax[i] = s.eigenvalues()[s.eigenvalues().length - 1];
            double allDerived = th.sectorIClean().eigenvalues().get(0).at(model.bindings())
                    + th.sectorIShared().eigenvalues().get(0).at(model.bindings());
            double slow = th.slowEigenvalue().at(model.bindings());
            if (i == 0) {
                first = allDerived;
                firstSlow = slow;
            }
            spread = Math.max(spread, Math.abs(allDerived - first));
            slowSpread = Math.max(slowSpread, Math.abs(slow - firstSlow));
        }
        e.param("K", k).param("n", n).param("m grid", Arrays.toString(ms));
        e.note("derived sector-I eigenvalues: " + th.sectorIClean().eigenvalues().get(0).text() + " (clean, multiplicity "
                + th.sectorIClean().multiplicities().get(0).text() + "), " + th.sectorIShared().eigenvalues().get(0).text()
                + " (shared, multiplicity " + th.sectorIShared().multiplicities().get(0).text() + ")");
        e.measure("rho", rhos).measure("numericMaxSectorI", numericMax).measure("derivedMaxSectorI", derivedMax);
        e.compareAll("largest sector-I eigenvalue: numeric restriction vs derived, over the ρ grid", numericMax,
                derivedMax, Tolerances.SYMBOLIC_VS_DENSE_EIG);
        e.require("spread of the derived sector-I eigenvalues over the ρ grid", spread, Thresholds.PARAMETER_INDEPENDENT, -1,
                "a negative bound is rejected");
        e.controlFails("the same ρ-independence check applied to the slow sector-II eigenvalue is rejected", slowSpread,
                Thresholds.PARAMETER_INDEPENDENT);
        double worst = Arrays.stream(numericMax).max().orElse(Double.NaN);
        e.require("largest sector-I eigenvalue over the grid (stability)", worst, Thresholds.FAST_SECTOR_STABLE, -2,
                "requiring it below -2 is rejected (the clean-fluctuation rate is -1)");
    }

    static final int[] GRID_K = {2, 3, 5};
    static final int[] GRID_N = {1, 4, 10, 30};
    static final int[] GRID_M = {0, 1, 3, 10};

    static void sectorTwoClosedForm(Evidence e) {
        LinearFlowTheory th = theory();
        e.note("derived sector-II matrix on (dxbar, dy): " + Arrays.deepToString(th.sectorII().matrix())
                + "; characteristic polynomial " + th.sectorII().characteristicPolynomial());
        e.note("derived eigenvalues: fast = " + th.fastEigenvalue().text() + ", slow = " + th.slowEigenvalue().text()
                + ", each with multiplicity " + th.sectorII().multiplicities().get(0).text());
        List<Double> restricted = new ArrayList<>();
        List<Double> inFull = new ArrayList<>();
        List<Double> derived = new ArrayList<>();
        List<Double> derivedRestricted = new ArrayList<>();
        for (int k : GRID_K) {
            for (int n : GRID_N) {
                for (int m : GRID_M) {
                    MinimalModel model = MinimalModel.perCoordinate(k, n, m);
                    ParticleLayout l = layout(model);
                    Bindings b = model.bindings();
                    double fast = th.fastEigenvalue().at(b);
                    double slow = th.slowEigenvalue().at(b);
                    MinimalModelFlow f = new MinimalModelFlow(l);
                    double[][] r = SectorBasis.restrict(f, SectorBasis.of(l, "II")).matrix();
                    double[] ev = NumericSpectrum.symmetric(r).values();
                    Arrays.sort(ev);
                    for (int i = 0; i < ev.length; i++) {
                        restricted.add(ev[i]);
                        derivedRestricted.add(i < k - 1 ? fast : slow);
                    }
                    double[] full = NumericSpectrum.symmetric(LinearOperators.assemble(f)).values();
                    inFull.add(ArrayOps.nearest(full, fast));
                    inFull.add(ArrayOps.nearest(full, slow));
                    derived.add(fast);
                    derived.add(slow);
                }
            }
        }
        e.param("K grid", Arrays.toString(GRID_K)).param("n grid", Arrays.toString(GRID_N))
                .param("m grid", Arrays.toString(GRID_M));
        e.measure(GRID_POINTS, GRID_K.length * GRID_N.length * GRID_M.length);
        e.compareAll("derived fast/slow eigenvalues vs nearest eigenvalue of the full numeric Jacobian",
                ArrayOps.toArray(inFull), ArrayOps.toArray(derived), Tolerances.SYMBOLIC_VS_DENSE_EIG);
        e.compareAll("derived eigenvalues (with multiplicity K-1) vs numeric spectrum restricted to sector II",
                ArrayOps.toArray(restricted), ArrayOps.toArray(derivedRestricted), Tolerances.SYMBOLIC_VS_DENSE_EIG);
    }

    static void sectorThree(Evidence e) {
        LinearFlowTheory th = theory();
        int zeros = 0;
        int decaying = 0;
        int points = 0;
        List<Double> numeric = new ArrayList<>();
        List<Double> derived = new ArrayList<>();
        for (int k : GRID_K) {
            for (int n : GRID_N) {
                for (int m : new int[] {1, 3, 10}) {
                    MinimalModel model = MinimalModel.perCoordinate(k, n, m);
                    points++;
                    double[] ev = th.sectorIII().eigenvaluesAt(model.bindings());
                    Arrays.sort(ev);
                    for (double v : ev) {
                        zeros += Math.abs(v) < 1e-12 ? 1 : 0;
                        decaying += v < -1e-12 ? 1 : 0;
                    }
                    ParticleLayout l = layout(model);
                    double[][] r = SectorBasis.restrict(new MinimalModelFlow(l), SectorBasis.of(l, "III")).matrix();
                    double[] nv = NumericSpectrum.symmetric(r).values();
                    Arrays.sort(nv);
                    for (int i = 0; i < ev.length; i++) {
                        derived.add(ev[i]);
                        numeric.add(nv[i]);
                    }
                }
            }
        }
        e.note("derived sector-III characteristic polynomial: " + th.sectorIII().characteristicPolynomial());
        e.requireEqual("zero modes of sector III over the grid (one per point)", zeros, points);
        e.requireEqual("decaying modes of sector III over the grid (two per point)", decaying, 2L * points);
        e.compareAll("sector-III eigenvalues: derived vs numeric restriction", ArrayOps.toArray(numeric), ArrayOps.toArray(derived),
                Tolerances.SYMBOLIC_VS_DENSE_EIG);
        // Conservation along an integrated trajectory.
        MinimalModel model = new MinimalModel(3, 5, 2, 2);
        ParticleLayout l = layout(model);
        double tEnd = 30;
        var sim = MinimalModelSimulator.simulate(l, SEED, TimeGrid.uniform(tEnd, 300), INTEGRATOR);
        if (!sim.solution().success()) {
            e.fail("integration " + sim.solution().code() + ": " + sim.solution().message());
            return;
        }
        Bindings b = model.bindings();
        double[] w = th.conservedWeights().stream().mapToDouble(c -> c.at(b)).toArray();
        double[] wrong = {w[0], w[1] * 1.1, w[2]};
        e.note("derived conserved quantity: (" + th.conservedWeights().get(0).text() + ") xbar + ("
                + th.conservedWeights().get(1).text() + ") zbar + (" + th.conservedWeights().get(2).text() + ") ybar");
        double drift = drift(l, sim.solution().states(), w);
        double wrongDrift = drift(l, sim.solution().states(), wrong);
        e.param("conservation run", "K=3, n=5, m=2, d=2, t in [0, 30], seed " + SEED);
        e.measure(CONSERVED_DRIFT, drift).measure(WRONG_WEIGHT_DRIFT, wrongDrift);
        e.require("max drift of the derived conserved quantity along the trajectory", drift,
                Thresholds.CONSERVED, -1, "a negative bound is rejected");
        e.control("the same drift check with the z-weight off by 10% is rejected", wrongDrift,
                Tolerances.CONSERVATION.value(), wrongDrift > Tolerances.CONSERVATION.value());
    }

    private static double drift(ParticleLayout l, double[][] states, double[] w) {
        double max = 0;
        for (int q = 0; q < l.dim(); q++) {
            double q0 = ArrayOps.dot(w, Metrics.speciesMeans(l, states[0], q));
            for (double[] s : states) {
                max = Math.max(max, Math.abs(ArrayOps.dot(w, Metrics.speciesMeans(l, s, q)) - q0));
            }
        }
        return max;
    }

    static final int[] SWEEP_N = {8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096};

    static void timeScaleSeparation(Evidence e) {
        LinearFlowTheory th = theory();
        e.note("derived: fast = " + th.fastExpansion().text());
        e.note("derived: slow = " + th.slowExpansion().text());
        List<Series> series = new ArrayList<>();
        for (int denom : new int[] {4, 2}) { // m = n/4 (rho = 1/5) and m = n/2 (rho = 1/3)
            double rho = 1.0 / (denom + 1);
            double[] ns = new double[SWEEP_N.length];
            double[] fast = new double[SWEEP_N.length];
            double[] slow = new double[SWEEP_N.length];
            for (int i = 0; i < SWEEP_N.length; i++) {
                int n = SWEEP_N[i];
                ParticleLayout l = new ParticleLayout(3, n, n / denom, 1);
                double[][] r = SectorBasis.restrict(new MinimalModelFlow(l), SectorBasis.of(l, "II")).matrix();
                double[] ev = NumericSpectrum.ofSymmetric(r, 1e-9).distinctReal();
                ns[i] = n;
                fast[i] = ev[0];
                slow[i] = ev[ev.length - 1];
            }
            Bindings b = Bindings.of("rho", rho, "k", 3);
            int last = SWEEP_N.length - 1;
            double slope = (fast[last] - fast[last - 1]) / (ns[last] - ns[last - 1]);
            double leadFast = th.fastExpansion().coefficients().get(0).at(b);
            double limitSlow = th.slowExpansion().coefficients().get(0).at(b);
            String tag = "rho=" + Format.sig4(rho);
            e.measure("fastSlope[" + tag + "]", slope).measure("slowAtLargestN[" + tag + "]", slow[last]);
            e.compare("d(fast)/dn at large n vs derived leading coefficient (" + tag + ")", slope, leadFast,
                    Tolerances.ASYMPTOTIC);
            double richardson = 2 * slow[last] - slow[last - 1];
            e.compare("slow eigenvalue extrapolated to n = inf vs derived limit (" + tag + ")", richardson, limitSlow,
                    Tolerances.ASYMPTOTIC);
            List<Double> big = new ArrayList<>();
            List<Double> series3 = new ArrayList<>();
            for (int i = 0; i < ns.length; i++) {
                if (ns[i] >= 64) {
                    big.add(slow[i]);
                    series3.add(th.slowExpansion().at(ns[i], b));
                    big.add(fast[i]);
                    series3.add(th.fastExpansion().at(ns[i], b));
                }
            }
            e.compareAll("numeric eigenvalues vs 3-term derived expansions, n >= 64 (" + tag + ")", ArrayOps.toArray(big),
                    ArrayOps.toArray(series3), Tolerances.EXPANSION);
            double[] fastAsym = new double[ns.length];
            double[] slowAsym = new double[ns.length];
            double[] absFast = new double[ns.length];
            double[] absSlow = new double[ns.length];
            for (int i = 0; i < ns.length; i++) {
                fastAsym[i] = Math.abs(leadFast) * ns[i];
                slowAsym[i] = Math.abs(limitSlow);
                absFast[i] = -fast[i];
                absSlow[i] = -slow[i];
            }
            series.add(Series.markers("|fast| numeric, " + tag, ns, absFast).pairedWith("fast " + tag));
            series.add(Series.dashed("n/(1-rho), " + tag, ns, fastAsym).pairedWith("fast " + tag));
            series.add(Series.markers("|slow| numeric, " + tag, ns, absSlow).pairedWith("slow " + tag));
            series.add(Series.dashed("rho, " + tag, ns, slowAsym).pairedWith("slow " + tag));
        }
        e.param("K", 3).param("n sweep", Arrays.toString(SWEEP_N)).param("m", "n/4 (rho=0.2) and n/2 (rho=1/3)");
        e.plot(new Plot("fig-3.2-e", "Sector-II rates vs n at fixed rho, with derived asymptotes", "n", "|eigenvalue|",
                true, true, series));
    }

    // ------------------------------------------------------------------ §3.2 dynamics

    static final MinimalModel COLLAPSE_MODEL = new MinimalModel(3, 8, 2, 3);

    static void collapse(Evidence e) {
        MinimalModel model = COLLAPSE_MODEL;
        describe(e, model);
        LinearFlowTheory th = theory();
        double slow = th.slowEigenvalue().at(model.bindings());
        double tEnd = 12 / Math.abs(slow);
        e.param("seed", SEED).param("tEnd", tEnd).param("integrator", INTEGRATOR.toString());
        ParticleLayout l = layout(model);
        var sim = MinimalModelSimulator.simulate(l, SEED, TimeGrid.mixed(tEnd, 1e-3, 60, 600), INTEGRATOR);
        if (!sim.solution().success()) {
            e.fail("integration " + sim.solution().code() + ": " + sim.solution().message());
            return;
        }
        double ratio = sim.minL2()[sim.minL2().length - 1] / sim.minL2()[0];
        var unfrustrated = MinimalModelSimulator.simulate(new ParticleLayout(3, 8, 0, 3), SEED,
                TimeGrid.uniform(tEnd, 50), INTEGRATOR);
        double ratio0 = unfrustrated.minL2()[unfrustrated.minL2().length - 1] / unfrustrated.minL2()[0];
        RateFit fit = sim.slowFit();
        e.measure(MINL2_INITIAL, sim.minL2()[0]).measure(MINL2_FINAL, sim.minL2()[sim.minL2().length - 1])
                .measure(DERIVED_SLOW_EIGENVALUE, slow).measure(FITTED_RATE, fit.rate())
                .measure("fitResidual", fit.rmsResidual()).measure("fitWindow", new double[] {fit.tStart(), fit.tEnd()})
                .measure("maxAbsErrorVsExact", sim.maxAbsErrorVsExact())
                .measure("exactDecompositionQuality", sim.exactQuality())
                .measure("rhsEvaluations", sim.solution().evaluations());
        e.compare("max |integrated - exact propagator| over the trajectory", sim.maxAbsErrorVsExact(), 0,
                Tolerances.INTEGRATOR_VS_EXACT, 1e-3, "an expected error of 1e-3 is rejected");
        e.bound("MinL2(T)/MinL2(0)", ratio, Thresholds.COLLAPSED);
        e.controlFails("the same collapse criterion on the unfrustrated model (m = 0, same seed and T) is rejected", ratio0,
                Thresholds.COLLAPSED);
        e.measure("minL2RatioWithoutFrustration", ratio0);
        if (!fit.ok()) {
            e.fail("rate fit: " + fit.message());
            return;
        }
        e.compare("fitted late-time rate of MinL2 vs derived slow eigenvalue", fit.rate(), slow, Tolerances.FITTED_RATE);
        double[] t = sim.solution().times();
        double[] tw = window(t, fit);
        double[] predicted = new double[tw.length];
        for (int i = 0; i < tw.length; i++) {
            predicted[i] = Math.exp(fit.intercept() + slow * tw[i]);
        }
        e.plot(new Plot("fig-3.2-f", "Collapse: MinL2(t), K=3, n=8, m=2, d=3", "t", "MinL2", false, true,
                List.of(Series.line("MinL2 (integrated)", t, sim.minL2()).pairedWith("minL2"),
                        Series.dashed("slope = derived slow eigenvalue " + Format.sig4(slow), tw, predicted).pairedWith("minL2"))));
        e.plot(new Plot("fig-3.2-f-acc", "Accuracy saturates early (log t)", "t", "accuracy", true, false,
                List.of(Series.line("accuracy", ArrayOps.positiveEntries(t), ArrayOps.tail(sim.accuracy(), ArrayOps.positiveEntries(t).length)))));
    }

    static final MinimalModel TWO_STAGE_MODEL = new MinimalModel(3, 20, 2, 3);

    static void twoStages(Evidence e) {
        MinimalModel model = TWO_STAGE_MODEL;
        describe(e, model);
        LinearFlowTheory th = theory();
        Bindings b = model.bindings();
        double slow = th.slowEigenvalue().at(b);
        double align = 1 / Math.abs(th.sectorIClean().eigenvalues().get(0).at(b));
        double tEnd = 8 / Math.abs(slow);
        ParticleLayout l = layout(model);
        double[] times = TimeGrid.mixed(tEnd, 1e-3, 80, 4000);
        var sim = MinimalModelSimulator.simulate(l, SEED, times, INTEGRATOR);
        if (!sim.solution().success()) {
            e.fail("integration " + sim.solution().code() + ": " + sim.solution().message());
            return;
        }
        double[] t = sim.solution().times();
        double[][] y = sim.solution().states();
        int accIdx = t.length;
        for (int i = t.length - 1; i >= 0 && sim.accuracy()[i] == 1.0; i--) {
            accIdx = i;
        }
        if (accIdx == t.length) {
            e.fail("accuracy never reached 1");
            return;
        }
        double tAcc = t[accIdx];
        double t1 = Math.max(tAcc, 12 * align);
        int i1 = ArrayOps.indexAtOrAfter(t, t1);
        double margin1 = Metrics.minMargin(l, y[i1]);
        double drop = 2.0;
        double delta = margin1 * Math.exp(-drop);
        double tPred = t[i1] + drop / Math.abs(slow);
        double tFall = Double.NaN;
        double[] marginAcc = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            marginAcc[i] = Metrics.marginAccuracy(l, y[i], delta);
            if (Double.isNaN(tFall) && i > i1 && marginAcc[i] < 1.0) {
                tFall = t[i];
            }
        }
        e.param("seed", SEED).param("tEnd", tEnd).param("margin delta", delta);
        e.measure(T_ACCURACY_SATURATED, tAcc).measure(SLOW_TIME_SCALE, 1 / Math.abs(slow))
                .measure("alignmentTimeScale", align).measure("minL2AtSaturationOverInitial", sim.minL2()[accIdx] / sim.minL2()[0])
                .measure("plateauStart", t[i1]).measure(MARGIN_DROP_PREDICTED, tPred).measure(MARGIN_DROP_MEASURED, tFall);
        double plateau = Math.exp(sim.slowFit().intercept() + slow * tAcc);
        double sinceStart = sim.minL2()[accIdx] / sim.minL2()[0];
        e.measure("minL2AtSaturationOverSlowPlateau", sim.minL2()[accIdx] / Math.exp(sim.slowFit().intercept()));
        e.bound("t_acc * |lambda_slow| (accuracy saturates before the slow mode has decayed by 1/e^0.5)",
                tAcc * Math.abs(slow), Thresholds.FIRST_STAGE_EARLY);
        e.measure("minL2AtSaturationOverSlowCurve", sim.minL2()[accIdx] / plateau);
        e.note("MinL2 at saturation relative to the slow curve A exp(lambda_slow t) extrapolated from the late-time "
                + "fit: " + Format.sig4(sim.minL2()[accIdx] / plateau) + " (1 = already on the slow curve).");
        if (sinceStart < 0.5) {
            e.deviation("MinL2 at accuracy saturation / MinL2(0)", sinceStart, "about 1 ('barely moved')",
                    "Labels first relax onto their class means on the fast time scale, which shrinks MinL2 before any "
                    + "collapse. 'MinL2 has barely moved' holds relative to the post-alignment plateau (the slow mode has "
                    + "decayed by a factor " + Format.sig4(Math.exp(slow * tAcc)) + " at saturation), not relative to t = 0: "
                    + "with labels initialised independently of their class (our reconstruction), each label first "
                    + "relaxes onto its class mean on the fast time scale, which shrinks MinL2 by a factor "
                    + Format.sig4(sinceStart) + " before any collapse.");
        }
        e.control("the same 'early' criterion applied to the margin-accuracy drop is rejected",
                tFall * Math.abs(slow), 0.5, !(tFall * Math.abs(slow) <= 0.5));
        e.compare("time of the margin-accuracy drop vs t1 + ln(margin(t1)/delta)/|lambda_slow|", tFall, tPred,
                Tolerances.TWO_STAGE_TIME);
        double[] tp = ArrayOps.positiveEntries(t);
        e.plot(new Plot("fig-3.2-g", "Two stages: accuracy and margin accuracy (delta = " + Format.sig4(delta) + ")", "t",
                "fraction of clean samples", true, false,
                List.of(Series.line("accuracy", tp, ArrayOps.tail(sim.accuracy(), tp.length)),
                        Series.line("margin accuracy", tp, ArrayOps.tail(marginAcc, tp.length)),
                        Series.dashed("MinL2/MinL2(0)", tp, ArrayOps.tail(ArrayOps.scale(sim.minL2(), 1 / sim.minL2()[0]), tp.length)))));
    }

    // ------------------------------------------------------------------ helpers

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

    /** Connected components of the graph with an edge where J_ij or J_ji is non-zero. */
    static int components(double[][] j) {
        int[] label = componentLabels(j);
        return (int) Arrays.stream(label).distinct().count();
    }

    static int[] componentLabels(double[][] j) {
        int n = j.length;
        int[] label = new int[n];
        Arrays.fill(label, -1);
        int next = 0;
        for (int s = 0; s < n; s++) {
            if (label[s] >= 0) {
                continue;
            }
            java.util.ArrayDeque<Integer> queue = new java.util.ArrayDeque<>();
            queue.add(s);
            label[s] = next;
            while (!queue.isEmpty()) {
                int v = queue.poll();
                for (int w = 0; w < n; w++) {
                    if (label[w] < 0 && (j[v][w] != 0 || j[w][v] != 0)) {
                        label[w] = next;
                        queue.add(w);
                    }
                }
            }
            next++;
        }
        return label;
    }

    static boolean componentsMatchClasses(double[][] j, int[] classOf) {
        int[] label = componentLabels(j);
        for (int a = 0; a < j.length; a++) {
            for (int b = 0; b < j.length; b++) {
                if ((label[a] == label[b]) != (classOf[a] == classOf[b])) {
                    return false;
                }
            }
        }
        return true;
    }

    static double[] window(double[] t, RateFit fit) {
        return Arrays.stream(t).filter(v -> v >= fit.tStart() && v <= fit.tEnd()).toArray();
    }

    static double[] line(double[] t, RateFit fit) {
        return Arrays.stream(t).map(v -> Math.exp(fit.intercept() + fit.rate() * v)).toArray();
    }

}
