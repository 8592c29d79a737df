package org.collapseharness.verification.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.collapseharness.numerics.ParticleLayout;
import org.collapseharness.numerics.ParticleState;
import picocli.CommandLine.Option;

/**
 * --initial-state, --state-out, --initial-state-out: the particle state of a command that integrates a particle
 * system, read from and written to JSON files ({@link ParticleStateJson}). The run always starts at t = 0; the
 * {@code t} of an input file is not used.
 */
final class StateOptions {
    @Option(names = "--initial-state", paramLabel = "FILE", description = "start from this state instead of the seeded "
            + "one (JSON: x [K][n][d], z [m][d], y [K][d], W [d][d] with a projection head, target [K][d] with an EMA "
            + "target (default: y); shapes must match the options)")
    Path initialState;

    @Option(names = "--state-out", paramLabel = "FILE", description = "write the end state (at t-end) as JSON")
    Path stateOut;

    @Option(names = "--initial-state-out", paramLabel = "FILE",
            description = "write the state the run starts from (t = 0) as JSON; fed back with --initial-state it "
                    + "reproduces the run exactly")
    Path initialStateOut;

    private String command;
    private long seed;
    private ParticleLayout layout;
    private boolean withTarget;
    private double[][] initialTarget;

    /** Checks the output paths before any work starts. */
    void checkOutputs() {
        if (stateOut != null) {
            OutputPaths.requireReplaceable(stateOut, "--state-out", ParticleStateJson::writtenByHarness);
        }
        if (initialStateOut != null) {
            OutputPaths.requireReplaceable(initialStateOut, "--initial-state-out", ParticleStateJson::writtenByHarness);
        }
    }

    /** Whether the state comes from the seed (no --initial-state). */
    boolean seedUsedForState() {
        return initialState == null;
    }

    /**
     * The state the run starts from: the file given by --initial-state (checked against the layout), else
     * {@code seeded}. Writes it to --initial-state-out when asked.
     */
    ParticleState initial(String command, ParticleLayout l, boolean head, long seed, Supplier<double[]> seeded) {
        this.command = command;
        this.seed = seed;
        this.layout = l;
        checkOutputs();
        ParticleState s = initialState != null
                ? ParticleStateJson.read(initialState, "--initial-state", l, head, command)
                : new ParticleState(l, seeded.get(), head);
        double[][] target = initialState != null
                ? ParticleStateJson.readTarget(initialState, "--initial-state", l, withTarget, command) : null;
        initialTarget = withTarget ? (target != null ? target : s.y()) : null;
        if (initialStateOut != null) {
            ParticleStateJson.write(initialStateOut, "--initial-state-out", s, 0.0, meta(), initialTarget);
        }
        return s;
    }

    /**
     * The run has EMA targets (call before {@link #initial}): --initial-state may carry them (key target [K][d];
     * without it they start at the labels y) and every state file written carries them.
     */
    void expectTarget() {
        withTarget = true;
    }

    /** The EMA targets the run starts from (after {@link #initial}; null without a target). */
    double[][] initialTarget() {
        return initialTarget;
    }

    /** {@link #writeEnd(double[], boolean, double)} with the EMA targets at the end (null: none). */
    String writeEnd(double[] flat, boolean head, double t, double[][] target) {
        if (stateOut == null) {
            return null;
        }
        ParticleState s = new ParticleState(layout, flat, head);
        if (!s.finite() || target != null && !java.util.Arrays.stream(target).flatMapToDouble(java.util.Arrays::stream)
                .allMatch(Double::isFinite)) {
            return "not written: the end state is not finite";
        }
        ParticleStateJson.write(stateOut, "--state-out", s, t, meta(), target);
        return null;
    }

    /**
     * Writes the end state to --state-out when asked; returns a note for the command's output when it was not
     * written (a non-finite state), else null.
     */
    String writeEnd(double[] flat, boolean head, double t) {
        return writeEnd(flat, head, t, null);
    }

    /** Adds initialState and seedUsedForState to a command's parameters. */
    void describe(Map<String, Object> params) {
        params.put("initialState", initialState != null ? initialState.toString() : null);
        params.put("seedUsedForState", seedUsedForState());
    }

    private Map<String, Object> meta() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", command);
        m.put("classes", layout.classes());
        m.put("clean", layout.clean());
        m.put("shared", layout.shared());
        m.put("dim", layout.dim());
        m.put("seed", seedUsedForState() ? seed : null);
        m.put("seedUsedForState", seedUsedForState());
        return m;
    }
}
