package org.collapseharness.theory.symbolic;

import java.io.Serializable;
import org.collapseharness.theory.Bindings;
import org.collapseharness.theory.ClosedForm;
import org.collapseharness.theory.SymbolicException;
import org.hipparchus.complex.Complex;
import org.matheclipse.core.interfaces.IExpr;

/**
 * A closed form compiled from its Symja expression into a tree of sums, products, powers, numbers and symbols,
 * evaluated in complex arithmetic without Symja (principal branch for non-integer powers, as Symja's {@code N}).
 * Expressions with other heads keep no tree and are evaluated by Symja from their text. Serializable, for the
 * derivation cache.
 */
final class CompiledForm implements ClosedForm, Serializable {
    private static final long serialVersionUID = 1L;

    /** op: '+' sum, '*' product, '^' power (args base, exponent), 'n' number (re, im), 's' symbol. */
    record Node(char op, double re, double im, String symbol, Node[] args) implements Serializable {
    }

    private final String text;
    private final Node tree;

    private CompiledForm(String text, Node tree) {
        this.text = text;
        this.tree = tree;
    }

    /** The compiled form of a derived closed form (its text kept exactly). */
    static CompiledForm of(ClosedForm form) {
        if (form instanceof CompiledForm c) {
            return c;
        }
        IExpr e = form instanceof SymjaForm s ? s.expr() : Symja.eval(form.text());
        return new CompiledForm(form.text(), compile(e));
    }

    /** null when the expression has a head outside the compiled set. */
    static Node compile(IExpr e) {
        if (e.isNumber()) {
            Complex c = e.evalfc();
            return new Node('n', c.getReal(), c.getImaginary(), null, null);
        }
        if (e.isSymbol()) {
            if (e.isNumericFunction(true)) {
                Complex c = Symja.eval("N[#0]", e).evalfc();
                return new Node('n', c.getReal(), c.getImaginary(), null, null);
            }
            return new Node('s', 0, 0, Symja.text(e), null);
        }
        char op = e.isPlus() ? '+' : e.isTimes() ? '*' : e.isPower() ? '^' : 0;
        if (op == 0) {
            return null;
        }
        Node[] args = new Node[e.argSize()];
        for (int i = 0; i < args.length; i++) {
            args[i] = compile(e.getAt(i + 1));
            if (args[i] == null) {
                return null;
            }
        }
        return new Node(op, 0, 0, null, args);
    }

    boolean compiled() {
        return tree != null;
    }

    @Override
    public String text() {
        return text;
    }

    @Override
    public double[] complexAt(Bindings b) {
        if (tree == null) {
            return SymjaForm.of(text).complexAt(b);
        }
        Complex c = eval(tree, b);
        if (c.isNaN()) {
            throw new SymbolicException(SymbolicException.Key.NOT_REAL,
                    "closed form " + text + " did not evaluate to a number at " + b);
        }
        return new double[] {c.getReal(), c.getImaginary()};
    }

    private Complex eval(Node n, Bindings b) {
        switch (n.op()) {
            case 'n':
                return new Complex(n.re(), n.im());
            case 's':
                if (!b.has(n.symbol())) {
                    throw new SymbolicException(SymbolicException.Key.NOT_REAL, "closed form " + text
                            + " did not evaluate to a number at " + b + " (no value for " + n.symbol() + ")");
                }
                return new Complex(b.get(n.symbol()));
            case '+': {
                Complex acc = Complex.ZERO;
                for (Node a : n.args()) {
                    acc = acc.add(eval(a, b));
                }
                return acc;
            }
            case '*': {
                Complex acc = Complex.ONE;
                for (Node a : n.args()) {
                    acc = acc.multiply(eval(a, b));
                }
                return acc;
            }
            default: {
                Complex base = eval(n.args()[0], b);
                Node ex = n.args()[1];
                if (ex.op() == 'n' && ex.im() == 0 && ex.re() == Math.rint(ex.re()) && Math.abs(ex.re()) <= 64) {
                    Complex p = Complex.ONE;
                    for (int i = 0; i < Math.abs(ex.re()); i++) {
                        p = p.multiply(base);
                    }
                    return ex.re() < 0 ? Complex.ONE.divide(p) : p;
                }
                if (ex.op() == 'n' && ex.im() == 0 && ex.re() == 0.5) {
                    return base.sqrt();
                }
                return base.pow(eval(ex, b));
            }
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
