package org.collapseharness.numerics;

/** Observables of a §3 particle state: MinL2, accuracy, margin accuracy, class geometry. */
public final class Metrics {
    private Metrics() {
    }

    /** min over c ≠ c' of |y_c − y_c'|. */
    public static double minL2(ParticleLayout l, double[] y) {
        double min = Double.POSITIVE_INFINITY;
        for (int a = 0; a < l.classes(); a++) {
            for (int b = a + 1; b < l.classes(); b++) {
                min = Math.min(min, dist(y, l.label(a), l.label(b), l.dim()));
            }
        }
        return min;
    }

    /** Fraction of clean samples whose nearest label is their own class. */
    public static double accuracy(ParticleLayout l, double[] y) {
        return marginAccuracy(l, y, 0.0);
    }

    /**
     * Fraction of clean samples whose own label is nearer than every other label by at least margin δ (absolute):
     * min_{c'≠c} |x − y_c'| − |x − y_c| ≥ δ (δ = 0: strictly nearer).
     */
    public static double marginAccuracy(ParticleLayout l, double[] y, double delta) {
        int ok = 0;
        int total = l.classes() * l.clean();
        for (int c = 0; c < l.classes(); c++) {
            for (int i = 0; i < l.clean(); i++) {
                int x = l.clean(c, i);
                double own = dist(y, x, l.label(c), l.dim());
                double other = Double.POSITIVE_INFINITY;
                for (int c2 = 0; c2 < l.classes(); c2++) {
                    if (c2 != c) {
                        other = Math.min(other, dist(y, x, l.label(c2), l.dim()));
                    }
                }
                double margin = other - own;
                if (delta > 0 ? margin >= delta : margin > 0) {
                    ok++;
                }
            }
        }
        return (double) ok / total;
    }

    /** Smallest margin min_{c'≠c}|x − y_c'| − |x − y_c| over clean samples. */
    public static double minMargin(ParticleLayout l, double[] y) {
        double min = Double.POSITIVE_INFINITY;
        for (int c = 0; c < l.classes(); c++) {
            for (int i = 0; i < l.clean(); i++) {
                int x = l.clean(c, i);
                double own = dist(y, x, l.label(c), l.dim());
                for (int c2 = 0; c2 < l.classes(); c2++) {
                    if (c2 != c) {
                        min = Math.min(min, dist(y, x, l.label(c2), l.dim()) - own);
                    }
                }
            }
        }
        return min;
    }

    /** Mean of a species' vectors along coordinate q: clean (all classes), shared, labels. */
    public static double[] speciesMeans(ParticleLayout l, double[] y, int q) {
        double xs = 0;
        double zs = 0;
        double ys = 0;
        for (int c = 0; c < l.classes(); c++) {
            for (int i = 0; i < l.clean(); i++) {
                xs += y[l.clean(c, i) + q];
            }
            ys += y[l.label(c) + q];
        }
        for (int s = 0; s < l.shared(); s++) {
            zs += y[l.shared(s) + q];
        }
        return new double[] {xs / (l.classes() * l.clean()), l.shared() == 0 ? 0 : zs / l.shared(), ys / l.classes()};
    }

    /** Class mean of clean samples of class c, coordinate q. */
    public static double classMean(ParticleLayout l, double[] y, int c, int q) {
        double s = 0;
        for (int i = 0; i < l.clean(); i++) {
            s += y[l.clean(c, i) + q];
        }
        return s / l.clean();
    }

    static double dist(double[] y, int a, int b, int d) {
        double s = 0;
        for (int q = 0; q < d; q++) {
            double r = y[a + q] - y[b + q];
            s += r * r;
        }
        return Math.sqrt(s);
    }
}
