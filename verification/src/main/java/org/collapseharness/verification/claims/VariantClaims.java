package org.collapseharness.verification.claims;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.collapseharness.numerics.ArrayOps;
import org.collapseharness.numerics.InitialStates;
import org.collapseharness.numerics.LinearOperators;
import org.collapseharness.numerics.Metrics;
import org.collapseharness.numerics.MinimalModelFlow;
import org.collapseharness.numerics.NumericSpectrum;
import org.collapseharness.numerics.OdeProblem;
import org.collapseharness.numerics.OdeSolution;
import org.collapseharness.numerics.OdeSolver;
import org.collapseharness.numerics.PairLinearFlow;
import org.collapseharness.numerics.ParticleLayout;
import org.collapseharness.numerics.RateFit;
import org.collapseharness.numerics.SectorBasis;
import org.collapseharness.numerics.TimeGrid;
import org.collapseharness.theory.Bindings;
import org.collapseharness.theory.ExplicitJacobian;
import org.collapseharness.theory.LinearFlowTheory;
import org.collapseharness.theory.MinimalModel;
import org.collapseharness.theory.PairFlowCoefficients;
import org.collapseharness.theory.PairLoss;
import org.collapseharness.theory.SectorSpectrum;
import org.collapseharness.theory.symbolic.LinearFlowDerivation;
import org.collapseharness.theory.symbolic.RegulariserCheck;
import org.collapseharness.theory.variant.LossVariant;
import org.collapseharness.theory.variant.VariantParser;
import org.collapseharness.verification.Claim;
import org.collapseharness.verification.ClaimSpec;
import org.collapseharness.verification.Evidence;
import org.collapseharness.verification.Format;
import org.collapseharness.verification.Thresholds;
import org.collapseharness.verification.Tolerances;
import org.collapseharness.verification.report.Plots;

/**
 * The generic checks that apply to any linear loss variant read from a variant file: derived field vs numeric flow,
 * derived sector spectrum vs the full numeric Jacobian, collapse or not as predicted with the fitted late-time rate,
 * integrated vs exact (matrix exponential) trajectories, the sg ablation, and for the built-in model file the
 * identity with the hand-built §3 route.
 */
public final class VariantClaims {

    static final long SEED = MinimalModelRuns.SEED;

    private VariantClaims() {
    }

    /** Variant files shipped in the repository's variants/ directory, sorted by name. */
    public static List<Path> shipped() {
        Path dir = variantsDirectory();
        if (dir == null) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".variant")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The repository's variants/ directory: -Dharness.home, else searched upwards from the working directory. */
    public static Path variantsDirectory() {
        String home = System.getProperty("harness.home");
        if (home != null && Files.isDirectory(Path.of(home, "variants"))) {
            return Path.of(home, "variants");
        }
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            if (Files.isRegularFile(p.resolve("variants").resolve("minimal.variant"))) {
                return p.resolve("variants");
            }
            p = p.getParent();
        }
        return null;
    }

    /**
     * A variant file as the report shows it: relative to the repository when it lies inside it (so two checkouts give
     * the same report), else as given.
     */
    static String displayPath(String source) {
        Path dir = variantsDirectory();
        if (source == null || dir == null || dir.toAbsolutePath().getParent() == null) {
            return source;
        }
        Path root = dir.toAbsolutePath().normalize().getParent();
        Path file = Path.of(source).toAbsolutePath().normalize();
        return file.startsWith(root) ? root.relativize(file).toString() : source;
    }

    /** Claims for every shipped variant. */
    public static List<Claim> forShipped() {
        List<Claim> all = new ArrayList<>();
        for (Path p : shipped()) {
            all.addAll(forVariant(VariantParser.parse(p)));
        }
        return all;
    }

    public static List<Claim> forVariant(LossVariant v) {
        if (v.nonlinear()) {
            return NonlinearVariantClaims.forVariant(v);
        }
        if (v.hasHead()) {
            return HeadVariantClaims.forVariant(v);
        }
        String src = VariantClaims.class.getName();
        String sec = "variant " + v.name();
        String p = "V/" + v.name() + "/";
        List<Claim> claims = new ArrayList<>();
        claims.add(new Claim(new ClaimSpec(p + "spectrum", sec, "Derived sector spectrum of " + v.name(),
                "The sector eigenvalues derived from the variant file match the full numeric Jacobian, with "
                        + "multiplicities adding up to the dimension.", List.of(), false, src), e -> spectrum(e, v)));
        claims.add(new Claim(new ClaimSpec(p + "dynamics", sec, "Collapse or not, as derived, for " + v.name(),
                "Integration agrees with the exact propagator; MinL2 collapses (or not) as the derived slow sector-II "
                        + "eigenvalue predicts, at its rate.", List.of(p + "spectrum"), false, src), e -> dynamics(e, v)));
        if (v.usesStopGradient()) {
            claims.add(new Claim(new ClaimSpec(p + "ablation", sec, "Stop-gradient ablation for " + v.name(),
                    "Removing the sg markers changes the derived flow as computed; whether the outcome flips is "
                            + "reported.", List.of(p + "spectrum"), false, src), e -> ablation(e, v)));
        }
        if (v.name().equals("minimal")) {
            claims.add(new Claim(new ClaimSpec(p + "builtin", sec, "The variant pipeline reproduces the hand-built §3 route",
                    "The §3 model written as a variant file gives the same derived spectrum and the same numeric flow "
                            + "as the built-in route.", List.of("3.2-a"), false, src), e -> builtin(e, v)));
        }
        return claims;
    }

    /**
     * Negative control of the pipeline itself: the spectrum check with the derivation of one variant and the numeric
     * flow of another; it must FAIL.
     */
    public static Claim mismatched(LossVariant derived, LossVariant simulated) {
        return new Claim(new ClaimSpec("V/" + derived.name() + "/mismatched", "variant control", "mismatch control",
                "derivation of one variant against the numerics of another", List.of(), false,
                VariantClaims.class.getName()), e -> spectrum(e, derived, simulated));
    }

    static PairLinearFlow.Coefficients numeric(PairFlowCoefficients c) {
        return new PairLinearFlow.Coefficients(c.cleanSample(), c.cleanLabel(), c.sharedSample(), c.sharedLabel(),
                c.samplePenalty(), c.labelPenalty(), c.emaRate(), c.hasTarget());
    }

    static void describe(Evidence e, LossVariant v) {
        e.param("variant", v.name()).param("file", displayPath(v.source())).param("cleanTerm", v.loss().cleanTerm())
                .param("sharedTerm", v.loss().sharedTerm()).param("parameters", v.loss().parameters().asMap().toString());
        RegulariserCheck.warnings(v).forEach(w -> e.note("warning: " + w));
    }

    static List<int[]> sizes(LossVariant v) {
        int[] s = v.checkSizes();
        return List.of(new int[] {s[0], s[1], s[2]}, new int[] {s[0], s[1], 0}, new int[] {2, s[1] + 1, s[2] + 1});
    }

    static void spectrum(Evidence e, LossVariant v) {
        spectrum(e, v, v);
    }

    static void spectrum(Evidence e, LossVariant v, LossVariant simulated) {
        describe(e, v);
        LinearFlowTheory th = LinearFlowDerivation.derive(v.loss());
        PairLinearFlow.Coefficients coeffs = numeric(LinearFlowDerivation.coefficients(simulated.loss()));
        th.fieldEquations().forEach(eq -> e.note("derived: " + eq));
        e.note("sector II characteristic polynomial: " + th.sectorII().characteristicPolynomial());
        List<Double> derived = new ArrayList<>();
        List<Double> numeric = new ArrayList<>();
        int multMismatch = 0;
        int dimMismatch = 0;
        boolean symmetric = true;
        for (int[] g : sizes(v)) {
            MinimalModel model = MinimalModel.perCoordinate(g[0], g[1], g[2]);
            ParticleLayout l = new ParticleLayout(g[0], g[1], g[2], 1);
            double[][] a = LinearOperators.assemble(new PairLinearFlow(l, coeffs));
            symmetric &= LinearOperators.asymmetry(a) < 1e-14;
            NumericSpectrum.Result r = symmetric ? NumericSpectrum.ofSymmetric(a, 1e-7) : NumericSpectrum.ofGeneral(a, 1e-6);
            SectorSpectrum d = th.fullSpectrumAt(model);
            int total = 0;
            for (SectorSpectrum s : th.spectrumAt(model)) {
                total += s.dimension();
            }
            dimMismatch += Math.abs(total - a.length);
            if (r.eigenvalues().size() != d.eigenvalues().length) {
                multMismatch += 1000;
                e.note("size " + Arrays.toString(g) + ": " + r.eigenvalues().size() + " distinct numeric eigenvalues vs "
                        + d.eigenvalues().length + " derived");
                continue;
            }
            for (int i = 0; i < d.eigenvalues().length; i++) {
                derived.add(d.eigenvalues()[i]);
                numeric.add(r.eigenvalues().get(i).re());
                multMismatch += Math.abs(d.multiplicities()[i] - r.eigenvalues().get(i).multiplicity());
            }
            if (!v.loss().hasTarget()) {
                for (String s : List.of("I", "II", "III")) {
                    double[][] basis = SectorBasis.of(l, s);
                    if (basis.length > 0) {
                        double res = SectorBasis.restrict(new PairLinearFlow(l, coeffs), basis).invarianceResidual();
                        e.measure("invarianceResidual " + s + " " + Arrays.toString(g), res);
                        e.bound("numeric invariance residual of sector " + s + " at " + Arrays.toString(g), res,
                                Thresholds.INVARIANT_SUBSPACE);
                    }
                }
            }
        }
        e.param("sizes (K,n,m)", sizes(v).stream().map(Arrays::toString).toList().toString());
        e.requireEqual("sector dimensions minus the state dimension (summed over sizes)", dimMismatch, 0);
        e.requireEqual("multiplicity mismatches, derived vs numeric", multMismatch, 0);
        e.compareAll("distinct eigenvalues: derived vs numeric Jacobian of the coefficient flow", ArrayOps.toArray(numeric),
                ArrayOps.toArray(derived), symmetric ? Tolerances.SYMBOLIC_VS_DENSE_EIG : Tolerances.GENERAL_EIG);
        if (!v.loss().hasTarget()) {
            int[] g = sizes(v).get(0);
            ExplicitJacobian ex = LinearFlowDerivation.explicitJacobian(v.loss(), g[0], g[1], g[2]);
            Bindings pb = v.loss().parameters();
            double[][] a = LinearOperators.assemble(new PairLinearFlow(new ParticleLayout(g[0], g[1], g[2], 1), coeffs));
            double[] exact = ArrayOps.flatten(ex.jacobian());
            if (!pb.asMap().isEmpty()) {
                e.note("explicit Jacobian entries carry the parameters symbolically; compared after evaluation");
            }
            e.compareAll("coefficient flow vs Jacobian of the written-out loss (" + Arrays.toString(g) + ")",
                    ArrayOps.flatten(a), exact, Tolerances.EXACT_ENTRY);
        }
    }

    static void dynamics(Evidence e, LossVariant v) {
        describe(e, v);
        int[] s = v.checkSizes();
        MinimalModel model = new MinimalModel(s[0], s[1], s[2], s[3]);
        LinearFlowTheory th = LinearFlowDerivation.derive(v.loss());
        Bindings b = th.bindings(model);
        double slow = th.slowEigenvalue().at(b);
        ParticleLayout l = new ParticleLayout(s[0], s[1], s[2], s[3]);
        PairLinearFlow.Coefficients coeffs = numeric(LinearFlowDerivation.coefficients(v.loss()));
        PairLinearFlow flow = new PairLinearFlow(l, coeffs);
        boolean collapse = slow < -1e-9;
        double tEnd = collapse ? Math.min(400, 12 / Math.abs(slow)) : 60;
        double[] y0 = InitialStates.gaussian(flow.getDimension(), SEED, 1.0);
        double[][] perCoord = LinearOperators.assemble(new PairLinearFlow(l.perCoordinate(), coeffs));
        OdeProblem problem = new OdeProblem(v.name(), flow, y0, TimeGrid.mixed(tEnd, 1e-3, 40, 500))
                .withExact(t -> LinearOperators.expmApply(perCoord, t, y0, l.dim()));
        OdeSolution sol = OdeSolver.solve(problem, MinimalModelRuns.INTEGRATOR);
        e.param("K,n,m,d", Arrays.toString(s)).param("seed", SEED).param("tEnd", tEnd)
                .param("integrator", MinimalModelRuns.INTEGRATOR.toString());
        e.measure("derivedSlowEigenvalue", slow).measure("collapsePredicted", collapse);
        if (!sol.success()) {
            e.fail("integration " + sol.code() + ": " + sol.message());
            return;
        }
        double err = OdeSolver.maxAbsErrorVsExact(problem, sol);
        e.measure("maxAbsErrorVsExact", err);
        e.compare("max |integrated - exact (matrix exponential)|", err, 0, Tolerances.INTEGRATOR_VS_EXACT, 1e-3,
                "an expected error of 1e-3 is rejected");
        double[] t = sol.times();
        double[] minL2 = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            minL2[i] = Metrics.minL2(l, sol.states()[i]);
        }
        double ratio = minL2[minL2.length - 1] / minL2[0];
        e.measure("minL2Initial", minL2[0]).measure("minL2Final", minL2[minL2.length - 1]);
        if (collapse) {
            e.bound("MinL2(T)/MinL2(0) (collapse predicted)", ratio, Thresholds.COLLAPSED_VARIANT);
            RateFit fit = RateFit.auto(t, minL2, 1e-7, 0.01);
            if (!fit.ok()) {
                e.fail("rate fit: " + fit.message());
                return;
            }
            e.measure("fittedRate", fit.rate()).measure("fitResidual", fit.rmsResidual());
            e.compare("fitted late-time rate of MinL2 vs derived slow eigenvalue", fit.rate(), slow,
                    Tolerances.FITTED_RATE);
        } else {
            e.bound("MinL2(T)/MinL2(0) (no collapse predicted)", ratio, Thresholds.NOT_COLLAPSED_VARIANT);
            e.note("the derived slow sector-II eigenvalue is zero: class biases persist");
        }
        double[] tp = Arrays.stream(t).toArray();
        e.plot(Plots.logY("fig-variant-" + v.name(), "MinL2(t) for variant " + v.name(), "t", "MinL2")
                .line("MinL2 (integrated)", tp, minL2).build());
    }

    static void ablation(Evidence e, LossVariant v) {
        describe(e, v);
        LossVariant plain = v.withoutStopGradient();
        int[] s = v.checkSizes();
        MinimalModel model = MinimalModel.perCoordinate(s[0], s[1], s[2]);
        LinearFlowTheory with = LinearFlowDerivation.derive(v.loss());
        LinearFlowTheory without = LinearFlowDerivation.derive(plain.loss());
        double slowWith = with.slowEigenvalue().at(with.bindings(model));
        double slowWithout = without.slowEigenvalue().at(without.bindings(model));
        e.note("with sg: " + String.join("; ", with.fieldEquations()));
        e.note("without sg: " + String.join("; ", without.fieldEquations()));
        ParticleLayout l = new ParticleLayout(s[0], s[1], s[2], 1);
        double[][] a = LinearOperators.assemble(new PairLinearFlow(l, numeric(LinearFlowDerivation.coefficients(plain.loss()))));
        double[] ev = NumericSpectrum.ofGeneral(a, 1e-6).distinctReal();
        double numericSlow = ArrayOps.nearest(ev, slowWithout);
        boolean collapseWith = slowWith < -1e-9;
        boolean collapseWithout = slowWithout < -1e-9;
        e.measure("slowWithSg", slowWith).measure("slowWithoutSg", slowWithout)
                .measure("outcomeFlips", collapseWith != collapseWithout);
        e.compare("slow eigenvalue without sg: derived vs numeric Jacobian of the ablated flow", numericSlow,
                slowWithout, Tolerances.GENERAL_EIG);
        e.note(collapseWith == collapseWithout
                ? "toggling sg does not change the outcome for this variant (" + (collapseWith ? "collapse" : "no collapse")
                        + " either way); the slow rate changes from " + Format.sig4(slowWithout) + " to " + Format.sig4(slowWith)
                : "toggling sg flips the outcome: with sg " + (collapseWith ? "collapse" : "no collapse")
                        + ", without sg " + (collapseWithout ? "collapse" : "no collapse"));
    }

    static void builtin(Evidence e, LossVariant v) {
        describe(e, v);
        LinearFlowTheory fromFile = LinearFlowDerivation.derive(v.loss());
        LinearFlowTheory builtin = LinearFlowDerivation.derive(PairLoss.minimal());
        List<Double> a = new ArrayList<>();
        List<Double> b = new ArrayList<>();
        for (int[] g : MinimalModelRuns.SMALL_GRID) {
            MinimalModel model = MinimalModel.perCoordinate(g[0], g[1], g[2]);
            for (double x : fromFile.fullSpectrumAt(model).eigenvalues()) {
                a.add(x);
            }
            for (double x : builtin.fullSpectrumAt(model).eigenvalues()) {
                b.add(x);
            }
        }
        e.compareAll("derived eigenvalues: variant file vs built-in §3 derivation", ArrayOps.toArray(a), ArrayOps.toArray(b),
                Tolerances.EXACT_ENTRY);
        boolean sameText = fromFile.sectorII().characteristicPolynomial().equals(builtin.sectorII().characteristicPolynomial())
                && fromFile.fieldEquations().equals(builtin.fieldEquations());
        e.requireEqual("derived field and sector-II polynomial identical as text (1 = yes)", sameText ? 1 : 0, 1);
        ParticleLayout l = new ParticleLayout(3, 8, 2, 3);
        double[] y = InitialStates.gaussian(l.size(), SEED, 1.0);
        double[] viaFile = new PairLinearFlow(l, numeric(LinearFlowDerivation.coefficients(v.loss()))).computeDerivatives(0, y);
        double[] viaHand = new MinimalModelFlow(l).computeDerivatives(0, y);
        double diff = 0;
        for (int i = 0; i < y.length; i++) {
            diff = Math.max(diff, Math.abs(viaFile[i] - viaHand[i]));
        }
        e.measure("maxRhsDifference", diff);
        e.compare("max |coefficient-flow RHS - hand-coded §3 RHS| on a random state", diff, 0, Tolerances.EXACT_ENTRY,
                1e-3, "an expected difference of 1e-3 is rejected");
        double[] viaWeighted = new MinimalModelFlow(l, 0.5).computeDerivatives(0, y);
        double wrong = 0;
        for (int i = 0; i < y.length; i++) {
            wrong = Math.max(wrong, Math.abs(viaFile[i] - viaWeighted[i]));
        }
        e.control("the same RHS comparison against the hand-coded flow with shared weight 1/2 is rejected", wrong, 0,
                wrong > Tolerances.EXACT_ENTRY.value());
    }

}
