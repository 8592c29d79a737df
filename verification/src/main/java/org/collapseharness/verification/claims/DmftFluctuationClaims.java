package org.collapseharness.verification.claims;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.collapseharness.numerics.ArrayOps;
import org.collapseharness.numerics.ParticleLayout;
import org.collapseharness.numerics.ProjectionFlow;
import org.collapseharness.numerics.ProjectionMoments;
import org.collapseharness.numerics.ProjectionSimulator;
import org.collapseharness.theory.FluctuationTheory;
import org.collapseharness.theory.Mat;
import org.collapseharness.theory.symbolic.DmftDerivation;
import org.collapseharness.verification.Claim;
import org.collapseharness.verification.ClaimSpec;
import org.collapseharness.verification.Evidence;
import org.collapseharness.verification.Measure;
import org.collapseharness.verification.Thresholds;
import org.collapseharness.verification.Tolerances;

/** Claim of paper §4.3 (e): the fluctuations obey linear equations driven by the medium. */
public final class DmftFluctuationClaims {
    /** Measurement {@code generatorSg}. */
    public static final Measure GENERATOR_SG = Measure.of("generatorSg");
    /** Measurement {@code generatorNoSg}. */
    public static final Measure GENERATOR_NO_SG = Measure.of("generatorNoSg");
    /** Measurement {@code memorySg}. */
    public static final Measure MEMORY_SG = Measure.of("memorySg");
    /** Measurement {@code memoryNoSg}. */
    public static final Measure MEMORY_NO_SG = Measure.of("memoryNoSg");

    private DmftFluctuationClaims() {
    }

    public static List<Claim> claims() {
        String src = DmftFluctuationClaims.class.getName();
        return List.of(
                new Claim(new ClaimSpec("4.3-e", "§4.3", "The fluctuations obey linear equations driven by the medium",
                        "Derived symbolically from the per-pair loss: sample fluctuations move linearly, x' ↦ L(W) x' "
                                + "(z' ↦ K L(W) z'), with L free of labels and means (with sg L = −G = −WᵀW), so "
                                + "C(t) = R C(0) Rᵀ; labels see only the means; W sees the fluctuations only through "
                                + "the memory term M(W, Cx) + K M(W, Cz). Checked against the full particle field and "
                                + "the moment reduction the DMFT solver iterates.", List.of("4.2-a"), false, src),
                        DmftFluctuationClaims::fluctuationEquations));
    }

    static double[][] block(double[] u, int at, int d) {
        double[][] b = new double[d][d];
        for (int p = 0; p < d; p++) {
            System.arraycopy(u, at + p * d, b[p], 0, d);
        }
        return b;
    }

    /**
     * 4.3-e: the derived fluctuation equations against (1) the full particle field (hand-coded ProjectionFlow) and
     * (2) the moment field (ProjectionMoments) that the DMFT solver iterates, with and without stop-gradient.
     */
    static void fluctuationEquations(Evidence e) {
        int[] g = {3, 4, 2, 3};
        ParticleLayout l = new ParticleLayout(g[0], g[1], g[2], g[3]);
        int k = g[0];
        int n = g[1];
        int m = g[2];
        int d = g[3];
        List<Double> measVel = new ArrayList<>();
        List<Double> expVel = new ArrayList<>();
        List<Double> measMem = new ArrayList<>();
        List<Double> expMem = new ArrayList<>();
        List<Double> measCov = new ArrayList<>();
        List<Double> expCov = new ArrayList<>();
        double labelFluct = 0;
        double wrongMedium = 0;
        double wFluct = 0;
        for (boolean sg : new boolean[] {true, false}) {
            FluctuationTheory th = DmftDerivation.derive(sg);
            e.measure(sg ? GENERATOR_SG : GENERATOR_NO_SG, th.generator().text())
                    .measure(sg ? MEMORY_SG : MEMORY_NO_SG, th.memoryText());
            if (sg) {
                e.measure("equations", String.join("; ", th.equations()))
                        .measure("fluctuationFieldSg", String.join("; ", th.fluctuationField()));
            }
            for (long seed = 1; seed <= 2; seed++) {
                double[] u = ProjectionSimulator.initialState(l, seed);
                java.util.Random r = new java.util.Random(seed + 100);
                for (int i = l.size(); i < u.length; i++) {
                    u[i] += 0.5 * r.nextGaussian(); // a generic W, not only near the identity
                }
                ProjectionFlow flow = new ProjectionFlow(l, sg);
                double[] f = flow.computeDerivatives(0, u);
                double[][] w = flow.w(u);
                double[][] lw = th.generatorAt(w);
                double[][] wrongL = Mat.scale(Mat.mul(w, Mat.transpose(w)), -1); // W Wᵀ instead of WᵀW
                // collapsed state: every sample moved to its group mean
                double[] col = u.clone();
                double[][] cx = new double[d][d];
                double[][] cz = new double[d][d];
                List<int[]> groups = new ArrayList<>();
                for (int c = 0; c < k; c++) {
                    groups.add(new int[] {c, n});
                }
                groups.add(new int[] {-1, m});
                for (int[] grp : groups) {
                    int size = grp[1];
                    double scale = grp[0] < 0 ? k : 1;
                    double[] mean = new double[d];
                    double[] fmean = new double[d];
                    for (int i = 0; i < size; i++) {
                        int at = grp[0] < 0 ? l.shared(i) : l.clean(grp[0], i);
                        for (int p = 0; p < d; p++) {
                            mean[p] += u[at + p] / size;
                            fmean[p] += f[at + p] / size;
                        }
                    }
                    for (int i = 0; i < size; i++) {
                        int at = grp[0] < 0 ? l.shared(i) : l.clean(grp[0], i);
                        double[] fl = new double[d];
                        for (int p = 0; p < d; p++) {
                            fl[p] = u[at + p] - mean[p];
                        }
                        double[] pred = Mat.mul(lw, fl);
                        double[] wrong = Mat.mul(wrongL, fl);
                        for (int p = 0; p < d; p++) {
                            measVel.add(f[at + p] - fmean[p]);
                            expVel.add(scale * pred[p]);
                            wrongMedium = Math.max(wrongMedium, Math.abs(f[at + p] - fmean[p] - scale * wrong[p]));
                            for (int q = 0; q < d; q++) {
                                (grp[0] < 0 ? cz : cx)[p][q] += fl[p] * fl[q];
                            }
                            col[at + p] = mean[p];
                        }
                    }
                }
                double[] fc = flow.computeDerivatives(0, col);
                for (int c = 0; c < k; c++) {
                    for (int p = 0; p < d; p++) {
                        labelFluct = Math.max(labelFluct, Math.abs(f[l.label(c) + p] - fc[l.label(c) + p]));
                    }
                }
                double[][] mem = Mat.add(th.memoryAt(w, cx), th.memoryAt(w, cz), k);
                for (int p = 0; p < d; p++) {
                    for (int q = 0; q < d; q++) {
                        double dw = f[flow.wOffset() + p * d + q] - fc[flow.wOffset() + p * d + q];
                        measMem.add(dw);
                        expMem.add(mem[p][q]);
                        wFluct = Math.max(wFluct, Math.abs(dw));
                    }
                }
                // (2) the moment field the DMFT iterates: dCx/dt, dCz/dt, and the C-dependence of dW/dt
                ProjectionMoments mo = new ProjectionMoments(k, n, m, d, sg);
                double[] s0 = mo.fromParticles(l, u);
                double[] fm = mo.computeDerivatives(0, s0);
                double[] s1 = s0.clone();
                for (int i = mo.cx(); i < mo.wOffset(); i++) {
                    s1[i] = 0;
                }
                double[] fm0 = mo.computeDerivatives(0, s1);
                double[][] rx = th.covarianceRate(w, block(s0, mo.cx(), d), 1);
                double[][] rz = th.covarianceRate(w, block(s0, mo.cz(), d), k);
                double[][] memM = Mat.add(th.memoryAt(w, block(s0, mo.cx(), d)), th.memoryAt(w, block(s0, mo.cz(), d)), k);
                for (int p = 0; p < d; p++) {
                    for (int q = 0; q < d; q++) {
                        measCov.add(fm[mo.cx() + p * d + q]);
                        expCov.add(rx[p][q]);
                        measCov.add(fm[mo.cz() + p * d + q]);
                        expCov.add(rz[p][q]);
                        measCov.add(fm[mo.wOffset() + p * d + q] - fm0[mo.wOffset() + p * d + q]);
                        expCov.add(memM[p][q]);
                    }
                }
            }
        }
        e.param("layout (K, n, m, d)", Arrays.toString(g)).param("states", "initial states of seeds 1, 2 with W "
                + "perturbed by 0.5 N(0,1) per entry").param("models", "with and without stop-gradient")
                .param("derivation", "theory.symbolic.DmftDerivation (d = 2 entries; words evaluated at d = 3)");
        e.measure("labelFieldFluctuationPart", labelFluct).measure("wFieldFluctuationPart", wFluct);
        e.compareAll("particle fluctuation velocities (ProjectionFlow) vs derived L(W) x' and K L(W) z'",
                ArrayOps.toArray(measVel), ArrayOps.toArray(expVel), Tolerances.FLUCTUATION_FIELD);
        e.compareAll("fluctuation part of dW/dt (ProjectionFlow: state minus collapsed state) vs derived M(W, Cx) + "
                + "K M(W, Cz)", ArrayOps.toArray(measMem), ArrayOps.toArray(expMem), Tolerances.FLUCTUATION_FIELD);
        e.compareAll("moment field (ProjectionMoments): dCx/dt, dCz/dt and the C-part of dW/dt vs derived "
                + "L C + C Lᵀ, K (L C + C Lᵀ), M", ArrayOps.toArray(measCov), ArrayOps.toArray(expCov), Tolerances.FLUCTUATION_FIELD);
        e.bound("fluctuation part of the label field (labels see only the means)", labelFluct, Thresholds.MEAN_ONLY_FIELD);
        e.controlFails("the same label check applied to the W field (which does see the fluctuations) is rejected "
                + "(fluctuation part " + wFluct + ")", wFluct, Thresholds.MEAN_ONLY_FIELD);
        e.control("the medium W Wᵀ instead of WᵀW misses the particle fluctuation velocities (by " + wrongMedium + ")",
                wrongMedium, Tolerances.FLUCTUATION_FIELD.value(), wrongMedium > Tolerances.FLUCTUATION_FIELD.value());
    }
}
