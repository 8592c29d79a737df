package org.collapseharness.verification.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.collapseharness.numerics.BiasSubspace;
import org.collapseharness.numerics.DmftSolver;
import org.collapseharness.numerics.OdeAlgorithm;
import org.collapseharness.numerics.ParticleLayout;
import org.collapseharness.numerics.ProjectionMoments;
import org.collapseharness.numerics.ProjectionSimulator;
import org.collapseharness.theory.Mat;
import org.collapseharness.theory.MinimalModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "dmft", mixinStandardHelpOptions = true,
        description = "Solve the §4.3 DMFT-style trajectory fixed point of the stop-gradient projection-head dynamics "
                + "(seeded from the realised moments of a seeded particle state) and compare with a particle run.")
final class DmftCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model = new ModelOptions();

    @Mixin
    DimOption dim = new DimOption();

    @Mixin
    TEndOption tEndOption = new TEndOption();

    @Option(names = "--grid", paramLabel = "G", required = true, description = "time-grid steps (2..10^6)")
    int grid;

    @Option(names = "--damping", paramLabel = "a", defaultValue = "0.5", description = "mixing factor in (0, 1] "
            + "(default ${DEFAULT-VALUE})")
    double damping;

    @Option(names = "--adaptive", description = "adaptive damping (halve on a residual increase)")
    boolean adaptive;

    @Option(names = "--window-steps", paramLabel = "w", defaultValue = "2",
            description = "grid steps per fixed-point window; must divide --grid (default ${DEFAULT-VALUE})")
    int windowSteps;

    @Option(names = "--tol", defaultValue = "1e-10", description = "trajectory residual tolerance (default ${DEFAULT-VALUE})")
    double tol;

    @Option(names = "--max-iter", defaultValue = "300", description = "iterations per window (default ${DEFAULT-VALUE})")
    int maxIter;

    @Mixin
    SeedOption seedOption = new SeedOption();

    @Mixin
    JsonOption json = new JsonOption();

    @Mixin
    TrajectoryOption trajectory = new TrajectoryOption();

    @Override
    public Integer call() {
        MinimalModel m = model.model(dim.value());
        double tEnd = tEndOption.value();
        long seed = seedOption.value();
        if (grid < 2 || grid > 1_000_000) {
            throw new HarnessCli.UsageException("--grid must lie in 2..1000000 (got " + grid + ")");
        }
        if (!(damping > 0 && damping <= 1)) {
            throw new HarnessCli.UsageException("--damping must lie in (0, 1] (got " + damping + ")");
        }
        if (windowSteps < 1 || grid % windowSteps != 0) {
            throw new HarnessCli.UsageException("--window-steps must be >= 1 and divide --grid");
        }
        if (!(tol > 0 && tol < 1) || maxIter < 1) {
            throw new HarnessCli.UsageException("--tol must lie in (0, 1) and --max-iter >= 1");
        }
        dim.forHead();
        if (m.vectors() > 100_000) {
            throw new HarnessCli.UsageException("at most 100000 vectors for the particle comparison, got " + m.vectors());
        }
        trajectory.check();
        ParticleLayout l = new ParticleLayout(m);
        ProjectionMoments mo = new ProjectionMoments(m, true);
        double[] s0 = mo.fromParticles(l, ProjectionSimulator.initialState(l, seed));
        DmftSolver.Options opt = new DmftSolver.Options(grid, grid / windowSteps, damping, adaptive, tol, maxIter);
        DmftSolver.Result r = new DmftSolver(mo, true).solve(s0, tEnd, opt);
        if (trajectory.requested()) {
            int nt = r.times().length;
            double[][][] ys = new double[nt][][];
            double[][][] ws = new double[nt][][];
            double[] norms = new double[nt];
            for (int i = 0; i < nt; i++) {
                ys[i] = mo.labels(r.states()[i]);
                ws[i] = mo.w(r.states()[i]);
                norms[i] = java.util.Arrays.stream(mo.computeDerivatives(0, r.states()[i])).map(v -> v * v).sum();
                norms[i] = Math.sqrt(norms[i]);
            }
            trajectory.headRows(r.times(), ys, ws, norms);
            trajectory.write();
        }
        boolean full = m.vectors() <= 2000;
        ProjectionSimulator.Result p = ProjectionSimulator.simulate(l, true, seed, new double[] {0, tEnd},
                full ? ProjectionSimulator.Representation.FULL : ProjectionSimulator.Representation.MOMENTS,
                OdeAlgorithm.dp853(1e-10, 1e-12));
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("classes", m.classes());
        params.put("clean", m.clean());
        params.put("shared", m.shared());
        params.put("dim", m.dim());
        params.put("rho", m.rho());
        params.put("tEnd", tEnd);
        params.put("grid", grid);
        params.put("windowSteps", windowSteps);
        params.put("damping", damping);
        params.put("adaptive", adaptive);
        params.put("tol", tol);
        params.put("seed", seed);
        out.put("parameters", params);
        out.put("status", r.status().name());
        out.put("iterations", r.iterations());
        out.put("worstWindowIterations", r.worstIterations());
        out.put("finalResidual", r.finalResidual());
        out.put("monotoneAfterDamping", r.monotoneAfterDamping());
        out.put("residualHistoryFirstWindow", r.residualHistory());
        double[][] y = mo.labels(r.last());
        double[][] w = mo.w(r.last());
        out.put("minL2", ProjectionSimulator.minL2(y));
        out.put("biasSpanSpectrumW2", BiasSubspace.of(y, Mat.mul(w, w)).spectrum());
        out.put("dmftWallSeconds", r.wallSeconds());
        Map<String, Object> cmp = new LinkedHashMap<>();
        cmp.put("route", full ? "full particles, DP853 rtol 1e-10" : "exact moment reduction, DP853 rtol 1e-10 "
                + "(more than 2000 vectors)");
        cmp.put("returnCode", p.solution().code().name());
        if (p.solution().success() && p.times().length > 0) {
            double[][] pw = p.finalW();
            double dw = 0;
            for (int a = 0; a < pw.length; a++) {
                for (int b = 0; b < pw.length; b++) {
                    dw = Math.max(dw, Math.abs(pw[a][b] - w[a][b]));
                }
            }
            double[][] py = p.finalLabels();
            double dy = 0;
            for (int c = 0; c < py.length; c++) {
                for (int q = 0; q < py[c].length; q++) {
                    dy = Math.max(dy, Math.abs(py[c][q] - y[c][q]));
                }
            }
            cmp.put("minL2", p.minL2()[p.minL2().length - 1]);
            cmp.put("maxAbsDiffW", dw);
            cmp.put("maxAbsDiffLabels", dy);
        }
        cmp.put("wallSeconds", p.solution().wallSeconds());
        out.put("particles", cmp);
        json.print(out, spec.commandLine().getOut());
        return r.converged() && p.solution().success() ? 0 : HarnessCli.FAILED;
    }
}
