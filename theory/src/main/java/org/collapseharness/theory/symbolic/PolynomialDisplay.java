package org.collapseharness.theory.symbolic;

import java.util.ArrayList;
import java.util.List;
import org.matheclipse.core.interfaces.IExpr;

/**
 * Characteristic polynomials for people: factored over the rationals, each factor written in descending powers of
 * λ with its coefficients in the README's symbols (K for the class count, n, m), e.g. {@code λ (λ^2 + (1+K+m+n) λ +
 * (K+K n+m))}. The Symja input form stays the machine-readable one.
 */
public final class PolynomialDisplay {
    private PolynomialDisplay() {
    }

    /** The factored display of a polynomial in {@code lam} given in Symja input form ("a ; b" for several). */
    public static String factored(String polynomials) {
        List<String> parts = new ArrayList<>();
        for (String p : polynomials.split(";")) {
            parts.add(factorOne(p.trim()));
        }
        return String.join(" ; ", parts);
    }

    private static String factorOne(String poly) {
        List<IExpr> factors = Symja.factors(Symja.eval(poly));
        StringBuilder out = new StringBuilder();
        String constant = "";
        boolean alone = factors.stream().filter(x -> !x.isNumber()).count() == 1;
        for (IExpr x : factors) {
            if (x.isNumber()) {
                constant = symbols(Symja.text(x)) + " ";
                alone = false;
                continue;
            }
            int power = 1;
            IExpr base = x;
            if (x.isPower() && x.getAt(2).isInteger()) {
                base = x.getAt(1);
                power = x.getAt(2).toIntDefault();
            }
            String b = descending(base);
            boolean single = !b.contains(" ") || alone;
            out.append(out.length() > 0 ? " " : "").append(single && power == 1 ? b : "(" + b + ")")
                    .append(power == 1 ? "" : "^" + power);
        }
        return constant + out;
    }

    /** c_k λ^k + ... + c_0 with each coefficient in README symbols, parenthesised when it is a sum. */
    private static String descending(IExpr p) {
        IExpr coeffs = Symja.eval("CoefficientList[#0, lam]", p);
        StringBuilder out = new StringBuilder();
        for (int k = coeffs.argSize() - 1; k >= 0; k--) {
            IExpr c = coeffs.getAt(k + 1);
            if (c.isZero()) {
                continue;
            }
            String ct = symbols(Symja.text(Symja.eval("Factor[#0]", c)));
            boolean negative = ct.startsWith("-") && !ct.substring(1).matches(".*[+-].*");
            if (negative) {
                ct = ct.substring(1);
            }
            boolean sum = ct.matches(".*[^(][+-].*");
            String power = k == 0 ? "" : k == 1 ? "λ" : "λ^" + k;
            String term;
            if (k == 0) {
                term = sum ? "(" + ct + ")" : ct;
            } else if (ct.equals("1")) {
                term = power;
            } else {
                term = (sum ? "(" + ct + ")" : ct) + " " + power;
            }
            out.append(out.length() == 0 ? (negative ? "-" : "") : negative ? " - " : " + ").append(term);
        }
        return out.toString();
    }

    /** Symja's k and lam in the README's letters; products written by juxtaposition. */
    private static String symbols(String s) {
        return s.replaceAll("(?<![A-Za-z])k(?![A-Za-z])", "K").replaceAll("(?<![A-Za-z])lam(?![A-Za-z])", "λ")
                .replace("*", " ");
    }
}
