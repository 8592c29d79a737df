package org.collapseharness.verification.claims;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.collapseharness.numerics.ArrayOps;
import org.collapseharness.numerics.NumericSpectrum;
import org.collapseharness.numerics.ParticleLayout;
import org.collapseharness.numerics.ProjectionFlow;
import org.collapseharness.theory.Mat;
import org.collapseharness.theory.MeanSectorTheory;
import org.collapseharness.theory.symbolic.MeanSectorDerivation;
import org.collapseharness.verification.Claim;
import org.collapseharness.verification.ClaimSpec;
import org.collapseharness.verification.Evidence;
import org.collapseharness.verification.Format;
import org.collapseharness.verification.Measure;
import org.collapseharness.verification.Thresholds;
import org.collapseharness.verification.Tolerance;
import org.collapseharness.verification.Tolerances;

/**
 * Beyond the paper: why a spare embedding direction lets stop-gradient separate. The label-mean sector of a fixed
 * point (derived by {@link MeanSectorDerivation}) is unstable towards every eigen-direction of W whose eigenvalue has
 * the sign opposite to the mean's and modulus below 1, so the mean either shares its sign with every protected bias
 * direction or spreads over a (+1, −1) pair of W and takes two directions.
 */
public final class MeanSectorClaims {
    /** Measurement {@code ruleMismatches}. */
    public static final Measure RULE_MISMATCHES = Measure.of("ruleMismatches");
    /** Measurement {@code reversedRuleMismatches}. */
    public static final Measure REVERSED_RULE_MISMATCHES = Measure.of("reversedRuleMismatches");
    /** Measurement {@code d2SeparatedIffDetPositiveMismatches}. */
    public static final Measure D2_SIGN_MISMATCHES = Measure.of("d2SeparatedIffDetPositiveMismatches");
    /** Measurement {@code biasRankCountViolations}. */
    public static final Measure RANK_COUNT_VIOLATIONS = Measure.of("biasRankCountViolations");
    /** A mean part below this fraction of |ȳ| counts as absent (the mean then sits on one eigenvector of W). */
    static final double SPLIT_PRESENT = 0.05;

    /** Eigenvalues of the derived sector block are found in the Jacobian's spectrum up to this. */
    static final Tolerance SECTOR_MATCH = Tolerance.absolute("mean-sector-spectrum-match", 1e-7,
            "eigenvalues of the analytic particle Jacobian (dense, non-symmetric, size <= 60) at an exact fixed point "
                    + "vs those of the derived 4 x 4 mean-sector block, relative to the spectral scale: eigensolver "
                    + "round-off (~1e-12), widened for the zero eigenvalue the block shares with the fixed-point family");

    private MeanSectorClaims() {
    }

    public static List<Claim> claims() {
        String src = MeanSectorClaims.class.getName();
        return List.of(new Claim(new ClaimSpec("4.2-j", "§4.2", "Why a spare direction matters: the label mean and the "
                + "signs of W",
                "Beyond the paper: at a fixed point with symmetric W whose eigenvector carries the label mean ȳ "
                        + "(eigenvalue σ = ±1), the class-symmetric motion along another eigenvector (eigenvalue w) "
                        + "together with the entry of W that maps ȳ there is an invariant sector, at collapsed and at "
                        + "separated states alike. Its derived characteristic polynomial is λ(λ³ + Aλ² + Bλ + C), and "
                        + "the factored C changes sign in w only at 0 and −σ: C < 0, a real positive eigenvalue that "
                        + "turns the mean towards that direction, exactly when σw lies in (−1, 0). Protected bias "
                        + "directions have |w| = √(1 − ρ) < 1, so a separated state is unstable when a bias "
                        + "eigenvalue's sign differs from the mean's. The mean then spreads over a (+1, −1) pair of W "
                        + "(σw = −1 is the sector's marginal boundary) and takes two directions, leaving d − 2 for the "
                        + "biases: in d = 2 a run separates iff W ends sign-definite (det W > 0), from d = 3 on a "
                        + "direction is always left. Checked against the particle Jacobian at constructed separated "
                        + "and collapsed states (d = 2, 3) and on every end state of the basin map.",
                List.of("4.2-a", "4.2-h", "4.2-i"), false, src), MeanSectorClaims::meanSector));
    }

    /** A constructed fixed point: W = Q diag(ev) Qᵀ, ȳ = a Q e₁, class biases Σ_j b[c][j] Q e_j over j ≥ 1. */
    private record Case(String name, double[] ev, double[][] biases) {
    }

    static void meanSector(Evidence e) throws InterruptedException {
        MeanSectorTheory plus = MeanSectorDerivation.derive(1);
        MeanSectorTheory minus = MeanSectorDerivation.derive(-1);
        int k = 3;
        int n = 4;
        int m = 1;
        double p = Math.sqrt((double) n / (n + m));
        double a = 0.8;
        Random r = new Random(20260409L);
        double[][] q2 = CollapseStabilityClaims.rotation(r, 2);
        double[][] q3 = CollapseStabilityClaims.rotation(r, 3);
        List<Case> cases = cases(p);
        double worstMatch = 0;
        double wrongMatch = 0;
        double worstResidual = 0;
        int mismatches = 0;
        int reversedMismatches = 0;
        int unstable = 0;
        int unstableOnlyBySector = 0;
        int biasOnlyMismatches = 0;
        List<String> rows = new ArrayList<>();
        for (Case c : cases) {
            int d = c.ev().length;
            double[][] q = d == 2 ? q2 : q3;
            ParticleLayout l = new ParticleLayout(k, n, m, d);
            double[] u = fixedPoint(l, q, c.ev(), a, c.biases());
            ProjectionFlow f = new ProjectionFlow(l, true);
            worstResidual = Math.max(worstResidual, ArrayOps.norm(f.computeDerivatives(0, u)));
            double[][] spec = NumericSpectrum.eigenvalues(f.jacobian(0, u));
            double scale = NumericSpectrum.maxModulus(spec);
            int sigma = (int) Math.signum(c.ev()[0]);
            MeanSectorTheory t = sigma > 0 ? plus : minus;
            MeanSectorTheory wrong = sigma > 0 ? minus : plus;
            boolean predicted = false;
            boolean reversed = false;
            double caseMatch = 0;
            double caseWrong = 0;
            for (int j = 1; j < d; j++) {
                double w = c.ev()[j];
                predicted |= t.unstableAt(k, n, m, a, w);
                reversed |= sigma * w > 0 && sigma * w < 1;
                caseMatch = Math.max(caseMatch, CollapseStabilityClaims.match(spec,
                        NumericSpectrum.eigenvalues(t.blockAt(k, n, m, a, w)), 1) / scale);
                caseWrong = Math.max(caseWrong, CollapseStabilityClaims.match(spec,
                        NumericSpectrum.eigenvalues(wrong.blockAt(k, n, m, a, w)), 1) / scale);
            }
            worstMatch = Math.max(worstMatch, caseMatch);
            wrongMatch = Math.max(wrongMatch, caseWrong);
            double maxRe = NumericSpectrum.maxRealPartNonZero(spec, Tolerances.ZERO_MODE.value()) / scale;
            boolean unstableJ = maxRe > -Thresholds.STABLE_SPECTRUM.value();
            unstable += unstableJ ? 1 : 0;
            mismatches += predicted != unstableJ ? 1 : 0;
            reversedMismatches += reversed != unstableJ ? 1 : 0;
            boolean biasStable = true;
            for (int j = 1; j < d; j++) {
                biasStable &= c.ev()[j] * c.ev()[j] >= p * p - 1e-12;
            }
            unstableOnlyBySector += unstableJ && biasStable && predicted ? 1 : 0;
            biasOnlyMismatches += !biasStable != unstableJ ? 1 : 0;
            rows.add(c.name() + ": max Re / scale " + Format.sig4(maxRe) + (unstableJ ? " (unstable)" : " (stable)")
                    + ", predicted " + (predicted ? "unstable" : "stable") + ", sector match " + Format.sig4(caseMatch));
        }
        MapCheck map = mapCheck();
        e.param("constructed states", "particles, K=3, n=4, m=1 (√(1 − ρ) = " + Format.sig4(p) + "), |ȳ| = " + a
                + ", d = 2 and 3, W = Q diag(σ, w₂, …) Qᵀ with Q a seeded rotation, ȳ on Q e₁, class biases on the "
                + "protected directions (none for the collapsed states), samples at W⁻¹ y; analytic Jacobian of "
                + "ProjectionFlow");
        e.param("derived sector (σ = +1)", "variables " + plus.sectorVariables() + "; A = " + plus.cubicA().text()
                + "; " + plus.signStructure() + " (the derivation proves the point a fixed point, the sector invariant "
                + "and the zero root, or fails)");
        e.param("derived sector (σ = −1)", "C = " + minus.cubicC().text());
        e.param("end states", "every end state of the basin map (" + BasinMap.gridText(BasinMap.SG)
                + "); mean split = the parts of ȳ on W's +1 and −1 eigenvectors, a part below " + SPLIT_PRESENT
                + " |ȳ| counts as absent");
        e.measure("cases", cases.size()).measure("unstableCases", unstable).measure("rows", String.join("; ", rows))
                .measure("worstSectorMatch", worstMatch).measure("fixedPointResidual", worstResidual)
                .measure(RULE_MISMATCHES, mismatches).measure(REVERSED_RULE_MISMATCHES, reversedMismatches)
                .measure("unstableOnlyByTheMeanSector", unstableOnlyBySector)
                .measure("d2Runs", map.d2Runs()).measure(D2_SIGN_MISMATCHES, map.d2Mismatches())
                .measure("d2Collapsed", map.d2Collapsed()).measure("d2CollapsedWithSplitMean", map.d2CollapsedSplit())
                .measure("separatedEndStates", map.separated()).measure("separatedWithSplitMean", map.separatedSplit())
                .measure("separatedWithSplitMeanByDim", map.splitByDim())
                .measure(RANK_COUNT_VIOLATIONS, map.rankViolations())
                .measure("oneSignMeanWithOppositeBiasSign", map.signViolations());
        e.bound("|field| at the constructed fixed points", worstResidual, Thresholds.FIXED_POINT_RESIDUAL);
        e.compare("worst distance of a derived mean-sector eigenvalue from the Jacobian spectrum / scale", worstMatch, 0,
                SECTOR_MATCH, wrongMatch, "the block of the other sign of the mean (σ → −σ): distance "
                        + Format.sig4(wrongMatch));
        e.requireEqual("constructed states where 'unstable iff the derived cubic has a root with Re > 0 for some "
                + "eigen-direction' disagrees with the Jacobian", mismatches, 0);
        e.control("reversed sign rule (unstable iff 0 < σw < 1): " + reversedMismatches + " mismatches",
                reversedMismatches, 0, reversedMismatches > 0);
        e.control("the bias-block rule of 4.2-i alone (unstable iff some w² < 1 − ρ): " + biasOnlyMismatches
                + " mismatches (states unstable only through the mean sector)", biasOnlyMismatches, 0,
                biasOnlyMismatches > 0);
        e.requireEqual("d = 2 runs of the basin map where 'separated iff det W > 0 at the end' fails",
                map.d2Mismatches(), 0);
        e.control("the counting argument alone (rank(biases) ≤ d − 1 leaves room at d = 2, so every d = 2 run "
                + "separates): " + map.d2Collapsed() + " mismatches", map.d2Collapsed(), 0, map.d2Collapsed() > 0);
        e.requireEqual("separated end states with rank(biases) above d − (2 for a split mean, 1 for a mean on one "
                + "eigenvector)", map.rankViolations(), 0);
        e.control("rank(biases) ≤ d − 2 demanded of every separated end state (also those with the mean on one "
                + "eigenvector): " + map.strictRankViolations() + " violations", map.strictRankViolations(), 0,
                map.strictRankViolations() > 0);
        e.requireEqual("separated end states with the mean on one eigenvector and a protected bias eigenvalue of the "
                + "opposite sign", map.signViolations(), 0);
        e.note("collapsed d = 2 end states with the mean spread over W's +1 and −1 eigenvectors: "
                + map.d2CollapsedSplit() + " of " + map.d2Collapsed() + "; separated end states with a split mean: "
                + map.separatedSplit() + " of " + map.separated() + " (by d: " + map.splitByDim() + ")");
        e.note("not covered: the stability of states whose mean is spread over a (+1, −1) pair with a non-symmetric W "
                + "(checked numerically in 4.2-d and 4.2-i), and which sign pattern the early contraction of W leaves "
                + "(the fraction of sign-definite W at d = 2 is measured by the map, not derived)");
    }

    static List<Case> cases(double p) {
        double[][] none2 = new double[3][1];
        double[][] none3 = new double[3][2];
        double[][] line2 = {{0.6}, {-0.2}, {-0.4}};
        double[][] plane3 = {{0.6, 0.1}, {-0.2, 0.5}, {-0.4, -0.6}};
        double[][] line3 = {{0.6, 0}, {-0.2, 0}, {-0.4, 0}};
        List<Case> out = new ArrayList<>();
        for (int sigma : new int[] {1, -1}) {
            for (int s : new int[] {1, -1}) {
                out.add(new Case("separated d=2 (" + (sigma > 0 ? "1" : "−1") + ", " + (s > 0 ? "" : "−") + "√(1−ρ))",
                        new double[] {sigma, s * p}, line2));
            }
        }
        out.add(new Case("separated d=3 (1, √(1−ρ), √(1−ρ))", new double[] {1, p, p}, plane3));
        out.add(new Case("separated d=3 (1, √(1−ρ), −√(1−ρ))", new double[] {1, p, -p}, plane3));
        out.add(new Case("separated d=3 (−1, −√(1−ρ), −√(1−ρ))", new double[] {-1, -p, -p}, plane3));
        out.add(new Case("separated d=3 (1, √(1−ρ), −1.2)", new double[] {1, p, -1.2}, line3));
        out.add(new Case("separated d=3 (1, √(1−ρ), −0.95)", new double[] {1, p, -0.95}, line3));
        out.add(new Case("collapsed d=2 (1, −0.95)", new double[] {1, -0.95}, none2));
        out.add(new Case("collapsed d=2 (1, −1.3)", new double[] {1, -1.3}, none2));
        out.add(new Case("collapsed d=2 (1, 0.95)", new double[] {1, 0.95}, none2));
        out.add(new Case("collapsed d=2 (−1, 0.95)", new double[] {-1, 0.95}, none2));
        out.add(new Case("collapsed d=3 (1, 1.2, −0.92)", new double[] {1, 1.2, -0.92}, none3));
        return out;
    }

    /** Every label at ȳ + bias, every clean sample at W⁻¹ y_c, every shared sample at W⁻¹ ȳ, then W (row-major). */
    static double[] fixedPoint(ParticleLayout l, double[][] q, double[] ev, double a, double[][] biases) {
        int d = l.dim();
        double[][] w = Mat.mul(Mat.mul(q, ArrayOps.diag(ev)), Mat.transpose(q));
        double[][] winv = Mat.inverse(w);
        double[] u = new double[l.size() + d * d];
        double[][] y = new double[l.classes()][d];
        for (int c = 0; c < l.classes(); c++) {
            for (int i = 0; i < d; i++) {
                y[c][i] = a * q[i][0];
                for (int j = 1; j < d; j++) {
                    y[c][i] += biases[c][j - 1] * q[i][j];
                }
            }
        }
        double[] ybar = org.collapseharness.numerics.BiasSubspace.mean(y);
        for (int c = 0; c < l.classes(); c++) {
            double[] x = Mat.mul(winv, y[c]);
            for (int i = 0; i < l.clean(); i++) {
                System.arraycopy(x, 0, u, l.clean(c, i), d);
            }
            System.arraycopy(y[c], 0, u, l.label(c), d);
        }
        double[] z = Mat.mul(winv, ybar);
        for (int j = 0; j < l.shared(); j++) {
            System.arraycopy(z, 0, u, l.shared(j), d);
        }
        for (int i = 0; i < d; i++) {
            System.arraycopy(w[i], 0, u, l.size() + i * d, d);
        }
        return u;
    }

    private record MapCheck(int d2Runs, int d2Mismatches, int d2Collapsed, int d2CollapsedSplit, int separated,
                            int separatedSplit, String splitByDim, int rankViolations, int strictRankViolations,
                            int signViolations) {
    }

    private static MapCheck mapCheck() throws InterruptedException {
        int d2Runs = 0;
        int d2Mismatches = 0;
        int d2Collapsed = 0;
        int d2CollapsedSplit = 0;
        int separated = 0;
        int separatedSplit = 0;
        int rankViolations = 0;
        int strictRankViolations = 0;
        int signViolations = 0;
        java.util.TreeMap<Integer, int[]> byDim = new java.util.TreeMap<>();
        for (Map<String, Object> row : BasinMap.sg()) {
            if (!row.containsKey("meanSplit")) {
                continue;
            }
            int d = (Integer) row.get("dim");
            String outcome = (String) row.get("outcome");
            double[] split = (double[]) row.get("meanSplit");
            boolean twoSided = Math.min(split[0], split[1]) > SPLIT_PRESENT;
            if (d == 2) {
                d2Runs++;
                boolean sep = "separated".equals(outcome);
                d2Mismatches += sep != ((Double) row.get("detW") > 0) ? 1 : 0;
                if ("collapsed".equals(outcome)) {
                    d2Collapsed++;
                    d2CollapsedSplit += twoSided ? 1 : 0;
                }
            }
            if (!"separated".equals(outcome)) {
                continue;
            }
            separated++;
            separatedSplit += twoSided ? 1 : 0;
            int[] cell = byDim.computeIfAbsent(d, x -> new int[2]);
            cell[0] += twoSided ? 1 : 0;
            cell[1]++;
            int rank = (Integer) row.get("biasRank");
            rankViolations += rank > d - (twoSided ? 2 : 1) ? 1 : 0;
            strictRankViolations += rank > d - 2 ? 1 : 0;
            if (!twoSided) {
                double sigma = split[0] > split[1] ? 1 : -1;
                double protectedValue = (Double) row.get("protectedValue");
                for (double[] ev : (double[][]) row.get("wSpectrum")) {
                    boolean isProtected = Math.abs(ev[1]) < 1e-9
                            && Math.abs(ev[0] * ev[0] - protectedValue) < 1e-3;
                    signViolations += isProtected && ev[0] * sigma < 0 ? 1 : 0;
                }
            }
        }
        StringBuilder dims = new StringBuilder();
        byDim.forEach((d, c) -> dims.append(dims.length() > 0 ? ", " : "").append("d=").append(d).append(' ')
                .append(c[0]).append('/').append(c[1]));
        return new MapCheck(d2Runs, d2Mismatches, d2Collapsed, d2CollapsedSplit, separated, separatedSplit,
                dims.toString(), rankViolations, strictRankViolations, signViolations);
    }
}
