package org.collapseharness.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("One vocabulary: no two top-level types of theory, numerics and verification share a simple name")
class TypeNamesTest {

    static final List<String> MODULES = List.of("theory", "numerics", "verification");

    /** Simple names that occur more than once among the given source files, with the files. */
    static Map<String, List<String>> duplicates(List<Path> sources) {
        Map<String, List<String>> byName = sources.stream().collect(Collectors.groupingBy(
                p -> p.getFileName().toString().replaceFirst("\\.java$", ""), TreeMap::new,
                Collectors.mapping(Path::toString, Collectors.toList())));
        byName.values().removeIf(files -> files.size() < 2);
        return byName;
    }

    static List<Path> mainSources(Path root) throws IOException {
        List<Path> out = new ArrayList<>();
        for (String module : MODULES) {
            Path dir = root.resolve(module).resolve("src/main/java");
            try (Stream<Path> files = Files.walk(dir)) {
                files.filter(p -> p.toString().endsWith(".java") && !p.endsWith("package-info.java")).forEach(out::add);
            }
        }
        return out;
    }

    @Test
    @DisplayName("main sources of the three modules: every top-level type name is unique")
    void topLevelNamesAreUnique() throws IOException {
        List<Path> sources = mainSources(Path.of("..").toAbsolutePath().normalize());
        assertThat(new TreeSet<>(sources.stream().map(p -> p.getFileName().toString()).toList()))
                .contains("MinimalModel.java", "ParticleLayout.java", "TeacherStudentMode.java", "LossVariant.java");
        assertThat(duplicates(sources)).isEmpty();
    }

    @Test
    @DisplayName("negative control: two files named Variant.java in different packages are reported")
    void duplicateIsReported() {
        List<Path> sources = List.of(Path.of("theory/src/main/java/a/Variant.java"),
                Path.of("numerics/src/main/java/b/Variant.java"), Path.of("numerics/src/main/java/b/Other.java"));
        assertThat(duplicates(sources)).containsOnlyKeys("Variant");
    }
}
