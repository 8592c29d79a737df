package org.collapseharness.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.collapseharness.verification.Claim;
import org.collapseharness.verification.claims.ClaimRegistry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Every registered paper claim has exactly one test here")
class RegistryCoverageTest {

    @Test
    @DisplayName("the @ClaimId annotations of the test classes cover the claim registry one to one")
    void oneTestPerClaim() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(RegistryCoverageTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> ids = new java.util.ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = root.relativize(p).toString().replace('/', '.').replace(".class", "");
                for (Method m : Class.forName(name).getDeclaredMethods()) {
                    ClaimId id = m.getAnnotation(ClaimId.class);
                    if (id != null) {
                        ids.add(id.value());
                    }
                }
            }
        }
        Set<String> registered = new HashSet<>();
        for (Claim c : ClaimRegistry.all()) {
            registered.add(c.id());
        }
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(new HashSet<>(ids)).isEqualTo(registered);
    }
}
