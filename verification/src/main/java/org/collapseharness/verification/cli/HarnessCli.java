package org.collapseharness.verification.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.collapseharness.theory.ModelParameterException;
import org.collapseharness.theory.SymbolicException;
import org.collapseharness.verification.reliability.CliFuzzer;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of ./harness. Bad input: one line on stderr, exit 2. Never a stack trace. */
@Command(name = "harness", mixinStandardHelpOptions = true,
        versionProvider = org.collapseharness.verification.Version.class,
        description = "Verification harness for 'A Minimal Model of Representation Collapse' (arXiv 2604.09979).")
public final class HarnessCli implements Callable<Integer> {

    /**
     * The subcommands, registered programmatically: when the first argument names one of them only that one is
     * built (picocli's annotation processing of every subcommand is a noticeable part of a short run's start-up, and
     * its Java-5 class files cannot go into the class-data-sharing archive); otherwise (help, usage, unknown names)
     * all are.
     */
    static final java.util.List<Class<?>> SUBCOMMANDS = java.util.List.of(ClaimsCommand.class, ReportCommand.class,
            SectorsCommand.class, SimulateCommand.class, ProjectionCommand.class, DmftCommand.class,
            TeacherStudentCommand.class, NetworkCommand.class, DeriveCommand.class, BenchCommand.class, SweepCommand.class, BasinsCommand.class,
            CommandLine.HelpCommand.class);

    /** Default --seed/--seeds of every command (the paper's arXiv date), one constant for all of them. */
    static final String DEFAULT_SEED = "20260409";

    /** Exit code for invalid input. */
    public static final int USAGE = 2;
    /** Exit code when the command ran but a verdict failed or a computation did not succeed. */
    public static final int FAILED = 1;

    @Override
    public Integer call() {
        commandLine().usage(System.out);
        return 0;
    }

    public static void main(String[] args) {
        int code = run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        System.exit(code);
    }

    /** The full command line: the root command with every subcommand. */
    public static CommandLine commandLine() {
        return commandLine(null);
    }

    /** The root command with one subcommand (or all when {@code only} is null). */
    static CommandLine commandLine(Class<?> only) {
        CommandLine cl = new CommandLine(new HarnessCli());
        for (Class<?> c : SUBCOMMANDS) {
            if (only == null || c == only) {
                cl.addSubcommand(c);
            }
        }
        return cl;
    }

    /** This command line as the reliability fuzzer sees it: its model, its runner and its exit codes. */
    public static CliFuzzer.Target fuzzTarget() {
        return new CliFuzzer.Target(HarnessCli::commandLine, HarnessCli::run, USAGE, FAILED);
    }

    /** Runs the CLI with the given streams (used by tests). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        Class<?> only = null;
        if (args.length > 0) {
            for (Class<?> c : SUBCOMMANDS) {
                if (c != CommandLine.HelpCommand.class && c.getAnnotation(Command.class).name().equals(args[0])) {
                    only = c;
                }
            }
        }
        CommandLine cl = commandLine(only);
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("harness: " + oneLine(unknownFirst(ex)) + " (see --help)");
            return USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            if (ex instanceof ModelParameterException || ex instanceof CommandLine.ParameterException
                    || ex instanceof UsageException
                    || ex instanceof org.collapseharness.theory.variant.VariantSyntaxException) {
                err.println("harness: " + oneLine(ex.getMessage()));
                return USAGE;
            }
            if (ex instanceof SymbolicException se) {
                err.println("harness: symbolic step failed [" + se.key() + "]: " + oneLine(se.getMessage()));
                return se.key() == SymbolicException.Key.PARSE_ERROR ? USAGE : FAILED;
            }
            err.println("harness: " + ex.getClass().getSimpleName() + ": " + oneLine(String.valueOf(ex.getMessage())));
            return FAILED;
        });
        try {
            return cl.execute(args);
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            err.println("harness: " + e.getClass().getSimpleName() + ": " + oneLine(String.valueOf(e.getMessage())));
            return FAILED;
        }
    }

    /**
     * The message of a parse error, with an unknown option named first: picocli validates required options before it
     * reports unmatched arguments, so a typo in a required option's name would otherwise read "Missing required
     * option". Only the option-like unmatched arguments are named (a typo's value is not); close names are
     * suggested.
     */
    static String unknownFirst(CommandLine.ParameterException ex) {
        CommandLine c = ex.getCommandLine();
        java.util.List<String> unmatched = ex instanceof CommandLine.UnmatchedArgumentException um ? um.getUnmatched()
                : c == null ? java.util.List.of() : c.getUnmatchedArguments();
        java.util.List<String> unknown = unmatched.stream().filter(u -> u.startsWith("-") && u.length() > 1).toList();
        if (unknown.isEmpty()) {
            return ex.getMessage();
        }
        CommandLine.UnmatchedArgumentException u = new CommandLine.UnmatchedArgumentException(c, unknown);
        java.util.List<String> close = u.getSuggestions();
        return (unknown.size() == 1 ? "Unknown option: '" + unknown.get(0) + "'"
                : "Unknown options: " + String.join(", ", unknown.stream().map(x -> "'" + x + "'").toList()))
                + (close.isEmpty() ? "" : " (did you mean " + String.join(" or ", close) + "?)");
    }

    static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        String t = s.replaceAll("[\\r\\n]+", " ").replaceAll("\\p{Cntrl}", "?").trim();
        return t.length() > 300 ? t.substring(0, 297) + "..." : t;
    }

    /** Invalid input discovered after parsing (exit 2). */
    public static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public UsageException(String message) {
            super(message);
        }
    }
}
