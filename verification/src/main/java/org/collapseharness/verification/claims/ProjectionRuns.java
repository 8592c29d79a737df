package org.collapseharness.verification.claims;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.collapseharness.numerics.Jacobians;
import org.collapseharness.numerics.OdeAlgorithm;
import org.collapseharness.numerics.ParticleLayout;
import org.collapseharness.numerics.ProjectionFlow;
import org.collapseharness.numerics.ProjectionSimulator;
import org.collapseharness.numerics.TimeGrid;
import org.collapseharness.theory.Mat;
import org.collapseharness.theory.MinimalModel;
import org.collapseharness.theory.ProjectionTheory;
import org.collapseharness.theory.symbolic.ProjectionDerivation;
import org.collapseharness.verification.Evidence;

/** The setup every §4 claim shares: seeds, integrators, horizon, the derived theories and how a run is made. */
public final class ProjectionRuns {

    /** Seeds of every §4 trajectory (fixed). */
    public static final long[] SEEDS = {1, 2, 3, 4};
    /** Explicit embedded witness integrator. */
    public static final OdeAlgorithm EXPLICIT = OdeAlgorithm.dp853(1e-10, 1e-12);
    /** The stiff-capable integrator. */
    public static final OdeAlgorithm EXPONENTIAL = OdeAlgorithm.exponential(1e-8, 1e-11);
    /** Horizon of the §4.2 sg runs. */
    static final double T_END = 400;
    /** The (K, n, m, d) grid of the §4.2 sg runs (and of the §4.3 DMFT iteration). */
    static final List<MinimalModel> SG_GRID = List.of(new MinimalModel(3, 4, 1, 2), new MinimalModel(3, 2, 2, 2),
            new MinimalModel(3, 4, 1, 3));

    private ProjectionRuns() {
    }

    /** The derived theory with stop-gradient. */
    static ProjectionTheory sg() {
        return ProjectionDerivation.derive(true);
    }

    /** The derived Jacobians at dimension d (through the derivation cache when the launcher names one). */
    static org.collapseharness.theory.ProjectionJacobianForm jacobians(int d, boolean stopGradient) {
        return org.collapseharness.theory.symbolic.DerivationCache.projection(stopGradient, d).jacobians();
    }

    /** The derived theory without stop-gradient. */
    static ProjectionTheory noSg() {
        return ProjectionDerivation.derive(false);
    }

    /** A random d × d head: Gaussian entries of size scale/√d, symmetrised on request. */
    static double[][] randomW(Random r, int d, double scale, boolean symmetric) {
        double[][] w = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                w[i][j] = scale * r.nextGaussian() / Math.sqrt(d);
            }
        }
        if (symmetric) {
            w = Mat.scale(Mat.add(w, Mat.transpose(w), 1), 0.5);
        }
        return w;
    }

    /** Blocks {Jss, Jsy, Jys, Jyy} of the single-pair hand-coded field at frozen W. */
    static double[][][] probe(ProjectionFlow f, double[][] w) {
        return probe(f, f.layout(), f.wOffset(), w);
    }

    /**
     * Blocks {Jss, Jsy, Jys, Jyy} at frozen W of any single-pair particle field whose W is stored row-major from
     * {@code wOffset} (the hand-coded {@link ProjectionFlow} and variant-file flows alike): the field is linear in the
     * pair, so unit probes give the blocks exactly.
     */
    static double[][][] probe(org.hipparchus.ode.OrdinaryDifferentialEquation f, ParticleLayout l, int wOffset,
                              double[][] w) {
        double[] base = withFrozenW(f.getDimension(), wOffset, w);
        int[] s = Jacobians.range(l.clean(0, 0), w.length);
        int[] y = Jacobians.range(l.label(0), w.length);
        return new double[][][] {Jacobians.linearBlock(f, base, s, s), Jacobians.linearBlock(f, base, s, y),
            Jacobians.linearBlock(f, base, y, s), Jacobians.linearBlock(f, base, y, y)};
    }

    /** Jacobian of the hand-coded (x, z, y) flow at frozen W (the flow is linear in the particles). */
    static double[][] frozenJacobian(ParticleLayout l, double[][] w, boolean stopGradient) {
        ProjectionFlow f = new ProjectionFlow(l, stopGradient);
        int[] particles = Jacobians.range(0, l.size());
        return Jacobians.linearBlock(f, withFrozenW(f.getDimension(), f.wOffset(), w), particles, particles);
    }

    /** A state with every particle at zero and W stored row-major from {@code wOffset}. */
    static double[] withFrozenW(int dimension, int wOffset, double[][] w) {
        double[] base = new double[dimension];
        for (int a = 0; a < w.length; a++) {
            System.arraycopy(w[a], 0, base, wOffset + a * w.length, w.length);
        }
        return base;
    }

    /** A model as its (K, n, m, d) row, e.g. "[3, 4, 1, 2]", the form the report's texts show. */
    static String tuple(MinimalModel g) {
        return Arrays.toString(new int[] {g.classes(), g.clean(), g.shared(), g.dim()});
    }

    /** The models of a grid as (K, n, m, d) rows. */
    static String gridText(List<MinimalModel> grid) {
        return grid.stream().map(ProjectionRuns::tuple).toList().toString();
    }

    /** A §4 run on the exact moment reduction (DP853) with a time grid dense at the start and over [0, tEnd]. */
    static ProjectionSimulator.Result run(ParticleLayout l, boolean stopGradient, long seed, double tEnd) {
        return ProjectionSimulator.simulate(l, stopGradient, seed, TimeGrid.mixed(tEnd, 1e-2, 40, 40),
                ProjectionSimulator.Representation.MOMENTS, EXPLICIT);
    }

    /** Whether a run succeeded; records the solver's diagnostics as a failure otherwise. */
    static boolean ok(Evidence e, ProjectionSimulator.Result r, String what) {
        if (!r.solution().success()) {
            e.fail(what + ": " + r.solution().code() + " " + r.solution().message());
            return false;
        }
        return true;
    }

    /**
     * max |x − S y_c| over clean samples and |z − S ȳ| over shared ones: the distance of a state's samples from the
     * derived steady-state positions (S = −Gss⁻¹Gsy).
     */
    static double sampleDeviation(ParticleLayout l, double[] u, double[][] sOp, double[][] y, double[] ybar) {
        double worst = 0;
        for (int c = 0; c < l.classes(); c++) {
            double[] sy = Mat.mul(sOp, y[c]);
            for (int i = 0; i < l.clean(); i++) {
                for (int q = 0; q < l.dim(); q++) {
                    worst = Math.max(worst, Math.abs(u[l.clean(c, i) + q] - sy[q]));
                }
            }
        }
        double[] sm = Mat.mul(sOp, ybar);
        for (int j = 0; j < l.shared(); j++) {
            for (int q = 0; q < l.dim(); q++) {
                worst = Math.max(worst, Math.abs(u[l.shared(j) + q] - sm[q]));
            }
        }
        return worst;
    }
}
