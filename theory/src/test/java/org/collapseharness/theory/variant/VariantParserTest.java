package org.collapseharness.theory.variant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.collapseharness.theory.Bindings;
import org.collapseharness.theory.PairLoss;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The variant file format: every directive with its translation to Symja text, and every error with the line and
 * column of the offending token (columns are 1-based and point at the first character of what is wrong).
 */
@DisplayName("Variant files: directives, translation to the pair loss, errors with line:column")
class VariantParserTest {

    static final String FULL = String.join("\n",
            "# a comment line",
            "variant my-var-2   # trailing comment",
            "description  Two words, here ",
            "species clean, shared labels\ttarget",
            "",
            "parameter a1 = 1/4",
            "parameter beta = -2.5e-1",
            "term clean = 1/2*(s - sg(t))^2",
            "   term shared = a1*Sqrt(s^2 + 1)",
            "weight shared = beta",
            "weight clean = 2",
            "decay samples = a1",
            "penalty samples = Exp(s)",
            "decay labels = 3",
            "penalty labels = y^4",
            "target ema a1",
            "check 4 10 3 2");

    static LossVariant parse(String text) {
        return VariantParser.parse(text, "f.variant");
    }

    /** Asserts that parsing fails at the given line and column with a message containing the fragment. */
    static void fails(String text, int line, int column, String fragment) {
        assertThatThrownBy(() -> parse(text)).as(text).isInstanceOfSatisfying(VariantSyntaxException.class, e -> {
            assertThat(e.line()).as("line of: " + e.getMessage()).isEqualTo(line);
            assertThat(e.column()).as("column of: " + e.getMessage()).isEqualTo(column);
            assertThat(e.getMessage()).startsWith("f.variant:" + line + ":" + column + ": ").contains(fragment)
                    .doesNotContain("\n");
        });
    }

    @Nested
    @DisplayName("directives")
    class Directives {

        @Test
        @DisplayName("a file with every directive translates to the documented pair loss")
        void everyDirective() {
            LossVariant v = parse(FULL);
            assertThat(v.name()).isEqualTo("my-var-2");
            assertThat(v.description()).isEqualTo("Two words, here");
            assertThat(v.species()).containsExactly("clean", "shared", "labels", "target");
            assertThat(v.source()).isEqualTo("f.variant");
            assertThat(v.checkSizes()).containsExactly(4, 10, 3, 2);
            PairLoss l = v.loss();
            assertThat(l.name()).isEqualTo("my-var-2");
            // Function calls f(...) become f[...]; grouping parentheses stay; weights multiply the whole term.
            assertThat(l.cleanTerm()).isEqualTo("(2)*(1/2*(s - sg[t])^2)");
            assertThat(l.sharedTerm()).isEqualTo("(beta)*(a1*Sqrt[s^2 + 1])");
            // decay c adds c/2 |v|^2; penalties are added as written, in file order.
            assertThat(l.samplePenalty()).isEqualTo("(a1)/2*s^2 + Exp[s]");
            assertThat(l.labelPenalty()).isEqualTo("(3)/2*y^2 + y^4");
            assertThat(l.emaRate()).isEqualTo("a1");
            assertThat(l.hasTarget()).isTrue();
            assertThat(l.parameters()).isEqualTo(Bindings.of("a1", 0.25, "beta", -0.25));
            assertThat(v.usesStopGradient()).isTrue();
        }

        @Test
        @DisplayName("defaults: species clean shared labels, the shared term is the clean term, no penalties, sizes 3 8 2 2")
        void defaults() {
            LossVariant v = parse("variant x\nterm clean = 1/2*(s-y)^2\n");
            assertThat(v.species()).containsExactly("clean", "shared", "labels");
            assertThat(v.description()).isEmpty();
            assertThat(v.loss()).isEqualTo(new PairLoss("x", "1/2*(s-y)^2", "1/2*(s-y)^2", "0", "0", "", Bindings.of()));
            assertThat(v.checkSizes()).containsExactly(3, 8, 2, 2);
            assertThat(v.usesStopGradient()).isFalse();
            // CRLF line ends are accepted; a weight on the clean term also weights the default shared term's source.
            LossVariant w = parse("variant x\r\nterm clean = s*y\r\nweight clean = 3\r\n");
            assertThat(w.loss().cleanTerm()).isEqualTo("(3)*(s*y)");
            assertThat(w.loss().sharedTerm()).isEqualTo("s*y");
        }

        @Test
        @DisplayName("without the shared species the shared term is 0; repeated species are listed once")
        void speciesSubsets() {
            LossVariant v = parse("variant x\nspecies clean labels clean\nterm clean = (s-y)^2\nterm shared = s^2");
            assertThat(v.species()).containsExactly("clean", "labels");
            assertThat(v.loss().sharedTerm()).isEqualTo("0");
            LossVariant sh = parse("variant x\nspecies labels,shared,clean\nterm clean = (s-y)^2\nterm shared = s^2");
            assertThat(sh.species()).containsExactly("labels", "shared", "clean");
            assertThat(sh.loss().sharedTerm()).isEqualTo("s^2");
        }

        @Test
        @DisplayName("a later line for the same directive replaces the earlier one; check sizes at their limits")
        void lastWinsAndLimits() {
            LossVariant v = parse("variant a\nvariant b\ndescription one\ndescription\nterm clean = s\nterm clean = y\n"
                    + "parameter z = 1\nparameter z = 2.5\ncheck 2 1 0 1");
            assertThat(v.name()).isEqualTo("b");
            assertThat(v.description()).isEmpty();
            assertThat(v.loss().cleanTerm()).isEqualTo("y");
            assertThat(v.loss().parameters().get("z")).isEqualTo(2.5);
            assertThat(v.checkSizes()).containsExactly(2, 1, 0, 1);
            assertThat(parse("variant a\nterm clean = s\ncheck 8 60 60 8").checkSizes()).containsExactly(8, 60, 60, 8);
        }

        @ParameterizedTest(name = "parameter z = {0} -> {1}")
        @CsvSource({"7, 7", "-3, -3", "+0.5, 0.5", ".25, 0.25", "2., 2", "1e3, 1000", "-1.5E-2, -0.015", "3/4, 0.75",
            "-1/8, -0.125", "1e6, 1e6", "-1000000, -1e6", "2e6/4, 5e5"})
        @DisplayName("numbers: decimals, exponents and fractions a/b")
        void numbers(String text, double value) {
            LossVariant v = parse("variant x\nparameter z = " + text + "\nterm clean = z*s");
            assertThat(v.loss().parameters().get("z")).isEqualTo(value);
        }

        @Test
        @DisplayName("names: lowercase letters, digits and dashes, up to 64 characters")
        void names() {
            String longest = "a" + "-".repeat(63);
            assertThat(parse("variant " + longest + "\nterm clean = s").name()).isEqualTo(longest);
            fails("variant " + longest + "b\nterm clean = s", 1, 9, "variant name must match");
            fails("variant 9a\nterm clean = s", 1, 9, "variant name must match");
            fails("  variant My\nterm clean = s", 1, 11, "variant name must match");
            fails("variant\nterm clean = s", 1, 8, "variant name must match");
        }
    }

    @Nested
    @DisplayName("brackets and sg markers")
    class Brackets {

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiter = '|', value = {
            "sg(y)|sg[y]",
            "Sqrt (s)|Sqrt [s]",
            "(s)*(y)|(s)*(y)",
            "2*(s + Exp(y*(s - 1)))|2*(s + Exp[y*(s - 1)])",
            "a2(s)|a2(s)",
            "Log(Abs(s)) + (1)|Log[Abs[s]] + (1)",
            "Sin(s)+Cos(y)-Tanh((s))|Sin[s]+Cos[y]-Tanh[(s)]",
            "x)|x)",
            "sg(s)^2 + 3(y)|sg[s]^2 + 3(y)", "2sg(y) - 1.5Sqrt(s) + x2sg(y)|2sg[y] - 1.5Sqrt[s] + x2sg(y)", "22(y)|22(y)"})
        @DisplayName("function calls f(...) become f[...]; grouping and unknown names keep their parentheses")
        void brackets(String in, String out) {
            assertThat(VariantParser.brackets(in)).isEqualTo(out);
        }

        @Test
        @DisplayName("a number before a call is a factor: 2sg(y) reaches Symja as 2*sg[y], and the ablation strips it")
        void numberFactorBeforeCall() {
            LossVariant v = parse("variant x\nterm clean = 1/2*(s - 2sg(y))^2");
            assertThat(v.loss().cleanTerm()).isEqualTo("1/2*(s - 2sg[y])^2");
            assertThat(org.collapseharness.theory.symbolic.Symja.isZero(org.collapseharness.theory.symbolic.Symja.eval(
                    "(" + v.loss().cleanTerm() + ") - 1/2*(s - 2*sg[y])^2"))).isTrue();
            assertThat(v.withoutStopGradient().loss().cleanTerm()).isEqualTo("1/2*(s - 2(y))^2");
        }

        @Test
        @DisplayName("the sg ablation removes every marker, keeps the content grouped, and renames the variant")
        void ablation() {
            LossVariant v = parse(FULL);
            LossVariant a = v.withoutStopGradient();
            assertThat(a.name()).isEqualTo("my-var-2-no-sg");
            assertThat(a.description()).isEqualTo("Two words, here (sg markers removed)");
            assertThat(a.loss().name()).isEqualTo("my-var-2-no-sg");
            assertThat(a.loss().cleanTerm()).isEqualTo("(2)*(1/2*(s - (t))^2)");
            assertThat(a.loss().sharedTerm()).isEqualTo(v.loss().sharedTerm());
            assertThat(a.loss().samplePenalty()).isEqualTo(v.loss().samplePenalty());
            assertThat(a.loss().labelPenalty()).isEqualTo(v.loss().labelPenalty());
            assertThat(a.loss().emaRate()).isEqualTo("a1");
            assertThat(a.loss().parameters()).isEqualTo(v.loss().parameters());
            assertThat(a.species()).isEqualTo(v.species());
            assertThat(a.checkSizes()).isEqualTo(v.checkSizes());
            assertThat(a.source()).isEqualTo(v.source());
            assertThat(a.usesStopGradient()).isFalse();
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiter = '|', value = {
            "sg[y]|(y)",
            "s - sg[y]|s - (y)",
            "sg[sg[s]*y] + sg[Exp[s]]|((s)*y) + (Exp[s])",
            "sg[a[1]]|(a[1])",
            "msg[y]|msg[y]",
            "Xsg[y] - 2sg[y] + a2sg[y]|Xsg[y] - 2(y) + a2sg[y]",
            "(sg[y])|((y))",
            "sg[y|sg[y",
            "sg[y] + sg[s|sg[y] + sg[s",
            "s|s"})
        @DisplayName("strip: sg[e] -> (e), bracket-balanced, only at a word start; unbalanced markers are left alone")
        void strip(String in, String out) {
            assertThat(LossVariant.strip(in)).isEqualTo(out);
        }

        @Test
        @DisplayName("usesStopGradient looks at every term of the loss")
        void usesStopGradientEveryTerm() {
            String head = "variant x\nspecies clean shared labels\n";
            assertThat(parse(head + "term clean = s\nterm shared = sg(s)").usesStopGradient()).isTrue();
            assertThat(parse(head + "term clean = s\npenalty samples = sg(s)^2").usesStopGradient()).isTrue();
            assertThat(parse(head + "term clean = s\npenalty labels = sg(y)^2").usesStopGradient()).isTrue();
            assertThat(parse(head + "term clean = sg(s)*y").usesStopGradient()).isTrue();
            assertThat(parse(head + "term clean = s\nterm shared = s*y").usesStopGradient()).isFalse();
        }
    }

    @Nested
    @DisplayName("errors: one line, with the line and column of the offending token")
    class Errors {

        @Test
        @DisplayName("unknown keywords and control characters")
        void keywordsAndControls() {
            fails("variant x\n  frobnicate 3\nterm clean = s", 2, 3, "unknown keyword 'frobnicate'");
            fails("variant x\nterm clean = s\u0001", 2, 15, "control character");
            fails("\u0007", 1, 1, "control character");
            // Tabs are whitespace, not control characters; a '#' starts a comment anywhere.
            assertThat(parse("variant x\t# c\n\tterm clean = s # (").name()).isEqualTo("x");
        }

        @Test
        @DisplayName("species: unknown names at their column; clean and labels are required")
        void species() {
            fails("variant x\nspecies clean bogus\nterm clean = s", 2, 15, "unknown species 'bogus'");
            // 'head' (projection head) is a known species; the missing labels are reported after the species line
            fails("variant x\n species clean, head\nterm clean = sq(s)", 3, 1, "species must include clean and labels");
            // The column is that of the token itself, not of an earlier occurrence of its text.
            fails("variant x\nspecies labels clean bel\nterm clean = s", 2, 22, "unknown species 'bel'");
            fails("variant x\nspecies shared labels\nterm clean = s", 3, 1, "species must include clean and labels");
            fails("variant x\nspecies clean shared\nterm clean = s", 3, 1, "species must include clean and labels");
        }

        @Test
        @DisplayName("parameters: names, assignment form, numbers and their range")
        void parameters() {
            fails("variant x\nparameter s = 1", 2, 11, "parameter name 's' is reserved: ");
            fails("variant x\nparameter rho = 1", 2, 11, "parameter name 'rho'");
            fails("variant x\nparameter Sqrt = 1", 2, 11, "parameter name 'Sqrt'");
            fails("variant x\nparameter 1a = 1", 2, 11, "parameter name '1a'");
            fails("variant x\nparameter a_b = 1", 2, 11, "parameter name 'a_b'");
            fails("variant x\nparameter z 1", 2, 11, "expected 'NAME = VALUE'");
            fails("variant x\nparameter = 1", 2, 11, "empty name or value");
            fails("variant x\nparameter z =", 2, 14, "empty name or value");
            fails("variant x\nparameter z =   ", 2, 14, "empty name or value");
            fails("variant x\nparameter z = abc", 2, 15, "'abc' is not a number");
            fails("variant x\nparameter z = 1/2/3", 2, 15, "is not a number");
            fails("variant x\nparameter z=--1", 2, 13, "is not a number");
            // The value starts after the first '=', even when it starts with '=' itself.
            fails("variant x\nparameter z ===", 2, 14, "'==' is not a number");
            fails("variant x\nparameter z = 1/0", 2, 15, "must be finite");
            fails("variant x\nparameter z = 0/0", 2, 15, "must be finite");
            fails("variant x\nparameter z = 1e400", 2, 15, "must be finite");
            fails("variant x\nparameter z = 1000001", 2, 15, "at most 1e6");
            fails("variant x\nparameter z = -2e6/1", 2, 15, "at most 1e6");
        }

        @Test
        @DisplayName("terms and weights: only clean or shared")
        void termsAndWeights() {
            fails("variant x\nterm other = s", 2, 6, "term must be for 'clean', 'shared', 'labels'");
            fails("variant x\nterm labels = s", 2, 15, "unknown symbol 's' (variables here: y, y2;");
            fails("variant x\nweight other = 2\nterm clean = s", 2, 8, "weight must be for 'clean' or 'shared'");
            fails("variant x\nterm clean s", 2, 6, "expected 'NAME = VALUE'");
            fails("variant x", 1, 1, "missing 'term clean = ...'");
            fails("term clean = s\n", 2, 1, "missing 'variant NAME' line");
            fails("", 1, 1, "missing 'variant NAME' line");
        }

        @Test
        @DisplayName("decay and penalty: only samples or labels; decay is a constant, a penalty may use its variable")
        void decayAndPenalty() {
            fails("variant x\ndecay weights = 1", 2, 7, "decay must be for 'samples' or 'labels'");
            fails("variant x\npenalty clean = s", 2, 9, "penalty must be for 'samples' or 'labels'");
            fails("variant x\nterm clean = s\ndecay samples = s", 3, 17, "unknown symbol 's'");
            fails("variant x\nterm clean = s\npenalty samples = y^2", 3, 19, "unknown symbol 'y' (variables here: s;");
            fails("variant x\nterm clean = s\npenalty labels = 2*s", 3, 20, "unknown symbol 's' (variables here: y;");
            assertThat(parse("variant x\nterm clean = s\npenalty labels = y^2/2\npenalty labels = y^4")
                    .loss().labelPenalty()).isEqualTo("y^2/2 + y^4");
        }

        @Test
        @DisplayName("expressions: unknown symbols and functions, unbalanced brackets, bad characters, length")
        void expressions() {
            fails("variant x\nterm clean = (s - z)^2", 2, 19, "unknown symbol 'z' (variables here: s, t, y;");
            fails("variant x\nparameter z = 1\nterm clean = (s - zz)^2", 3, 19, "unknown symbol 'zz'");
            fails("variant x\nterm clean = Foo(s)", 2, 14, "unknown function 'Foo'");
            fails("variant x\nterm clean = s*sgx [y]", 2, 16, "unknown function 'sgx'");
            fails("variant x\nterm clean = s)", 2, 15, "unbalanced ')'");
            fails("variant x\nterm clean = (s]", 2, 16, "unbalanced ']'");
            fails("variant x\nterm clean = (s + sg[y]", 2, 14, "unbalanced '('");
            fails("variant x\nterm clean = s + sg[(y)", 2, 20, "unbalanced '['");
            fails("variant x\nterm clean = s & y", 2, 16, "unexpected character '&'");
            fails("variant x\nterm clean = s; Quit()", 2, 15, "unexpected character ';'");
            fails("variant x\nterm clean =   s,y", 2, 17, "unexpected ','");
            fails("variant x\nterm clean = s + \u00e9", 2, 18, "unexpected character");
            fails("variant x\nterm clean = " + "s+".repeat(1000) + "s", 2, 14, "longer than 2000 characters");
            assertThat(parse("variant x\nterm clean = " + "s+".repeat(999) + "2s").loss().cleanTerm()).hasSize(2000);
            // Parameters must be declared before use; a term may use the target symbol only with a target species.
            fails("variant x\nterm clean = z*s\nparameter z = 1", 2, 14, "unknown symbol 'z'");
            fails("variant x\nterm clean = (s - t)^2", 2, 1, "terms use the target t");
            fails("variant x\nterm clean = s\nterm shared = t*s", 3, 1, "terms use the target t");
            // 'tau' or 'st' are names, not the target t.
            assertThat(parse("variant x\nparameter tau = 1\nterm clean = tau*s").loss().cleanTerm()).isEqualTo("tau*s");
        }

        @Test
        @DisplayName("target: form, and species target and the ema line go together")
        void target() {
            fails("variant x\ntarget slow 1", 2, 8, "expected 'target ema RATE'");
            fails("variant x\ntarget ema", 2, 8, "expected 'target ema RATE'");
            fails("variant x\ntarget ema   z", 2, 14, "unknown symbol 'z'");
            fails("variant x\nterm clean = s\ntarget ema 1\n", 3, 1, "species 'target' and a 'target ema RATE' line");
            fails("variant x\nspecies clean labels target\nterm clean = s\n", 4, 1,
                    "species 'target' and a 'target ema RATE' line");
        }

        @ParameterizedTest(name = "check {0}")
        @CsvSource(delimiter = '|', value = {
            "1 8 2 2|check sizes must satisfy", "9 8 2 2|check sizes must satisfy", "3 0 2 2|check sizes must satisfy",
            "3 61 2 2|check sizes must satisfy", "3 8 -1 2|check sizes must satisfy",
            "3 8 61 2|check sizes must satisfy", "3 8 2 0|check sizes must satisfy", "3 8 2 9|check sizes must satisfy",
            "3 8 2|expected 'check K n m d'", "3 8 2 2 2|expected 'check K n m d'", "3 8 x 2|'x' is not an integer",
            "3 8 2 2.5|'2.5' is not an integer"})
        @DisplayName("check: four integers within their limits")
        void check(String sizes, String fragment) {
            fails("variant x\nterm clean = s\ncheck " + sizes, 3, 7, fragment);
        }
    }

    @Nested
    @DisplayName("files")
    class Files_ {
        @TempDir
        Path dir;

        @Test
        @DisplayName("a file is read as UTF-8 and named by its path")
        void readsFile() throws IOException {
            Path f = dir.resolve("v.variant");
            Files.writeString(f, "variant from-file\n# \u00e9 in a comment is fine\nterm clean = s*y\n");
            LossVariant v = VariantParser.parse(f);
            assertThat(v.name()).isEqualTo("from-file");
            assertThat(v.source()).isEqualTo(f.toString());
        }

        @Test
        @DisplayName("directories, missing, oversized and binary files are one-line errors at position 0:0 or 1:1")
        void badFiles() throws IOException {
            assertFileError(dir, 0, 0, "is a directory");
            assertFileError(dir.resolve("missing.variant"), 0, 0, "cannot read file (NoSuchFileException)");
            Path big = dir.resolve("big.variant");
            Files.writeString(big, "#".repeat((int) VariantParser.MAX_BYTES + 1));
            assertFileError(big, 0, 0, "file larger than 65536 bytes");
            Path limit = dir.resolve("limit.variant");
            String body = "variant x\nterm clean = s\n";
            Files.writeString(limit, body + "#".repeat((int) VariantParser.MAX_BYTES - body.length()));
            assertThat(Files.size(limit)).isEqualTo(VariantParser.MAX_BYTES);
            assertThat(VariantParser.parse(limit).name()).isEqualTo("x");
            Path bin = dir.resolve("bin.variant");
            Files.write(bin, new byte[] {'v', (byte) 0xff, (byte) 0xfe, 0});
            assertFileError(bin, 1, 1, "not a UTF-8 text file");
            Path nul = dir.resolve("nul.variant");
            Files.write(nul, "variant x\n\0".getBytes(StandardCharsets.UTF_8));
            assertFileError(nul, 2, 1, "control character");
        }

        private void assertFileError(Path p, int line, int column, String fragment) {
            assertThatThrownBy(() -> VariantParser.parse(p)).isInstanceOfSatisfying(VariantSyntaxException.class, e -> {
                assertThat(e.line()).isEqualTo(line);
                assertThat(e.column()).isEqualTo(column);
                assertThat(e.getMessage()).startsWith(p + ":" + line + ":" + column + ": ").contains(fragment);
            });
        }
    }

    @Test
    @DisplayName("reserved and function names are exactly the documented sets")
    void reservedNames() {
        for (String r : List.of("s", "y", "t", "k", "n", "m", "d", "rho", "lam", "eps", "u", "v", "w", "a", "b", "h",
                "p", "q", "r", "f", "g", "E", "I", "N", "D", "C", "Pi")) {
            fails("variant x\nparameter " + r + " = 1", 2, 11, "is reserved: ");
        }
        // the message lists them; so does docs/loss-variants.md
        fails("variant x\nparameter k = 1", 2, 11, "reserved: a b d eps f g h k lam m n p q r rho s t u v w y y2, Abs Cos "
                + "Exp Log Sin Sqrt Tanh cos lsum mean sg sq, and names starting with an upper-case letter (Symja built-ins)");
        fails("variant x\nparameter Gamma = 1", 2, 11, "parameter name 'Gamma' is reserved");
        fails("variant x\nterm clean = rho*s", 2, 14, "unknown symbol 'rho' (variables here: s, t, y; 'rho' is reserved: ");
    }

    @Test
    @DisplayName("an expression that does not parse is reported at its line and column")
    void grammar() {
        fails("variant x\nterm clean = s +", 2, 17, "expression does not parse");
        fails("variant x\nterm clean = s + * y", 2, 18, "expression does not parse: '*' where an operand");
        fails("variant x\nterm clean = (s - y)^^2", 2, 22, "expression does not parse");
        fails("variant x\nterm clean = 1/2*()", 2, 19, "empty brackets");
        fails("variant x\nterm clean = [s]", 2, 14, "'[' only follows a function name");
        fails("variant x\nparameter z = 1\nterm clean = s\npenalty samples = z*s^2 /", 4, 26, "does not parse");
        fails("variant x\nterm clean = s\ntarget ema 1 +", 3, 15, "does not parse");
        assertThat(parse("variant x\nterm clean = -s^-2 + 2sg(y) .5*s + (s)(y) - +s").loss().cleanTerm())
                .contains("sg[y]");
    }
}
