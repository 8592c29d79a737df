package org.collapseharness.verification.claims;

import static org.collapseharness.numerics.ArrayOps.dropFirst;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.collapseharness.numerics.RateFit;
import org.collapseharness.numerics.network.GradientCheck;
import org.collapseharness.numerics.network.NetworkData;
import org.collapseharness.numerics.network.NetworkTrajectory;
import org.collapseharness.numerics.network.TanhNetwork;
import org.collapseharness.theory.NetworkMode;
import org.collapseharness.theory.NetworkModel;
import org.collapseharness.theory.symbolic.LinearFlowDerivation;
import org.collapseharness.verification.Claim;
import org.collapseharness.verification.ClaimSpec;
import org.collapseharness.verification.Evidence;
import org.collapseharness.verification.Format;
import org.collapseharness.verification.Measure;
import org.collapseharness.verification.Plot;
import org.collapseharness.verification.Threshold;
import org.collapseharness.verification.Thresholds;
import org.collapseharness.verification.Tolerances;
import org.collapseharness.verification.report.Plots;

/**
 * Claims of paper §1: the two-stage pattern in a trained nonlinear network (our reconstruction, see
 * docs/section-1-network.md). Runs: {@link NetworkRuns#DEFAULT} in the three modes at ρ = 0.2, and plain at ρ = 0.
 */
public final class Section1NetworkClaims {

    /** Measurement {@code accuracyPeak} (head + sg run in 1-d). */
    public static final Measure ACCURACY_PEAK = Measure.of("accuracyPeak");
    /** Measurement {@code accuracyFinal} (head + sg run in 1-d). */
    public static final Measure ACCURACY_FINAL = Measure.of("accuracyFinal");
    /** Measurement {@code accuracyDeclineRho0}: peak − final accuracy of the ρ = 0 run. */
    public static final Measure ACCURACY_DECLINE_RHO0 = Measure.of("accuracyDeclineRho0");
    /** Measurement {@code lossAtPeak}. */
    public static final Measure LOSS_AT_PEAK = Measure.of("lossAtPeak");
    /** Measurement {@code lossFinal}. */
    public static final Measure LOSS_FINAL = Measure.of("lossFinal");
    /** Measurement {@code lossRisesAfterPeak}: fraction of recorded intervals after the peak in which the loss rose. */
    public static final Measure LOSS_RISES_AFTER_PEAK = Measure.of("lossRisesAfterPeak");
    /** Measurement {@code minL2Initial}. */
    public static final Measure MINL2_INITIAL = Measure.of("minL2Initial");
    /** Measurement {@code minL2AtPeak}. */
    public static final Measure MINL2_AT_PEAK = Measure.of("minL2AtPeak");
    /** Measurement {@code minL2Final}. */
    public static final Measure MINL2_FINAL = Measure.of("minL2Final");
    /** Measurement {@code lateRateOverMinimalModel}: late MinL2 rate over the minimal model's mapped slow rate. */
    public static final Measure LATE_RATE_OVER_MINIMAL_MODEL = Measure.of("lateRateOverMinimalModel");
    /** Measurement {@code minL2FinalOverPeak}. */
    public static final Measure MINL2_FINAL_OVER_PEAK = Measure.of("minL2FinalOverPeak");
    /** Measurement {@code minL2FinalOverPeakRho}: the same ratio of the frustrated run (1-c). */
    public static final Measure MINL2_FINAL_OVER_PEAK_RHO = Measure.of("minL2FinalOverPeakRho");
    /** Measurement {@code minimalModelSlowRate} (derived, per unit t). */
    public static final Measure MINIMAL_MODEL_SLOW_RATE = Measure.of("minimalModelSlowRate");
    /** Measurement {@code headMinL2FinalOverPeak}: the head run without stop-gradient (1-d). */
    public static final Measure HEAD_MINL2_FINAL_OVER_PEAK = Measure.of("headMinL2FinalOverPeak");
    /** Measurement {@code headAccuracyPeak}: the head run without stop-gradient (1-d). */
    public static final Measure HEAD_ACCURACY_PEAK = Measure.of("headAccuracyPeak");
    /** Measurement {@code headAccuracyFinal}: the head run without stop-gradient (1-d). */
    public static final Measure HEAD_ACCURACY_FINAL = Measure.of("headAccuracyFinal");

    private Section1NetworkClaims() {
    }

    public static List<Claim> claims() {
        String src = Section1NetworkClaims.class.getName();
        return List.of(
                new Claim(new ClaimSpec("1-a", "§1", "Accuracy peaks, then declines while the loss decreases",
                        "In a trained nonlinear network with frustrated samples the accuracy rises quickly to a "
                                + "peak, then declines while the loss keeps decreasing.", List.of(), false, src),
                        Section1NetworkClaims::accuracyPeak),
                new Claim(new ClaimSpec("1-b", "§1", "MinL2 shrinks slowly after the peak",
                        "MinL2 changes little before the peak and shrinks steadily afterwards, at a late rate "
                                + "compared with the minimal model's slow rate for the same rho.", List.of("1-a"),
                        false, src), Section1NetworkClaims::slowShrink),
                new Claim(new ClaimSpec("1-c", "§1", "No frustration, no collapse",
                        "With rho = 0 the accuracy stays at its peak and MinL2 does not collapse.", List.of(), false,
                        src), Section1NetworkClaims::noFrustration),
                new Claim(new ClaimSpec("1-d", "§1", "Head + stop-gradient prevents collapse",
                        "With a shared projection head and stop-gradient MinL2 saturates and the accuracy stays near "
                                + "its peak; the same head without stop-gradient collapses.", List.of("1-b"), false,
                        src), Section1NetworkClaims::headStopGradient));
    }

    static NetworkModel model(NetworkMode mode, double rho) {
        return NetworkRuns.DEFAULT.withMode(mode).withRho(rho);
    }

    private static NetworkTrajectory run(Evidence e, NetworkMode mode, double rho) {
        NetworkTrajectory tr = NetworkRuns.run(model(mode, rho));
        if (!tr.ok() || tr.steps().length < 2) {
            e.fail(mode.word() + " at rho = " + rho + ": " + (tr.ok() ? "no records" : tr.message()));
        }
        return tr;
    }

    /**
     * A one-sided bound on this run, with its control: the same bound applied to the run that must not meet it (the
     * one without frustration, or the other variant) is rejected.
     */
    private static void boundAgainst(Evidence e, String quantity, double measured, Threshold threshold,
                                     String other, double otherMeasured) {
        e.bound(quantity, measured, threshold);
        e.controlFails(quantity + ": " + other + " meets it as well", otherMeasured, threshold);
    }

    /** False when a run failed (its diagnostics are already recorded by {@link #run}). */
    private static boolean usable(NetworkTrajectory... runs) {
        return Arrays.stream(runs).allMatch(r -> r.ok() && r.steps().length >= 2);
    }

    private static void parameters(Evidence e) {
        NetworkModel m = NetworkRuns.DEFAULT;
        e.param("classes", m.classes()).param("perClass", m.perClass()).param("rho", m.rho())
                .param("shared", m.shared()).param("inputDim", m.inputDim()).param("hidden", m.hidden())
                .param("dim", m.dim()).param("noise", m.noise()).param("eta", m.eta()).param("steps", m.steps())
                .param("seed", NetworkRuns.SEED).param("testPerClass", NetworkData.TEST_PER_CLASS);
    }

    private static void summary(Evidence e, String prefix, NetworkTrajectory tr) {
        NetworkRuns.summary(tr).forEach((k, v) -> e.measure(prefix.isEmpty() ? k
                : prefix + Character.toUpperCase(k.charAt(0)) + k.substring(1), v));
    }

    static void accuracyPeak(Evidence e) {
        parameters(e);
        for (NetworkMode mode : NetworkMode.values()) {
            NetworkModel small = new NetworkModel(3, 3, 0.25, 4, 5, 3, 0.7, 0.1, 10, mode);
            TanhNetwork net = new TanhNetwork(small, NetworkData.generate(small, NetworkRuns.SEED));
            double[] t = net.initial(NetworkRuns.SEED + 1);
            e.compare("backprop vs central differences, " + mode.word() + " (relative error)",
                    GradientCheck.backpropError(net, t), 0, Tolerances.NETWORK_BACKPROP);
        }
        NetworkTrajectory p = run(e, NetworkMode.PLAIN, NetworkRuns.DEFAULT.rho());
        NetworkTrajectory p0 = run(e, NetworkMode.PLAIN, 0);
        if (!usable(p, p0)) {
            return;
        }
        summary(e, "", p);
        double drop = p.accuracyPeak() - p.accuracyFinal();
        double drop0 = p0.accuracyPeak() - p0.accuracyFinal();
        e.measure("accuracyInitial", p.accuracy()[0]).measure("accuracyDecline", drop)
                .measure(ACCURACY_DECLINE_RHO0, drop0).measure(LOSS_RISES_AFTER_PEAK, p.lossRiseFractionAfterPeak());
        e.bound("accuracy rise from step 0 to the peak", p.accuracyPeak() - p.accuracy()[0],
                Thresholds.NETWORK_ACCURACY_RISE);
        e.bound("peak step / steps (an early peak)", (double) p.accuracyPeakStep() / p.steps()[p.steps().length - 1],
                Thresholds.NETWORK_EARLY_PEAK);
        boundAgainst(e, "accuracy decline after the peak (peak - final)", drop, Thresholds.NETWORK_ACCURACY_DECLINE,
                "the rho = 0 run", drop0);
        e.bound("loss final / loss at the peak", p.lossFinal() / p.lossAtPeak(), Thresholds.NETWORK_LOSS_FALLS);
        e.requireEqual("recorded intervals after the peak in which the loss rose",
                Math.round(p.lossRiseFractionAfterPeak() * (p.steps().length - 1 - p.peakIndex())), 0);
        e.note("Accuracy: held-out clean samples (" + NetworkData.TEST_PER_CLASS + " per class), nearest label "
                + "embedding to f(x). The loss decreases at every recorded interval after the peak while the accuracy "
                + "falls from " + Format.sig4(p.accuracyPeak()) + " to " + Format.sig4(p.accuracyFinal()) + ".");
        String rho = "rho = " + NetworkRuns.DEFAULT.rho();
        e.plot(Plots.logX("fig-1-a-accuracy", "Accuracy vs step (plain)", "step", "accuracy")
                .line(rho, steps(p), dropFirst(p.accuracy())).line("rho = 0", steps(p0), dropFirst(p0.accuracy()))
                .build());
        e.plot(Plots.logLog("fig-1-a-loss", "Loss vs step (plain)", "step", "loss")
                .line(rho, steps(p), dropFirst(p.loss())).line("rho = 0", steps(p0), dropFirst(p0.loss())).build());
    }

    static void slowShrink(Evidence e) {
        parameters(e);
        NetworkModel m = model(NetworkMode.PLAIN, NetworkRuns.DEFAULT.rho());
        NetworkTrajectory p = run(e, NetworkMode.PLAIN, m.rho());
        NetworkTrajectory p0 = run(e, NetworkMode.PLAIN, 0);
        if (!usable(p, p0)) {
            return;
        }
        summary(e, "", p);
        double shrink = p.minL2Final() / p.minL2AtPeak();
        double shrink0 = p0.minL2Final() / p0.minL2AtPeak();
        e.bound("MinL2 at the peak / initial (little change before the peak)", p.minL2AtPeak() / p.minL2Initial(),
                Thresholds.NETWORK_BEFORE_PEAK);
        boundAgainst(e, "MinL2 final / at the peak", shrink, Thresholds.NETWORK_COLLAPSED, "the rho = 0 run",
                shrink0);

        double lambda = LinearFlowDerivation.minimalSlowRate(m.minimalModel());
        double mapped = NetworkRuns.mappedSlowRate(m);
        double rate = p.minL2LateRate();
        double ratio = rate / mapped;
        double[] t = p.times();
        double end = t[t.length - 1];
        RateFit early = RateFit.fit(t, p.minL2(), NetworkTrajectory.LATE_WINDOW_START * end, 0.75 * end, 0);
        RateFit late = RateFit.fit(t, p.minL2(), 0.75 * end, end, 0);
        double curvature = early.ok() && late.ok() ? early.rate() / late.rate() : Double.NaN;
        e.measure(MINIMAL_MODEL_SLOW_RATE, lambda).measure("minimalModelSlowRatePerStepTime", mapped)
                .measure(LATE_RATE_OVER_MINIMAL_MODEL, ratio).measure("lateRateFirstOverSecondHalf", curvature)
                .measure("samplesN", m.samples());
        e.compare("log10(late MinL2 rate / minimal-model slow rate), t = eta step / N", Math.log10(ratio), 0,
                Tolerances.NETWORK_ORDER_OF_MAGNITUDE,
                Math.log10(rate / lambda), "without the time mapping (rate per unit t against per unit tau)");
        e.note("Minimal model (derived, LinearFlowDerivation): slow rate " + Format.sig4(lambda) + " per unit t for K = "
                + m.classes() + ", n = " + m.perClass() + ", m = " + m.shared() + "; mapped with t = eta step / N "
                + "(N = " + m.samples() + "): " + Format.sig4(mapped) + " per unit tau. Network late rate (fit over tau in ["
                + Format.sig4(NetworkTrajectory.LATE_WINDOW_START * end) + ", " + Format.sig4(end) + "]): " + Format.sig4(rate) + ".");
        e.deviation("late MinL2 rate / minimal-model slow rate", ratio, "1, one exponential",
                "The network's MinL2 does not decay as one exponential at the minimal model's slow rate: the late "
                        + "rate is " + Format.sig4(ratio) + " times the mapped slow rate, and the local rate keeps falling "
                        + "(first half of the late window " + Format.sig4(curvature) + " times the second), as the network "
                        + "partly fits the shared samples apart from their clusters and the frustration it feels "
                        + "weakens; the minimal model's samples are free and its slow mode is a single exponential.");
        double tPeak = t[p.peakIndex()];
        double[] st = steps(p);
        double[] pred = new double[st.length];
        for (int i = 0; i < st.length; i++) {
            double tau = st[i] * m.eta();
            pred[i] = tau < tPeak ? Double.NaN : p.minL2AtPeak() * Math.exp(-mapped * (tau - tPeak));
        }
        e.plot(Plots.logLog("fig-1-b-minl2", "MinL2 vs step (plain), with the minimal model's mapped slow decay",
                        "step", "MinL2")
                .line("rho = " + m.rho(), st, dropFirst(p.minL2())).paired("rho")
                .dashed("minimal model from the peak", st, pred).paired("rho")
                .line("rho = 0", steps(p0), dropFirst(p0.minL2())).build());
    }

    static void noFrustration(Evidence e) {
        parameters(e);
        NetworkTrajectory p0 = run(e, NetworkMode.PLAIN, 0);
        NetworkTrajectory p = run(e, NetworkMode.PLAIN, NetworkRuns.DEFAULT.rho());
        if (!usable(p0, p)) {
            return;
        }
        summary(e, "", p0);
        double keep0 = p0.minL2Final() / p0.minL2AtPeak();
        double keep = p.minL2Final() / p.minL2AtPeak();
        double drop0 = p0.accuracyPeak() - p0.accuracyFinal();
        double drop = p.accuracyPeak() - p.accuracyFinal();
        String other = "the rho = " + NetworkRuns.DEFAULT.rho() + " run";
        boundAgainst(e, "MinL2 final / at the peak, rho = 0", keep0, Thresholds.NETWORK_SATURATED, other, keep);
        boundAgainst(e, "accuracy peak - final, rho = 0", drop0, Thresholds.NETWORK_ACCURACY_STAYS, other, drop);
        NetworkModel m = model(NetworkMode.PLAIN, NetworkRuns.DEFAULT.rho());
        double mapped = NetworkRuns.mappedSlowRate(m);
        double derived0 = NetworkRuns.mappedSlowRate(model(NetworkMode.PLAIN, 0));
        e.compare("late MinL2 rate at rho = 0 (per unit tau) vs the minimal model's (0: a fixed point)",
                p0.minL2LateRate(), derived0, Tolerances.networkRateAtZero(mapped), mapped,
                "the minimal model's rate at rho = " + m.rho());
        e.measure(MINL2_FINAL_OVER_PEAK, keep0).measure(MINL2_FINAL_OVER_PEAK_RHO, keep)
                .measure(MINIMAL_MODEL_SLOW_RATE, derived0);
    }

    static void headStopGradient(Evidence e) {
        parameters(e);
        double rho = NetworkRuns.DEFAULT.rho();
        NetworkTrajectory p = run(e, NetworkMode.PLAIN, rho);
        NetworkTrajectory h = run(e, NetworkMode.HEAD, rho);
        NetworkTrajectory s = run(e, NetworkMode.HEAD_SG, rho);
        if (!usable(p, h, s)) {
            return;
        }
        summary(e, "", s);
        summary(e, "head", h);
        double keepS = s.minL2Final() / s.minL2AtPeak();
        double keepH = h.minL2Final() / h.minL2AtPeak();
        double dropS = s.accuracyPeak() - s.accuracyFinal();
        double dropH = h.accuracyPeak() - h.accuracyFinal();
        boundAgainst(e, "head-sg: MinL2 final / at the peak", keepS, Thresholds.NETWORK_SATURATED,
                "the head run without sg", keepH);
        boundAgainst(e, "head-sg: accuracy peak - final", dropS, Thresholds.NETWORK_SG_ACCURACY_STAYS,
                "the head run without sg", dropH);
        boundAgainst(e, "head without sg: MinL2 final / at the peak", keepH, Thresholds.NETWORK_COLLAPSED,
                "the head-sg run", keepS);
        e.measure(MINL2_FINAL_OVER_PEAK, keepS).measure(HEAD_MINL2_FINAL_OVER_PEAK, keepH);
        e.note("Head modes: accuracy of f(x) against the projected labels P y_c; MinL2 of the raw labels y_c. "
                + "§4's derivation (4.2) gives, with sg, a fixed-point set W^2 dy = (1 - rho) dy instead of "
                + "collapse.");
        List<NetworkTrajectory> runs = List.of(p, h, s);
        List<String> names = List.of("plain", "head", "head-sg");
        e.plot(plot("fig-1-d-accuracy", "Accuracy vs step, three variants (rho = " + rho + ")", "accuracy", false,
                runs, names, NetworkTrajectory::accuracy));
        e.plot(plot("fig-1-d-loss", "Loss vs step, three variants", "loss", true, runs, names,
                NetworkTrajectory::loss));
        e.plot(plot("fig-1-d-minl2", "MinL2 vs step, three variants", "MinL2", true, runs, names,
                NetworkTrajectory::minL2));
    }

    private static Plot plot(String id, String title, String y, boolean logY, List<NetworkTrajectory> runs,
                             List<String> names, Function<NetworkTrajectory, double[]> metric) {
        Plots.Builder b = logY ? Plots.logLog(id, title, "step", y) : Plots.logX(id, title, "step", y);
        for (int i = 0; i < runs.size(); i++) {
            b.line(names.get(i), steps(runs.get(i)), dropFirst(metric.apply(runs.get(i))));
        }
        return b.build();
    }

    /** Recorded steps from step 1 on (log axis). */
    static double[] steps(NetworkTrajectory tr) {
        return Arrays.stream(tr.steps()).skip(1).asDoubleStream().toArray();
    }
}
