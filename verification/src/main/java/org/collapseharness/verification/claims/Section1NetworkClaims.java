package org.collapseharness.verification.claims;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.collapseharness.numerics.RateFit;
import org.collapseharness.numerics.network.GradientCheck;
import org.collapseharness.numerics.network.NetworkData;
import org.collapseharness.numerics.network.NetworkTrajectory;
import org.collapseharness.numerics.network.TanhNetwork;
import org.collapseharness.theory.NetworkMode;
import org.collapseharness.theory.NetworkModel;
import org.collapseharness.verification.Claim;
import org.collapseharness.verification.ClaimSpec;
import org.collapseharness.verification.Evidence;
import org.collapseharness.verification.Plot;
import org.collapseharness.verification.Series;
import org.collapseharness.verification.Tolerance;

/**
 * Claims of paper §1: the two-stage pattern in a trained nonlinear network (our reconstruction, see
 * docs/section-1-network.md). Runs: {@link NetworkRuns#DEFAULT} in the three modes at ρ = 0.2, and plain at ρ = 0.
 */
public final class Section1NetworkClaims {

    static final Tolerance BACKPROP = Tolerance.absolute("backprop-vs-central-differences", 1e-6,
            "relative error of the hand-derived field against central differences (step 1e-5): truncation about "
                    + "1e-10 and round-off about 1e-11 for O(1) parameters; observed below 1e-8");
    static final Tolerance ORDER = Tolerance.absolute("order-of-magnitude", 1,
            "|log10| of the ratio of the network's late MinL2 rate to the minimal model's slow rate under the "
                    + "stated time mapping: the network's tangent kernel replaces the unit sample mobility, so only "
                    + "the order of magnitude is predicted; the unmapped rate is off by the factor N");
    static final Tolerance RATE_AT_ZERO = Tolerance.absolute("rate-at-rho-0", 0,
            "set per run to a tenth of the minimal model's mapped slow rate at the default rho: a drift below it "
                    + "is not collapse on the time scale of the run");

    /** Accuracy drop (peak − final) that counts as a decline. */
    static final double DECLINE = 0.2;
    /** Accuracy that counts as staying at the peak: peak − final at most this. */
    static final double STAYS = 0.05;
    /**
     * Accuracy that counts as staying near the peak with head + sg: the shared samples lie inside the clusters and the
     * sg run still partly fits them, which costs a few held-out points (observed 0.07 by the end of the default run,
     * after 0.0 to 0.04 for most of it); the plain and head runs lose more than 0.5.
     */
    static final double SG_STAYS = 0.1;
    /** MinL2 final/at-peak at most this: collapse. */
    static final double COLLAPSED = 0.05;
    /** MinL2 final/at-peak at least this: no collapse (saturation). */
    static final double SATURATED = 0.5;
    /** Loss final/at-peak at most this: the loss kept decreasing. */
    static final double LOSS_FALLS = 0.01;

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
    private static void boundAgainst(Evidence e, String quantity, double measured, double threshold, boolean atMost,
                                     String other, double otherMeasured) {
        e.bound(quantity, measured, threshold, atMost);
        boolean otherMeets = Double.isFinite(otherMeasured)
                && (atMost ? otherMeasured <= threshold : otherMeasured >= threshold);
        e.control(quantity + ": " + other + " meets it as well", otherMeasured, threshold, !otherMeets);
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
                    GradientCheck.backpropError(net, t), 0, BACKPROP);
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
                .measure("accuracyDeclineRho0", drop0).measure("lossRisesAfterPeak", p.lossRiseFractionAfterPeak());
        e.bound("accuracy rise from step 0 to the peak", p.accuracyPeak() - p.accuracy()[0], DECLINE, false);
        e.bound("peak step / steps (an early peak)", (double) p.accuracyPeakStep() / p.steps()[p.steps().length - 1],
                0.1, true);
        boundAgainst(e, "accuracy decline after the peak (peak - final)", drop, DECLINE, false, "the rho = 0 run",
                drop0);
        e.bound("loss final / loss at the peak", p.lossFinal() / p.lossAtPeak(), LOSS_FALLS, true);
        e.requireEqual("recorded intervals after the peak in which the loss rose",
                Math.round(p.lossRiseFractionAfterPeak() * (p.steps().length - 1 - p.peakIndex())), 0);
        e.note("Accuracy: held-out clean samples (" + NetworkData.TEST_PER_CLASS + " per class), nearest label "
                + "embedding to f(x). The loss decreases at every recorded interval after the peak while the accuracy "
                + "falls from " + fmt(p.accuracyPeak()) + " to " + fmt(p.accuracyFinal()) + ".");
        e.plot(new Plot("fig-1-a-accuracy", "Accuracy vs step (plain)", "step", "accuracy", true, false,
                List.of(Series.line("rho = " + NetworkRuns.DEFAULT.rho(), steps(p), tail(p.accuracy())),
                        Series.line("rho = 0", steps(p0), tail(p0.accuracy())))));
        e.plot(new Plot("fig-1-a-loss", "Loss vs step (plain)", "step", "loss", true, true,
                List.of(Series.line("rho = " + NetworkRuns.DEFAULT.rho(), steps(p), tail(p.loss())),
                        Series.line("rho = 0", steps(p0), tail(p0.loss())))));
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
                SATURATED, false);
        boundAgainst(e, "MinL2 final / at the peak", shrink, COLLAPSED, true, "the rho = 0 run", shrink0);

        double lambda = NetworkRuns.minimalModelSlowRate(m);
        double mapped = NetworkRuns.mappedSlowRate(m);
        double rate = p.minL2LateRate();
        double ratio = rate / mapped;
        double[] t = p.times();
        double end = t[t.length - 1];
        RateFit early = RateFit.fit(t, p.minL2(), NetworkTrajectory.LATE_WINDOW_START * end, 0.75 * end, 0);
        RateFit late = RateFit.fit(t, p.minL2(), 0.75 * end, end, 0);
        double curvature = early.ok() && late.ok() ? early.rate() / late.rate() : Double.NaN;
        e.measure("minimalModelSlowRate", lambda).measure("minimalModelSlowRatePerStepTime", mapped)
                .measure("lateRateOverMinimalModel", ratio).measure("lateRateFirstOverSecondHalf", curvature)
                .measure("samplesN", m.samples());
        e.compare("log10(late MinL2 rate / minimal-model slow rate), t = eta step / N", Math.log10(ratio), 0, ORDER,
                Math.log10(rate / lambda), "without the time mapping (rate per unit t against per unit tau)");
        e.note("Minimal model (derived, LinearFlowDerivation): slow rate " + fmt(lambda) + " per unit t for K = "
                + m.classes() + ", n = " + m.perClass() + ", m = " + m.shared() + "; mapped with t = eta step / N "
                + "(N = " + m.samples() + "): " + fmt(mapped) + " per unit tau. Network late rate (fit over tau in ["
                + fmt(NetworkTrajectory.LATE_WINDOW_START * end) + ", " + fmt(end) + "]): " + fmt(rate) + ".");
        e.deviation("late MinL2 rate / minimal-model slow rate", ratio, "1, one exponential",
                "The network's MinL2 does not decay as one exponential at the minimal model's slow rate: the late "
                        + "rate is " + fmt(ratio) + " times the mapped slow rate, and the local rate keeps falling "
                        + "(first half of the late window " + fmt(curvature) + " times the second), as the network "
                        + "partly fits the shared samples apart from their clusters and the frustration it feels "
                        + "weakens; the minimal model's samples are free and its slow mode is a single exponential.");
        double tPeak = t[p.peakIndex()];
        double[] st = steps(p);
        double[] pred = new double[st.length];
        for (int i = 0; i < st.length; i++) {
            double tau = st[i] * m.eta();
            pred[i] = tau < tPeak ? Double.NaN : p.minL2AtPeak() * Math.exp(-mapped * (tau - tPeak));
        }
        e.plot(new Plot("fig-1-b-minl2", "MinL2 vs step (plain), with the minimal model's mapped slow decay", "step",
                "MinL2", true, true, List.of(Series.line("rho = " + m.rho(), st, tail(p.minL2())).pairedWith("rho"),
                Series.dashed("minimal model from the peak", st, pred).pairedWith("rho"),
                Series.line("rho = 0", steps(p0), tail(p0.minL2())))));
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
        boundAgainst(e, "MinL2 final / at the peak, rho = 0", keep0, SATURATED, false, other, keep);
        boundAgainst(e, "accuracy peak - final, rho = 0", drop0, STAYS, true, other, drop);
        NetworkModel m = model(NetworkMode.PLAIN, NetworkRuns.DEFAULT.rho());
        double mapped = NetworkRuns.mappedSlowRate(m);
        double derived0 = NetworkRuns.mappedSlowRate(model(NetworkMode.PLAIN, 0));
        Tolerance tol = Tolerance.absolute(RATE_AT_ZERO.name(), 0.1 * mapped, RATE_AT_ZERO.reason());
        e.compare("late MinL2 rate at rho = 0 (per unit tau) vs the minimal model's (0: a fixed point)",
                p0.minL2LateRate(), derived0, tol, mapped, "the minimal model's rate at rho = " + m.rho());
        e.measure("minL2FinalOverPeak", keep0).measure("minL2FinalOverPeakRho", keep)
                .measure("minimalModelSlowRate", derived0);
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
        boundAgainst(e, "head-sg: MinL2 final / at the peak", keepS, SATURATED, false, "the head run without sg",
                keepH);
        boundAgainst(e, "head-sg: accuracy peak - final", dropS, SG_STAYS, true, "the head run without sg", dropH);
        boundAgainst(e, "head without sg: MinL2 final / at the peak", keepH, COLLAPSED, true, "the head-sg run", keepS);
        e.measure("minL2FinalOverPeak", keepS).measure("headMinL2FinalOverPeak", keepH);
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
                             List<String> names, java.util.function.Function<NetworkTrajectory, double[]> metric) {
        List<Series> series = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            series.add(Series.line(names.get(i), steps(runs.get(i)), tail(metric.apply(runs.get(i)))));
        }
        return new Plot(id, title, "step", y, true, logY, series);
    }

    /** Recorded steps from step 1 on (log axis). */
    static double[] steps(NetworkTrajectory tr) {
        return Arrays.stream(tr.steps()).skip(1).asDoubleStream().toArray();
    }

    /** Values from the second record on, matching {@link #steps}. */
    static double[] tail(double[] v) {
        return Arrays.copyOfRange(v, 1, v.length);
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
