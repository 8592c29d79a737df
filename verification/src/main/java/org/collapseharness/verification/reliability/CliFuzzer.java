package org.collapseharness.verification.reliability;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Generic fuzzing of the command line: every option and positional parameter of every subcommand, found through
 * picocli's {@link CommandSpec} (so subcommands added later are fuzzed too), receives generated garbage in-process
 * through the {@link Target}'s runner. The contract checked for every invocation: no stack trace on either stream, no hang,
 * exit code 0, 1 or 2, and exit code 2 comes with exactly one line on stderr. Values that cannot be a valid argument
 * at all (non-numbers for numeric options, non-finite numbers, unknown options, junk) must give exit code 2.
 *
 * <p>Each option is fuzzed twice: alone (the parser's view, required options missing) and inside a valid
 * <em>context</em> of the subcommand (the command's own validation). Contexts are listed in {@link #CONTEXTS}; a
 * subcommand without one is fuzzed in the parser's view only and is named in the summary as not deeply fuzzed.
 */
public final class CliFuzzer {

    /**
     * Valid, cheap argument lists per subcommand (the fuzzed option replaces its own entry). {@code @OUT@} is replaced
     * by a fresh temporary directory. New subcommands should add a line here (they are still fuzzed without one).
     */
    public static final Map<String, List<String>> CONTEXTS = Map.ofEntries(
            Map.entry("claims", List.of()),
            Map.entry("sectors", List.of("--classes", "3", "--clean", "4", "--shared", "2", "--dim", "1")),
            Map.entry("simulate", List.of("--classes", "2", "--clean", "2", "--shared", "1", "--dim", "1", "--t-end", "1",
                    "--points", "10")),
            Map.entry("report", List.of("--only", "3.2-b", "--quiet", "--out", "@OUT@")),
            Map.entry("derive", List.of("--variant", "@VARIANT@", "--classes", "3", "--clean", "4", "--shared", "2")),
            Map.entry("network", List.of("--rho", "0.2", "--classes", "2", "--per-class", "3", "--input-dim", "2", "--hidden",
                    "3", "--dim", "2", "--steps", "20")),
            // one tiny run (K = 2, d = 1, T = 1, one seed): well-typed values never start a long grid
            Map.entry("basins", List.of("--classes", "2", "--dim", "1", "--rho", "0.2", "--clean", "2", "--seeds",
                    "1", "--t-end", "1", "--threads", "1", "--quiet", "--out", "@OUT@/runs.jsonl")),
            // @SHARD@: the output of the basins context, written once before the campaign
            Map.entry("basins merge", List.of("@SHARD@", "--out", "@OUT@/merged.jsonl")),
            Map.entry("help", List.of()));

    /** Malformed loss-variant files: each must give exit 2 with one line wherever a path is read. */
    static final Map<String, byte[]> VARIANT_JUNK = new java.util.TreeMap<>(Map.of(
            "empty", new byte[0],
            "binary", new byte[] {0, 1, 2, (byte) 0xff, (byte) 0xfe, 10, 0},
            "unbalanced", "variant x\nterm clean = 1/2*((s - y)^2\n".getBytes(java.nio.charset.StandardCharsets.UTF_8),
            "unknown-species", "variant x\nspecies clean labels aliens\nterm clean = 1/2*(s-y)^2\n"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8),
            "unknown-symbol", "variant x\nterm clean = 1/2*(s - q)^2\n".getBytes(java.nio.charset.StandardCharsets.UTF_8),
            "nonlinear", "variant x\nterm clean = (s - y)^4\n".getBytes(java.nio.charset.StandardCharsets.UTF_8),
            "huge-power", "variant x\nterm clean = (s - y)^999999999\n".getBytes(java.nio.charset.StandardCharsets.UTF_8),
            "no-name", "term clean = 1/2*(s - y)^2\n".getBytes(java.nio.charset.StandardCharsets.UTF_8),
            "head-vector-term", "variant x\nspecies clean shared labels head\nterm clean = W.s - y\n"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)));

    /** Per-invocation time limit: a case that runs longer counts as a hang. */
    public static final Duration CASE_LIMIT = Duration.ofSeconds(60);

    /**
     * The command line under test, supplied by its owner: a factory of the full picocli command line (every
     * subcommand), the in-process runner, and the exit codes for invalid input and for a failed verdict.
     */
    public record Target(Supplier<CommandLine> commandLine, Runner runner, int usageExit, int failedExit) {
    }

    /** Runs the command line in-process with the given streams and returns its exit code. */
    @FunctionalInterface
    public interface Runner {
        int run(String[] args, PrintWriter out, PrintWriter err);
    }

    /** One invocation and what it did. */
    public record Case(String subcommand, String target, List<String> args, boolean mustBeUsage, int exitCode,
                       int stderrLines, String stderr, String violation, double seconds) {
    }

    /** What a fuzz run found. */
    public record Summary(int invocations, int usageErrors, int accepted, int failedVerdicts, List<String> subcommands,
                          List<String> notDeeplyFuzzed, int optionsFuzzed, List<Case> violations, double seconds) {
        public boolean clean() {
            return violations.isEmpty();
        }
    }

    /** Every case of the last campaign (diagnostics: slowest cases, exit codes per option). */
    static volatile List<Case> LAST_CASES = List.of();

    private CliFuzzer() {
    }

    /** Garbage for a value of the given type (numeric, path-like or text). */
    static List<String> garbage(Class<?> type, Path scratch) {
        List<String> v = new ArrayList<>(List.of("", " ", "abc", "1,5", "0x1G", "\u0000", "\u0001\u00ff\u00fe\r\t",
                "--", "-", "--classes", "NaN", "Infinity", "-Infinity", "nan", "1e309", "-1e309", "1e-320", "-0",
                "-1", "0", "2147483647", "2147483648", "-2147483649", "9223372036854775808",
                "99999999999999999999999999", "\uff13", "3.5", "1/2", "'3'", "9".repeat(5000), binaryJunk(64)));
        if (Path.class.isAssignableFrom(type) || java.io.File.class.isAssignableFrom(type)) {
            // Relative garbage would be a valid directory name in the working directory: only absolute junk here.
            // (" " or control characters are valid relative directory names on Linux: not garbage for a path.)
            v = new ArrayList<>(List.of("", "\u0000", scratch.resolve("a-file").toString(),
                    scratch.resolve("a-file").resolve("below-a-file").toString()));
            for (String junk : VARIANT_JUNK.keySet()) {
                v.add(scratch.resolve(junk + ".bad-variant").toString());
            }
        }
        return v;
    }

    static String binaryJunk(int length) {
        Random r = new Random(20260409L);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            s.append((char) r.nextInt(256));
        }
        return s.toString();
    }

    /** True when the text cannot be a value of the type in any harness option (must give exit code 2). */
    static boolean invalidFor(Class<?> type, String value) {
        if (isIntegral(type)) {
            try {
                Long.parseLong(value); // accepts what picocli's integer converters may accept (also non-ASCII digits)
                return false;
            } catch (NumberFormatException e) {
                return true;
            }
        }
        if (isNumeric(type)) {
            try {
                return !Double.isFinite(Double.parseDouble(value)); // policy: no option takes a non-finite number
            } catch (NumberFormatException e) {
                return true;
            }
        }
        if (Path.class.isAssignableFrom(type)) {
            return value.isBlank() || value.indexOf('\u0000') >= 0 || value.endsWith("a-file") || value.endsWith(".bad-variant")
                    || value.endsWith("below-a-file");
        }
        return false;
    }

    static boolean isNumeric(Class<?> t) {
        return t == int.class || t == long.class || t == double.class || t == float.class || t == short.class
                || Number.class.isAssignableFrom(t);
    }

    static boolean isIntegral(Class<?> t) {
        return t == int.class || t == long.class || t == short.class || t == Integer.class || t == Long.class
                || t == Short.class;
    }

    /** Runs the whole fuzz campaign. */
    public static Summary run(Target cli) {
        long t0 = System.nanoTime();
        Path scratch;
        try {
            scratch = Files.createTempDirectory("harness-fuzz");
            Files.writeString(scratch.resolve("a-file"), "not a directory");
            for (var junk : VARIANT_JUNK.entrySet()) {
                Files.write(scratch.resolve(junk.getKey() + ".bad-variant"), junk.getValue());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a scratch directory: " + e.getMessage());
        }
        CommandLine root = cli.commandLine().get();
        List<String> subcommands = new ArrayList<>();
        for (var e : root.getSubcommands().entrySet()) {
            subcommands.add(e.getKey());
            for (String nested : e.getValue().getSubcommands().keySet()) {
                subcommands.add(e.getKey() + " " + nested);
            }
        }
        List<String> notDeep = new ArrayList<>();
        List<Case> all = new ArrayList<>();
        int options = 0;
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "cli-fuzz");
            t.setDaemon(true);
            return t;
        });
        try {
            // Top level: unknown options, unknown subcommands, junk.
            for (List<String> args : List.of(List.of("--bogus"), List.of("-Z"), List.of("nosuchcommand"),
                    List.of(binaryJunk(16)), List.of(""), List.of("--", "x"), List.of("claims", "--bogus"),
                    List.of("claims", "extra-positional"))) {
                all.add(invoke(pool, cli, "(top)", "junk", args, true));
            }
            // the shard file of the 'basins merge' context: one tiny basins run
            Path shardDir = scratch.resolve("shard");
            mkdirs(shardDir);
            List<String> shardArgs = new ArrayList<>(List.of("basins"));
            shardArgs.addAll(substitute(CONTEXTS.get("basins"), shardDir));
            all.add(invoke(pool, cli, "basins", "context", shardArgs, false));
            for (String name : subcommands) {
                CommandLine sub = root;
                for (String word : name.split(" ")) {
                    sub = sub.getSubcommands().get(word);
                }
                CommandSpec spec = sub.getCommandSpec();
                List<String> words = List.of(name.split(" "));
                List<String> context = CONTEXTS.get(name);
                if (context == null) {
                    notDeep.add(name);
                }
                Path out = scratch.resolve("out-" + name.replace(' ', '-'));
                if (context != null && context.stream().anyMatch(a -> a.startsWith("@OUT@/"))) {
                    mkdirs(out);
                }
                if (context != null && !context.isEmpty()) {
                    // the context itself must be valid, else the deep fuzzing would only see its own usage error
                    Case c = invoke(pool, cli, name, "context", concatAll(words, substitute(context, out)), false);
                    all.add(c.exitCode() != cli.usageExit() ? c : new Case(c.subcommand(), c.target(), c.args(),
                            false, c.exitCode(), c.stderrLines(), c.stderr(), "the valid context is refused: "
                            + c.stderr().strip(), c.seconds()));
                }
                // picocli's built-in 'help' prints the usage for anything it does not know: exempt from exit 2.
                boolean strict = !name.equals("help");
                all.add(invoke(pool, cli, name, "unknown option", concat(words, "--no-such-option"), strict));
                all.add(invoke(pool, cli, name, "unknown option", concat(words, "--no-such-option=" + binaryJunk(8)),
                        strict));
                for (OptionSpec o : spec.options()) {
                    if (o.usageHelp() || o.versionHelp()) {
                        continue;
                    }
                    options++;
                    String flag = o.longestName();
                    Class<?> type = o.type();
                    if (o.arity().max() == 0) {
                        // A flag with an attached value is junk.
                        all.add(invoke(pool, cli, name, flag, concat(words, flag + "=junk"), true));
                        continue;
                    }
                    boolean runsWithDefaults = spec.options().stream().noneMatch(OptionSpec::required)
                            && context == null;
                    for (String g : garbage(type, scratch)) {
                        if (g.endsWith(".bad-variant") && !flag.contains("variant")) {
                            continue; // malformed variant files are garbage only where a variant file is read
                        }
                        if (g.endsWith("nonlinear.bad-variant") && name.equals("simulate")) {
                            continue; // a quartic term is not linear, but simulate --variant runs any variant
                        }
                        boolean must = invalidFor(type, g);
                        if (!must && runsWithDefaults && !name.equals("help") && !name.equals("claims")) {
                            continue; // a well-typed value would run the whole (long) command with its defaults
                        }
                        // An optional value the parser does not take (e.g. "--") leaves the option at its fallback
                        // and runs the command with its defaults: such values are fuzzed in the context only.
                        if (must || o.arity().min() > 0 || context == null) {
                            all.add(invoke(pool, cli, name, flag, concat(words, flag, g), must));
                        }
                        if (context != null) {
                            List<String> args = new ArrayList<>();
                            args.addAll(words);
                            args.addAll(without(substitute(context, out), o));
                            args.add(flag);
                            args.add(g);
                            all.add(invoke(pool, cli, name, flag, args, must));
                        }
                    }
                    // The option with its value missing at the end (unless the value is optional).
                    if (o.arity().min() > 0) {
                        all.add(invoke(pool, cli, name, flag, concat(words, flag), true));
                    }
                }
                for (PositionalParamSpec p : spec.positionalParameters()) {
                    options++;
                    for (String g : List.of("", "nosuch", binaryJunk(12), "9".repeat(500))) {
                        all.add(invoke(pool, cli, name, "positional " + p.paramLabel(), concat(words, g), false));
                    }
                }
            }
        } finally {
            pool.shutdownNow();
            deleteTree(scratch);
        }
        List<Case> violations = all.stream().filter(c -> c.violation() != null).toList();
        int usage = (int) all.stream().filter(c -> c.exitCode() == cli.usageExit()).count();
        int accepted = (int) all.stream().filter(c -> c.exitCode() == 0).count();
        int failed = (int) all.stream().filter(c -> c.exitCode() == cli.failedExit()).count();
        LAST_CASES = List.copyOf(all);
        return new Summary(all.size(), usage, accepted, failed, subcommands, notDeep, options, violations,
                (System.nanoTime() - t0) / 1e9);
    }

    static void deleteTree(Path root) {
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | RuntimeException e) {
            // best effort: a leftover scratch directory under the temp dir is harmless
        }
    }

    static List<String> substitute(List<String> context, Path out) {
        List<String> r = new ArrayList<>();
        for (String s : context) {
            if (s.equals("@VARIANT@")) {
                Path dir = org.collapseharness.verification.claims.VariantClaims.variantsDirectory();
                r.add(dir == null ? "variants/minimal.variant" : dir.resolve("minimal.variant").toString());
                continue;
            }
            if (s.equals("@SHARD@")) {
                r.add(out.getParent().resolve("shard").resolve("runs.jsonl").toString());
                continue;
            }
            r.add(s.equals("@OUT@") ? out.toString() : s.startsWith("@OUT@/") ? out.resolve(s.substring(6)).toString()
                    : s);
        }
        return r;
    }

    private static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a scratch directory: " + e.getMessage());
        }
    }

    private static List<String> concatAll(List<String> words, List<String> more) {
        List<String> r = new ArrayList<>(words);
        r.addAll(more);
        return r;
    }

    private static List<String> concat(List<String> words, String... more) {
        List<String> r = new ArrayList<>(words);
        r.addAll(List.of(more));
        return r;
    }

    /** The context without the fuzzed option (and its value). */
    static List<String> without(List<String> context, ArgSpec a) {
        if (!(a instanceof OptionSpec o)) {
            return context;
        }
        List<String> r = new ArrayList<>();
        List<String> names = List.of(o.names());
        for (int i = 0; i < context.size(); i++) {
            if (names.contains(context.get(i))) {
                if (o.arity().max() > 0) {
                    i++;
                }
                continue;
            }
            r.add(context.get(i));
        }
        return r;
    }

    static Case invoke(ExecutorService pool, Target cli, String sub, String target, List<String> args, boolean mustBeUsage) {
        long t0 = System.nanoTime();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Future<Integer> f = pool.submit(() -> cli.runner().run(args.toArray(new String[0]), new PrintWriter(out, true),
                new PrintWriter(err, true)));
        int code;
        String violation = null;
        try {
            code = f.get(CASE_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            return new Case(sub, target, args, mustBeUsage, -1, 0, "", "no answer within " + CASE_LIMIT.toSeconds()
                    + " s (hang)", CASE_LIMIT.toSeconds());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Case(sub, target, args, mustBeUsage, -1, 0, "", "interrupted", 0);
        } catch (ExecutionException e) {
            return new Case(sub, target, args, mustBeUsage, -1, 0, "", "the runner threw "
                    + e.getCause().getClass().getSimpleName(), 0);
        }
        String e = err.toString();
        String o = out.toString();
        int lines = e.isEmpty() ? 0 : e.split("\r?\n", -1).length - (e.endsWith("\n") ? 1 : 0);
        if (looksLikeStackTrace(e) || looksLikeStackTrace(o)) {
            violation = "stack trace printed";
        } else if (code != 0 && code != cli.failedExit() && code != cli.usageExit()) {
            violation = "exit code " + code;
        } else if (code == cli.usageExit() && lines != 1) {
            violation = "exit code 2 with " + lines + " lines on stderr";
        } else if (code != cli.usageExit() && lines > 1) {
            violation = "exit code " + code + " with " + lines + " lines on stderr";
        } else if (mustBeUsage && code != cli.usageExit()) {
            violation = "invalid input accepted (exit code " + code + ")";
        } else if (code == cli.usageExit() && !e.startsWith("harness: ")) {
            violation = "usage error not in the 'harness: ...' form";
        }
        return new Case(sub, target, args, mustBeUsage, code, lines, e.strip(), violation,
                (System.nanoTime() - t0) / 1e9);
    }

    static boolean looksLikeStackTrace(String s) {
        return s.contains("\tat ") || s.contains("Exception in thread") || s.contains("Caused by:")
                || s.matches("(?s).*\\n\\s+at [a-zA-Z_$][\\w$.]*\\(.*");
    }

    /** Short description of a case for reports and assertion messages. */
    public static String describe(Case c) {
        List<String> shown = new ArrayList<>();
        for (String a : c.args()) {
            String s = a.length() > 40 ? a.substring(0, 37) + "..." : a;
            StringBuilder b = new StringBuilder();
            for (char ch : s.toCharArray()) {
                b.append(ch < 32 || ch > 126 ? String.format("\\u%04x", (int) ch) : String.valueOf(ch));
            }
            shown.add(b.toString());
        }
        return String.join(" ", shown) + " -> exit " + c.exitCode() + ": " + c.violation() + " [" + c.stderr() + "]";
    }

    /** Counts per subcommand, for the report. */
    public static Map<String, Object> json(Summary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("invocations", s.invocations());
        m.put("optionsAndParametersFuzzed", s.optionsFuzzed());
        m.put("subcommands", s.subcommands());
        m.put("usageErrorsExit2", s.usageErrors());
        m.put("acceptedExit0", s.accepted());
        m.put("failedVerdictExit1", s.failedVerdicts());
        m.put("violations", s.violations().stream().map(CliFuzzer::describe).toList());
        m.put("notDeeplyFuzzed", s.notDeeplyFuzzed());
        return m;
    }
}
