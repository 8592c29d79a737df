package org.collapseharness.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.collapseharness.verification.Claim;
import org.collapseharness.verification.claims.ClaimRegistry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@DisplayName("Every registered paper claim has exactly one test here, named and tagged from its registry entry")
class RegistryCoverageTest {

    /** Every test method of this module marked {@link ClaimId}. */
    static List<Method> claimMethods() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(RegistryCoverageTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Method> methods = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                String name = root.relativize(p).toString().replace('/', '.').replace(".class", "");
                for (Method m : Class.forName(name).getDeclaredMethods()) {
                    if (m.isAnnotationPresent(ClaimId.class)) {
                        methods.add(m);
                    }
                }
            }
        }
        return methods;
    }

    /** Whether the test runs under the "slow" tag: on the method or on a class enclosing it. */
    static boolean taggedSlow(Method m) {
        if (hasSlowTag(m.getAnnotationsByType(Tag.class))) {
            return true;
        }
        for (Class<?> c = m.getDeclaringClass(); c != null; c = c.getEnclosingClass()) {
            if (hasSlowTag(c.getAnnotationsByType(Tag.class))) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasSlowTag(Tag[] tags) {
        return Stream.of(tags).anyMatch(t -> t.value().equals("slow"));
    }

    /** The claims whose @Tag("slow") (key: claim id, value: tagged) disagrees with ClaimSpec.slow. */
    static Map<String, String> slowDisagreements(Map<String, Boolean> taggedSlowById) {
        Map<String, String> out = new TreeMap<>();
        taggedSlowById.forEach((id, tagged) -> {
            boolean slow = ClaimRegistry.get(id).spec().slow();
            if (tagged != slow) {
                out.put(id, slow ? "ClaimSpec.slow is true: add @Tag(\"slow\") to the test"
                        : "ClaimSpec.slow is false: remove @Tag(\"slow\") from the test");
            }
        });
        return out;
    }

    @Test
    @DisplayName("the @ClaimId annotations of the test classes cover the claim registry one to one")
    void oneTestPerClaim() throws IOException, URISyntaxException, ClassNotFoundException {
        List<String> ids = claimMethods().stream().map(m -> m.getAnnotation(ClaimId.class).value()).toList();
        Set<String> registered = new HashSet<>();
        for (Claim c : ClaimRegistry.all()) {
            registered.add(c.id());
        }
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(new HashSet<>(ids)).isEqualTo(registered);
    }

    @Test
    @DisplayName("@Tag(\"slow\") on a claim's test agrees with ClaimSpec.slow of the claim")
    void slowTagAgreesWithRegistry() throws IOException, URISyntaxException, ClassNotFoundException {
        Map<String, Boolean> tagged = new TreeMap<>();
        for (Method m : claimMethods()) {
            tagged.put(m.getAnnotation(ClaimId.class).value(), taggedSlow(m));
        }
        assertThat(tagged.values()).contains(true, false);
        assertThat(slowDisagreements(tagged)).isEmpty();
    }

    @Test
    @DisplayName("negative control: a fast claim tagged slow and a slow claim left untagged are both reported")
    void slowDisagreementIsReported() {
        String fast = ClaimRegistry.all().stream().filter(c -> !c.spec().slow()).findFirst().orElseThrow().id();
        String slow = ClaimRegistry.all().stream().filter(c -> c.spec().slow()).findFirst().orElseThrow().id();
        assertThat(slowDisagreements(Map.of(fast, true, slow, false))).containsOnlyKeys(fast, slow);
        assertThat(slowDisagreements(Map.of(fast, false, slow, true))).isEmpty();
    }

    @Test
    @DisplayName("a claim's test is named \"<id> <statement>\" from the registry, never by a hand-written @DisplayName")
    void namesComeFromTheRegistry() throws IOException, URISyntaxException, ClassNotFoundException {
        List<Method> methods = claimMethods();
        assertThat(methods).noneMatch(m -> m.isAnnotationPresent(DisplayName.class));
        ClaimDisplayNames names = new ClaimDisplayNames();
        for (Method m : methods) {
            String id = m.getAnnotation(ClaimId.class).value();
            assertThat(names.generateDisplayNameForMethod(List.of(), m.getDeclaringClass(), m))
                    .isEqualTo(id + " " + ClaimRegistry.get(id).spec().statement());
        }
        assertThat(ClaimDisplayNames.name("9.9-z")).isEqualTo("9.9-z (not a registered claim)");
    }
}
