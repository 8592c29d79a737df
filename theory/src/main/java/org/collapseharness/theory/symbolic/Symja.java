package org.collapseharness.theory.symbolic;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.collapseharness.theory.Bindings;
import org.collapseharness.theory.SymbolicException;
import org.matheclipse.core.eval.EvalControlledCallable;
import org.matheclipse.core.eval.ExprEvaluator;
import org.matheclipse.core.interfaces.IExpr;

/**
 * The one gateway to the Symja engine. One evaluator per thread (Symja's EvalEngine is thread-local); the first call
 * in a JVM costs about two seconds, later calls milliseconds. Everything symbolic in the harness goes through here.
 */
public final class Symja {

    private static final ThreadLocal<ExprEvaluator> EVALUATOR = ThreadLocal.withInitial(Symja::createEvaluator);

    /** Symja prints warnings ("Infinite expression 1/0 encountered") itself: keep it quiet, we check results. */
    private static ExprEvaluator createEvaluator() {
        ExprEvaluator ev = new ExprEvaluator(false, (short) 100);
        java.io.PrintStream nowhere = new java.io.PrintStream(java.io.OutputStream.nullOutputStream());
        ev.getEvalEngine().setQuietMode(true);
        ev.getEvalEngine().setOutPrintStream(nowhere);
        ev.getEvalEngine().setErrorPrintStream(nowhere);
        return ev;
    }

    /**
     * Time limit of one evaluation (a term that makes Symja loop must not hang the harness). Default 60 s,
     * far above the slowest step of the derivations; override with the system property
     * {@code collapse.symja.timeoutSeconds}.
     */
    public static final Duration DEFAULT_TIME_LIMIT = parseLimit(System.getProperty("collapse.symja.timeoutSeconds"));

    private static final ThreadLocal<Duration> TIME_LIMIT = ThreadLocal.withInitial(() -> DEFAULT_TIME_LIMIT);

    private Symja() {
    }

    /** Evaluates Symja input (Mathematica syntax, e.g. {@code D[x^2, x]}) under the current time limit. */
    public static IExpr eval(String input) {
        Duration limit = TIME_LIMIT.get();
        IExpr result;
        try {
            ExprEvaluator ev = EVALUATOR.get();
            result = ev.evaluateWithTimeout(input, Math.max(1, limit.toMillis()), TimeUnit.MILLISECONDS, false,
                    new EvalControlledCallable(ev.getEvalEngine()));
        } catch (RuntimeException | StackOverflowError e) {
            throw new SymbolicException(SymbolicException.Key.EVALUATION_FAILED,
                    "Symja could not evaluate " + shorten(input) + ": " + e.getClass().getSimpleName());
        }
        if (result == null) {
            throw new SymbolicException(SymbolicException.Key.EVALUATION_FAILED, "Symja returned nothing for " + shorten(input));
        }
        if (result.isSymbol() && "$Aborted".equals(result.toString())) {
            throw new SymbolicException(SymbolicException.Key.TIMEOUT, "Symja did not finish " + shorten(input)
                    + " within " + limit.toMillis() + " ms");
        }
        return result;
    }

    /**
     * Runs a symbolic computation with a different per-evaluation time limit on this thread (restored afterwards).
     * Used by tests that provoke {@link SymbolicException.Key#TIMEOUT} and by callers that parse untrusted terms.
     */
    public static <T> T withTimeLimit(Duration limit, java.util.function.Supplier<T> computation) {
        Duration previous = TIME_LIMIT.get();
        TIME_LIMIT.set(limit);
        try {
            return computation.get();
        } finally {
            TIME_LIMIT.set(previous);
        }
    }

    /** Seconds as text to a time limit; anything but a positive finite number (or absent) gives 60 s. */
    static Duration parseLimit(String seconds) {
        double v;
        try {
            v = seconds == null ? 60 : Double.parseDouble(seconds.trim());
        } catch (NumberFormatException e) {
            v = 60;
        }
        return v > 0 && v < 1e9 ? Duration.ofMillis(Math.max(1, Math.round(1000 * v))) : Duration.ofSeconds(60);
    }

    /** The per-evaluation time limit in force on this thread. */
    public static Duration timeLimit() {
        return TIME_LIMIT.get();
    }

    /** Evaluates with {@code #k} placeholders replaced by the input forms of the given expressions. */
    public static IExpr eval(String template, IExpr... args) {
        String s = template;
        for (int i = args.length - 1; i >= 0; i--) {
            s = s.replace("#" + i, "(" + text(args[i]) + ")");
        }
        return eval(s);
    }

    /** Input form of an expression (parseable Symja text, used for display and for internal templates only). */
    public static String text(IExpr e) {
        return e.toString().replace("\n", "");
    }

    /** Expanded form, then true when it is identically zero. */
    public static boolean isZero(IExpr e) {
        IExpr r = eval("Expand[#0]", e);
        if (r.isZero()) {
            return true;
        }
        if (isRational(r) && numericallyNonZero(r)) {
            return false; // cheap disproof; Together on large rational expressions can take seconds
        }
        return eval("Expand[Together[#0]]", e).isZero();
    }

    /**
     * Rational functions only: with roots or branch functions, Together's formal simplification (e.g. Sqrt[x^2] = x)
     * can legitimately differ from a numeric probe, so the probe is not used there.
     */
    static boolean isRational(IExpr e) {
        return !java.util.regex.Pattern.compile("Sqrt|Abs|Log|Exp|Sin|Cos|\\^\\(-?\\d+/\\d+\\)|(?<![A-Za-z0-9])I(?![A-Za-z0-9])")
                .matcher(text(e)).find();
    }

    /** Evaluates at two fixed generic points; true when the value is clearly non-zero at either. */
    static boolean numericallyNonZero(IExpr e) {
        IExpr vars = eval("Variables[#0]", e);
        for (double base : new double[] {0.3183098861837907, 0.5772156649015329}) {
            StringBuilder rules = new StringBuilder("{");
            for (int i = 1; i <= vars.argSize(); i++) {
                rules.append(i > 1 ? "," : "").append(text(vars.getAt(i))).append("->")
                        .append(Double.toString(base + 0.1113 * i));
            }
            IExpr v = eval("N[ReplaceAll[#0, " + rules.append('}') + "]]", e);
            try {
                org.hipparchus.complex.Complex c = v.evalfc();
                if (c.norm() > 1e-8 && Double.isFinite(c.norm())) {
                    return true;
                }
            } catch (RuntimeException ex) {
                return false;
            }
        }
        return false;
    }

    /** True when a polynomial expression expands to zero (no rational simplification: cheap and safe). */
    public static boolean isZeroPolynomial(IExpr e) {
        return eval("Expand[#0]", e).isZero();
    }

    /** The factors of Factor[e] (a one-element list when it is not a product; numeric factors included). */
    static java.util.List<IExpr> factors(IExpr e) {
        IExpr f = eval("Factor[#0]", e);
        java.util.List<IExpr> out = new java.util.ArrayList<>();
        if (f.isTimes()) {
            for (int i = 1; i <= f.argSize(); i++) {
                out.add(f.getAt(i));
            }
        } else {
            out.add(f);
        }
        return out;
    }

    /** The rule list {a->1, b->0.5} for bindings. */
    static String rules(Bindings b) {
        StringBuilder sb = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<String, Double> e : b.asMap().entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            sb.append(e.getKey()).append("->").append(number(e.getValue()));
        }
        return sb.append('}').toString();
    }

    static String number(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            throw new SymbolicException(SymbolicException.Key.EVALUATION_FAILED, "cannot bind a non-finite value " + v);
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        String s = new BigDecimal(Double.toString(v)).toPlainString();
        return v < 0 ? "(" + s + ")" : s;
    }

    private static String shorten(String s) {
        return s.length() > 120 ? s.substring(0, 117) + "..." : s;
    }
}
