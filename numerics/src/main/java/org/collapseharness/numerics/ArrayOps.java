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
}
