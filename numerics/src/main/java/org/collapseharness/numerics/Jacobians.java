package org.collapseharness.numerics;

import java.util.function.UnaryOperator;
import org.hipparchus.ode.OrdinaryDifferentialEquation;

/**
 * Central-difference derivatives, the one place for them. Step rule: a perturbation of size ε = {@value #RELATIVE_STEP}
 * · max(1, s) along a unit direction, with s the size of the state along it (|u_c| for coordinate c, ‖u‖₂ for a
 * general direction): truncation error O(ε²) against rounding O(1e-16/ε); exact up to rounding for linear maps.
 */
public final class Jacobians {
    /** Relative perturbation size. */
    public static final double RELATIVE_STEP = 1e-6;

    private Jacobians() {
    }

    /** ε for a state of size {@code scale} along the perturbation. */
    public static double step(double scale) {
        return RELATIVE_STEP * Math.max(1, scale);
    }

    /** The m × n Jacobian of y ↦ f(y) at u, column c from f(u ± ε e_c) (2n evaluations; u is not modified). */
    public static double[][] dense(UnaryOperator<double[]> f, double[] u) {
        int n = u.length;
        double[][] j = null;
        double[] p = u.clone();
        for (int c = 0; c < n; c++) {
            double del = step(Math.abs(u[c]));
            p[c] = u[c] + del;
            double[] fp = f.apply(p);
            p[c] = u[c] - del;
            double[] fm = f.apply(p);
            p[c] = u[c];
            if (j == null) {
                j = new double[fp.length][n];
            }
            for (int r = 0; r < fp.length; r++) {
                j[r][c] = (fp[r] - fm[r]) / (2 * del);
            }
        }
        return j == null ? new double[0][0] : j;
    }

    /** The Jacobian of a right-hand side at (t, u); each evaluation is counted in {@code evals[0]}. */
    public static double[][] dense(OrdinaryDifferentialEquation eq, double t, double[] u, long[] evals) {
        return dense(y -> {
            evals[0]++;
            return eq.computeDerivatives(t, y);
        }, u);
    }

    /**
     * The block ∂f_rows/∂u_cols of a field that is linear and homogeneous in the probed coordinates, read off by unit
     * probes: column j is f(base + e_cols[j]) restricted to rows. The probed coordinates must be zero in base and the
     * field must vanish there (e.g. particles of a flow whose head W is frozen in base); the result is then exact.
     */
    public static double[][] linearBlock(OrdinaryDifferentialEquation f, double[] base, int[] rows, int[] cols) {
        double[][] j = new double[rows.length][cols.length];
        for (int c = 0; c < cols.length; c++) {
            double[] u = base.clone();
            u[cols[c]] = 1;
            double[] v = f.computeDerivatives(0, u);
            for (int r = 0; r < rows.length; r++) {
                j[r][c] = v[rows[r]];
            }
        }
        return j;
    }

    /** The indices from, from + 1, ..., from + count − 1 (coordinate ranges for {@link #linearBlock}). */
    public static int[] range(int from, int count) {
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = from + i;
        }
        return out;
    }

    /**
     * Connected components of the coupling graph of a Jacobian (an edge between i and j where J_ij or J_ji is
     * non-zero): the component index of every variable, numbered from 0 in order of first appearance.
     */
    public static int[] couplingComponents(double[][] j) {
        int n = j.length;
        int[] label = new int[n];
        java.util.Arrays.fill(label, -1);
        int next = 0;
        for (int s = 0; s < n; s++) {
            if (label[s] >= 0) {
                continue;
            }
            java.util.ArrayDeque<Integer> queue = new java.util.ArrayDeque<>();
            queue.add(s);
            label[s] = next;
            while (!queue.isEmpty()) {
                int v = queue.poll();
                for (int w = 0; w < n; w++) {
                    if (label[w] < 0 && (j[v][w] != 0 || j[w][v] != 0)) {
                        label[w] = next;
                        queue.add(w);
                    }
                }
            }
            next++;
        }
        return label;
    }

    /**
     * The matrix-free Jacobian–vector product of a right-hand side at (t, u) for unit-length v:
     * J v ≈ (f(u + εv) − f(u − εv)) / 2ε with ε = step(‖u‖₂); two evaluations per product, counted in
     * {@code evals[0]}.
     */
    public static Arnoldi.Operator jvp(OrdinaryDifferentialEquation eq, double t, double[] u, long[] evals) {
        return new Jvp(eq, t, u, evals);
    }

    private static final class Jvp implements Arnoldi.Operator {
        private final OrdinaryDifferentialEquation eq;
        private final double t;
        private final double[] u;
        private final double eps;
        private final long[] evals;
        private final double[] up;
        private final double[] um;

        Jvp(OrdinaryDifferentialEquation eq, double t, double[] u, long[] evals) {
            this.eq = eq;
            this.t = t;
            this.u = u;
            this.eps = step(ArrayOps.norm(u));
            this.evals = evals;
            this.up = new double[u.length];
            this.um = new double[u.length];
        }

        @Override
        public void apply(double[] v, double[] out) {
            for (int i = 0; i < u.length; i++) {
                up[i] = u[i] + eps * v[i];
                um[i] = u[i] - eps * v[i];
            }
            double[] fp = eq.computeDerivatives(t, up);
            double[] fm = eq.computeDerivatives(t, um);
            evals[0] += 2;
            for (int i = 0; i < u.length; i++) {
                out[i] = (fp[i] - fm[i]) / (2 * eps);
            }
        }
    }

    /** Largest |a − b| over all entries relative to the largest |b| (comparing a Jacobian with a differenced one). */
    public static double relativeDifference(double[][] a, double[][] b) {
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < a.length; i++) {
            for (int c = 0; c < a[i].length; c++) {
                diff = Math.max(diff, Math.abs(a[i][c] - b[i][c]));
                scale = Math.max(scale, Math.abs(b[i][c]));
            }
        }
        return diff / scale;
    }
}
