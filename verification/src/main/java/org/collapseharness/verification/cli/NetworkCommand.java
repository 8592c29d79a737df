package org.collapseharness.verification.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.collapseharness.numerics.network.NetworkTraining;
import org.collapseharness.numerics.network.NetworkTrajectory;
import org.collapseharness.theory.NetworkMode;
import org.collapseharness.theory.NetworkModel;
import org.collapseharness.theory.symbolic.LinearFlowDerivation;
import org.collapseharness.verification.claims.NetworkRuns;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "network", mixinStandardHelpOptions = true,
        description = "Train the §1 nonlinear network (one tanh hidden layer, free label embeddings, full-batch "
                + "gradient descent) on seeded clustered data with a fraction rho of samples that carry every label; "
                + "report accuracy, loss and MinL2 and the minimal model's slow rate for the same data. --seed seeds "
                + "the data; the parameters use seed + 1.")
final class NetworkCommand implements Callable<Integer> {
    private static final NetworkModel D = NetworkRuns.DEFAULT;

    @Spec
    CommandSpec spec;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "plain",
            description = "plain | head | head-sg (default ${DEFAULT-VALUE})")
    String mode;

    @Option(names = "--rho", required = true, paramLabel = "R",
            description = "frustration ratio m/(n+m) in [0, 0.9]; m = round(rho n/(1 - rho)) shared samples")
    double rho;

    @Mixin
    SeedOption seedOption = new SeedOption();

    @Option(names = "--classes", paramLabel = "K", description = "classes (default 4)")
    int classes = D.classes();

    @Option(names = "--per-class", paramLabel = "n", description = "clean training samples per class (default 20)")
    int perClass = D.perClass();

    @Option(names = "--input-dim", paramLabel = "D", description = "input dimension (default 10)")
    int inputDim = D.inputDim();

    @Option(names = "--hidden", paramLabel = "H", description = "tanh hidden units (default 32)")
    int hidden = D.hidden();

    @Option(names = "--dim", paramLabel = "d", description = "embedding dimension (default 8)")
    int dim = D.dim();

    @Option(names = "--noise", paramLabel = "S", description = "cluster spread per input coordinate (default 0.5)")
    double noise = D.noise();

    @Option(names = "--eta", paramLabel = "E", description = "gradient-descent step size (default 0.1)")
    double eta = D.eta();

    @Option(names = "--steps", paramLabel = "N", description = "gradient-descent steps (default 3000)")
    int steps = D.steps();

    @Mixin
    JsonOption json = new JsonOption();

    @Mixin
    TrajectoryOption trajectory = new TrajectoryOption();

    @Override
    public Integer call() {
        NetworkModel model = new NetworkModel(classes, perClass, rho, inputDim, hidden, dim, noise, eta, steps,
                NetworkMode.parse(mode));
        trajectory.check();
        long t0 = System.nanoTime();
        NetworkTrajectory tr = NetworkTraining.run(model, seedOption.value());

        Map<String, Object> out = new LinkedHashMap<>(NetworkRuns.summary(tr));
        double predicted = NetworkRuns.mappedSlowRate(model);
        Map<String, Object> theory = new LinkedHashMap<>();
        theory.put("minimalModelSlowRate", LinearFlowDerivation.minimalSlowRate(model.minimalModel()));
        theory.put("minimalModelSlowRatePerStepTime", predicted);
        theory.put("timeMapping", "t = eta * step / N (N = " + model.samples() + "): exact for the free label "
                + "embeddings; the network's tangent kernel replaces the minimal model's unit sample mobility");
        theory.put("lateRateOverMinimalModel", predicted > 0 ? tr.minL2LateRate() / predicted : Double.NaN);
        out.put("minimalModel", theory);
        out.put("returnCode", tr.ok() ? "SUCCESS" : "FAILURE");
        if (!tr.ok()) {
            out.put("diagnostics", tr.message());
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("mode", model.mode().word());
        params.put("rho", rho);
        params.put("rhoRealised", model.rhoRealised());
        params.put("classes", classes);
        params.put("perClass", perClass);
        params.put("shared", model.shared());
        params.put("inputDim", inputDim);
        params.put("hidden", hidden);
        params.put("dim", dim);
        params.put("noise", noise);
        params.put("eta", eta);
        params.put("steps", steps);
        params.put("seed", seedOption.value());
        out.put("parameters", params);
        out.put("wallSeconds", (System.nanoTime() - t0) / 1e9);

        trajectory.columns("step", "loss", "accuracy", "minL2");
        double[] times = tr.times();
        for (int i = 0; i < times.length; i++) {
            trajectory.row(times[i], tr.steps()[i], tr.loss()[i], tr.accuracy()[i], tr.minL2()[i]);
        }
        trajectory.write();
        json.print(out, spec.commandLine().getOut());
        return tr.ok() ? 0 : HarnessCli.FAILED;
    }
}
