package org.collapseharness.numerics;

/**
 * Late-time exponential rate: least-squares fit of log f(t) = a + r t over a window, with the fit residual.
 *
 * @param rate        fitted slope r (negative for decay)
 * @param intercept   a
 * @param rmsResidual root-mean-square residual of log f about the line
 * @param points      points used
 * @param tStart      window start
 * @param tEnd        window end
 * @param ok          false when too few usable points (then rate is NaN and a claim must FAIL)
 * @param message     diagnostics
 */
public record RateFit(double rate, double intercept, double rmsResidual, int points, double tStart, double tEnd,
                      boolean ok, String message) {

    public static final int MIN_POINTS = 5;

    /** Fit over samples with t in [t0, t1] and f > floor (values at or below floor are underflow, not signal). */
    public static RateFit fit(double[] t, double[] f, double t0, double t1, double floor) {
        int n = 0;
        double st = 0;
        double sy = 0;
        double stt = 0;
        double sty = 0;
        double first = Double.NaN;
        double last = Double.NaN;
        for (int i = 0; i < t.length; i++) {
            if (t[i] < t0 || t[i] > t1 || !(f[i] > floor) || !Double.isFinite(f[i])) {
                continue;
            }
            double ly = Math.log(f[i]);
            n++;
            st += t[i];
            sy += ly;
            stt += t[i] * t[i];
            sty += t[i] * ly;
            if (Double.isNaN(first)) {
                first = t[i];
            }
            last = t[i];
        }
        if (n < MIN_POINTS) {
            return new RateFit(Double.NaN, Double.NaN, Double.NaN, n, t0, t1, false,
                    "too few points for a rate fit: " + n + " < " + MIN_POINTS);
        }
        double den = n * stt - st * st;
        double r = (n * sty - st * sy) / den;
        double a = (sy - r * st) / n;
        double ss = 0;
        for (int i = 0; i < t.length; i++) {
            if (t[i] < t0 || t[i] > t1 || !(f[i] > floor) || !Double.isFinite(f[i])) {
                continue;
            }
            double res = Math.log(f[i]) - (a + r * t[i]);
            ss += res * res;
        }
        return new RateFit(r, a, Math.sqrt(ss / n), n, first, last, true, "");
    }

    /**
     * Window chosen from the dynamics: from tFrom (after the fast transients, chosen by the caller from the spectrum)
     * to the last time where f is still above floor.
     */
    public static RateFit lateTime(double[] t, double[] f, double tFrom, double floor) {
        return fit(t, f, tFrom, t[t.length - 1], floor);
    }

    /**
     * Window chosen from the dynamics alone: the reference slope is fitted on the last quarter of the usable points;
     * the window starts where every later local slope stays within {@code settle} (relative) of it.
     */
    public static RateFit auto(double[] t, double[] f, double floor, double settle) {
        int last = -1;
        for (int i = 0; i < t.length; i++) {
            if (f[i] > floor && Double.isFinite(f[i])) {
                last = i;
            }
        }
        if (last < MIN_POINTS) {
            return new RateFit(Double.NaN, Double.NaN, Double.NaN, Math.max(last + 1, 0), 0, 0, false,
                    "too few points above the floor for a rate fit");
        }
        double tLast = t[last];
        RateFit ref = fit(t, f, t[0] + 0.75 * (tLast - t[0]), tLast, floor);
        if (!ref.ok()) {
            return ref;
        }
        int start = last;
        for (int i = last; i >= 1; i--) {
            double dt = t[i] - t[i - 1];
            if (dt <= 0 || !(f[i - 1] > floor)) {
                break;
            }
            double local = (Math.log(f[i]) - Math.log(f[i - 1])) / dt;
            if (Math.abs(local - ref.rate()) > settle * Math.abs(ref.rate())) {
                break;
            }
            start = i - 1;
        }
        RateFit w = fit(t, f, t[start], tLast, floor);
        return w.ok() ? w : ref;
    }

    /** Ordinary least-squares slope of y against x (closed form from the sums; NaN for fewer than two distinct x). */
    public static double leastSquaresSlope(double[] x, double[] y) {
        int n = x.length;
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (int i = 0; i < n; i++) {
            sx += x[i];
            sy += y[i];
            sxx += x[i] * x[i];
            sxy += x[i] * y[i];
        }
        return (n * sxy - sx * sy) / (n * sxx - sx * sx);
    }

    /** The least-squares line through (log x, log y) evaluated back on the linear scale: exp(a + s log x). */
    public static double[] powerLawTrend(double[] logX, double[] logY) {
        double s = leastSquaresSlope(logX, logY);
        double a = (java.util.Arrays.stream(logY).sum() - s * java.util.Arrays.stream(logX).sum()) / logX.length;
        return java.util.Arrays.stream(logX).map(v -> Math.exp(a + s * v)).toArray();
    }

    /** The times of t inside the fit window [tStart, tEnd]. */
    public double[] window(double[] t) {
        return java.util.Arrays.stream(t).filter(v -> v >= tStart && v <= tEnd).toArray();
    }

    /** The fitted exponential exp(intercept + rate · t) at the given times. */
    public double[] curve(double[] t) {
        return java.util.Arrays.stream(t).map(v -> Math.exp(intercept + rate * v)).toArray();
    }
}
