package org.collapseharness.numerics;

/** Small vector and matrix helpers shared by the numerics (plain loops in index order, no allocation unless noted). */
public final class ArrayOps {
    private ArrayOps() {
    }

    public static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** Euclidean norm. */
    public static double norm(double[] v) {
        return Math.sqrt(dot(v, v));
    }

    /** max |v_i| (0 for an empty vector). */
    public static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    /** max |a_i − b_i| over the length of a. */
    public static double maxAbsDiff(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    /** max |a_ij − b_ij|. */
    public static double maxAbsDiff(double[][] a, double[][] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, maxAbsDiff(a[i], b[i]));
        }
        return m;
    }

    /** a − b (new array). */
    public static double[] subtract(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] - b[i];
        }
        return out;
    }

    /** Whether every entry is finite. */
    public static boolean allFinite(double[] v) {
        for (double x : v) {
            if (!Double.isFinite(x)) {
                return false;
            }
        }
        return true;
    }
    /** a + b (new array). */
    public static double[] add(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] + b[i];
        }
        return out;
    }

    /** s · v (new array). */
    public static double[] scale(double[] v, double s) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * s;
        }
        return out;
    }

    /** max |a_i − b_i| over from ≤ i < to. */
    public static double maxAbsDiff(double[] a, double[] b, int from, int to) {
        double m = 0;
        for (int i = from; i < to; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    /** a followed by b (new array). */
    public static double[] concat(double[] a, double[] b) {
        double[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** The rows of a matrix one after another (new array). */
    public static double[] flatten(double[][] a) {
        return java.util.Arrays.stream(a).flatMapToDouble(java.util.Arrays::stream).toArray();
    }

    /** The diagonal matrix with entries v. */
    public static double[][] diag(double[] v) {
        double[][] m = new double[v.length][v.length];
        for (int i = 0; i < v.length; i++) {
            m[i][i] = v[i];
        }
        return m;
    }

    /** A vector of n copies of v. */
    public static double[] constant(int n, double v) {
        double[] out = new double[n];
        java.util.Arrays.fill(out, v);
        return out;
    }

    /** The boxed values as a primitive array. */
    public static double[] toArray(java.util.List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The last entry. */
    public static double last(double[] v) {
        return v[v.length - 1];
    }

    /** Everything but the first entry (new array; e.g. a time grid without t = 0 for a log axis). */
    public static double[] dropFirst(double[] v) {
        return java.util.Arrays.copyOfRange(v, 1, v.length);
    }

    /** The last {@code count} entries (new array). */
    public static double[] tail(double[] v, int count) {
        return java.util.Arrays.copyOfRange(v, v.length - count, v.length);
    }

    /** The entries that are > 0, in order (new array). */
    public static double[] positiveEntries(double[] v) {
        return java.util.Arrays.stream(v).filter(x -> x > 0).toArray();
    }

    /** max(v_i, floor) entry-wise (new array; e.g. keeps a decaying curve on a log axis). */
    public static double[] atLeast(double[] v, double floor) {
        return java.util.Arrays.stream(v).map(x -> Math.max(x, floor)).toArray();
    }

    /** The entry closest to target (the first on ties; NaN for an empty array). */
    public static double nearest(double[] values, double target) {
        double best = Double.NaN;
        for (double v : values) {
            if (Double.isNaN(best) || Math.abs(v - target) < Math.abs(best - target)) {
                best = v;
            }
        }
        return best;
    }

    /** The first index with t_i ≥ value in an ascending grid, or the last index if there is none. */
    public static int indexAtOrAfter(double[] t, double value) {
        for (int i = 0; i < t.length; i++) {
            if (t[i] >= value) {
                return i;
            }
        }
        return t.length - 1;
    }
}
