package org.collapseharness.theory;

import java.util.List;

/**
 * What the symbolic pipeline derived about the §4 projection-head model, for one choice of stop-gradient.
 *
 * <p>Per pair (s, y) the derived field is linear in (s, y) for fixed W: ds/dt = Gss s + Gsy y, dy/dt = Gys s + Gyy y
 * (blocks identified as word combinations in W, Wᵀ from explicit d = 2 entries). Imposing steady state and eliminating
 * the samples (s = S y with S = −Gss⁻¹ Gsy) gives for the class biases (I − T) δy = 0 with
 * T = (n/(n+m)) Gyy⁻¹ Gys Gss⁻¹ Gsy, and for the label mean (I − T/(n/(n+m))) ȳ = 0.
 *
 * @param stopGradient        whether the un-projected side of each term is detached
 * @param pairLoss            the per-pair loss as differentiated (d = 2 components)
 * @param perModeField        the derived per-pair field for d = 1 (scalar w): ds/dt, dy/dt, dw/dt
 * @param gss                 ∂(ds/dt)/∂s
 * @param gsy                 ∂(ds/dt)/∂y
 * @param gys                 ∂(dy/dt)/∂s
 * @param gyy                 ∂(dy/dt)/∂y
 * @param biasFactor          n/(n+m) rewritten in ρ
 * @param perModeT            T for d = 1 (symbols w, rho)
 * @param tMatrix2            T for d = 2 with explicit entries (symbols w11, w12, w21, w22, rho), row-major
 * @param jacobianAsymmetry   per-mode field: ∂(ds/dt)/∂w − ∂(dw/dt)/∂s (zero for a gradient flow)
 * @param biasOperator        sg only: P with T = biasFactor·P⁻¹, identified as words (else null)
 * @param protectedValue      sg only: the value μ of P on which class biases survive (symbol rho), else null
 * @param meanValue           sg only: the value of P on which the label mean survives, else null
 * @param tBound              no sg only: sup over w of the per-mode T (symbol rho), else null
 * @param perModeRootsU       roots in u = w² of the numerator of 1 − T (per mode)
 */
public record ProjectionTheory(boolean stopGradient, String pairLoss, List<String> perModeField, MatrixWords gss,
                               MatrixWords gsy, MatrixWords gys, MatrixWords gyy, ClosedForm biasFactor,
                               ClosedForm perModeT, List<ClosedForm> tMatrix2, ClosedForm jacobianAsymmetry,
                               MatrixWords biasOperator, ClosedForm protectedValue, ClosedForm meanValue,
                               ClosedForm tBound, List<ClosedForm> perModeRootsU) implements java.io.Serializable {

    private static final java.util.Map<String, Double> FACTORS = new java.util.concurrent.ConcurrentHashMap<>();

    /** T at a concrete W (any d) and ρ, from the derived blocks; null if Gss or Gyy is singular. */
    public double[][] operatorT(double[][] w, double rho) {
        double[][] m = meanOperatorT(w);
        return m == null ? null : Mat.scale(m, factorAt(rho));
    }

    /** The derived bias factor n/(n+m) at ρ (memoised: evaluating a closed form costs a Symja call). */
    public double factorAt(double rho) {
        return FACTORS.computeIfAbsent(biasFactor.text() + "@" + rho, k -> biasFactor.at(Bindings.of("rho", rho)));
    }

    /** Gyy⁻¹ Gys Gss⁻¹ Gsy at a concrete W (the label-mean relation is (I − this) ȳ = 0). */
    public double[][] meanOperatorT(double[][] w) {
        double[][] gssInv = Mat.inverse(gss.at(w));
        double[][] gyyInv = Mat.inverse(gyy.at(w));
        if (gssInv == null || gyyInv == null) {
            return null;
        }
        return Mat.mul(Mat.mul(gyyInv, gys.at(w)), Mat.mul(gssInv, gsy.at(w)));
    }

    /** Steady-state sample position per unit label: s = S y with S = −Gss⁻¹ Gsy; null if singular. */
    public double[][] sampleOperator(double[][] w) {
        double[][] gssInv = Mat.inverse(gss.at(w));
        return gssInv == null ? null : Mat.scale(Mat.mul(gssInv, gsy.at(w)), -1);
    }
}
