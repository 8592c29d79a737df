package org.collapseharness.numerics;

/**
 * A particle state as nested arrays, mapped exactly onto the flat {@link ParticleLayout} order: clean samples
 * {@code x[c][i][q]} (class-major), shared samples {@code z[s][q]}, labels {@code y[c][q]} and, for projection-head
 * states, the head {@code W[a][b]} (row a, column b) stored row-major after the particles.
 *
 * @param layout the particle layout
 * @param flat   particles (and, with a head, W) in the flat order
 * @param head   whether W follows the particles
 */
public record ParticleState(ParticleLayout layout, double[] flat, boolean head) {

    public ParticleState {
        int expected = layout.size() + (head ? layout.dim() * layout.dim() : 0);
        if (flat.length != expected) {
            throw new IllegalArgumentException("flat state has " + flat.length + " entries, expected " + expected);
        }
    }

    /** The flat state of nested arrays; {@code w} is null for states without a head. Shapes must match the layout. */
    public static ParticleState of(ParticleLayout l, double[][][] x, double[][] z, double[][] y, double[][] w) {
        int d = l.dim();
        double[] u = new double[l.size() + (w != null ? d * d : 0)];
        require(x.length == l.classes(), "x");
        for (int c = 0; c < l.classes(); c++) {
            require(x[c].length == l.clean(), "x");
            for (int i = 0; i < l.clean(); i++) {
                put(x[c][i], u, l.clean(c, i), d, "x");
            }
        }
        require(z.length == l.shared(), "z");
        for (int s = 0; s < l.shared(); s++) {
            put(z[s], u, l.shared(s), d, "z");
        }
        require(y.length == l.classes(), "y");
        for (int c = 0; c < l.classes(); c++) {
            put(y[c], u, l.label(c), d, "y");
        }
        if (w != null) {
            require(w.length == d, "W");
            for (int a = 0; a < d; a++) {
                put(w[a], u, l.size() + a * d, d, "W");
            }
        }
        return new ParticleState(l, u, w != null);
    }

    /** Clean samples, [K][n][d] (copies). */
    public double[][][] x() {
        double[][][] x = new double[layout.classes()][layout.clean()][];
        for (int c = 0; c < layout.classes(); c++) {
            for (int i = 0; i < layout.clean(); i++) {
                x[c][i] = slice(layout.clean(c, i));
            }
        }
        return x;
    }

    /** Shared samples, [m][d] (copies). */
    public double[][] z() {
        double[][] z = new double[layout.shared()][];
        for (int s = 0; s < layout.shared(); s++) {
            z[s] = slice(layout.shared(s));
        }
        return z;
    }

    /** Labels, [K][d] (copies). */
    public double[][] y() {
        return layout.labelsOf(flat);
    }

    /** The head W, [d][d] (copies), or null without a head. */
    public double[][] w() {
        return head ? layout.headOf(flat) : null;
    }

    /** Whether every entry is finite. */
    public boolean finite() {
        for (double v : flat) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "ParticleState[classes=" + layout.classes() + ", clean=" + layout.clean() + ", shared=" + layout.shared()
                + ", dim=" + layout.dim() + ", head=" + head + "]";
    }

    private double[] slice(int offset) {
        return java.util.Arrays.copyOfRange(flat, offset, offset + layout.dim());
    }

    private static void put(double[] v, double[] u, int offset, int d, String key) {
        require(v.length == d, key);
        System.arraycopy(v, 0, u, offset, d);
    }

    private static void require(boolean ok, String key) {
        if (!ok) {
            throw new IllegalArgumentException("'" + key + "' does not match the layout");
        }
    }
}
