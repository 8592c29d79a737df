package org.collapseharness.numerics.teacherstudent;

import java.util.Random;

/**
 * A seeded data set of the §5 teacher-student model and its sufficient statistics.
 *
 * <p>Teacher: a random unit vector w* in R^D. Two classes c = ±1 with N_c samples each; in each class the first
 * round(ρ N_c) samples are frustrated. Clean sample: x = c μ w* + σ P⊥ ξ; frustrated: x = −c μ w* + σ P⊥ ξ (label c);
 * ξ ~ N(0, I_D), P⊥ = I − w* w*ᵀ. The plain and projection losses depend on the data only through the second-moment
 * matrix Σ = (1/N) Σ_i x_i x_iᵀ and the class means m_±, which are computed here once (N = 2 N_c).
 *
 * @param dim         D
 * @param perClass    N_c
 * @param frustrated  frustrated samples per class
 * @param mu          feature strength μ
 * @param sigma       noise strength σ
 * @param teacher     w* (unit)
 * @param x           samples, row-major N×D; class +1 occupies rows [0, N_c), class −1 rows [N_c, 2 N_c)
 * @param second      Σ, row-major D×D (exactly symmetric)
 * @param meanPlus    m_+ (class +1 mean)
 * @param meanMinus   m_− (class −1 mean)
 */
public record TeacherStudentData(int dim, int perClass, int frustrated, double mu, double sigma, double[] teacher,
                                 double[] x, double[] second, double[] meanPlus, double[] meanMinus) {

    /** Number of frustrated samples per class for a frustration fraction ρ. */
    public static int frustratedFor(int perClass, double rho) {
        return (int) Math.round(rho * perClass);
    }

    public int samples() {
        return 2 * perClass;
    }

    /** Label of sample i: +1 or −1. */
    public int label(int i) {
        return i < perClass ? 1 : -1;
    }

    /** True when sample i sits at the other class's feature peak. */
    public boolean isFrustrated(int i) {
        return (i < perClass ? i : i - perClass) < frustrated;
    }

    /** The realised frustration fraction. */
    public double rho() {
        return (double) frustrated / perClass;
    }

    public static TeacherStudentData generate(int dim, int perClass, double rho, double mu, double sigma, long seed) {
        if (dim < 2 || perClass < 1 || !(rho >= 0 && rho < 0.5) || !(mu > 0) || !(sigma >= 0)) {
            throw new IllegalArgumentException("invalid teacher-student data parameters");
        }
        Random rnd = new Random(seed);
        double[] w = new double[dim];
        double norm = 0;
        for (int j = 0; j < dim; j++) {
            w[j] = rnd.nextGaussian();
            norm += w[j] * w[j];
        }
        norm = Math.sqrt(norm);
        for (int j = 0; j < dim; j++) {
            w[j] /= norm;
        }
        int n = 2 * perClass;
        int fr = frustratedFor(perClass, rho);
        double[] x = new double[n * dim];
        double[] xi = new double[dim];
        for (int i = 0; i < n; i++) {
            int c = i < perClass ? 1 : -1;
            boolean frus = (i < perClass ? i : i - perClass) < fr;
            double along = (frus ? -c : c) * mu;
            double proj = 0;
            for (int j = 0; j < dim; j++) {
                xi[j] = rnd.nextGaussian();
                proj += xi[j] * w[j];
            }
            int row = i * dim;
            for (int j = 0; j < dim; j++) {
                x[row + j] = along * w[j] + sigma * (xi[j] - proj * w[j]);
            }
        }
        double[] second = secondMoment(x, n, dim);
        double[] mp = new double[dim];
        double[] mm = new double[dim];
        for (int i = 0; i < n; i++) {
            double[] target = i < perClass ? mp : mm;
            int row = i * dim;
            for (int j = 0; j < dim; j++) {
                target[j] += x[row + j];
            }
        }
        for (int j = 0; j < dim; j++) {
            mp[j] /= perClass;
            mm[j] /= perClass;
        }
        return new TeacherStudentData(dim, perClass, fr, mu, sigma, w, x, second, mp, mm);
    }

    /** (1/N) Σ_i x_i x_iᵀ, upper triangle accumulated and mirrored (exactly symmetric). */
    static double[] secondMoment(double[] x, int n, int dim) {
        double[] s = new double[dim * dim];
        for (int i = 0; i < n; i++) {
            int row = i * dim;
            for (int a = 0; a < dim; a++) {
                double xa = x[row + a];
                if (xa == 0) {
                    continue;
                }
                int sa = a * dim;
                for (int b = a; b < dim; b++) {
                    s[sa + b] += xa * x[row + b];
                }
            }
        }
        for (int a = 0; a < dim; a++) {
            for (int b = a; b < dim; b++) {
                double v = s[a * dim + b] / n;
                s[a * dim + b] = v;
                s[b * dim + a] = v;
            }
        }
        return s;
    }
}
