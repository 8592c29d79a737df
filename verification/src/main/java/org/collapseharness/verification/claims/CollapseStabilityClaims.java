package org.collapseharness.verification.claims;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.collapseharness.numerics.ArrayOps;
import org.collapseharness.numerics.NumericSpectrum;
import org.collapseharness.numerics.ParticleLayout;
import org.collapseharness.numerics.ProjectionFlow;
import org.collapseharness.theory.CollapsedStability;
import org.collapseharness.theory.Mat;
import org.collapseharness.theory.ProjectionTheory;
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
    /** Measurement {@code unstableCollapsedEndStates}. */
    public static final Measure UNSTABLE_COLLAPSED_END_STATES = Measure.of("unstableCollapsedEndStates");

    /** Eigenvalues of B(W) are found in the Jacobian's spectrum up to this, relative to its spectral scale. */
    static final Tolerance SPECTRUM_MATCH = Tolerance.absolute("collapsed-spectrum-match", 1e-7,
            "eigenvalues of the analytic Jacobian (dense, non-symmetric, size <= 60) at an exact fixed point vs "
                    + "those of the derived 2d x 2d bias block, relative to the spectral scale: round-off of the "
                    + "eigensolver (~1e-12), widened for eigenvalues of multiplicity K - 1 (square-root sensitivity)");

    private CollapseStabilityClaims() {
    }

    public static List<Claim> claims() {
        String src = CollapseStabilityClaims.class.getName();
        return List.of(new Claim(new ClaimSpec("4.2-i", "§4.2", "Which collapsed states attract: the eigenvalues of W",
                "Beyond the paper: at a collapsed fixed point (all classes at ȳ, W² ȳ = ȳ) the class biases decouple "
                        + "from W at linear order; the Jacobian contains, K − 1 times, the spectrum of the derived "
                        + "bias block B(W) = [[Gss, Gsy], [n Gys, (n+m) Gyy]], so an unstable B(W) makes the collapsed "
                        + "state unstable. For symmetric W, B splits over the eigenvalues w of W with determinant "
                        + "w² ((n+m) w² − n): the biases grow iff some w² < 1 − ρ (and, checked numerically for "
                        + "d = 1, 2, 3, the collapsed state attracts iff every w² > 1 − ρ). In d = 1, W = ±1 and "
                        + "collapse always attracts; from d = 2 on, W can carry w² < 1 − ρ off ȳ. Every collapsed end "
                        + "state of the basin map has a stable B(W).", List.of("4.2-a", "4.2-h"), false, src),
                CollapseStabilityClaims::collapsedStability));
    }

    /** A constructed collapsed state: W and the direction of ȳ (an eigenvector of W with eigenvalue ±1). */
    private record Case(String name, double[][] w, double[] ybar, boolean symmetric) {
    }

    static void collapsedStability(Evidence e) throws InterruptedException {
        ProjectionTheory th = ProjectionRuns.sg();
        int k = 3;
        int n = 4;
        int m = 1;
        double mu = 1 - (double) m / (n + m);
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
            }
            rows.add(c.name() + ": max Re(J) / scale " + Format.sig4(maxReJ) + ", max Re(B) / scale "
                    + Format.sig4(maxReB) + (unstableJ ? " (unstable)" : " (stable)"));
        }
        // Collapsed end states of the basin map: stable by the bias-block criterion?
        int collapsedEnds = 0;
        int unstableEnds = 0;
        int bothSigns = 0;
        double worstEnd = Double.NEGATIVE_INFINITY;
        for (Map<String, Object> r : BasinMap.sg()) {
            if (!"collapsed".equals(r.get("outcome")) || (Integer) r.get("dim") < 2) {
                continue;
            }
            collapsedEnds++;
            double[][] w = (double[][]) r.get("finalW");
            double[][] b = NumericSpectrum.eigenvalues(CollapsedStability.biasBlock(th, w, (Integer) r.get("clean"),
                    (Integer) r.get("shared")));
            double maxRe = java.util.Arrays.stream(b).mapToDouble(v -> v[0]).max().orElseThrow()
                    / NumericSpectrum.maxModulus(b);
            worstEnd = Math.max(worstEnd, maxRe);
            unstableEnds += maxRe > -Thresholds.STABLE_SPECTRUM.value() ? 1 : 0;
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
        e.param("end states", "collapsed d ≥ 2 end states of the basin map (" + BasinMap.gridText(BasinMap.SG) + ")");
        e.measure("cases", rows.size()).measure("unstableCases", unstableCases).measure("rows", String.join("; ", rows))
                .measure("worstSpectrumMatch", worstMatch).measure("fixedPointResidual", worstResidual)
                .measure(STABILITY_MISMATCHES, mismatches).measure("symmetricRuleMismatches", symmetricRuleMismatches)
                .measure("unstableOutsideTheBiasSector", otherSectors)
                .measure("collapsedEndStates", collapsedEnds).measure(UNSTABLE_COLLAPSED_END_STATES, unstableEnds)
                .measure("collapsedEndStatesWithWEigenvaluesOfBothSigns", bothSigns)
                .measure("worstEndStateMaxRe", worstEnd);
        e.bound("|field| at the constructed collapsed states", worstResidual, Thresholds.FIXED_POINT_RESIDUAL);
        e.compare("worst distance of a B(W) eigenvalue (K − 1 copies) from the Jacobian spectrum / scale", worstMatch, 0,
                SPECTRUM_MATCH);
        e.control("B(W) with n + 1 clean samples (a wrong bias block): distance " + Format.sig4(wrongMatch),
                wrongMatch, 0, wrongMatch > SPECTRUM_MATCH.value());
        e.requireEqual("cases with an unstable bias block but a stable Jacobian", mismatches, 0);
        e.requireEqual("symmetric cases where 'unstable iff some w² < 1 − ρ' fails", symmetricRuleMismatches, 0);
        e.require("constructed collapsed states that are unstable (the criterion can fail)", unstableCases,
                Thresholds.AT_LEAST_ONE, cases.size() + 1, "more unstable cases than cases");
        e.requireEqual("collapsed end states of the basin map that are unstable by the bias-block criterion",
                unstableEnds, 0);
        e.note("collapsed end states at d ≥ 2 with W eigenvalues of both signs: " + bothSigns + " of " + collapsedEnds
                + "; the label mean sits on w = ±1 and the bias directions on w² > 1 − ρ");
        e.note("cases unstable outside the bias sector (stable B(W), unstable Jacobian): " + otherSectors
                + "; with a non-symmetric W the label-mean and W sectors can be unstable on their own");
        e.note("not covered: which attractor an initial state reaches (the basin sizes of 4.2-h), the W dynamics "
                + "during the approach, and non-normal W beyond the numeric check of B(W)");
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
    private static double[][] rotation(Random r, int d) {
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
