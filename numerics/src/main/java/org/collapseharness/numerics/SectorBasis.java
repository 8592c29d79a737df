package org.collapseharness.numerics;

import org.hipparchus.ode.OrdinaryDifferentialEquation;

/**
 * Orthonormal bases of the permutation-symmetry sectors of a §3-type state (one coordinate, layout with d = 1),
 * built numerically from the layout alone (Helmert contrasts), never from the symbolic derivation.
 * I: within-class fluctuations of clean samples and fluctuations of shared samples; II: class biases of clean means
 * and labels; III: global means of each species.
 */
public final class SectorBasis {
    private SectorBasis() {
    }

    /** Basis vectors of a sector ("I", "II", "III") as rows. */
    public static double[][] of(ParticleLayout layout, String sector) {
        ParticleLayout l = layout.perCoordinate();
        int size = l.size();
        int k = l.classes();
        int n = l.clean();
        int m = l.shared();
        java.util.List<double[]> rows = new java.util.ArrayList<>();
        switch (sector) {
            case "I" -> {
                for (int c = 0; c < k; c++) {
                    for (double[] h : helmert(n)) {
                        double[] v = new double[size];
                        for (int i = 0; i < n; i++) {
                            v[l.clean(c, i)] = h[i];
                        }
                        rows.add(v);
                    }
                }
                for (double[] h : helmert(m)) {
                    double[] v = new double[size];
                    for (int s = 0; s < m; s++) {
                        v[l.shared(s)] = h[s];
                    }
                    rows.add(v);
                }
            }
            case "II" -> {
                for (double[] h : helmert(k)) {
                    double[] vx = new double[size];
                    double[] vy = new double[size];
                    for (int c = 0; c < k; c++) {
                        for (int i = 0; i < n; i++) {
                            vx[l.clean(c, i)] = h[c] / Math.sqrt(n);
                        }
                        vy[l.label(c)] = h[c];
                    }
                    rows.add(vx);
                    rows.add(vy);
                }
            }
            case "III" -> {
                double[] vx = new double[size];
                double[] vy = new double[size];
                for (int c = 0; c < k; c++) {
                    for (int i = 0; i < n; i++) {
                        vx[l.clean(c, i)] = 1 / Math.sqrt((double) k * n);
                    }
                    vy[l.label(c)] = 1 / Math.sqrt(k);
                }
                rows.add(vx);
                if (m > 0) {
                    double[] vz = new double[size];
                    for (int s = 0; s < m; s++) {
                        vz[l.shared(s)] = 1 / Math.sqrt(m);
                    }
                    rows.add(vz);
                }
                rows.add(vy);
            }
            default -> throw new IllegalArgumentException("unknown sector " + sector);
        }
        return rows.toArray(new double[0][]);
    }

    /** Orthonormal basis of {u in R^p : Σ u = 0} (p − 1 vectors). */
    public static double[][] helmert(int p) {
        if (p < 2) {
            return new double[0][];
        }
        double[][] h = new double[p - 1][p];
        for (int j = 1; j < p; j++) {
            double norm = Math.sqrt((double) j * (j + 1));
            for (int i = 0; i < j; i++) {
                h[j - 1][i] = 1 / norm;
            }
            h[j - 1][j] = -j / norm;
        }
        return h;
    }

    /** The flow restricted to the span of the basis: B = Qᵀ f(Q), with f applied to each basis vector. */
    public static Restriction restrict(OrdinaryDifferentialEquation f, double[][] basis) {
        int r = basis.length;
        double[][] b = new double[r][r];
        double leak = 0;
        double norm = 0;
        for (int j = 0; j < r; j++) {
            double[] img = f.computeDerivatives(0, basis[j]);
            double[] back = new double[img.length];
            for (int i = 0; i < r; i++) {
                double s = 0;
                for (int q = 0; q < img.length; q++) {
                    s += basis[i][q] * img[q];
                }
                b[i][j] = s;
                for (int q = 0; q < img.length; q++) {
                    back[q] += s * basis[i][q];
                }
            }
            for (int q = 0; q < img.length; q++) {
                double d = img[q] - back[q];
                leak += d * d;
                norm += img[q] * img[q];
            }
        }
        return new Restriction(b, norm == 0 ? 0 : Math.sqrt(leak / norm));
    }

    /**
     * @param matrix             the restricted matrix Qᵀ A Q
     * @param invarianceResidual ||A Q − Q Qᵀ A Q||_F / ||A Q||_F: zero when the span is invariant
     */
    public record Restriction(double[][] matrix, double invarianceResidual) {
    }
}
