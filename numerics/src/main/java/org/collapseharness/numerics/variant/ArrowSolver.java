package org.collapseharness.numerics.variant;

import org.collapseharness.numerics.OdeProblem;
import org.collapseharness.numerics.ShiftedJacobianSolver;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * Solves W x = b, W = σI − J, for the Jacobian of a {@link VariantFlow}: samples couple only to themselves (a d×d
 * diagonal block A_i each) and to the core (labels, W, targets: B_i, C_i), so W is an arrow matrix. Factorisation:
 * M_i = σI − A_i inverted per sample, the core Schur complement S = σI − D − Σ C_i M_i⁻¹ B_i by LU; cost
 * O(N (d³ + d² c + d c²) + c³) for N samples and c core unknowns instead of O((N d + c)³).
 */
public final class ArrowSolver implements ShiftedJacobianSolver {
    /** The factory for {@code Rodas4.withLinearSolver}: the problem's equation must be a {@link VariantFlow}. */
    public static final Factory FACTORY = (problem, evals) -> new ArrowSolver(problem);

    private final VariantFlow flow;
    private final int d;
    private final int samples;
    private final int core;
    private final int n;
    private double[][] jac;
    /** This solver's Jacobian buffer (filled by {@link VariantFlow#jacobianInto}). */
    private double[][] buffer;
    private final DMatrixRMaj[] minv;
    private final DMatrixRMaj[] minvB;
    private final DMatrixRMaj s;
    private final LinearSolverDense<DMatrixRMaj> lu;

    private ArrowSolver(OdeProblem problem) {
        if (!(problem.equation() instanceof VariantFlow f)) {
            throw new IllegalArgumentException("ArrowSolver needs a VariantFlow");
        }
        this.flow = f;
        this.d = f.layout().dim();
        this.n = f.getDimension();
        this.samples = f.sampleEntries() / d;
        this.core = n - f.sampleEntries();
        this.minv = new DMatrixRMaj[samples];
        this.minvB = new DMatrixRMaj[samples];
        for (int i = 0; i < samples; i++) {
            minv[i] = new DMatrixRMaj(d, d);
            minvB[i] = new DMatrixRMaj(d, core);
        }
        this.s = new DMatrixRMaj(core, core);
        this.lu = LinearSolverFactory_DDRM.lu(core);
    }

    /** A solver for the flow of a problem (also usable outside an integrator, e.g. for Newton steps). */
    public static ArrowSolver of(OdeProblem problem) {
        return new ArrowSolver(problem);
    }

    @Override
    public void linearise(double t, double[] y, double[] f) {
        if (buffer == null) {
            buffer = new double[n][n];
        }
        flow.jacobianInto(y, buffer);
        jac = buffer;
    }

    /** Uses a given Jacobian (n×n, not copied). */
    public void linearise(double[][] jacobian) {
        jac = jacobian;
    }

    @Override
    public boolean factor(double sigma) {
        int base = samples * d;
        for (int r = 0; r < core; r++) {
            for (int c = 0; c < core; c++) {
                s.unsafe_set(r, c, (r == c ? sigma : 0) - jac[base + r][base + c]);
            }
        }
        DMatrixRMaj m = new DMatrixRMaj(d, d);
        DMatrixRMaj b = new DMatrixRMaj(d, core);
        for (int i = 0; i < samples; i++) {
            int o = i * d;
            for (int r = 0; r < d; r++) {
                for (int c = 0; c < d; c++) {
                    m.unsafe_set(r, c, (r == c ? sigma : 0) - jac[o + r][o + c]);
                }
                for (int c = 0; c < core; c++) {
                    b.unsafe_set(r, c, jac[o + r][base + c]);
                }
            }
            if (!finite(m) || !CommonOps_DDRM.invert(m, minv[i])) {
                return false;
            }
            CommonOps_DDRM.mult(minv[i], b, minvB[i]);
            // S -= C_i (M_i^-1 B_i), C_i = jac[core rows][sample columns]
            double[] mb = minvB[i].data;
            for (int r = 0; r < core; r++) {
                double[] row = jac[base + r];
                for (int q = 0; q < d; q++) {
                    double cq = row[o + q];
                    if (cq == 0) {
                        continue;
                    }
                    for (int c = 0; c < core; c++) {
                        s.data[r * core + c] -= cq * mb[q * core + c];
                    }
                }
            }
        }
        if (!finite(s) || !lu.setA(s)) {
            return false;
        }
        double quality = lu.quality();
        return quality > 0 && Double.isFinite(quality);
    }

    @Override
    public void solve(double[] rhs) {
        int base = samples * d;
        double[] yi = new double[samples * d];
        DMatrixRMaj bc = new DMatrixRMaj(core, 1);
        for (int r = 0; r < core; r++) {
            bc.data[r] = rhs[base + r];
        }
        for (int i = 0; i < samples; i++) {
            int o = i * d;
            double[] mi = minv[i].data;
            for (int r = 0; r < d; r++) {
                double acc = 0;
                for (int c = 0; c < d; c++) {
                    acc += mi[r * d + c] * rhs[o + c];
                }
                yi[o + r] = acc;
            }
            for (int r = 0; r < core; r++) {
                double[] row = jac[base + r];
                double acc = 0;
                for (int q = 0; q < d; q++) {
                    acc += row[o + q] * yi[o + q];
                }
                bc.data[r] += acc;
            }
        }
        DMatrixRMaj xc = new DMatrixRMaj(core, 1);
        lu.solve(bc, xc);
        for (int r = 0; r < core; r++) {
            rhs[base + r] = xc.data[r];
        }
        for (int i = 0; i < samples; i++) {
            int o = i * d;
            double[] mb = minvB[i].data;
            for (int r = 0; r < d; r++) {
                double acc = yi[o + r];
                for (int c = 0; c < core; c++) {
                    acc += mb[r * core + c] * xc.data[c];
                }
                rhs[o + r] = acc;
            }
        }
    }

    private static boolean finite(DMatrixRMaj m) {
        for (double v : m.data) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
