package org.collapseharness.verification.claims;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.collapseharness.numerics.ArrayOps;
import org.collapseharness.numerics.NumericSpectrum;
import org.collapseharness.numerics.OdeAlgorithm;
import org.collapseharness.numerics.ParticleLayout;
import org.collapseharness.numerics.ProjectionFlow;
import org.collapseharness.numerics.ProjectionSimulator;
import org.collapseharness.numerics.TimeGrid;
import org.collapseharness.theory.CollapsedStability;
import org.collapseharness.theory.CollapsedStabilityTheory;
import org.collapseharness.theory.InvolutionStabilityTheory;
import org.collapseharness.theory.Mat;
import org.collapseharness.theory.ProjectionTheory;
import org.collapseharness.theory.symbolic.CollapsedStabilityDerivation;
import org.collapseharness.verification.Claim;
import org.collapseharness.verification.ClaimSpec;
import org.collapseharness.verification.Evidence;
import org.collapseharness.verification.Format;
import org.collapseharness.verification.Measure;
import org.collapseharness.verification.Thresholds;
import org.collapseharness.verification.Tolerance;
import org.collapseharness.verification.Tolerances;

/** Beyond the paper: linear stability of the collapsed fixed points of the §4 sg model and the role of d. */
public final class CollapseStabilityClaims {
    /** Measurement {@code stabilityMismatches}. */
    public static final Measure STABILITY_MISMATCHES = Measure.of("stabilityMismatches");
    /** Measurement {@code derivedRuleMismatches}. */
    public static final Measure DERIVED_RULE_MISMATCHES = Measure.of("derivedRuleMismatches");
    /** Measurement {@code wrongBoundaryMismatches}. */
    public static final Measure WRONG_BOUNDARY_MISMATCHES = Measure.of("wrongBoundaryMismatches");
    /** Measurement {@code unstableCollapsedEndStates}. */
    public static final Measure UNSTABLE_COLLAPSED_END_STATES = Measure.of("unstableCollapsedEndStates");
    /** Measurement {@code involutionEndStates}: collapsed d = 2 end states of the basin map. */
    public static final Measure INVOLUTION_END_STATES = Measure.of("involutionEndStates");
    /** Measurement {@code involutionCriterionUnstable}: of those, not stable by the derived involution criterion. */
    public static final Measure INVOLUTION_CRITERION_UNSTABLE = Measure.of("involutionCriterionUnstable");
    /** Measurement {@code involutionCriterionVsSpectrum}: derived criterion and computed spectrum of B(W) disagree. */
    public static final Measure INVOLUTION_CRITERION_VS_SPECTRUM = Measure.of("involutionCriterionVsSpectrum");

    /** Eigenvalues of B(W) are found in the Jacobian's spectrum up to this, relative to its spectral scale. */
    static final Tolerance SPECTRUM_MATCH = Tolerance.absolute("collapsed-spectrum-match", 1e-7,
            "eigenvalues of the analytic Jacobian (dense, non-symmetric, size <= 60) at an exact fixed point vs "
                    + "those of the derived 2d x 2d bias block, relative to the spectral scale: round-off of the "
                    + "eigensolver (~1e-12), widened for eigenvalues of multiplicity K - 1 (square-root sensitivity)");

    /** Eigenvalues of B(W) at an integrated collapsed end state are found in the Jacobian's spectrum up to this. */
    static final Tolerance END_STATE_MATCH = Tolerance.absolute("collapsed-end-state-match", 1e-6,
            "eigenvalues of the analytic Jacobian at an integrated collapsed end state (T = 400, field residual "
                    + "<= 1e-6) vs those of the derived bias block, relative to the spectral scale: the end state is "
                    + "a fixed point up to its residual, which bounds how far the bias subspace is from invariant");
    /** The characteristic polynomial of B(W) at a d = 2 collapsed end state is the derived one at τ(W) up to this. */
    static final Tolerance INVOLUTION_MATCH = Tolerance.absolute("collapsed-involution-match", 1e-9,
            "largest |c_k(B(W)) - c_k(tau)| / |B(W)|_F^k between the computed characteristic polynomial of B(W) at a "
                    + "collapsed d = 2 end state of the basin map and the derived involution polynomial at its "
                    + "tau = tr(W^T W): round-off ~1e-15 for an exact involution; the end states are involutions up to "
                    + "the integration (|W^2 - I| ~1e-13 on the map), which enters linearly");
    /** Seeds of the integrated end states (particles, K = 3, n = 4, m = 1, d = 1 and 2). */
    static final long[] END_STATE_SEEDS = {1, 3, 4};

    private CollapseStabilityClaims() {
    }

    public static List<Claim> claims() {
        String src = CollapseStabilityClaims.class.getName();
        return List.of(new Claim(new ClaimSpec("4.2-i", "§4.2", "Which collapsed states attract: the eigenvalues of W",
                "Beyond the paper: at a collapsed fixed point (all classes at ȳ, W² ȳ = ȳ) the class biases decouple "
                        + "from W at linear order; the Jacobian contains, K − 1 times, the spectrum of the derived "
                        + "bias block B(W) = [[Gss, Gsy], [n Gys, (n+m) Gyy]], so an unstable B(W) makes the collapsed "
                        + "state unstable. For symmetric W, B splits over the eigenvalues w of W into derived 2 × 2 "
                        + "blocks whose determinant vanishes in u = w² only at 0 and at the derived protected value "
                        + "1 − ρ: the biases grow iff some w² < 1 − ρ (and, checked numerically for d = 1, 2, 3 on states "
                        + "without an eigenvalue σw in (−1, 0) off the mean's σ, the collapsed state attracts iff every "
                        + "w² > 1 − ρ; 4.2-j derives that condition on the mean sector); without sg the determinant has no real root "
                        + "in u and every bias mode decays. In d = 1, W = ±1 and collapse always attracts; from d = 2 "
                        + "on, W can carry w² < 1 − ρ off ȳ. Every collapsed end state of the basin map has a stable "
                        + "B(W). For d = 2 and an involution W (W² = I, eigenvalues −1 and +1, in general far from "
                        + "symmetric) the characteristic polynomial of B(W) is derived from the d = 2 pair loss: it "
                        + "depends on W only through τ = tr(WᵀW) ≥ 2, and every coefficient and Hurwitz determinant is "
                        + "positive for n ≥ 1, m ≥ 1, τ ≥ 2, so B(W) is stable for every such W (at m = 0: a double, "
                        + "semisimple zero root); every collapsed d = 2 end state of the basin map is such an involution "
                        + "and stable by this derived criterion.", List.of("4.2-a", "4.2-h"), false, src),
                CollapseStabilityClaims::collapsedStability));
    }

    /** A constructed collapsed state: W and the direction of ȳ (an eigenvector of W with eigenvalue ±1). */
    private record Case(String name, double[][] w, double[] ybar, boolean symmetric) {
    }

    static void collapsedStability(Evidence e) throws InterruptedException {
        ProjectionTheory th = ProjectionRuns.sg();
        CollapsedStabilityTheory derived = CollapsedStabilityDerivation.derive(true);
        CollapsedStabilityTheory plain = CollapsedStabilityDerivation.derive(false);
        InvolutionStabilityTheory inv = CollapsedStabilityDerivation.involution();
        int k = 3;
        int n = 4;
        int m = 1;
        double rho = (double) m / (n + m);
        double mu = derived.boundaryAt(rho);
        double wrongMu = th.meanValue().at(org.collapseharness.theory.Bindings.of("rho", rho));
        int wrongBoundaryMismatches = 0;
        double worstDerivedMatch = 0;
        List<Case> cases = cases();
        double worstMatch = 0;
        double wrongMatch = Double.POSITIVE_INFINITY;
        double worstResidual = 0;
        int mismatches = 0;
        int otherSectors = 0;
        int symmetricRuleMismatches = 0;
        int unstableCases = 0;
        List<String> rows = new ArrayList<>();
        for (Case c : cases) {
            int d = c.w().length;
            ParticleLayout l = new ParticleLayout(k, n, m, d);
            double[] u = collapsedState(l, c.w(), c.ybar());
            ProjectionFlow f = new ProjectionFlow(l, true);
            worstResidual = Math.max(worstResidual, ArrayOps.norm(f.computeDerivatives(0, u)));
            double[][] spec = NumericSpectrum.eigenvalues(f.jacobian(0, u));
            double scale = NumericSpectrum.maxModulus(spec);
            double[][] bias = NumericSpectrum.eigenvalues(CollapsedStability.biasBlock(th, c.w(), n, m));
            double[][] wrong = NumericSpectrum.eigenvalues(CollapsedStability.biasBlock(th, c.w(), n + 1, m));
            worstMatch = Math.max(worstMatch, match(spec, bias, k - 1) / scale);
            wrongMatch = Math.min(wrongMatch, match(spec, wrong, k - 1) / scale);
            double maxReJ = NumericSpectrum.maxRealPartNonZero(spec, Tolerances.ZERO_MODE.value()) / scale;
            double maxReB = java.util.Arrays.stream(bias).mapToDouble(v -> v[0]).max().orElseThrow() / scale;
            boolean unstableJ = maxReJ > -Thresholds.STABLE_SPECTRUM.value();
            boolean unstableB = maxReB > -Thresholds.STABLE_SPECTRUM.value();
            mismatches += unstableB && !unstableJ ? 1 : 0;
            otherSectors += unstableJ && !unstableB ? 1 : 0;
            unstableCases += unstableJ ? 1 : 0;
            double minW2 = Double.POSITIVE_INFINITY;
            for (double[] ev : NumericSpectrum.eigenvalues(c.w())) {
                minW2 = Math.min(minW2, ev[0] * ev[0] - ev[1] * ev[1]);
            }
            if (c.symmetric()) {
                symmetricRuleMismatches += (minW2 < mu) != unstableJ ? 1 : 0;
                wrongBoundaryMismatches += (minW2 < wrongMu) != unstableJ ? 1 : 0;
                worstDerivedMatch = Math.max(worstDerivedMatch, match(spec, perModeSpectrum(derived, c.w(), n, m), k - 1)
                        / scale);
            }
            rows.add(c.name() + ": max Re(J) / scale " + Format.sig4(maxReJ) + ", max Re(B) / scale "
                    + Format.sig4(maxReB) + (unstableJ ? " (unstable)" : " (stable)"));
        }
        EndStateMatch ends = integratedEndStates(th, derived, k, n, m);
        // Collapsed end states of the basin map: stable by the bias-block criterion?
        int collapsedEnds = 0;
        int unstableEnds = 0;
        int bothSigns = 0;
        double worstEnd = Double.NEGATIVE_INFINITY;
        InvolutionEnds invEnds = new InvolutionEnds();
        for (Map<String, Object> r : BasinMap.sg()) {
            if (!"collapsed".equals(r.get("outcome")) || (Integer) r.get("dim") < 2) {
                continue;
            }
            collapsedEnds++;
            double[][] w = (double[][]) r.get("finalW");
            double[][] block = CollapsedStability.biasBlock(th, w, (Integer) r.get("clean"), (Integer) r.get("shared"));
            double[][] b = NumericSpectrum.eigenvalues(block);
            double maxRe = java.util.Arrays.stream(b).mapToDouble(v -> v[0]).max().orElseThrow()
                    / NumericSpectrum.maxModulus(b);
            worstEnd = Math.max(worstEnd, maxRe);
            boolean unstableB = maxRe > -Thresholds.STABLE_SPECTRUM.value();
            unstableEnds += unstableB ? 1 : 0;
            if ((Integer) r.get("dim") == 2) {
                invEnds.add(inv, w, block, (Integer) r.get("clean"), (Integer) r.get("shared"), unstableB);
            }
            double[][] ws = (double[][]) r.get("wSpectrum");
            boolean pos = false;
            boolean neg = false;
            for (double[] ev : ws) {
                pos |= ev[0] > 0;
                neg |= ev[0] < 0;
            }
            bothSigns += pos && neg ? 1 : 0;
        }
        e.param("constructed states", "K=3, n=4, m=1 (1 − ρ = 0.8), d = 1, 2, 3; W symmetric and non-symmetric, "
                + "ȳ an eigenvector of W with eigenvalue ±1, samples at W^-1 ȳ; analytic Jacobian of ProjectionFlow");
        e.param("derived mechanism", "per-eigenvalue block " + derived.perModeBlock().stream().map(f -> f.text())
                .toList() + "; trace " + derived.trace().text() + "; determinant " + derived.determinant().text()
                + "; roots in u = w²: " + derived.determinantRootsU().stream().map(f -> f.text()).toList()
                + "; boundary " + derived.boundary().text() + " (equals the protected value: "
                + derived.boundaryIsProtected() + "); without sg: " + plain.signStructure());
        e.param("integrated end states", "particles, K=3, n=4, m=1, d = 1 and 2, seeds "
                + java.util.Arrays.toString(END_STATE_SEEDS) + ", Rodas4 rtol 1e-8 atol 1e-10 to T = 400");
        e.param("end states", "collapsed d ≥ 2 end states of the basin map (" + BasinMap.gridText(BasinMap.SG) + ")");
        e.param("derived involution criterion (d = 2, sg)", "W = " + inv.involution() + ", tau = tr(W^T W) = "
                + inv.tauOfParameters().text() + "; " + inv.signStructure());
        e.measure("cases", rows.size()).measure("unstableCases", unstableCases).measure("rows", String.join("; ", rows))
                .measure("worstSpectrumMatch", worstMatch).measure("fixedPointResidual", worstResidual)
                .measure(STABILITY_MISMATCHES, mismatches).measure("symmetricRuleMismatches", symmetricRuleMismatches)
                .measure("unstableOutsideTheBiasSector", otherSectors)
                .measure("collapsedEndStates", collapsedEnds).measure(UNSTABLE_COLLAPSED_END_STATES, unstableEnds)
                .measure("collapsedEndStatesWithWEigenvaluesOfBothSigns", bothSigns)
                .measure("worstEndStateMaxRe", worstEnd)
                .measure("derivedBoundary", mu).measure("worstDerivedPerModeMatch", worstDerivedMatch)
                .measure(DERIVED_RULE_MISMATCHES, symmetricRuleMismatches)
                .measure(WRONG_BOUNDARY_MISMATCHES, wrongBoundaryMismatches)
                .measure("integratedEndStates", ends.rows())
                .measure("worstEndStateResidual", ends.worstResidual())
                .measure("worstEndStateDerivedMatch", ends.worstMatch())
                .measure("endStatesWithWSquaredIdentity", ends.involutions())
                .measure(INVOLUTION_END_STATES, invEnds.count)
                .measure(INVOLUTION_CRITERION_UNSTABLE, invEnds.derivedUnstable)
                .measure(INVOLUTION_CRITERION_VS_SPECTRUM, invEnds.vsSpectrum)
                .measure("involutionEndStateTauRange", Format.sig4(invEnds.minTau) + " .. " + Format.sig4(invEnds.maxTau))
                .measure("worstInvolutionDefect", invEnds.worstDefect)
                .measure("worstInvolutionPolynomialMatch", invEnds.worstMatch);
        e.bound("|field| at the constructed collapsed states", worstResidual, Thresholds.FIXED_POINT_RESIDUAL);
        e.compare("worst distance of a B(W) eigenvalue (K − 1 copies) from the Jacobian spectrum / scale", worstMatch, 0,
                SPECTRUM_MATCH);
        e.requireEqual("derived root of the bias-block determinant in w² that differs from the derived protected "
                + "value 1 − ρ (symbolic)", derived.boundaryIsProtected() ? 0 : 1, 0);
        e.requireEqual("without sg: a real root in w² of the bias-block determinant (derived discriminant "
                + plain.discriminantU().text() + ")", plain.boundary() == null && plain.discriminantU().at(
                org.collapseharness.theory.Bindings.of("n", n, "m", m)) < 0 ? 0 : 1, 0);
        e.compare("worst distance of a derived per-eigenvalue block eigenvalue (symmetric W, K − 1 copies) from the "
                + "Jacobian spectrum / scale", worstDerivedMatch, 0, SPECTRUM_MATCH);
        e.bound("|field| at the integrated collapsed end states", ends.worstResidual(), Thresholds.FIXED_POINT_RESIDUAL);
        e.compare("worst distance of a derived bias-block eigenvalue (K − 1 copies) from the Jacobian spectrum at the "
                + "integrated collapsed end states / scale", ends.worstMatch(), 0, END_STATE_MATCH);
        e.control("symmetric rule with a wrong boundary w² = " + Format.sig4(wrongMu) + " (the label mean's value "
                + "instead of the derived root): " + wrongBoundaryMismatches + " mismatches", wrongBoundaryMismatches,
                0, wrongBoundaryMismatches > 0);
        e.control("B(W) with n + 1 clean samples (a wrong bias block): distance " + Format.sig4(wrongMatch),
                wrongMatch, 0, wrongMatch > SPECTRUM_MATCH.value());
        e.requireEqual("cases with an unstable bias block but a stable Jacobian", mismatches, 0);
        e.requireEqual("symmetric cases where 'unstable iff some w² < 1 − ρ' fails", symmetricRuleMismatches, 0);
        e.bound("constructed collapsed states that are unstable (the criterion can fail)", unstableCases,
                Thresholds.AT_LEAST_ONE);
        e.requireEqual("collapsed end states of the basin map that are unstable by the bias-block criterion",
                unstableEnds, 0);
        e.requireEqual("derived involution criterion: coefficients or Hurwitz determinants of B(W) not positive for "
                + "n ≥ 1, m ≥ 1, τ ≥ 2 (symbolic)", inv.stableForSharedSamples() ? 0 : 1, 0);
        e.requireEqual("derived involution polynomial at τ = 2 differs from the square of the derived per-eigenvalue "
                + "polynomial at w² = 1 (symbolic)", inv.symmetricLimitMatches() ? 0 : 1, 0);
        e.bound("collapsed d = 2 end states of the basin map (the involution criterion is exercised)", invEnds.count,
                Thresholds.AT_LEAST_ONE);
        e.compare("worst distance of the computed characteristic polynomial of B(W) from the derived involution "
                + "polynomial at τ(W), collapsed d = 2 end states (relative to |B|_F^k)", invEnds.worstMatch, 0,
                INVOLUTION_MATCH);
        e.requireEqual("collapsed d = 2 end states not stable by the derived involution criterion (Hurwitz "
                + "determinants at their τ, n, m)", invEnds.derivedUnstable, 0);
        e.requireEqual("collapsed d = 2 end states where the derived involution criterion and the computed spectrum "
                + "of B(W) disagree", invEnds.vsSpectrum, 0);
        NonInvolution ni = nonInvolutionControl(th, inv, n, m);
        e.control("the involution criterion at a non-involution W = R diag(1, 0.5) Rᵀ (B(W) unstable: max Re λ = "
                + Format.sig4(ni.maxRe()) + ", the criterion at its τ says " + (ni.criterionStable() ? "stable" : "unstable")
                + "): polynomial distance " + Format.sig4(ni.distance()) + " must exceed the match tolerance",
                ni.distance(), INVOLUTION_MATCH.value(), ni.distance() > INVOLUTION_MATCH.value() && ni.maxRe() > 0);
        e.note("collapsed end states at d ≥ 2 with W eigenvalues of both signs: " + bothSigns + " of " + collapsedEnds
                + "; the label mean sits on w = ±1 and the bias directions on w² > 1 − ρ");
        e.note("cases unstable outside the bias sector (stable B(W), unstable Jacobian): " + otherSectors
                + "; with a non-symmetric W the label-mean and W sectors can be unstable on their own");
        e.note("integrated collapsed end states (d = 2): " + ends.involutions() + " of " + ends.dim2()
                + " have W eigenvalues (−1, +1) with W² = I, so W²ȳ = ȳ for every ȳ and every w² = 1 > 1 − ρ; these W "
                + "are far from symmetric, so the per-eigenvalue split does not apply; the derived involution criterion "
                + "covers them (on the basin map: " + invEnds.count + " collapsed d = 2 end states, τ = tr(WᵀW) from "
                + Format.sig4(invEnds.minTau) + " to " + Format.sig4(invEnds.maxTau) + ")");
        e.note("not covered: which attractor an initial state reaches (the basin sizes of 4.2-h), the W dynamics "
                + "during the approach, non-normal W that are not involutions (numeric check of B(W) only), and "
                + "involutions for d ≥ 3 (not derived)");
    }

    /** Collapsed d = 2 end states against the derived involution criterion. */
    private static final class InvolutionEnds {
        int count;
        int derivedUnstable;
        int vsSpectrum;
        double worstMatch;
        double worstDefect;
        double minTau = Double.POSITIVE_INFINITY;
        double maxTau = Double.NEGATIVE_INFINITY;

        void add(InvolutionStabilityTheory inv, double[][] w, double[][] block, int clean, int shared,
                 boolean unstableSpectrum) {
            count++;
            double tau = InvolutionStabilityTheory.tau(w);
            minTau = Math.min(minTau, tau);
            maxTau = Math.max(maxTau, tau);
            double[][] w2 = Mat.mul(w, w);
            worstDefect = Math.max(worstDefect, Math.abs(w2[0][0] - 1) + Math.abs(w2[1][1] - 1) + Math.abs(w2[0][1])
                    + Math.abs(w2[1][0]));
            worstMatch = Math.max(worstMatch, inv.coefficientDistance(block, tau, clean, shared));
            boolean stable = inv.stableAt(tau, clean, shared);
            derivedUnstable += stable ? 0 : 1;
            vsSpectrum += stable == !unstableSpectrum ? 0 : 1;
        }
    }

    private record NonInvolution(double distance, double maxRe, boolean criterionStable) {
    }

    /** A symmetric W with eigenvalues (1, 0.5) (0.25 < 1 − ρ, W² ≠ I) against the involution criterion. */
    static NonInvolution nonInvolutionControl(ProjectionTheory th, InvolutionStabilityTheory inv, int n, int m) {
        double c = Math.cos(0.7);
        double s = Math.sin(0.7);
        double[][] rot = {{c, -s}, {s, c}};
        double[][] w = Mat.mul(Mat.mul(rot, ArrayOps.diag(new double[] {1, 0.5})), Mat.transpose(rot));
        double[][] block = CollapsedStability.biasBlock(th, w, n, m);
        double tau = InvolutionStabilityTheory.tau(w);
        double maxRe = java.util.Arrays.stream(NumericSpectrum.eigenvalues(block)).mapToDouble(v -> v[0]).max()
                .orElseThrow();
        return new NonInvolution(inv.coefficientDistance(block, tau, n, m), maxRe, inv.stableAt(tau, n, m));
    }

    /** The eigenvalues of the derived per-eigenvalue blocks over the (real) eigenvalues of a symmetric W. */
    static double[][] perModeSpectrum(CollapsedStabilityTheory t, double[][] w, int n, int m) {
        List<double[]> out = new ArrayList<>();
        for (double[] ev : NumericSpectrum.eigenvalues(w)) {
            out.addAll(List.of(NumericSpectrum.eigenvalues(t.blockAt(ev[0], n, m))));
        }
        return out.toArray(new double[0][]);
    }

    private record EndStateMatch(String rows, double worstResidual, double worstMatch, int involutions, int dim2) {
    }

    /**
     * Integrates the particle model to collapsed end states at d = 1 and 2 and compares the Jacobian spectrum there
     * with the derived blocks: per eigenvalue at d = 1, B(W) from the derived pair blocks at d = 2.
     */
    private static EndStateMatch integratedEndStates(ProjectionTheory th, CollapsedStabilityTheory t, int k, int n,
                                                     int m) {
        double worstResidual = 0;
        double worstMatch = 0;
        int involutions = 0;
        int dim2 = 0;
        List<String> rows = new ArrayList<>();
        for (int d = 1; d <= 2; d++) {
            ParticleLayout l = new ParticleLayout(k, n, m, d);
            for (long seed : END_STATE_SEEDS) {
                ProjectionSimulator.Result r = ProjectionSimulator.simulate(l, true, seed, TimeGrid.mixed(400, 1e-2, 30,
                        20), ProjectionSimulator.Representation.FULL, OdeAlgorithm.rodas(1e-8, 1e-10));
                double[] u = r.solution().last();
                double[][] w = r.finalW();
                ProjectionFlow f = new ProjectionFlow(l, true);
                worstResidual = Math.max(worstResidual, ArrayOps.norm(f.computeDerivatives(0, u)));
                double[][] spec = NumericSpectrum.eigenvalues(f.jacobian(0, u));
                double[][] block = d == 1 ? NumericSpectrum.eigenvalues(t.blockAt(w[0][0], n, m))
                        : NumericSpectrum.eigenvalues(CollapsedStability.biasBlock(th, w, n, m));
                double dist = match(spec, block, k - 1) / NumericSpectrum.maxModulus(spec);
                worstMatch = Math.max(worstMatch, dist);
                double[][] ws = NumericSpectrum.eigenvalues(w);
                if (d == 2) {
                    dim2++;
                    double[][] w2 = Mat.mul(w, w);
                    double off = Math.abs(w2[0][0] - 1) + Math.abs(w2[1][1] - 1) + Math.abs(w2[0][1])
                            + Math.abs(w2[1][0]);
                    involutions += ws[0][0] * ws[1][0] < 0 && off < 1e-3 ? 1 : 0;
                }
                StringBuilder ev = new StringBuilder();
                for (double[] v : ws) {
                    ev.append(ev.length() > 0 ? ", " : "").append(Format.sig4(v[0]));
                }
                rows.add("d=" + d + " seed " + seed + ": W eigenvalues (" + ev + "), match " + Format.sig4(dist));
            }
        }
        return new EndStateMatch(String.join("; ", rows), worstResidual, worstMatch, involutions, dim2);
    }

    static List<Case> cases() {
        Random r = new Random(20260409L);
        double[][] q2 = rotation(r, 2);
        double[][] q3 = rotation(r, 3);
        double[][] p2 = generic(r, 2);
        double[][] p3 = generic(r, 3);
        List<Case> out = new ArrayList<>();
        out.add(new Case("d=1 W=1", new double[][] {{1}}, new double[] {0.8}, true));
        out.add(new Case("d=1 W=-1", new double[][] {{-1}}, new double[] {0.8}, true));
        for (double w2 : new double[] {-1, 1.2, 0.5, -0.6}) {
            out.add(similar("d=2 symmetric (1, " + w2 + ")", q2, new double[] {1, w2}, true));
        }
        out.add(similar("d=2 non-symmetric (-1, 0.95)", p2, new double[] {-1, 0.95}, false));
        out.add(similar("d=2 non-symmetric (1, 0.7)", p2, new double[] {1, 0.7}, false));
        out.add(similar("d=3 symmetric (1, -1, 0.7)", q3, new double[] {1, -1, 0.7}, true));
        out.add(similar("d=3 symmetric (-1, 1.1, -0.95)", q3, new double[] {-1, 1.1, -0.95}, true));
        out.add(similar("d=3 non-symmetric (1, -0.5, 1.3)", p3, new double[] {1, -0.5, 1.3}, false));
        return out;
    }

    /** W = P diag(ev) P⁻¹ with ȳ = 0.8 P e₁ (ev[0] = ±1). */
    private static Case similar(String name, double[][] p, double[] ev, boolean symmetric) {
        double[][] w = Mat.mul(Mat.mul(p, ArrayOps.diag(ev)), Mat.inverse(p));
        double[] ybar = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            ybar[i] = 0.8 * p[i][0];
        }
        return new Case(name, w, ybar, symmetric);
    }

    /** An orthogonal matrix (Gram–Schmidt of a Gaussian one). */
    static double[][] rotation(Random r, int d) {
        double[][] g = generic(r, d);
        double[][] q = new double[d][d];
        for (int j = 0; j < d; j++) {
            double[] v = new double[d];
            for (int i = 0; i < d; i++) {
                v[i] = g[i][j];
            }
            for (int k = 0; k < j; k++) {
                double dot = 0;
                for (int i = 0; i < d; i++) {
                    dot += v[i] * q[i][k];
                }
                for (int i = 0; i < d; i++) {
                    v[i] -= dot * q[i][k];
                }
            }
            double nv = ArrayOps.norm(v);
            for (int i = 0; i < d; i++) {
                q[i][j] = v[i] / nv;
            }
        }
        return q;
    }

    /** I + 0.4 G (well conditioned, not orthogonal). */
    private static double[][] generic(Random r, int d) {
        double[][] g = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                g[i][j] = 0.4 * r.nextGaussian() + (i == j ? 1 : 0);
            }
        }
        return g;
    }

    /** The collapsed state: every label at ȳ, every sample at W⁻¹ ȳ, then W (row-major). */
    static double[] collapsedState(ParticleLayout l, double[][] w, double[] ybar) {
        int d = l.dim();
        double[] s = Mat.mul(Mat.inverse(w), ybar);
        double[] u = new double[l.size() + d * d];
        for (int v = 0; v < l.vectors(); v++) {
            System.arraycopy(v >= l.label(0) / d && v < l.label(0) / d + l.classes() ? ybar : s, 0, u, v * d, d);
        }
        for (int a = 0; a < d; a++) {
            System.arraycopy(w[a], 0, u, l.size() + a * d, d);
        }
        return u;
    }

    /**
     * The largest over eigenvalues β of {@code target} of the distance from β to its copies-th nearest eigenvalue in
     * {@code spectrum} (each β must appear at least copies times).
     */
    static double match(double[][] spectrum, double[][] target, int copies) {
        double worst = 0;
        for (double[] b : target) {
            double[] dist = new double[spectrum.length];
            for (int i = 0; i < spectrum.length; i++) {
                dist[i] = Math.hypot(spectrum[i][0] - b[0], spectrum[i][1] - b[1]);
            }
            java.util.Arrays.sort(dist);
            worst = Math.max(worst, dist[copies - 1]);
        }
        return worst;
    }
}
