package org.collapseharness.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Layering: no package cycles among the org.collapseharness packages of theory, numerics and verification")
class PackageCyclesTest {

    private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+)\\s*;");
    /** A qualified reference to a type: lower-case package segments followed by an upper-case type name. */
    private static final Pattern REFERENCE = Pattern.compile("\\b(org\\.collapseharness(?:\\.[a-z]\\w*)*)\\.[A-Z]");

    /**
     * Package dependencies of the given sources: imports, static imports and fully qualified names in code all
     * count. Comments and literals are removed first, so a {@code {@link}} in javadoc is no dependency.
     */
    static Map<String, Set<String>> dependencies(Map<String, String> sourcesByFile) {
        Map<String, Set<String>> deps = new TreeMap<>();
        for (String source : sourcesByFile.values()) {
            String code = withoutComments(source);
            Matcher p = PACKAGE.matcher(code);
            if (!p.find()) {
                continue;
            }
            String pkg = p.group(1);
            Set<String> to = deps.computeIfAbsent(pkg, k -> new TreeSet<>());
            Matcher r = REFERENCE.matcher(code.substring(p.end()));
            while (r.find()) {
                if (!r.group(1).equals(pkg)) {
                    to.add(r.group(1));
                }
            }
        }
        return deps;
    }

    /** The source with comments, string literals and character literals blanked out. */
    static String withoutComments(String s) {
        StringBuilder b = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (s.startsWith("//", i)) {
                int end = s.indexOf('\n', i);
                i = end < 0 ? s.length() : end;
            } else if (s.startsWith("/*", i)) {
                int end = s.indexOf("*/", i + 2);
                i = end < 0 ? s.length() : end + 2;
                b.append(' ');
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < s.length() && s.charAt(j) != c) {
                    j += s.charAt(j) == '\\' ? 2 : 1;
                }
                i = j + 1;
                b.append(c).append(c);
            } else {
                b.append(c);
                i++;
            }
        }
        return b.toString();
    }

    /** Every package cycle, as the packages of one strongly connected component (Tarjan), each listed once. */
    static List<Set<String>> cycles(Map<String, Set<String>> deps) {
        List<Set<String>> out = new ArrayList<>();
        Map<String, Integer> index = new TreeMap<>();
        Map<String, Integer> low = new TreeMap<>();
        List<String> stack = new ArrayList<>();
        for (String v : deps.keySet()) {
            if (!index.containsKey(v)) {
                connect(v, deps, index, low, stack, out);
            }
        }
        return out;
    }

    private static void connect(String v, Map<String, Set<String>> deps, Map<String, Integer> index,
                                Map<String, Integer> low, List<String> stack, List<Set<String>> out) {
        index.put(v, index.size());
        low.put(v, index.get(v));
        stack.add(v);
        for (String w : deps.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                connect(w, deps, index, low, stack, out);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (stack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.remove(stack.size() - 1);
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) {
                out.add(component);
            }
        }
    }

    @Test
    @DisplayName("main sources of the three modules: the package dependency graph has no cycle")
    void noCycles() throws IOException {
        Map<String, String> sources = new TreeMap<>();
        for (Path p : TypeNamesTest.mainSources(Path.of("..").toAbsolutePath().normalize())) {
            sources.put(p.toString(), Files.readString(p, StandardCharsets.UTF_8));
        }
        Map<String, Set<String>> deps = dependencies(sources);
        assertThat(deps).containsKeys("org.collapseharness.verification", "org.collapseharness.verification.cli",
                "org.collapseharness.verification.claims", "org.collapseharness.verification.reliability",
                "org.collapseharness.theory", "org.collapseharness.numerics");
        assertThat(deps.get("org.collapseharness.verification.cli"))
                .contains("org.collapseharness.verification.reliability");
        assertThat(cycles(deps)).as("package cycles (dependencies: %s)", deps).isEmpty();
    }

    @Test
    @DisplayName("negative control: an import cycle and a cycle through a fully qualified name are both reported")
    void cyclesAreReported() {
        Map<String, String> sources = Map.of(
                "A.java", "package org.collapseharness.a;\nimport org.collapseharness.b.B;\nclass A {}\n",
                "B.java", "package org.collapseharness.b;\nclass B { Object c = org.collapseharness.c.C.make(); }\n",
                "C.java", "package org.collapseharness.c;\n/** {@link org.collapseharness.d.D} */\n"
                        + "class C { org.collapseharness.a.A a; }\n",
                "D.java", "package org.collapseharness.d;\nimport static org.collapseharness.e.E.f;\nclass D {}\n",
                "E.java", "package org.collapseharness.e;\n// org.collapseharness.d.D\nclass E {}\n");
        Map<String, Set<String>> deps = dependencies(sources);
        assertThat(deps.get("org.collapseharness.c")).containsExactly("org.collapseharness.a");
        assertThat(deps.get("org.collapseharness.d")).containsExactly("org.collapseharness.e");
        assertThat(cycles(deps)).containsExactly(
                Set.of("org.collapseharness.a", "org.collapseharness.b", "org.collapseharness.c"));
    }
}
