package org.collapseharness.theory.variant;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.collapseharness.theory.Bindings;
import org.collapseharness.theory.HeadLoss;
import org.collapseharness.theory.PairLoss;

/**
 * Reads the variant file format (see README "Loss variants"). Line-oriented, {@code #} starts a comment:
 * <pre>
 * variant NAME
 * description TEXT
 * species clean shared labels [target | head]
 * parameter NAME = NUMBER            (decimal or a/b)
 * term clean = EXPR                  (in s, y[, t]; Symja syntax; sg(...) or sg[...] marks a stop-gradient)
 * term shared = EXPR
 * weight clean|shared = EXPR         (multiplies that pair term; default 1)
 * decay samples|labels = EXPR        (weight decay: adds EXPR/2 |s|^2 or EXPR/2 |y|^2)
 * penalty samples|labels = EXPR      (any regulariser in s or y)
 * target ema RATE                    (needs species target: dt_c/dt = RATE (y_c - t_c))
 * check K n m d                      (default sizes for the generic checks)
 * </pre>
 * With species {@code head} (the projection head W, a d×d matrix) the terms are vector expressions in s, y, W with
 * {@code .} the matrix/vector product and {@code sq(v)} = |v|²; decay, penalty and target lines are not supported there.
 * Errors are {@link VariantSyntaxException}s with line and column.
 */
public final class VariantParser {
    static final long MAX_BYTES = 64 * 1024;
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,63}");
    private static final Pattern IDENT = Pattern.compile("[A-Za-z][A-Za-z0-9]*");
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?(/\\d+)?");
    private static final Set<String> FUNCTIONS = VectorTerm.FUNCTIONS;
    /** Functions outside the polynomial pipelines: a term using one is derived by the nonlinear pipeline. */
    private static final Set<String> NONPOLYNOMIAL = Set.of("Sqrt", "Exp", "Log", "Abs", "Sin", "Cos", "Tanh", "cos");
    private static final Set<String> SPECIES = Set.of("clean", "shared", "labels", "target", "head");
    /** Lower-case names the derivations use for their own symbols (variables, model sizes, sector coordinates). */
    static final java.util.SortedSet<String> RESERVED = java.util.Collections.unmodifiableSortedSet(
            new java.util.TreeSet<>(Set.of("s", "y", "t", "k", "n", "m", "d", "rho", "lam", "eps", "u", "v", "w", "a",
                    "b", "h", "p", "q", "r", "f", "g", "y2")));

    /** The reserved names as listed in error messages (and in README "Loss variants"). */
    public static final String RESERVED_TEXT = "reserved: " + String.join(" ", RESERVED) + ", "
            + String.join(" ", new java.util.TreeSet<>(FUNCTIONS)) + ", and names starting with an upper-case letter "
            + "(Symja built-ins)";

    /** True for a name a variant file may not define (see {@link #RESERVED_TEXT}). */
    static boolean reserved(String name) {
        return RESERVED.contains(name) || FUNCTIONS.contains(name) || Character.isUpperCase(name.charAt(0));
    }

    private VariantParser() {
    }

    public static LossVariant parse(Path file) {
        String src = file.toString();
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                throw new VariantSyntaxException(src, 0, 0, "is a directory, not a variant file");
            }
            if (Files.size(file) > MAX_BYTES) {
                throw new VariantSyntaxException(src, 0, 0, "file larger than " + MAX_BYTES + " bytes");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new VariantSyntaxException(src, 0, 0, "cannot read file (" + e.getClass().getSimpleName() + ")");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new VariantSyntaxException(src, 1, 1, "not a UTF-8 text file");
        }
        return parse(text, src);
    }

    public static LossVariant parse(String text, String src) {
        String name = null;
        String description = "";
        List<String> species = null;
        Map<String, Double> params = new LinkedHashMap<>();
        Map<String, String> terms = new LinkedHashMap<>();
        Map<String, String> weights = new LinkedHashMap<>();
        List<String> samplePen = new ArrayList<>();
        List<LossVariant.Regulariser> regularisers = new ArrayList<>();
        List<String> labelPen = new ArrayList<>();
        String ema = "";
        int emaLine = 0;
        Map<String, String> extraTerms = new LinkedHashMap<>();
        boolean nonlinear = false;
        int[] sizes = {3, 8, 2, 2};
        String[] lines = text.split("\r?\n", -1);
        for (int ln = 1; ln <= lines.length; ln++) {
            String raw = lines[ln - 1];
            for (int c = 0; c < raw.length(); c++) {
                char ch = raw.charAt(c);
                if (ch != '\t' && Character.isISOControl(ch)) {
                    throw new VariantSyntaxException(src, ln, c + 1, "control character in text");
                }
            }
            int hash = raw.indexOf('#');
            String line = hash >= 0 ? raw.substring(0, hash) : raw;
            if (line.isBlank()) {
                continue;
            }
            int lead = firstNonBlank(line);
            String body = line.trim();
            String keyword = body.split("\\s+", 2)[0];
            String rest = body.length() > keyword.length() ? body.substring(keyword.length()).trim() : "";
            int restCol = lead + 1 + body.indexOf(rest, keyword.length());
            switch (keyword) {
                case "variant" -> {
                    if (!NAME.matcher(rest).matches()) {
                        throw new VariantSyntaxException(src, ln, restCol, "variant name must match [a-z][a-z0-9-]*");
                    }
                    name = rest;
                }
                case "description" -> description = rest;
                case "species" -> {
                    species = new ArrayList<>();
                    int from = 0;
                    for (String sp : rest.split("[\\s,]+")) {
                        int at = rest.indexOf(sp, from);
                        from = at + sp.length();
                        if (!SPECIES.contains(sp)) {
                            throw new VariantSyntaxException(src, ln, restCol + at,
                                    "unknown species '" + sp + "' (known: clean, shared, labels, target, head)");
                        }
                        species.add(sp);
                    }
                }
                case "parameter" -> {
                    String[] kv = assignment(rest, src, ln, restCol);
                    if (!IDENT.matcher(kv[0]).matches()) {
                        throw new VariantSyntaxException(src, ln, restCol, "parameter name '" + kv[0]
                                + "' is not an identifier (a letter, then letters or digits)");
                    }
                    if (reserved(kv[0])) {
                        throw new VariantSyntaxException(src, ln, restCol, "parameter name '" + kv[0]
                                + "' is " + RESERVED_TEXT);
                    }
                    params.put(kv[0], number(kv[1], src, ln, valueColumn(rest, kv[1], restCol)));
                }
                case "term", "weight" -> {
                    String[] kv = assignment(rest, src, ln, restCol);
                    boolean extra = keyword.equals("term") && (kv[0].equals("labels") || kv[0].equals("contrast"));
                    if (!kv[0].equals("clean") && !kv[0].equals("shared") && !extra) {
                        throw new VariantSyntaxException(src, ln, restCol, keyword.equals("term")
                                ? "term must be for 'clean', 'shared', 'labels' (pairs of distinct labels y, y2) or "
                                + "'contrast' (a sample s, its label y, lsum(...) over all labels y2)"
                                : "weight must be for 'clean' or 'shared'");
                    }
                    boolean head = species != null && species.contains("head");
                    int vcol = valueColumn(rest, kv[1], restCol);
                    VectorTerm.Kind kind = kv[0].equals("labels") ? VectorTerm.Kind.LABELS
                            : kv[0].equals("contrast") ? VectorTerm.Kind.CONTRAST : VectorTerm.Kind.PAIR;
                    boolean target = species != null && species.contains("target");
                    Set<String> vars = new java.util.HashSet<>(kind == VectorTerm.Kind.PAIR
                            ? head && !target ? Set.of("s", "y") : Set.of("s", "y", "t")
                            : kind == VectorTerm.Kind.LABELS ? Set.of("y", "y2") : Set.of("s", "y", "y2"));
                    if (head) {
                        vars.add("W");
                    }
                    exprCheck(kv[1], src, ln, vcol, params.keySet(), vars);
                    if (keyword.equals("term")) {
                        VectorTerm.Node tree = VectorTerm.parse(kv[1], src, ln, vcol, params, kind, head);
                        nonlinear |= extra || VectorTerm.uses(tree, NONPOLYNOMIAL)
                                || !head && VectorTerm.uses(tree, Set.of("sq"));
                        if (extra) {
                            extraTerms.put(kv[0], kv[1]);
                        } else {
                            terms.put(kv[0], kv[1]);
                        }
                    } else {
                        weights.put(kv[0], kv[1]);
                    }
                }
                case "statistic" -> {
                    String[] kv = assignment(rest, src, ln, restCol);
                    if (!kv[0].equals("labels")) {
                        throw new VariantSyntaxException(src, ln, restCol, "statistic must be for 'labels' (mean(...) "
                                + "averages over the labels y)");
                    }
                    boolean head = species != null && species.contains("head");
                    int vcol = valueColumn(rest, kv[1], restCol);
                    exprCheck(kv[1], src, ln, vcol, params.keySet(), head ? Set.of("y", "W") : Set.of("y"));
                    VectorTerm.parse(kv[1], src, ln, vcol, params, VectorTerm.Kind.STATISTIC, head);
                    extraTerms.put("statistic", kv[1]);
                    nonlinear = true;
                }
                case "decay", "penalty" -> {
                    headUnsupported(species, keyword, src, ln, lead + 1);
                    String[] kv = assignment(rest, src, ln, restCol);
                    boolean samples = kv[0].equals("samples");
                    if (!samples && !kv[0].equals("labels")) {
                        throw new VariantSyntaxException(src, ln, restCol, keyword + " must be for 'samples' or 'labels'");
                    }
                    String v = samples ? "s" : "y";
                    int vcol = valueColumn(rest, kv[1], restCol);
                    exprCheck(kv[1], src, ln, vcol, params.keySet(), keyword.equals("decay") ? Set.of() : Set.of(v));
                    VectorTerm.Node tree = VectorTerm.parse(kv[1], src, ln, vcol, params,
                            samples ? VectorTerm.Kind.SAMPLE_PENALTY : VectorTerm.Kind.LABEL_PENALTY, false);
                    nonlinear |= VectorTerm.uses(tree, NONPOLYNOMIAL);
                    String pen = keyword.equals("decay") ? "(" + brackets(kv[1]) + ")/2*" + v + "^2" : brackets(kv[1]);
                    (samples ? samplePen : labelPen).add(pen);
                    regularisers.add(new LossVariant.Regulariser(keyword, kv[0], v, pen, ln));
                }
                case "target" -> {
                    String[] parts = rest.split("\\s+", 2);
                    if (!parts[0].equals("ema") || parts.length < 2) {
                        throw new VariantSyntaxException(src, ln, restCol, "expected 'target ema RATE'");
                    }
                    exprCheck(parts[1], src, ln, restCol + rest.indexOf(parts[1], 3), params.keySet(), Set.of());
                    ema = brackets(parts[1]);
                    emaLine = ln;
                }
                case "check" -> {
                    String[] p = rest.split("\\s+");
                    if (p.length != 4) {
                        throw new VariantSyntaxException(src, ln, restCol, "expected 'check K n m d' (four integers)");
                    }
                    for (int i = 0; i < 4; i++) {
                        try {
                            sizes[i] = Integer.parseInt(p[i]);
                        } catch (NumberFormatException e) {
                            throw new VariantSyntaxException(src, ln, restCol, "'" + p[i] + "' is not an integer");
                        }
                    }
                    if (sizes[0] < 2 || sizes[1] < 1 || sizes[2] < 0 || sizes[3] < 1 || sizes[0] > 8 || sizes[1] > 60
                            || sizes[2] > 60 || sizes[3] > 8) {
                        throw new VariantSyntaxException(src, ln, restCol,
                                "check sizes must satisfy 2<=K<=8, 1<=n<=60, 0<=m<=60, 1<=d<=8");
                    }
                }
                default -> throw new VariantSyntaxException(src, ln, lead + 1, "unknown keyword '" + keyword
                        + "' (expected variant, description, species, parameter, term, weight, decay, penalty, "
                        + "statistic, target, check)");
            }
        }
        int last = Math.max(1, lines.length);
        if (name == null) {
            throw new VariantSyntaxException(src, last, 1, "missing 'variant NAME' line");
        }
        if (species == null) {
            species = List.of("clean", "shared", "labels");
        }
        if (!species.contains("clean") || !species.contains("labels")) {
            throw new VariantSyntaxException(src, last, 1, "species must include clean and labels");
        }
        if (!terms.containsKey("clean")) {
            throw new VariantSyntaxException(src, last, 1, "missing 'term clean = ...'");
        }
        boolean target = species.contains("target");
        boolean head = species.contains("head");
        if (head && target && !nonlinear) {
            throw new VariantSyntaxException(src, last, 1, "species 'head' and 'target' are combined only by the "
                    + "nonlinear pipeline (a term using cos, Sqrt, Exp or Log)");
        }
        if (target != !ema.isEmpty()) {
            throw new VariantSyntaxException(src, emaLine > 0 ? emaLine : last, 1,
                    "species 'target' and a 'target ema RATE' line go together");
        }
        String clean = weighted(terms.get("clean"), weights.get("clean"));
        String shared = species.contains("shared")
                ? weighted(terms.getOrDefault("shared", terms.get("clean")), weights.get("shared")) : "0";
        if (!target && (clean + " " + shared).matches(".*(?<![A-Za-z0-9])t(?![A-Za-z0-9]).*")) {
            throw new VariantSyntaxException(src, last, 1, "terms use the target t but no target species is declared");
        }
        Bindings b = Bindings.of();
        for (Map.Entry<String, Double> e : params.entrySet()) {
            b = b.with(e.getKey(), e.getValue());
        }
        PairLoss loss = new PairLoss(name, clean, shared, joined(samplePen), joined(labelPen), ema, b);
        HeadLoss headLoss = head ? new HeadLoss(name, clean, shared, b) : null;
        LossVariant.Extra extra = new LossVariant.Extra(extraTerms.getOrDefault("labels", ""),
                extraTerms.getOrDefault("contrast", ""), extraTerms.getOrDefault("statistic", ""), nonlinear);
        return new LossVariant(name, description, List.copyOf(new LinkedHashSet<>(species)), loss, sizes, src, headLoss,
                List.copyOf(regularisers), extra);
    }

    private static void headUnsupported(List<String> species, String keyword, String src, int ln, int col) {
        if (species != null && species.contains("head")) {
            throw new VariantSyntaxException(src, ln, col, "'" + keyword + "' is not supported with species head "
                    + "(write the regulariser into the pair terms instead)");
        }
    }

    private static String weighted(String term, String weight) {
        String t = brackets(term);
        return weight == null ? t : "(" + brackets(weight) + ")*(" + t + ")";
    }

    private static String joined(List<String> parts) {
        return parts.isEmpty() ? "0" : String.join(" + ", parts);
    }

    private static int firstNonBlank(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Column of the value of 'NAME = VALUE' (its first character, after any blanks following '='). */
    private static int valueColumn(String rest, String value, int restCol) {
        return restCol + rest.indexOf(value, rest.indexOf('=') + 1);
    }

    private static String[] assignment(String rest, String src, int ln, int col) {
        int eq = rest.indexOf('=');
        if (eq < 0) {
            throw new VariantSyntaxException(src, ln, col, "expected 'NAME = VALUE'");
        }
        String k = rest.substring(0, eq).trim();
        String v = rest.substring(eq + 1).trim();
        if (k.isEmpty() || v.isEmpty()) {
            throw new VariantSyntaxException(src, ln, col + (k.isEmpty() ? 0 : eq + 1), "empty name or value");
        }
        return new String[] {k, v};
    }

    private static double number(String v, String src, int ln, int col) {
        if (!NUMBER.matcher(v).matches()) {
            throw new VariantSyntaxException(src, ln, col, "'" + v + "' is not a number (decimal or a/b)");
        }
        double value;
        int slash = v.indexOf('/');
        if (slash >= 0) {
            value = Double.parseDouble(v.substring(0, slash)) / Double.parseDouble(v.substring(slash + 1));
        } else {
            value = Double.parseDouble(v);
        }
        if (!Double.isFinite(value) || Math.abs(value) > 1e6) {
            throw new VariantSyntaxException(src, ln, col, "parameter value must be finite and at most 1e6 in size");
        }
        return value;
    }

    /** Lexical check of an expression: characters, balanced brackets, known identifiers. */
    static void exprCheck(String e, String src, int ln, int col, Set<String> params, Set<String> vars) {
        exprCheck(e, src, ln, col, params, vars, false);
    }

    /** As above; {@code head} allows the head's vector function sq(...) (|v|²). */
    static void exprCheck(String e, String src, int ln, int col, Set<String> params, Set<String> vars, boolean head) {
        if (e.length() > 2000) {
            throw new VariantSyntaxException(src, ln, col, "expression longer than 2000 characters");
        }
        Deque stack = new Deque();
        int offset = col;
        int i = 0;
        while (i < e.length()) {
            char c = e.charAt(i);
            int at = offset + i;
            Matcher m = IDENT.matcher(e).region(i, e.length());
            if (m.lookingAt()) {
                String id = m.group();
                int j = m.end();
                while (j < e.length() && e.charAt(j) == ' ') {
                    j++;
                }
                boolean call = j < e.length() && (e.charAt(j) == '(' || e.charAt(j) == '[');
                if (call) {
                    if (!FUNCTIONS.contains(id)) {
                        throw new VariantSyntaxException(src, ln, at, "unknown function '" + id + "'");
                    }
                } else if (id.equals("W") && !vars.contains(id)) {
                    throw new VariantSyntaxException(src, ln, at, "W is the projection head: declare 'species clean "
                            + "shared labels head' before the terms");
                } else if (!vars.contains(id) && !params.contains(id) && reserved(id)) {
                    throw new VariantSyntaxException(src, ln, at, "unknown symbol '" + id + "' (variables here: "
                            + String.join(", ", new java.util.TreeSet<>(vars)) + "; '" + id + "' is " + RESERVED_TEXT
                            + ")");
                } else if (!vars.contains(id) && !params.contains(id)) {
                    throw new VariantSyntaxException(src, ln, at, "unknown symbol '" + id + "' (variables here: "
                            + String.join(", ", new java.util.TreeSet<>(vars)) + "; declare constants with 'parameter')");
                }
                i = m.end();
                continue;
            }
            if (c == '(' || c == '[') {
                stack.push(c, at);
            } else if (c == ')' || c == ']') {
                char open = c == ')' ? '(' : '[';
                if (stack.empty() || stack.top() != open) {
                    throw new VariantSyntaxException(src, ln, at, "unbalanced '" + c + "'");
                }
                stack.pop();
            } else if (!(Character.isDigit(c) || " .+-*/^,".indexOf(c) >= 0)) {
                throw new VariantSyntaxException(src, ln, at, "unexpected character '" + c + "'");
            }
            i++;
        }
        if (!stack.empty()) {
            throw new VariantSyntaxException(src, ln, stack.topColumn(), "unbalanced '" + stack.top() + "'");
        }
        new Grammar(e, src, ln, col).check();
    }

    /**
     * The expression grammar Symja reads (after the lexical check above), so that an expression Symja would not parse
     * is reported here at its line and column:
     * <pre>
     * sum     = product (('+' | '-') product)*
     * product = unary (('*' | '/' | '.')? unary)*       (juxtaposition multiplies: 2 s, 2sg(y))
     * unary   = ('+' | '-') unary | power
     * power   = atom ('^' unary)?
     * atom    = NUMBER | NAME | FUNCTION ('(' | '[') sum (')' | ']') | '(' sum ')'
     * </pre>
     */
    private static final class Grammar extends ExprCursor {
        private static final Pattern NUM = Pattern.compile("\\d+(\\.\\d*)?|\\.\\d+");
        private final String src;
        private final int ln;
        private final int col;

        Grammar(String e, String src, int ln, int col) {
            super(e);
            this.src = src;
            this.ln = ln;
            this.col = col;
        }

        void check() {
            sum();
            skip();
            if (i < e.length()) {
                throw fail("unexpected '" + e.charAt(i) + "' (an operator or the end was expected)");
            }
        }

        private void sum() {
            product();
            while (peek('+') || peek('-')) {
                i++;
                product();
            }
        }

        private void product() {
            unary();
            while (true) {
                if (peek('*') || peek('/') || peek('.') && !startsNumber()) {
                    i++;
                    unary();
                } else if (startsAtom()) {
                    unary();
                } else {
                    return;
                }
            }
        }

        private void unary() {
            if (peek('+') || peek('-')) {
                i++;
                unary();
                return;
            }
            atom();
            if (peek('^')) {
                i++;
                unary();
            }
        }

        private void atom() {
            skip();
            if (i >= e.length()) {
                throw fail("the expression ends where an operand was expected");
            }
            Matcher num = NUM.matcher(e).region(i, e.length());
            if (num.lookingAt()) {
                i = num.end();
                return;
            }
            Matcher id = IDENT.matcher(e).region(i, e.length());
            if (id.lookingAt()) {
                i = id.end();
                if (FUNCTIONS.contains(id.group()) && (peek('(') || peek('['))) {
                    group(true);
                }
                return;
            }
            if (peek('(')) {
                group();
                return;
            }
            throw fail(e.charAt(i) == '[' ? "'[' only follows a function name (group with '(')"
                    : "'" + e.charAt(i) + "' where an operand was expected");
        }

        /** An opening bracket at i, its contents and the matching closing bracket (balance is already checked). */
        private void group() {
            group(false);
        }

        private void group(boolean call) {
            skip();
            i++;
            skip();
            if (peek(')') || peek(']')) {
                throw fail("empty brackets");
            }
            sum();
            while (call && peek(',')) {
                i++;
                sum();
            }
            skip();
            if (!(peek(')') || peek(']'))) {
                throw fail("'" + (i < e.length() ? e.charAt(i) : ' ') + "' where a closing bracket was expected");
            }
            i++;
        }

        private VariantSyntaxException fail(String message) {
            return new VariantSyntaxException(src, ln, col + Math.min(i, e.length()),
                    "expression does not parse: " + message);
        }
    }

    /** Turns function calls f(...) into Symja's f[...] (Mathematica syntax), leaving grouping parentheses alone. */
    static String brackets(String e) {
        StringBuilder out = new StringBuilder();
        java.util.ArrayDeque<Boolean> calls = new java.util.ArrayDeque<>();
        for (int i = 0; i < e.length(); i++) {
            char c = e.charAt(i);
            if (c == '(') {
                int j = out.length() - 1;
                while (j >= 0 && out.charAt(j) == ' ') {
                    j--;
                }
                int k = j;
                while (k >= 0 && Character.isLetterOrDigit(out.charAt(k))) {
                    k--;
                }
                int start = k + 1;
                while (start < j && Character.isDigit(out.charAt(start))) {
                    start++; // digits before a name are a number factor (2sg(y) = 2*sg(y)), as exprCheck reads them
                }
                boolean call = j >= 0 && start <= j && FUNCTIONS.contains(out.substring(start, j + 1));
                calls.push(call);
                out.append(call ? '[' : '(');
            } else if (c == ')') {
                out.append(!calls.isEmpty() && calls.pop() ? ']' : ')');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Tiny bracket stack with columns. */
    private static final class Deque {
        private final java.util.ArrayDeque<int[]> items = new java.util.ArrayDeque<>();

        void push(char c, int col) {
            items.push(new int[] {c, col});
        }

        void pop() {
            items.pop();
        }

        boolean empty() {
            return items.isEmpty();
        }

        char top() {
            return (char) items.peek()[0];
        }

        int topColumn() {
            return items.peek()[1];
        }
    }
}
