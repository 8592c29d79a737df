package org.collapseharness.verification.claims;

import static org.collapseharness.verification.claims.ProjectionRuns.EXPLICIT;
import static org.collapseharness.verification.claims.ProjectionRuns.T_END;
import static org.collapseharness.verification.claims.ProjectionRuns.ok;
import static org.collapseharness.verification.claims.ProjectionRuns.sg;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.collapseharness.numerics.ArrayOps;
import org.collapseharness.numerics.BiasSubspace;
import org.collapseharness.numerics.Jacobians;
import org.collapseharness.numerics.NumericSpectrum;
import org.collapseharness.numerics.ParticleLayout;
import org.collapseharness.numerics.ProjectionFlow;
import org.collapseharness.numerics.ProjectionSimulator;
import org.collapseharness.numerics.TimeGrid;
import org.collapseharness.theory.Bindings;
import org.collapseharness.theory.Mat;
import org.collapseharness.theory.ProjectionTheory;
import org.collapseharness.verification.Claim;
import org.collapseharness.verification.ClaimSpec;
import org.collapseharness.verification.Evidence;
import org.collapseharness.verification.Format;
import org.collapseharness.verification.Measure;
import org.collapseharness.verification.Thresholds;
import org.collapseharness.verification.Tolerances;
import org.collapseharness.verification.report.Plots;

/** Claims of paper §4.2 (d–g): stability of the separated fixed points, the sg ablation, steady states at large n. */
public final class Section42StabilityClaims {
    /** Measurement {@code fixedPointFamilyDimension}. */
    public static final Measure FIXED_POINT_FAMILY_DIMENSION = Measure.of("fixedPointFamilyDimension");
    /** Measurement {@code flips}. */
    public static final Measure FLIPS = Measure.of("flips");
    /** Measurement {@code zeroModes}. */
    public static final Measure ZERO_MODES = Measure.of("zeroModes");

    private Section42StabilityClaims() {
    }

    public static List<Claim> claims() {
        String src = Section42StabilityClaims.class.getName();
        return List.of(
                new Claim(new ClaimSpec("4.2-d", "§4.2", "Non-collapsed fixed points are linearly stable",
                        "Beyond the paper: the Jacobian of the sg field at the end state has no eigenvalue with "
                                + "positive real part; its zero modes are the rotation symmetry and the family of "
                                + "fixed points.", List.of("4.2-c"), false, src), Section42StabilityClaims::stability),
                new Claim(new ClaimSpec("4.2-e", "§4.2", "Ablation: toggling sg flips the outcome",
                        "From the same initial states at d = 3 (the d = 3 cells of the basin map of 4.2-c), toggling "
                                + "stop-gradient alone flips the outcome: without sg no run separates (Wilson 95 % "
                                + "upper bound of P(separated) at most 0.11), with sg most runs separate and flip "
                                + "(Wilson lower bound of P(flip) at least 3/4).", List.of("4.1-c", "4.2-c"), false, src),
                        Section42StabilityClaims::ablation),
                new Claim(new ClaimSpec("4.2-f", "§4.2", "With sg the flow reaches a steady state at n = 10^3",
                        "With stop-gradient at n = 10^3 per class (m = 250, K = 3, d = 3) the exact moment reduction, "
                                + "integrated by Rodas4, reaches a steady state: relative field "
                                + "residual below tolerance and the derived protected value 1 − ρ on the bias span; "
                                + "DP853 on small n witnesses the integrator setting.", List.of("4.2-c"), false,
                        ProjectionSteadyStateClaims.class.getName()), ProjectionSteadyStateClaims::steadyStateLargeN),
                new Claim(new ClaimSpec("4.2-g", "§4.2", "With sg the flow reaches a steady state at n = 10^4",
                        "The check of 4.2-f at n = 10^4 per class (m = 2500, K = 3, d = 3, T = 4000, Rodas4 rtol "
                                + "1e-8 with the derived Jacobian): relative field residual below tolerance and the derived "
                                + "protected value 1 − ρ on the bias span.", List.of("4.2-f"), true,
                        ProjectionSteadyStateClaims.class.getName()), ProjectionSteadyStateClaims::steadyStateN1e4),
                new Claim(new ClaimSpec("4.2-h", "§4.2", "The basin of separation depends on the dimension",
                        "Beyond the paper: with stop-gradient, P(separated) is set by the embedding dimension d: "
                                + "no initial state separates at d = 1 (Wilson 95 % upper bound at most 0.11), few "
                                + "at d = 2 (upper bound at most 1/2), most at d = 3 (lower bound at least 3/4), for "
                                + "K ∈ {2, 3} and ρ ∈ {0.2, 0.5}. Counting (from 4.2-a): a separated fixed point has "
                                + "W² = 1 − ρ on the bias span and W² ȳ = ȳ, so ȳ ≠ 0 lies outside the bias span "
                                + "and rank(biases) ≤ d − 1; at d = 1 no separated state exists unless ȳ = 0.",
                        List.of("4.2-a", "4.2-c"), false, src), Section42StabilityClaims::dimensionDependence));
    }

    static void stability(Evidence e) {
        ParticleLayout l = new ParticleLayout(3, 4, 1, 2);
        long seed = 2;
        ProjectionSimulator.Result r = ProjectionSimulator.simulate(l, true, seed, TimeGrid.uniform(T_END, 10),
                ProjectionSimulator.Representation.FULL, EXPLICIT);
        if (!ok(e, r, "sg full run")) {
            return;
        }
        if (!Thresholds.SEPARATED.holds(ArrayOps.last(r.minL2()))) {
            e.fail("the reference sg run collapsed");
            return;
        }
        ProjectionFlow f = new ProjectionFlow(l, true);
        double[] u = r.solution().last();
        double[][] j = Jacobians.dense(f, 0, u, new long[1]);
        double[][] ev = NumericSpectrum.eigenvalues(j);
        double scale = NumericSpectrum.maxModulus(ev);
        int zero = NumericSpectrum.zeroModes(ev, Tolerances.ZERO_MODE.value());
        double maxReNonZero = NumericSpectrum.maxRealPartNonZero(ev, Tolerances.ZERO_MODE.value());
        double maxRe = Arrays.stream(ev).mapToDouble(v -> v[0]).max().orElse(Double.NEGATIVE_INFINITY);
        // Rotation symmetry: s -> Q s, y -> Q y, W -> Q W Q^T (Q orthogonal); generator A antisymmetric.
        int d = l.dim();
        double[] gen = new double[u.length];
        double[][] a = new double[d][d];
        a[0][1] = 1;
        a[1][0] = -1;
        for (int v = 0; v < l.vectors(); v++) {
            double[] x = Arrays.copyOfRange(u, v * d, v * d + d);
            double[] ax = Mat.mul(a, x);
            System.arraycopy(ax, 0, gen, v * d, d);
        }
        double[][] w = f.w(u);
        double[][] comm = Mat.add(Mat.mul(a, w), Mat.mul(w, a), -1);
        for (int p = 0; p < d; p++) {
            System.arraycopy(comm[p], 0, gen, f.wOffset() + p * d, d);
        }
        double genResidual = ArrayOps.norm(Mat.mul(j, gen)) / ArrayOps.norm(gen) / scale;
        double[] rnd = new double[u.length];
        Random rr = new Random(44);
        for (int i = 0; i < rnd.length; i++) {
            rnd[i] = rr.nextGaussian();
        }
        double rndResidual = ArrayOps.norm(Mat.mul(j, rnd)) / ArrayOps.norm(rnd) / scale;
        // Fixed-point family: nullity of the derived steady-state conditions Φ at the end state.
        double[][] dphi = phiJacobian(l, u);
        long family = NumericSpectrum.nullity(dphi, Tolerances.NULLITY_DIFFERENCES.value());
        double[] phiSv = NumericSpectrum.singularValues(dphi);
        Arrays.sort(phiSv);
        e.measure("phiSmallestSingularValues", Arrays.copyOf(phiSv, Math.min(8, phiSv.length)));
        double[] mods = Arrays.stream(ev).mapToDouble(v -> Math.hypot(v[0], v[1])).sorted().toArray();
        e.measure("smallestEigenvalueModuli", Arrays.copyOf(mods, Math.min(8, mods.length)));
        e.param("model", "K=3, n=4, m=1, d=2, seed 2, full particles, t = " + T_END);
        e.measure("maxRealPart", maxRe).measure("maxRealPartNonZero", maxReNonZero).measure(ZERO_MODES, zero)
                .measure("rotationGeneratorResidual", genResidual).measure("randomVectorResidual", rndResidual)
                .measure(FIXED_POINT_FAMILY_DIMENSION, family).measure("jacobianScale", scale);
        e.bound("largest real part of a non-zero eigenvalue (relative to the spectral scale)", maxReNonZero / scale,
                Thresholds.STABLE_SPECTRUM);
        e.bound("rotation generator lies in the kernel: |J g|/(|g| scale)", genResidual, Thresholds.IN_KERNEL);
        e.controlFails("a random vector is not in the kernel (|J v|/(|v| scale) = " + Format.sig4(rndResidual) + ")", rndResidual,
                Thresholds.IN_KERNEL);
        e.requireEqual("zero modes of the sg Jacobian = dimension of the derived fixed-point family (rotation included)",
                zero, family);
        e.note("zero modes: " + zero + " = 1 rotation (d(d−1)/2) + " + (zero - 1) + " further directions along the "
                + "family of fixed points {W² dy = (1−ρ) dy, W² ybar = ybar, samples at W^-1 y}");
    }


    /** Jacobian (central differences) of the derived steady-state conditions Φ at a full state. */
    static double[][] phiJacobian(ParticleLayout l, double[] u) {
        return Jacobians.dense(x -> phi(l, x), u);
    }

    /** Φ: P dy_c − μ dy_c, P ybar − μ̄ ybar, samples − S y (P, μ, μ̄, S derived). */
    static double[] phi(ParticleLayout l, double[] u) {
        ProjectionTheory th = sg();
        int d = l.dim();
        ProjectionFlow f = new ProjectionFlow(l, true);
        double[][] w = f.w(u);
        double[][] p = th.biasOperator().at(w);
        double[][] s = th.sampleOperator(w);
        double rho = l.model().rho();
        double mu = th.protectedValue().at(Bindings.of("rho", rho));
        double mean = th.meanValue().at(Bindings.of());
        double[][] y = f.labels(u);
        double[][] bias = BiasSubspace.biases(y);
        double[] ybar = BiasSubspace.mean(y);
        List<Double> out = new ArrayList<>();
        for (double[] b : bias) {
            for (double v : ArrayOps.subtract(Mat.mul(p, b), ArrayOps.scale(b, mu))) {
                out.add(v);
            }
        }
        for (double v : ArrayOps.subtract(Mat.mul(p, ybar), ArrayOps.scale(ybar, mean))) {
            out.add(v);
        }
        for (int c = 0; c < l.classes(); c++) {
            double[] sy = Mat.mul(s, y[c]);
            for (int i = 0; i < l.clean(); i++) {
                for (int q = 0; q < d; q++) {
                    out.add(u[l.clean(c, i) + q] - sy[q]);
                }
            }
        }
        double[] sm = Mat.mul(s, ybar);
        for (int j = 0; j < l.shared(); j++) {
            for (int q = 0; q < d; q++) {
                out.add(u[l.shared(j) + q] - sm[q]);
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static void ablation(Evidence e) throws InterruptedException {
        Map<String, Map<String, Object>> sgByState = new java.util.HashMap<>();
        for (Map<String, Object> r : BasinMap.sg()) {
            sgByState.put(((String) r.get("key")), r);
        }
        List<Map<String, Object>> noSg = BasinMap.noSg();
        int flips = 0;
        int bothCollapse = 0;
        List<String> other = new ArrayList<>();
        for (Map<String, Object> b : noSg) {
            Map<String, Object> a = sgByState.get((String) b.get("key"));
            if (!"OK".equals(b.get("status")) || !"OK".equals(a.get("status"))) {
                e.fail("run " + b.get("key") + ": " + b.get("reason") + " / " + a.get("reason"));
                return;
            }
            boolean sgSep = "separated".equals(a.get("outcome"));
            boolean noCollapsed = "collapsed".equals(b.get("outcome"));
            if (sgSep && noCollapsed) {
                flips++;
            } else {
                bothCollapse += noCollapsed && "collapsed".equals(a.get("outcome")) ? 1 : 0;
                other.add(b.get("key") + ": sg " + a.get("outcome") + ", no sg " + b.get("outcome"));
            }
        }
        BasinMap.Count no = BasinMap.Count.of(noSg, r -> true);
        BasinMap.Count sgD3 = BasinMap.Count.of(BasinMap.sg(), BasinMap.dim(3));
        double[] flipInterval = org.collapseharness.verification.basins.Basins.wilson(flips, noSg.size());
        e.param("initial states", BasinMap.gridText(BasinMap.NO_SG) + ", each run with and without sg");
        e.measure(FLIPS, flips).measure("runs", noSg.size()).measure("noSg", no.toString())
                .measure("sg", sgD3.toString()).measure("bothCollapse", bothCollapse)
                .measure("notFlipped", other.isEmpty() ? "none" : String.join("; ", other));
        e.bound("Wilson 95% upper bound of P(separated) without sg", no.wilsonHigh(),
                Thresholds.BASIN_NEVER_SEPARATES);
        e.controlFails("the same bound for the same initial states with sg (" + sgD3 + ")", sgD3.wilsonHigh(),
                Thresholds.BASIN_NEVER_SEPARATES);
        e.require("Wilson 95% lower bound of P(toggling sg flips collapse into separation)", flipInterval[0],
                Thresholds.BASIN_MOSTLY_SEPARATES, Math.min(1, flipInterval[1] + 0.01),
                "a bound above the Wilson upper bound");
        e.requireEqual("runs without sg that end separated", no.separated(), 0);
        e.note("at d ≤ 2 most initial states collapse with and without sg (4.2-h); the flip is a property of the "
                + "initial states in the basin of separation, which at d = 3 holds most of them");
        ParticleLayout l = new ParticleLayout(3, 4, 1, 3);
        double[] times = TimeGrid.mixed(T_END, 1e-2, 30, 60);
        var rodas = org.collapseharness.numerics.OdeAlgorithm.rodas(1e-6, 1e-8);
        ProjectionSimulator.Result withSg = ProjectionSimulator.simulate(l, true, 1, times,
                ProjectionSimulator.Representation.MOMENTS, rodas);
        ProjectionSimulator.Result without = ProjectionSimulator.simulate(l, false, 1, times,
                ProjectionSimulator.Representation.MOMENTS, rodas);
        if (ok(e, withSg, "sg plot run") && ok(e, without, "no-sg plot run")) {
            e.plot(Plots.logLog("fig-4.2-e", "MinL2(t) with and without stop-gradient (same initial state, K=3, "
                            + "n=4, m=1, d=3, seed 1)", "t", "MinL2")
                    .line("with sg", ArrayOps.dropFirst(withSg.times()), ArrayOps.dropFirst(withSg.minL2()))
                    .dashed("without sg", ArrayOps.dropFirst(without.times()),
                            ArrayOps.atLeast(ArrayOps.dropFirst(without.minL2()), 1e-16)).build());
        }
    }

    static void dimensionDependence(Evidence e) throws InterruptedException {
        List<Map<String, Object>> runs = BasinMap.sg();
        BasinMap.Count d1 = BasinMap.Count.of(runs, BasinMap.dim(1));
        BasinMap.Count d2 = BasinMap.Count.of(runs, BasinMap.dim(2));
        BasinMap.Count d3 = BasinMap.Count.of(runs, BasinMap.dim(3));
        int overfull = 0;
        double minMeanD1 = Double.POSITIVE_INFINITY;
        for (Map<String, Object> r : runs) {
            if (!"OK".equals(r.get("status"))) {
                e.fail("run " + r.get("key") + ": " + r.get("reason"));
                return;
            }
            int d = (Integer) r.get("dim");
            double mean = (Double) r.get("labelMeanNorm");
            if (d == 1) {
                minMeanD1 = Math.min(minMeanD1, mean);
            }
            if ("separated".equals(r.get("outcome")) && (Integer) r.get("biasRank") + (mean > 1e-6 ? 1 : 0) > d) {
                overfull++;
            }
        }
        e.param("basin map", BasinMap.gridText(BasinMap.SG));
        e.measure("d1", d1.toString()).measure("d2", d2.toString()).measure("d3", d3.toString())
                .measure("separatedWithRankPlusMeanAboveD", overfull).measure("minLabelMeanNormD1", minMeanD1);
        e.bound("Wilson 95% upper bound of P(separated) at d = 1", d1.wilsonHigh(), Thresholds.BASIN_NEVER_SEPARATES);
        e.bound("Wilson 95% upper bound of P(separated) at d = 2", d2.wilsonHigh(), Thresholds.BASIN_RARELY_SEPARATES);
        e.require("Wilson 95% lower bound of P(separated) at d = 3", d3.wilsonLow(), Thresholds.BASIN_MOSTLY_SEPARATES,
                Math.min(1, d3.wilsonHigh() + 0.01), "a bound above the Wilson upper bound");
        e.controlFails("the d = 1 bound applied to d = 3 (" + d3 + ")", d3.wilsonHigh(),
                Thresholds.BASIN_NEVER_SEPARATES);
        e.controlFails("the d = 2 bound applied to d = 3", d3.wilsonHigh(), Thresholds.BASIN_RARELY_SEPARATES);
        e.requireEqual("separated end states with rank(biases) + [ȳ ≠ 0] > d (the counting argument)", overfull, 0);
        e.note("smallest |ȳ| over the d = 1 end states: " + Format.sig4(minMeanD1) + " (the label mean does not "
                + "vanish, so no separated state is available at d = 1)");
        e.note("not covered by the counting: why most d = 2 states collapse although one spare direction exists for "
                + "K = 2 (collapsed d = 2 end states have W with eigenvalues of both signs, see docs/basins.md), and "
                + "the attraction of the separated states at d ≥ 3 (4.2-d: linear stability of one end state)");
        List<Double> ds = new ArrayList<>();
        List<Double> lowY = new ArrayList<>();
        List<Double> midY = new ArrayList<>();
        List<Double> highY = new ArrayList<>();
        for (int d : BasinMap.SG.dims()) {
            BasinMap.Count c = BasinMap.Count.of(runs, BasinMap.dim(d));
            ds.add((double) d);
            lowY.add(c.wilsonLow());
            midY.add((double) c.separated() / c.runs());
            highY.add(c.wilsonHigh());
        }
        e.plot(Plots.linear("fig-4.2-h", "P(separated) with sg vs the embedding dimension (pooled over K, rho; "
                        + "Wilson 95% interval)", "d", "P(separated)")
                .markers("separated / runs", ArrayOps.toArray(ds), ArrayOps.toArray(midY)).paired("p")
                .dashed("Wilson lower", ArrayOps.toArray(ds), ArrayOps.toArray(lowY)).paired("p")
                .dashed("Wilson upper", ArrayOps.toArray(ds), ArrayOps.toArray(highY)).paired("p").build());
    }
}
