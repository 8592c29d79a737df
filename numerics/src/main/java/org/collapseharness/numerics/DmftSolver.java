package org.collapseharness.numerics;

import java.util.ArrayList;
import java.util.List;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;

/**
 * DMFT-style trajectory-space fixed point for the §4 projection-head dynamics (paper §4.3), built on the exact
 * order-parameter reduction {@link ProjectionMoments}.
 *
 * <p>Unknown: the trajectory W(t) on a uniform time grid (the medium G(t) = W(t)ᵀW(t) follows from it). One iteration:
 * with W(t) frozen, (i) the class means, the shared mean and the labels obey a linear time-dependent system
 * ṁ = A(W(t)) m, and the fluctuations obey ẋ' = Ls(t) x', ż' = K Ls(t) z' with Ls = −G (sg) or −I − G (no sg); both
 * are solved by time-ordered propagators R(t_j, 0) = Π exp(h L(t_{i+½})) (exponential midpoint, causal), so the
 * covariances are C(t) = R(t,0) C(0) R(t,0)ᵀ; (ii) the new W follows from the Volterra integral
 * W(t) = W(0) + ∫₀ᵗ F_W(m, Cx, Cz, W)(t') dt' (trapezoid; the fluctuation feedback −W Cx − K W Cz is the memory term);
 * (iii) damping W ← W + a (W_new − W). The fixed point is a second-order (in h) discretisation of the moment ODE.
 *
 * <p>Long horizons are split into consecutive windows (each one a fixed point seeded by the end of the previous one;
 * causal, so the concatenation is the fixed point on the whole grid). Never throws on numerical failure: the
 * {@link ReturnCode} is SUCCESS (converged), NOT_CONVERGED or NON_FINITE_STATE, with the residual history.
 *
 * <p>The two places where the fluctuations feed back (the state seen by the W equation, the medium of the
 * fluctuation propagators) are a {@link Coupling}; {@link Coupling#EXACT} is the paper's, deliberately wrong ones
 * (negative controls) are supplied by the checks.
 */
public final class DmftSolver {

    /** How the fluctuations enter one iteration. */
    public interface Coupling {
        /** The paper's equations: the W equation sees the full state, the medium is W at the step midpoint. */
        Coupling EXACT = new Coupling() {
        };

        /**
         * The state from which the W equation F_W is evaluated (layout of {@link ProjectionMoments}; the covariance
         * blocks carry the memory term −W Cx − K W Cz). Must not modify {@code state}.
         */
        default double[] wEquationInput(ProjectionMoments moments, double[] state) {
            return state;
        }

        /** W of the fluctuation propagators on a step, from W at the step midpoint and W at t = 0. */
        default double[][] medium(double[][] midpoint, double[][] initial) {
            return midpoint;
        }
    }

    /**
     * @param steps    grid steps over [0, tEnd]
     * @param windows  number of consecutive windows (1 = one fixed point on the whole trajectory)
     * @param damping  mixing factor a in (0, 1]
     * @param adaptive halve the damping when the residual grows, regrow it (up to the initial value) when it falls
     * @param tol      stopping rule: sup-norm trajectory residual max|W_new − W| / max(1, max|W|) below tol
     * @param maxIter  iterations per window
     */
    public record Options(int steps, int windows, double damping, boolean adaptive, double tol, int maxIter) {
        public Options {
            if (steps < 1 || windows < 1 || steps % windows != 0) {
                throw new IllegalArgumentException("steps must be a positive multiple of windows");
            }
            if (!(damping > 0 && damping <= 1)) {
                throw new IllegalArgumentException("damping must be in (0, 1]");
            }
            if (!(tol > 0) || maxIter < 1) {
                throw new IllegalArgumentException("tol > 0 and maxIter >= 1 required");
            }
        }
    }

    /**
     * @param status            SUCCESS (converged), NOT_CONVERGED or NON_FINITE_STATE
     * @param iterations        total iterations over all windows
     * @param finalResidual     the largest last residual over the windows
     * @param residualHistory   residual of every iteration of the first window
     * @param worstIterations   largest iteration count of a window
     * @param monotoneAfterDamping whether every window's residual history is non-increasing after its first iterate
     * @param times             grid times
     * @param states            moment states (layout of {@link ProjectionMoments}) at the grid times
     * @param wallSeconds       wall time
     */
    public record Result(ReturnCode status, int iterations, double finalResidual, double[] residualHistory,
                         int worstIterations, boolean monotoneAfterDamping, double[] times, double[][] states,
                         double wallSeconds) {
        public double[] last() {
            return states[states.length - 1];
        }

        public boolean converged() {
            return status == ReturnCode.SUCCESS;
        }
    }

    private final ProjectionMoments mo;
    private final boolean stopGradient;
    /** The fluctuation generator L(W) (the medium); null: the hand-coded −WᵀW (sg) or −I − WᵀW (no sg). */
    private final java.util.function.UnaryOperator<double[][]> generator;
    private final int k;
    private final int d;
    private final int nm;

    /** Solver with the hand-coded fluctuation generator (−WᵀW with sg, −I − WᵀW without). */
    public DmftSolver(ProjectionMoments moments, boolean stopGradient) {
        this(moments, stopGradient, null);
    }

    /**
     * Solver whose fluctuation propagators use the given generator L(W) (e.g. the symbolically derived one), so that
     * Cx(t) = R Cx(0) Rᵀ with R the time-ordered exponential of L(W(t)) and Cz likewise with K L.
     */
    public DmftSolver(ProjectionMoments moments, boolean stopGradient,
                      java.util.function.UnaryOperator<double[][]> generator) {
        this.mo = moments;
        this.stopGradient = stopGradient;
        this.generator = generator;
        this.d = (int) Math.round(Math.sqrt((moments.getDimension() - moments.cx()) / 3.0));
        this.nm = moments.cx();
        this.k = (nm - d) / (2 * d);
    }

    /** The fixed point of the exact equations. */
    public Result solve(double[] s0, double tEnd, Options o) {
        return solve(s0, tEnd, o, Coupling.EXACT);
    }

    public Result solve(double[] s0, double tEnd, Options o, Coupling v) {
        long t0 = System.nanoTime();
        int n = o.steps();
        double h = tEnd / n;
        double[] times = new double[n + 1];
        double[][] states = new double[n + 1][];
        for (int j = 0; j <= n; j++) {
            times[j] = j * h;
        }
        states[0] = s0.clone();
        int per = n / o.windows();
        int total = 0;
        int worst = 0;
        double finalRes = 0;
        boolean monotone = true;
        double[] firstHistory = null;
        ReturnCode status = ReturnCode.SUCCESS;
        double[][] w00 = mo.w(s0);
        for (int win = 0; win < o.windows(); win++) {
            int a = win * per;
            Window res = window(states, a, per, h, o, v, w00);
            total += res.history.size();
            worst = Math.max(worst, res.history.size());
            finalRes = Math.max(finalRes, res.history.isEmpty() ? 0 : res.history.get(res.history.size() - 1));
            monotone &= res.monotone;
            if (firstHistory == null) {
                firstHistory = res.history.stream().mapToDouble(Double::doubleValue).toArray();
            }
            if (res.status != ReturnCode.SUCCESS) {
                status = res.status;
                // keep what we have: fill the rest with the last state so callers see a complete (flagged) result
                // (a non-finite window wrote none of its states: repeat its start)
                int from = res.status == ReturnCode.NON_FINITE_STATE ? a : a + per;
                for (int j = from + 1; j <= n; j++) {
                    states[j] = states[from];
                }
                if (res.status == ReturnCode.NON_FINITE_STATE) {
                    firstHistory = res.history.stream().mapToDouble(Double::doubleValue).toArray();
                }
                break;
            }
        }
        return new Result(status, total, finalRes, firstHistory, worst, monotone, times, states,
                (System.nanoTime() - t0) * 1e-9);
    }

    private record Window(ReturnCode status, List<Double> history, boolean monotone) {
    }

    private Window window(double[][] states, int a, int per, double h, Options o, Coupling v, double[][] w00) {
        double[] start = states[a];
        double[][][] wg = new double[per + 1][][];
        // initial guess: W continued linearly with its slope at the window start (the exact slope, so the first
        // residual is O(window²) instead of O(window))
        double[][] slope = fieldW(start, v);
        for (int j = 0; j <= per; j++) {
            wg[j] = mo.w(start);
            for (int p = 0; p < d; p++) {
                for (int q = 0; q < d; q++) {
                    wg[j][p][q] += j * h * slope[p][q];
                }
            }
        }
        List<Double> hist = new ArrayList<>();
        double damp = o.damping();
        double prev = Double.POSITIVE_INFINITY;
        boolean monotone = true;
        for (int it = 0; it < o.maxIter(); it++) {
            double[][] traj = propagate(start, wg, h, v, w00);
            double[][][] wn = newW(traj, wg, h, v);
            double diff = 0;
            double scale = 1;
            for (int j = 0; j <= per; j++) {
                for (int p = 0; p < d; p++) {
                    for (int q = 0; q < d; q++) {
                        diff = Math.max(diff, Math.abs(wn[j][p][q] - wg[j][p][q]));
                        scale = Math.max(scale, Math.abs(wg[j][p][q]));
                    }
                }
            }
            double res = diff / scale;
            if (!Double.isFinite(res)) {
                hist.add(res);
                return new Window(ReturnCode.NON_FINITE_STATE, hist, false);
            }
            hist.add(res);
            if (it >= 1 && res > prev * (1 + 1e-12)) {
                monotone = false;
            }
            if (o.adaptive()) {
                damp = res > prev ? Math.max(damp * 0.5, 1e-3) : Math.min(damp * 1.2, o.damping());
            }
            prev = res;
            if (res < o.tol()) {
                // accept the converged trajectory (recompute with the final W so states and W are consistent)
                double[][] fin = propagate(start, wn, h, v, w00);
                for (int j = 0; j <= per; j++) {
                    setW(fin[j], wn[j]);
                    states[a + j] = fin[j];
                }
                return new Window(ReturnCode.SUCCESS, hist, monotone);
            }
            for (int j = 0; j <= per; j++) {
                for (int p = 0; p < d; p++) {
                    for (int q = 0; q < d; q++) {
                        wg[j][p][q] += damp * (wn[j][p][q] - wg[j][p][q]);
                    }
                }
            }
        }
        double[][] fin = propagate(start, wg, h, v, w00);
        for (int j = 0; j <= per; j++) {
            setW(fin[j], wg[j]);
            states[a + j] = fin[j];
        }
        return new Window(ReturnCode.NOT_CONVERGED, hist, monotone);
    }

    private void setW(double[] s, double[][] w) {
        for (int p = 0; p < d; p++) {
            System.arraycopy(w[p], 0, s, mo.wOffset() + p * d, d);
        }
    }

    /** Means and covariances along the window with W frozen to wg (time-ordered propagators). */
    private double[][] propagate(double[] start, double[][][] wg, double h, Coupling v, double[][] w00) {
        int per = wg.length - 1;
        double[][] out = new double[per + 1][];
        out[0] = start.clone();
        setW(out[0], wg[0]);
        double[] m0 = new double[nm];
        System.arraycopy(start, 0, m0, 0, nm);
        RealMatrix mean = MatrixUtils.createColumnRealMatrix(m0);
        RealMatrix cx0 = block(start, mo.cx());
        RealMatrix cz0 = block(start, mo.cz());
        RealMatrix rx = MatrixUtils.createRealIdentityMatrix(d);
        RealMatrix rz = MatrixUtils.createRealIdentityMatrix(d);
        for (int j = 0; j < per; j++) {
            double[][] mid = avg(wg[j], wg[j + 1]);
            double[][] wm = v.medium(mid, w00);
            RealMatrix am = meanMatrix(mid);
            mean = MatrixUtils.matrixExponential(am.scalarMultiply(h)).multiply(mean);
            RealMatrix ls = lsMatrix(wm);
            rx = MatrixUtils.matrixExponential(ls.scalarMultiply(h)).multiply(rx);
            rz = MatrixUtils.matrixExponential(ls.scalarMultiply(h * k)).multiply(rz);
            double[] s = new double[start.length];
            System.arraycopy(mean.getColumn(0), 0, s, 0, nm);
            put(s, mo.cx(), rx.multiply(cx0).multiplyTransposed(rx));
            put(s, mo.cz(), rz.multiply(cz0).multiplyTransposed(rz));
            setW(s, wg[j + 1]);
            out[j + 1] = s;
        }
        return out;
    }

    /** W_new(t_j) = W(0) + trapezoid ∫ F_W; F_W from the moment field at (means, C, W_guess). */
    private double[][][] newW(double[][] traj, double[][][] wg, double h, Coupling v) {
        int per = wg.length - 1;
        double[][][] wn = new double[per + 1][d][d];
        double[][] fPrev = fieldW(traj[0], v);
        for (int p = 0; p < d; p++) {
            wn[0][p] = wg[0][p].clone();
        }
        for (int j = 0; j < per; j++) {
            double[][] f = fieldW(traj[j + 1], v);
            for (int p = 0; p < d; p++) {
                for (int q = 0; q < d; q++) {
                    wn[j + 1][p][q] = wn[j][p][q] + 0.5 * h * (fPrev[p][q] + f[p][q]);
                }
            }
            fPrev = f;
        }
        return wn;
    }

    private double[][] fieldW(double[] s, Coupling v) {
        double[] f = mo.computeDerivatives(0, v.wEquationInput(mo, s));
        double[][] w = new double[d][d];
        for (int p = 0; p < d; p++) {
            System.arraycopy(f, mo.wOffset() + p * d, w[p], 0, d);
        }
        return w;
    }

    /** The linear (means, labels) field for fixed W, probed column by column on the exact moment field. */
    private RealMatrix meanMatrix(double[][] w) {
        double[] u = new double[mo.getDimension()];
        setW(u, w);
        RealMatrix a = MatrixUtils.createRealMatrix(nm, nm);
        for (int i = 0; i < nm; i++) {
            u[i] = 1;
            double[] f = mo.computeDerivatives(0, u);
            for (int r = 0; r < nm; r++) {
                a.setEntry(r, i, f[r]);
            }
            u[i] = 0;
        }
        return a;
    }

    private RealMatrix lsMatrix(double[][] w) {
        if (generator != null) {
            return MatrixUtils.createRealMatrix(generator.apply(w));
        }
        RealMatrix wm = MatrixUtils.createRealMatrix(w);
        RealMatrix g = wm.transposeMultiply(wm).scalarMultiply(-1);
        if (!stopGradient) {
            g = g.subtract(MatrixUtils.createRealIdentityMatrix(d));
        }
        return g;
    }

    private RealMatrix block(double[] s, int at) {
        RealMatrix b = MatrixUtils.createRealMatrix(d, d);
        for (int p = 0; p < d; p++) {
            for (int q = 0; q < d; q++) {
                b.setEntry(p, q, s[at + p * d + q]);
            }
        }
        return b;
    }

    private void put(double[] s, int at, RealMatrix b) {
        for (int p = 0; p < d; p++) {
            for (int q = 0; q < d; q++) {
                s[at + p * d + q] = b.getEntry(p, q);
            }
        }
    }

    private double[][] avg(double[][] a, double[][] b) {
        double[][] r = new double[d][d];
        for (int p = 0; p < d; p++) {
            for (int q = 0; q < d; q++) {
                r[p][q] = 0.5 * (a[p][q] + b[p][q]);
            }
        }
        return r;
    }
}
