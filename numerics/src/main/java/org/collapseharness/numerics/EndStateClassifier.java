package org.collapseharness.numerics;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Classifies the end of a §4 projection-head trajectory as collapsed, separated or undecided from the trajectory
 * itself, not from one MinL2 threshold.
 * <ul>
 * <li><b>collapsed</b>: log MinL2 and log ‖δY‖ (the size of the class biases) both still fall over the tail of the run
 * (least-squares slopes below −{@link Criteria#slopeTol}), or MinL2 has reached the numerical floor
 * {@link Criteria#floor} (relative to its initial value) with W² off the protected value on the bias span;</li>
 * <li><b>separated</b>: the field residual is at most {@link Criteria#residualTol}, |slope of log MinL2| at most
 * {@link Criteria#slopeTol}, MinL2 above the floor, and every eigenvalue of W² restricted to the span of the class
 * biases lies within {@link Criteria#protectedTol} of the protected value;</li>
 * <li><b>undecided</b>: anything else (not converged, a fixed point off the protected value, a failed solve); the
 * reason says which test failed.</li>
 * </ul>
 */
public final class EndStateClassifier {

    /** The three end states. */
    public enum Outcome {
        SEPARATED, COLLAPSED, UNDECIDED;

        /** Lower-case name as written to JSON. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * @param tailFraction  the slopes are fitted over output times t ≥ (1 − tailFraction) t_end
     * @param slopeTol      a slope of log MinL2 (per unit time) counts as zero within this
     * @param residualTol   largest field norm ‖u̇‖₂ at a converged end state
     * @param protectedTol  largest |λ − μ| of an eigenvalue λ of W² on the bias span from the protected value μ
     * @param floor         MinL2 / MinL2(0) at or below which the classes coincide to working precision
     */
    public record Criteria(double tailFraction, double slopeTol, double residualTol, double protectedTol, double floor) {
        /** The criteria of {@code ./harness basins}. */
        public static final Criteria DEFAULT = new Criteria(0.25, 1e-4, 1e-5, 1e-3, 1e-9);
    }

    /**
     * Everything recorded about one end state.
     *
     * @param outcome            the classification
     * @param reason             why (the deciding test, with its numbers)
     * @param minL2              MinL2 at the end
     * @param slope              least-squares slope of log MinL2 over the tail (per unit time)
     * @param biasSlope          least-squares slope of log ‖δY‖_F over the tail
     * @param residual           ‖field‖₂ at the end state
     * @param wSpectrum          eigenvalues of W, each {re, im} (signs kept)
     * @param detW               det W
     * @param biasRank           rank of the class biases δy_c
     * @param w2OnBiasSpan       eigenvalues of W² restricted to the span of the biases, each {re, im}
     * @param protectedDeviation max |λ − μ| over those eigenvalues (NaN without biases)
     * @param spanInvariance     ‖W²B − BBᵀW²B‖_F / ‖W²‖_F for an orthonormal basis B of the bias span
     */
    public record EndState(Outcome outcome, String reason, double minL2, double slope, double biasSlope,
                           double residual, double[][] wSpectrum, double detW, int biasRank, double[][] w2OnBiasSpan,
                           double protectedDeviation, double spanInvariance) {
    }

    private EndStateClassifier() {
    }

    /**
     * @param times          output times (ascending)
     * @param minL2          MinL2 at each output time
     * @param biasNorms      ‖δY‖_F at each output time
     * @param residual       ‖field‖₂ at the last output time
     * @param w              W at the end
     * @param labels         labels at the end (K × d)
     * @param protectedValue μ = 1 − ρ, the value of W² on which class biases survive
     */
    public static EndState classify(double[] times, double[] minL2, double[] biasNorms, double residual, double[][] w,
                                    double[][] labels, double protectedValue, Criteria c) {
        int n = times.length;
        double end = minL2[n - 1];
        double tFrom = times[n - 1] - c.tailFraction() * (times[n - 1] - times[0]);
        double slope = tailSlope(times, minL2, tFrom);
        double biasSlope = tailSlope(times, biasNorms, tFrom);
        double[][] w2 = mul(w, w);
        BiasSubspace span = BiasSubspace.of(labels, w2);
        double dev = span.rank() == 0 ? Double.NaN : 0;
        for (double[] ev : span.spectrum()) {
            dev = Math.max(dev, Math.hypot(ev[0] - protectedValue, ev[1]));
        }
        double[][] spectrum = NumericSpectrum.eigenvalues(w);
        double det = NumericSpectrum.determinant(w);
        boolean atProtected = dev <= c.protectedTol();
        double scale = Math.max(minL2[0], Double.MIN_NORMAL);
        Outcome o;
        String reason;
        if (!(Double.isFinite(end) && Double.isFinite(residual))) {
            o = Outcome.UNDECIDED;
            reason = "non-finite end state (MinL2 " + end + ", residual " + residual + ")";
        } else if (end <= c.floor() * scale && !atProtected) {
            o = Outcome.COLLAPSED;
            reason = "MinL2 at the floor (" + sig(end) + ") and W² off the protected value on the bias span";
        } else if (slope < -c.slopeTol() && biasSlope < -c.slopeTol()) {
            o = Outcome.COLLAPSED;
            reason = "MinL2 and the biases still decay (slopes " + sig(slope) + ", " + sig(biasSlope) + ")";
        } else if (!Double.isFinite(slope)) {
            o = Outcome.UNDECIDED;
            reason = "no slope of log MinL2 over the tail (MinL2 " + sig(end) + ")";
        } else if (residual > c.residualTol()) {
            o = Outcome.UNDECIDED;
            reason = "not converged: residual " + sig(residual) + " > " + c.residualTol();
        } else if (Math.abs(slope) > c.slopeTol()) {
            o = Outcome.UNDECIDED;
            reason = "not converged: slope of log MinL2 " + sig(slope);
        } else if (end <= c.floor() * scale) {
            o = Outcome.UNDECIDED;
            reason = "MinL2 at the floor (" + sig(end) + ") at the protected value";
        } else if (!atProtected) {
            o = Outcome.UNDECIDED;
            reason = "W² off the protected value on the bias span: max |eig − " + sig(protectedValue) + "| = "
                    + sig(dev) + " (a bias direction still decaying slowly, or a fixed point off the relation)";
        } else {
            o = Outcome.SEPARATED;
            reason = "fixed point (residual " + sig(residual) + ") with W² = " + sig(protectedValue)
                    + " on the bias span (rank " + span.rank() + ")";
        }
        return new EndState(o, reason, end, slope, biasSlope, residual, spectrum, det, span.rank(), span.spectrum(),
                dev, span.invarianceResidual());
    }

    /** Least-squares slope of log f over t ≥ tFrom (entries ≤ 0 dropped; NaN with fewer than two points). */
    public static double tailSlope(double[] t, double[] f, double tFrom) {
        int count = 0;
        for (int i = 0; i < t.length; i++) {
            if (t[i] >= tFrom && f[i] > 0) {
                count++;
            }
        }
        if (count < 2) {
            return Double.NaN;
        }
        double[] x = new double[count];
        double[] y = new double[count];
        int j = 0;
        for (int i = 0; i < t.length; i++) {
            if (t[i] >= tFrom && f[i] > 0) {
                x[j] = t[i];
                y[j++] = Math.log(f[i]);
            }
        }
        return RateFit.leastSquaresSlope(x, y);
    }

    /** ‖δY‖_F of labels K × d. */
    public static double biasNorm(double[][] labels) {
        double s = 0;
        for (double[] b : BiasSubspace.biases(labels)) {
            for (double v : b) {
                s += v * v;
            }
        }
        return Math.sqrt(s);
    }

    /**
     * How the label mean ȳ splits over the eigenvalues +1 and −1 of W: {|(I + W) ȳ| / 2, |(I − W) ȳ| / 2} / |ȳ|. Where
     * W² ȳ = ȳ (every fixed point) the two parts are the components of ȳ on W's +1 and −1 eigenvectors, so a mean on
     * one eigenvector gives {1, 0} or {0, 1} and a mean spread over a (+1, −1) pair gives two non-zero parts. {NaN, NaN}
     * when ȳ = 0.
     */
    public static double[] meanSplit(double[][] w, double[] ybar) {
        int d = ybar.length;
        double plus = 0;
        double minus = 0;
        double norm = 0;
        for (int i = 0; i < d; i++) {
            double wy = 0;
            for (int j = 0; j < d; j++) {
                wy += w[i][j] * ybar[j];
            }
            plus += (ybar[i] + wy) * (ybar[i] + wy) / 4;
            minus += (ybar[i] - wy) * (ybar[i] - wy) / 4;
            norm += ybar[i] * ybar[i];
        }
        if (norm == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        return new double[] {Math.sqrt(plus / norm), Math.sqrt(minus / norm)};
    }

    private static double[][] mul(double[][] a, double[][] b) {
        DMatrixRMaj out = new DMatrixRMaj(a.length, b[0].length);
        CommonOps_DDRM.mult(new DMatrixRMaj(a), new DMatrixRMaj(b), out);
        double[][] r = new double[a.length][b[0].length];
        for (int i = 0; i < r.length; i++) {
            for (int j = 0; j < r[i].length; j++) {
                r[i][j] = out.get(i, j);
            }
        }
        return r;
    }

    private static String sig(double v) {
        return String.format(java.util.Locale.ROOT, "%.4g", v);
    }
}
