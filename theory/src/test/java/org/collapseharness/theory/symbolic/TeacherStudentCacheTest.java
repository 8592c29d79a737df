package org.collapseharness.theory.symbolic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.collapseharness.theory.Bindings;
import org.collapseharness.theory.ClosedForm;
import org.collapseharness.theory.PolynomialMatrix;
import org.collapseharness.theory.TeacherStudentMode;
import org.collapseharness.theory.TeacherStudentTheory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The §5 entries of the derivation cache: the theory and the per-sample Jacobians read back equal to the derivation. */
@DisplayName("Derivation cache, §5: theory and per-sample Jacobians round trip; bad entries are derived again")
class TeacherStudentCacheTest {

    private static List<ClosedForm> forms(TeacherStudentTheory t) {
        List<ClosedForm> f = new ArrayList<>();
        for (ClosedForm[] row : t.collapseMatrix()) {
            f.addAll(List.of(row));
        }
        f.addAll(List.of(t.fastEigenvalue(), t.slowEigenvalue(), t.rhoEff(), t.noiseRate(), t.sumRate(),
                t.amplificationAtZero(), t.sgHeadSquared(), t.sgDeltaOverHeadU(), t.projectionFlowAtSgFixedPoint()));
        f.addAll(t.fixedPointWeights());
        f.addAll(t.nullVector());
        return f;
    }

    private static Path jacobianFile(Path dir, TeacherStudentMode mode, int k) {
        return DerivationCache.file(dir, "teacher-student-jacobian", DerivationCache.jacobianKey(mode, k));
    }

    private static PolynomialMatrix readJacobian(Path dir, TeacherStudentMode mode, int k) {
        return DerivationCache.read(jacobianFile(dir, mode, k), DerivationCache.jacobianKey(mode, k),
                PolynomialMatrix.class);
    }

    /** The matrices at seeded points, entry by entry (bit-identical: the same coefficients are stored). */
    private static void assertSameJacobian(PolynomialMatrix read, PolynomialMatrix derived, long seed) {
        assertThat(read.variables()).isEqualTo(derived.variables());
        Random r = new Random(seed);
        for (int p = 0; p < 3; p++) {
            double[] v = new double[derived.variables().size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = r.nextGaussian();
            }
            assertThat(read.at(v)).isDeepEqualTo(derived.at(v));
        }
    }

    private static double[] values(PolynomialMatrix m, long seed) {
        Random r = new Random(seed);
        double[] v = new double[m.variables().size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextGaussian();
        }
        return Arrays.stream(m.at(v)).flatMapToDouble(Arrays::stream).toArray();
    }

    @Test
    void theoryReadsBackEqualToTheDerivationAndCompiled(@TempDir Path dir) throws Exception {
        TeacherStudentTheory first = DerivationCache.teacherStudent(dir);
        Path file = DerivationCache.file(dir, "teacher-student", DerivationCache.teacherStudentKey());
        TeacherStudentTheory read = DerivationCache.read(file, DerivationCache.teacherStudentKey(),
                TeacherStudentTheory.class);
        assertThat(read).isNotNull();
        TeacherStudentTheory fresh = TeacherStudentDerivation.derive();
        Random r = new Random(11);
        for (TeacherStudentTheory t : List.of(first, read)) {
            assertThat(t.plainEquations()).isEqualTo(fresh.plainEquations());
            assertThat(t.sgEquations()).isEqualTo(fresh.sgEquations());
            assertThat(t.reducedLoss()).isEqualTo(fresh.reducedLoss());
            assertThat(t.sgHeadFlowVanishes()).isEqualTo(fresh.sgHeadFlowVanishes());
            List<ClosedForm> a = forms(t);
            List<ClosedForm> b = forms(fresh);
            for (int p = 0; p < 3; p++) {
                Bindings at = Bindings.of("rho", 0.45 * r.nextDouble(), "mu", 0.2 + 2 * r.nextDouble(),
                        "sigma", 0.2 + r.nextDouble(), "u", 0.3 + r.nextDouble());
                for (int i = 0; i < a.size(); i++) {
                    assertThat(a.get(i).text()).isEqualTo(b.get(i).text());
                    // compiled: evaluating the cached theory needs no Symja
                    assertThat(((CompiledForm) a.get(i)).compiled()).as(b.get(i).text()).isTrue();
                    double[] x = a.get(i).complexAt(at);
                    double[] y = b.get(i).complexAt(at);
                    double scale = Math.max(1, Math.hypot(y[0], y[1]));
                    assertThat(x[0]).as(b.get(i).text()).isCloseTo(y[0], within(1e-12 * scale));
                    assertThat(x[1]).as(b.get(i).text()).isCloseTo(y[1], within(1e-12 * scale));
                }
            }
        }
        // a second read (another directory, so not this JVM's memo) takes the stored entry instead of deriving:
        // an entry written under the right key with a marker rate is what comes back
        Path other = dir.resolve("other");
        ClosedForm marker = CompiledForm.of(SymjaForm.of("7*mu"));
        TeacherStudentTheory marked = new TeacherStudentTheory(read.reducedLoss(), read.plainEquations(),
                read.collapseMatrix(), read.decouplingWitness(), read.characteristicPolynomial(),
                read.fastEigenvalue(), read.slowEigenvalue(), marker, read.noiseRate(),
                read.sumRate(), read.sigmaEntersRhoEff(), read.amplificationAtZero(), read.fixedPointWeights(),
                read.nullVector(), read.sgEquations(), read.sgHeadSquared(), read.sgDeltaOverHeadU(),
                read.sgHeadFlowVanishes(), read.projectionFlowAtSgFixedPoint(), read.eulerPlain(),
                read.eulerProjection(), read.sgNormRate(), read.eulerPlainZero(), read.eulerProjectionZero(),
                read.sgNormRateZero(), read.scalingPlainZero(), read.scalingProjectionZero());
        DerivationCache.write(other, DerivationCache.file(other, "teacher-student", DerivationCache.teacherStudentKey()),
                new DerivationCache.Entry(DerivationCache.teacherStudentKey(), marked));
        assertThat(marker.text()).isNotEqualTo(fresh.rhoEff().text());
        assertThat(DerivationCache.teacherStudent(other).rhoEff().text()).isEqualTo(marker.text());
        // negative control: the theory's file is not a Jacobian entry
        assertThat(DerivationCache.read(file, DerivationCache.teacherStudentKey(), PolynomialMatrix.class)).isNull();
    }

    @Test
    void jacobiansReadBackEqualToTheDerivationOnePerModeAndK(@TempDir Path dir) throws Exception {
        TeacherStudentMode[] modes = {TeacherStudentMode.PLAIN, TeacherStudentMode.PROJECTION,
            TeacherStudentMode.PROJECTION_SG};
        for (TeacherStudentMode mode : modes) {
            PolynomialMatrix cached = DerivationCache.teacherStudentJacobian(dir, mode, 2);
            PolynomialMatrix read = readJacobian(dir, mode, 2);
            assertThat(read).isNotNull();
            PolynomialMatrix derived = TeacherStudentDerivation.sampleJacobian(mode, 2);
            assertSameJacobian(cached, derived, 5);
            assertSameJacobian(read, derived, 6);
        }
        // a different key (other mode or k) is a different entry
        List<String> keys = List.of(DerivationCache.jacobianKey(TeacherStudentMode.PLAIN, 2),
                DerivationCache.jacobianKey(TeacherStudentMode.PROJECTION, 2),
                DerivationCache.jacobianKey(TeacherStudentMode.PROJECTION_SG, 2),
                DerivationCache.jacobianKey(TeacherStudentMode.PROJECTION_SG, 1), DerivationCache.teacherStudentKey(),
                DerivationCache.key(true, 2));
        assertThat(keys).doesNotHaveDuplicates();
        assertThat(DerivationCache.jacobianKey(TeacherStudentMode.PLAIN, 2))
                .isEqualTo(DerivationCache.jacobianKey(TeacherStudentMode.PLAIN, 2));
        try (var files = Files.list(dir)) {
            assertThat(files.filter(f -> f.getFileName().toString().startsWith("teacher-student-jacobian-")))
                    .hasSize(3);
        }
        PolynomialMatrix k1 = DerivationCache.teacherStudentJacobian(dir, TeacherStudentMode.PROJECTION_SG, 1);
        assertThat(k1.variables()).hasSizeLessThan(TeacherStudentDerivation
                .sampleJacobian(TeacherStudentMode.PROJECTION_SG, 2).variables().size());
        assertSameJacobian(k1, TeacherStudentDerivation.sampleJacobian(TeacherStudentMode.PROJECTION_SG, 1), 7);

        // a second read (another directory, so not this JVM's memo) takes the stored entry instead of deriving: the
        // plain Jacobian (same variables) stored under the projection key is what comes back
        Path other = dir.resolve("other");
        String projectionKey = DerivationCache.jacobianKey(TeacherStudentMode.PROJECTION, 2);
        PolynomialMatrix plain = TeacherStudentDerivation.sampleJacobian(TeacherStudentMode.PLAIN, 2);
        DerivationCache.write(other, jacobianFile(other, TeacherStudentMode.PROJECTION, 2),
                new DerivationCache.Entry(projectionKey, plain));
        assertSameJacobian(DerivationCache.teacherStudentJacobian(other, TeacherStudentMode.PROJECTION, 2), plain, 8);
    }

    @Test
    void corruptedTruncatedForeignAndTamperedEntriesAreDerivedAgain(@TempDir Path dir) throws Exception {
        TeacherStudentMode sg = TeacherStudentMode.PROJECTION_SG;
        PolynomialMatrix derived = TeacherStudentDerivation.sampleJacobian(sg, 2);
        String key = DerivationCache.jacobianKey(sg, 2);

        // corrupted: not an entry at all; the cache derives and rewrites it
        Path corrupted = dir.resolve("corrupted");
        Files.createDirectories(corrupted);
        Files.write(jacobianFile(corrupted, sg, 2), new byte[] {(byte) 0xac, (byte) 0xed, 0, 5, 1, 2, 3});
        assertThat(readJacobian(corrupted, sg, 2)).isNull();
        assertSameJacobian(DerivationCache.teacherStudentJacobian(corrupted, sg, 2), derived, 1);
        assertSameJacobian(readJacobian(corrupted, sg, 2), derived, 2);
        byte[] good = Files.readAllBytes(jacobianFile(corrupted, sg, 2));

        // truncated
        Path truncated = dir.resolve("truncated");
        Files.createDirectories(truncated);
        Files.write(jacobianFile(truncated, sg, 2), Arrays.copyOf(good, good.length / 2));
        assertThat(readJacobian(truncated, sg, 2)).isNull();
        assertSameJacobian(DerivationCache.teacherStudentJacobian(truncated, sg, 2), derived, 3);
        assertThat(Files.readAllBytes(jacobianFile(truncated, sg, 2))).isEqualTo(good);

        // foreign: the plain mode's entry copied to the projection-sg name (same variables, another key)
        Path foreign = dir.resolve("foreign");
        DerivationCache.teacherStudentJacobian(foreign, TeacherStudentMode.PLAIN, 2);
        Files.copy(jacobianFile(foreign, TeacherStudentMode.PLAIN, 2), jacobianFile(foreign, sg, 2));
        assertThat(readJacobian(foreign, sg, 2)).isNull();
        PolynomialMatrix again = DerivationCache.teacherStudentJacobian(foreign, sg, 2);
        assertSameJacobian(again, derived, 4);
        assertThat(values(again, 9)).isNotEqualTo(values(TeacherStudentDerivation
                .sampleJacobian(TeacherStudentMode.PLAIN, 2), 9));

        // an entry under the right key that holds another k's Jacobian fails the check of its variables
        Path wrongK = dir.resolve("wrong-k");
        DerivationCache.write(wrongK, jacobianFile(wrongK, sg, 2),
                new DerivationCache.Entry(key, TeacherStudentDerivation.sampleJacobian(sg, 1)));
        assertThat(readJacobian(wrongK, sg, 2)).isNotNull();
        assertSameJacobian(DerivationCache.teacherStudentJacobian(wrongK, sg, 2), derived, 5);

        // tampered: one low byte of a stored coefficient changed. The digest rejects it; control: with the digest
        // recomputed the stream still parses and yields a different matrix, so only the digest caught the change.
        double c = derived.coefficients()[0];
        byte[] pattern = ByteBuffer.allocate(8).putDouble(c).array();
        int at = indexOf(good, pattern, 32);
        assertThat(at).isPositive();
        byte[] tampered = good.clone();
        tampered[at + 7] ^= 1;
        Path bad = dir.resolve("tampered");
        Files.createDirectories(bad);
        Files.write(jacobianFile(bad, sg, 2), tampered);
        assertThat(readJacobian(bad, sg, 2)).isNull();
        byte[] redigested = tampered.clone();
        System.arraycopy(MessageDigest.getInstance("SHA-256").digest(Arrays.copyOfRange(tampered, 32, tampered.length)),
                0, redigested, 0, 32);
        Path control = dir.resolve("control");
        Files.createDirectories(control);
        Files.write(jacobianFile(control, sg, 2), redigested);
        PolynomialMatrix forged = readJacobian(control, sg, 2);
        assertThat(forged).isNotNull();
        assertThat(forged.coefficients()[0]).isNotEqualTo(c);
        assertSameJacobian(DerivationCache.teacherStudentJacobian(bad, sg, 2), derived, 6);
        assertThat(Files.readAllBytes(jacobianFile(bad, sg, 2))).isEqualTo(good);

        // an unwritable location (a file where the directory should be) only costs the derivation
        Path notADir = dir.resolve("plain-file");
        Files.writeString(notADir, "x");
        assertSameJacobian(DerivationCache.teacherStudentJacobian(notADir, sg, 2), derived, 7);
        assertThat(DerivationCache.teacherStudent(notADir).rhoEff().text())
                .isEqualTo(TeacherStudentDerivation.derive().rhoEff().text());
        assertThat(Files.readString(notADir)).isEqualTo("x");
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        for (int i = from; i + needle.length <= hay.length; i++) {
            if (Arrays.equals(hay, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }
}
