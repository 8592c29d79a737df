package org.collapseharness.theory.symbolic;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.collapseharness.theory.PolynomialMatrix;
import org.collapseharness.theory.ProjectionJacobians;
import org.collapseharness.theory.SymbolicException;
import org.matheclipse.core.interfaces.IExpr;

/**
 * Jacobians of the §4 projection-head model from its per-pair loss ({@link ProjectionDerivation#pairLoss}), at a
 * concrete d with explicit entries: the per-pair field f = −∂loss/∂v with sg semantics ({@link SgCalculus}), then
 * {@code D} of every component, expanded and compiled to a {@link PolynomialMatrix}. For the moment reduction also the
 * fluctuation field q(W, C): q_C = Gss C + C Gssᵀ and q_W = ½ Σ_ab ∂²Ẇ/∂s_a∂s_b C_ab, with the closure conditions
 * checked symbolically (Gss and ∂²Ẇ/∂s² free of s and y: the field is linear in the samples for fixed W, quadratic in
 * Ẇ), and its Jacobian in (W, C). The derivation grows like d⁴ entries (seconds at d = 3, tens of seconds at d = 5);
 * commands use the dimension-free form of {@link ProjectionWordDerivation} at every d, and this explicit-entry route
 * is its second witness at small d ({@code ProjectionWordDerivationTest}).
 */
public final class ProjectionJacobianDerivation {

    private static final Map<String, ProjectionJacobians> CACHE = new ConcurrentHashMap<>();

    private ProjectionJacobianDerivation() {
    }

    /** The Jacobians at dimension d, derived once per JVM. */
    public static ProjectionJacobians derive(int d, boolean stopGradient) {
        if (d < 1) {
            throw new IllegalArgumentException("dimension must be positive, got " + d);
        }
        return CACHE.computeIfAbsent(d + "|" + stopGradient, k -> compute(d, stopGradient));
    }

    static ProjectionJacobians compute(int d, boolean sg) {
        List<String> pairVars = HeadFlowDerivation.variables(d);
        IExpr loss = Symja.eval(ProjectionDerivation.pairLoss(d, sg));
        IExpr[] f = new IExpr[pairVars.size()];
        for (int j = 0; j < f.length; j++) {
            f[j] = SgCalculus.flow(loss, pairVars.get(j));
        }
        PolynomialMatrix pair = jacobian(f, pairVars);

        // fluctuation field: Gss = ∂ṡ/∂s and H_pq = ∂²Ẇ_pq/∂s∂s must not depend on the samples or labels
        String sVars = "{" + String.join(",", pairVars.subList(0, d)) + "}";
        String sampleVars = "{" + String.join(",", pairVars.subList(0, 2 * d)) + "}";
        List<String> wVars = pairVars.subList(2 * d, pairVars.size());
        List<String> cVars = new ArrayList<>();
        StringBuilder cMat = new StringBuilder("{");
        for (int a = 1; a <= d; a++) {
            cMat.append(a > 1 ? ",{" : "{");
            for (int b = 1; b <= d; b++) {
                String c = d == 1 ? "cm" : "cm" + a + b;
                cVars.add(c);
                cMat.append(b > 1 ? "," : "").append(c);
            }
            cMat.append('}');
        }
        cMat.append('}');
        StringBuilder fs = new StringBuilder("{");
        for (int a = 0; a < d; a++) {
            fs.append(a > 0 ? "," : "").append(Symja.text(f[a]));
        }
        IExpr gss = free(Symja.eval("Expand[D[" + fs + "}, {" + sVars + "}]]"), sampleVars, "Gss");
        IExpr qc = Symja.eval("Flatten[Expand[(#0)." + cMat + " + " + cMat + ".Transpose[#0]]]", gss);
        IExpr[] q = new IExpr[2 * d * d];
        for (int p = 0; p < d * d; p++) {
            IExpr h = free(Symja.eval("Expand[D[#0, {" + sVars + ", 2}]]", f[2 * d + p]), sampleVars,
                    "the curvature of dW/dt in the samples");
            q[p] = Symja.eval("Expand[1/2*Total[Flatten[(#0)*" + cMat + "]]]", h);
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    q[d * d + a * d + b] = qc.getAt(a * d + b + 1);
                }
            }
        }
        List<String> fluctVars = new ArrayList<>(wVars);
        fluctVars.addAll(cVars);
        return new ProjectionJacobians(d, sg, pair, jacobian(q, fluctVars));
    }

    private static IExpr free(IExpr e, String vars, String what) {
        if (!Symja.eval("FreeQ[#0, Alternatives @@ " + vars + "]", e).isTrue()) {
            throw new SymbolicException(SymbolicException.Key.NOT_LINEAR, what + " depends on the samples or labels ("
                    + Symja.text(e) + "): the moment reduction does not close");
        }
        return e;
    }

    /** ∂f_i/∂v_j, every entry expanded and compiled; non-polynomial entries are rejected. */
    static PolynomialMatrix jacobian(IExpr[] f, List<String> vars) {
        String varList = "{" + String.join(",", vars) + "}";
        int n = vars.size();
        List<Integer> entries = new ArrayList<>();
        List<double[]> coefficients = new ArrayList<>();
        List<int[][]> exponents = new ArrayList<>();
        for (int i = 0; i < f.length; i++) {
            if (!Symja.eval("PolynomialQ[#0, " + varList + "]", f[i]).isTrue()) {
                throw new SymbolicException(SymbolicException.Key.NOT_LINEAR, "field component " + Symja.text(f[i])
                        + " is not a polynomial");
            }
            // one call per row: the gradient, each entry as its coefficient rules
            IExpr row = Symja.eval("Map[CoefficientRules[#, " + varList + "]&, Expand[D[#0, {" + varList + "}]]]",
                    f[i]);
            for (int j = 0; j < n; j++) {
                IExpr rules = row.getAt(j + 1);
                if (rules.argSize() == 0) {
                    continue;
                }
                double[] c = new double[rules.argSize()];
                int[][] ex = new int[rules.argSize()][n];
                for (int k = 0; k < c.length; k++) {
                    IExpr rule = rules.getAt(k + 1);
                    if (!rule.getAt(2).isNumber()) {
                        throw new SymbolicException(SymbolicException.Key.NOT_REAL, "Jacobian coefficient "
                                + Symja.text(rule.getAt(2)) + " is not a number");
                    }
                    c[k] = rule.getAt(2).evalf();
                    for (int v = 0; v < n; v++) {
                        ex[k][v] = rule.getAt(1).getAt(v + 1).toIntDefault();
                    }
                }
                if (c.length == 1 && c[0] == 0) {
                    continue;
                }
                entries.add(i * n + j);
                coefficients.add(c);
                exponents.add(ex);
            }
        }
        return PolynomialMatrix.compile(f.length, n, vars, entries.stream().mapToInt(Integer::intValue).toArray(),
                coefficients.toArray(new double[0][]), exponents.toArray(new int[0][][]));
    }
}
