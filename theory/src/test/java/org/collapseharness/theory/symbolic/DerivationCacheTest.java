package org.collapseharness.theory.symbolic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.collapseharness.theory.Bindings;
import org.collapseharness.theory.ClosedForm;
import org.collapseharness.theory.ProjectionTheory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The persistent derivation cache: what is read back equals what is derived; bad entries are derived again. */
@DisplayName("Derivation cache: round trip, compiled closed forms, corruption and keys")
class DerivationCacheTest {

    private static DerivationCache.Projection read(Path file, String key) {
        return DerivationCache.read(file, key, DerivationCache.Projection.class);
    }

    private static List<ClosedForm> forms(ProjectionTheory t) {
        List<ClosedForm> f = new ArrayList<>();
        f.add(t.biasFactor());
        f.add(t.perModeT());
        f.addAll(t.tMatrix2());
        f.add(t.jacobianAsymmetry());
        f.add(t.protectedValue());
        f.add(t.meanValue());
        f.add(t.tBound());
        f.addAll(t.perModeRootsU());
        return f;
    }

    private static void assertSameResults(DerivationCache.Projection read, boolean sg, int d) {
        ProjectionTheory fresh = ProjectionDerivation.derive(sg);
        ProjectionTheory t = read.theory();
        assertThat(t.pairLoss()).isEqualTo(fresh.pairLoss());
        assertThat(t.gss()).isEqualTo(fresh.gss());
        assertThat(t.biasOperator()).isEqualTo(fresh.biasOperator());
        List<ClosedForm> a = forms(t);
        List<ClosedForm> b = forms(fresh);
        assertThat(a).hasSameSizeAs(b);
        Bindings at = Bindings.of("rho", 0.3, "w", 0.7, "s", 0.5, "y", -0.6, "u", 0.4, "w11", 0.9, "w12", -0.2, "w21", 0.3, "w22", 1.1);
        for (int i = 0; i < a.size(); i++) {
            if (b.get(i) == null) {
                assertThat(a.get(i)).isNull();
                continue;
            }
            assertThat(a.get(i).text()).isEqualTo(b.get(i).text());
            double[] x = a.get(i).complexAt(at);
            double[] y = b.get(i).complexAt(at);
            double scale = Math.max(1, Math.hypot(y[0], y[1]));
            assertThat(x[0]).as(b.get(i).text()).isCloseTo(y[0], within(1e-12 * scale));
            assertThat(x[1]).as(b.get(i).text()).isCloseTo(y[1], within(1e-12 * scale));
        }
        assertThat(read.jacobians()).isEqualTo(ProjectionWordDerivation.derive(d, sg));
    }

    @Test
    void entriesReadBackEqualTheDerivation(@TempDir Path dir) {
        for (boolean sg : new boolean[] {true, false}) {
            DerivationCache.Projection p = DerivationCache.projection(dir, sg, 2);
            Path file = dir.resolve("projection-" + DerivationCache.key(sg, 2) + ".bin");
            assertThat(file).isRegularFile();
            DerivationCache.Projection read = read(file, DerivationCache.key(sg, 2));
            assertThat(read).isNotNull();
            assertSameResults(read, sg, 2);
            assertSameResults(p, sg, 2);
            // the closed forms of the §4 theory compile completely (no Symja when evaluating them)
            for (ClosedForm f : forms(read.theory())) {
                assertThat(f == null || ((CompiledForm) f).compiled()).isTrue();
            }
            // negative control: an entry is only accepted under its own key
            assertThat(read(file, DerivationCache.key(!sg, 2))).isNull();
        }
    }

    @Test
    void corruptedOrTruncatedEntriesAreDerivedAgain(@TempDir Path dir) throws Exception {
        String key = DerivationCache.key(true, 1);
        Path file = dir.resolve("projection-" + key + ".bin");
        Files.write(file, new byte[] {(byte) 0xac, (byte) 0xed, 0, 5, 1, 2, 3});
        assertThat(read(file, key)).isNull();
        DerivationCache.Projection p = DerivationCache.projection(dir, true, 1);
        assertSameResults(p, true, 1);
        assertThat(read(file, key)).isNotNull();
        byte[] good = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(good, good.length / 2));
        assertThat(read(file, key)).isNull();
        // an unwritable cache location (a file where the directory should be) only costs the derivation
        Path notADir = dir.resolve("plain-file");
        Files.writeString(notADir, "x");
        assertSameResults(DerivationCache.projection(notADir, true, 1), true, 1);
        assertThat(Files.readString(notADir)).isEqualTo("x");
    }

    @Test
    void keysChangeWithEveryInputAndWithTheCode(@TempDir Path dir) throws Exception {
        assertThat(DerivationCache.key(true, 2)).isNotEqualTo(DerivationCache.key(false, 2))
                .isNotEqualTo(DerivationCache.key(true, 3)).isEqualTo(DerivationCache.key(true, 2));
        // the dimension-free Jacobians serve every d
        DerivationCache.Projection big = DerivationCache.projection(dir, true, 6);
        assertThat(big.jacobians().dim()).isEqualTo(6);
        assertThat(big.theory().stopGradient()).isTrue();
        assertThat(read(dir.resolve("projection-" + DerivationCache.key(true, 6) + ".bin"),
                DerivationCache.key(true, 6))).isNotNull();
        Files.writeString(dir.resolve("A.class"), "one");
        String before = DerivationCache.hashLocation(dir, true);
        Files.writeString(dir.resolve("A.class"), "two");
        assertThat(DerivationCache.hashLocation(dir, true)).isNotEqualTo(before);
    }
}
