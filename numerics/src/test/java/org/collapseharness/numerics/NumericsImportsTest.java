package org.collapseharness.numerics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("numerics uses the theory module for its model records only: no Symja, no symbolic pipeline")
class NumericsImportsTest {

    /** Symja's root package, assembled so that this file does not name it either. */
    static final String SYMJA = String.join(".", "org", "math" + "eclipse");
    /** The symbolic pipeline's package. */
    static final String SYMBOLIC = String.join(".", "org", "collapseharness", "theory", "symbolic");

    /** A reference to Symja or to the symbolic pipeline: an import, or a fully qualified name in the code. */
    static final Pattern BANNED = Pattern.compile("\\b(" + Pattern.quote(SYMJA) + "|" + Pattern.quote(SYMBOLIC)
            + ")\\b");
    static final Pattern STRING_LITERAL = Pattern.compile("\"(\\\\.|[^\"\\\\])*\"");

    static List<String> offenders(Path root) {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                for (int i = 0; i < lines.size(); i++) {
                    String code = STRING_LITERAL.matcher(lines.get(i)).replaceAll("\"\"");
                    if (BANNED.matcher(code).find()) {
                        out.add(root.relativize(f) + ":" + (i + 1) + ": " + lines.get(i).strip());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    @Test
    @DisplayName("no source file of numerics (main or test) names Symja or theory.symbolic")
    void sourcesStayNumeric() {
        assertThat(Path.of("src/main/java")).isDirectory();
        assertThat(offenders(Path.of("src/main/java"))).isEmpty();
        assertThat(offenders(Path.of("src/test/java"))).isEmpty();
    }

    @Test
    @DisplayName("negative control: the scan finds a symbolic import and a qualified Symja name")
    void scanRejectsSymbolicReferences(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("A.java"), "import " + SYMBOLIC + ".Symja;\n");
        Files.writeString(dir.resolve("B.java"), "class B { Object f = " + SYMJA + ".core.expression.F.C1; }\n");
        Files.writeString(dir.resolve("C.java"), "import org.collapseharness.theory.MinimalModel;\n"
                + "class C { String s = \"" + SYMJA + " in a string\"; }\n");
        assertThat(offenders(dir)).hasSize(2).noneMatch(line -> line.startsWith("C.java"));
    }

    @Test
    @DisplayName("Symja is not on the numerics classpath; the model records are")
    void classpathHasRecordsButNoSymja() throws ClassNotFoundException {
        assertThat(Class.forName("org.collapseharness.theory.MinimalModel")).isNotNull();
        assertThatThrownBy(() -> Class.forName(SYMJA + ".core.expression.F"))
                .isInstanceOf(ClassNotFoundException.class);
    }
}
