package org.collapseharness.theory;

import java.util.ArrayList;
import java.util.List;

/**
 * A d×d matrix written as a linear combination of words in a matrix W and its transpose, identified by the symbolic
 * pipeline (coefficients solved for, then the identity checked symbolically). Evaluates at any concrete W of any size.
 *
 * @param terms non-zero terms, in word order
 */
public record MatrixWords(List<Term> terms) implements java.io.Serializable {

    /** Words of degree ≤ 2 in W and Wᵀ. */
    public enum Word {
        I("IdentityMatrix[d]"), W("W"), WT("Transpose[W]"), WT_W("Transpose[W].W"), W_WT("W.Transpose[W]"),
        W_W("W.W"), WT_WT("Transpose[W].Transpose[W]");

        private final String text;

        Word(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }

        /** The word at a concrete W. */
        public double[][] at(double[][] w) {
            int d = w.length;
            return switch (this) {
                case I -> Mat.identity(d);
                case W -> Mat.copy(w);
                case WT -> Mat.transpose(w);
                case WT_W -> Mat.mul(Mat.transpose(w), w);
                case W_WT -> Mat.mul(w, Mat.transpose(w));
                case W_W -> Mat.mul(w, w);
                case WT_WT -> Mat.mul(Mat.transpose(w), Mat.transpose(w));
            };
        }
    }

    /** coefficient × word. */
    public record Term(double coefficient, String coefficientText, Word word) implements java.io.Serializable {
    }

    public MatrixWords {
        terms = List.copyOf(terms);
    }

    public double[][] at(double[][] w) {
        int d = w.length;
        double[][] out = new double[d][d];
        for (Term t : terms) {
            double[][] m = t.word().at(w);
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    out[i][j] += t.coefficient() * m[i][j];
                }
            }
        }
        return out;
    }

    /** The same combination times a factor (used for deliberately wrong variants in negative controls). */
    public MatrixWords scaled(double factor) {
        List<Term> t = new ArrayList<>();
        for (Term x : terms) {
            t.add(new Term(x.coefficient() * factor, "(" + factor + ")*(" + x.coefficientText() + ")", x.word()));
        }
        return new MatrixWords(t);
    }

    /** Symja-style text, e.g. {@code -IdentityMatrix[d] - Transpose[W].W}. */
    public String text() {
        if (terms.isEmpty()) {
            return "0";
        }
        return combinationText(terms.stream().map(Term::coefficientText).toList(),
                terms.stream().map(t -> t.word().text()).toList());
    }

    /** Symja-style text of Σ c_k word_k from coefficient texts and word texts ("0" when empty). */
    public static String combinationText(List<String> coefficients, List<String> words) {
        StringBuilder s = new StringBuilder();
        for (int k = 0; k < coefficients.size(); k++) {
            String c = coefficients.get(k);
            if (s.length() > 0) {
                s.append(c.startsWith("-") ? " - " : " + ");
                c = c.startsWith("-") ? c.substring(1) : c;
            } else if (c.startsWith("-")) {
                s.append('-');
                c = c.substring(1);
            }
            if (!c.equals("1")) {
                s.append(c).append('*');
            }
            s.append(words.get(k));
        }
        return s.length() == 0 ? "0" : s.toString();
    }

    @Override
    public String toString() {
        return text();
    }
}
