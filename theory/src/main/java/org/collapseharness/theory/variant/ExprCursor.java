package org.collapseharness.theory.variant;

/** A position in an expression string, with the lookahead both expression readers of variant files use. */
abstract class ExprCursor {
    final String e;
    int i;

    ExprCursor(String e) {
        this.e = e;
    }

    /** Whether an operand starts here (juxtaposition multiplies: 2 s, 2sg(y)). */
    boolean startsAtom() {
        skip();
        return i < e.length() && (Character.isLetterOrDigit(e.charAt(i)) || e.charAt(i) == '(' || startsNumber());
    }

    /** Whether a number written as .5 starts here (so that '.' is not the product). */
    boolean startsNumber() {
        return i + 1 < e.length() && e.charAt(i) == '.' && Character.isDigit(e.charAt(i + 1));
    }

    boolean peek(char c) {
        skip();
        return i < e.length() && e.charAt(i) == c;
    }

    void skip() {
        while (i < e.length() && e.charAt(i) == ' ') {
            i++;
        }
    }
}
