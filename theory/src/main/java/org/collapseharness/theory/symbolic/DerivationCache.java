package org.collapseharness.theory.symbolic;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.collapseharness.theory.ClosedForm;
import org.collapseharness.theory.PolynomialField;
import org.collapseharness.theory.PolynomialMatrix;
import org.collapseharness.theory.ProjectionJacobianForm;
import org.collapseharness.theory.ProjectionTheory;
import org.collapseharness.theory.TeacherStudentMode;
import org.collapseharness.theory.TeacherStudentTheory;

/**
 * A persistent cache of derivation results, so that a command can use what the symbolic pipeline derived without
 * starting Symja. An entry is keyed by a SHA-256 over everything that can change the result: what is derived and its
 * inputs (§4: stop-gradient, d; §5: the theory, or the per-sample Jacobian's mode and k), the bytes of the code that
 * derives (the theory jar, or every file of its class directory) and the Symja jar (name and size: the version is
 * pinned). A different build therefore reads a different entry; an entry is never updated in place. The file starts
 * with the SHA-256 of the rest, so a flipped byte is noticed even where the serialized stream would still parse. An
 * unreadable, corrupted or mismatching entry is derived again and rewritten (atomically, by rename); a cache directory
 * that cannot be written only costs the derivation. Closed forms are stored compiled ({@link CompiledForm}), so
 * evaluating them needs no Symja either.
 *
 * <p>The directory comes from the system property {@value #PROPERTY} (the launcher sets it to
 * {@code verification/target/derivation-cache}); without it every call derives in-process (memoised per JVM).
 */
public final class DerivationCache {
    /** System property naming the cache directory. */
    public static final String PROPERTY = "harness.derivationCache";
    /** Part of every key: bumped when the stored layout changes. */
    static final String FORMAT = "derivation-v3";

    /**
     * The §4 results a command needs: the steady-state theory and the Jacobians at d (the dimension-free word form of
     * {@link ProjectionWordDerivation}, evaluated at d).
     */
    public record Projection(ProjectionTheory theory, ProjectionJacobianForm jacobians) implements Serializable {
    }

    /** What a file holds: the key it was written under and the result. */
    record Entry(String key, Serializable value) implements Serializable {
    }

    private static final Map<String, Object> MEMO = new ConcurrentHashMap<>();
    private static volatile String codeHash;

    private DerivationCache() {
    }

    /** The cache directory of {@value #PROPERTY}, or null when unset. */
    private static Path directory() {
        String dir = System.getProperty(PROPERTY);
        return dir == null || dir.isBlank() ? null : Path.of(dir);
    }

    /** The §4 results for (sg, d), from the directory of {@value #PROPERTY} when set. */
    public static Projection projection(boolean stopGradient, int d) {
        Path dir = directory();
        if (dir == null) {
            return new Projection(ProjectionDerivation.derive(stopGradient), jacobians(d, stopGradient));
        }
        return projection(dir, stopGradient, d);
    }

    /** The §4 results for (sg, d) through the cache in dir. */
    public static Projection projection(Path dir, boolean stopGradient, int d) {
        return cached(dir, "projection", key(stopGradient, d), Projection.class,
                p -> p.theory() != null && p.theory().stopGradient() == stopGradient && (p.jacobians() == null
                        || (p.jacobians().dim() == d && p.jacobians().stopGradient() == stopGradient)),
                () -> derive(stopGradient, d));
    }

    /** The §5 theory ({@link TeacherStudentDerivation#derive}), from the directory of {@value #PROPERTY} when set. */
    public static TeacherStudentTheory teacherStudent() {
        Path dir = directory();
        return dir == null ? TeacherStudentDerivation.derive() : teacherStudent(dir);
    }

    /** The §5 theory through the cache in dir, its closed forms compiled. */
    public static TeacherStudentTheory teacherStudent(Path dir) {
        return cached(dir, "teacher-student", teacherStudentKey(), TeacherStudentTheory.class,
                t -> t.rhoEff() != null && t.collapseMatrix() != null,
                () -> compiled(TeacherStudentDerivation.derive()));
    }

    /**
     * The §5 per-sample Jacobian ({@link TeacherStudentDerivation#sampleJacobian}) of a mode at k, from the directory
     * of {@value #PROPERTY} when set.
     */
    public static PolynomialMatrix teacherStudentJacobian(TeacherStudentMode mode, int k) {
        Path dir = directory();
        return dir == null ? TeacherStudentDerivation.sampleJacobian(mode, k) : teacherStudentJacobian(dir, mode, k);
    }

    /** The §5 per-sample Jacobian of a mode at k through the cache in dir. */
    public static PolynomialMatrix teacherStudentJacobian(Path dir, TeacherStudentMode mode, int k) {
        List<String> vars = PolynomialField.pairVariables(k);
        return cached(dir, "teacher-student-jacobian", jacobianKey(mode, k), PolynomialMatrix.class,
                m -> m.variables().equals(vars) && m.rows() == vars.size() && m.cols() == vars.size(),
                () -> TeacherStudentDerivation.sampleJacobian(mode, k));
    }

    /**
     * The result stored under key in dir (file name-key.bin) when it reads back whole and passes valid; otherwise
     * derived and written. Memoised per JVM by directory and key.
     */
    private static <T extends Serializable> T cached(Path dir, String name, String key, Class<T> type,
                                                     Predicate<T> valid, Supplier<T> derive) {
        return type.cast(MEMO.computeIfAbsent(dir.toAbsolutePath() + "|" + key, k -> {
            Path file = file(dir, name, key);
            T v = read(file, key, type);
            if (v == null || !valid.test(v)) {
                v = derive.get();
                write(dir, file, new Entry(key, v));
            }
            return v;
        }));
    }

    static Path file(Path dir, String name, String key) {
        return dir.resolve(name + "-" + key + ".bin");
    }

    /** Derived now, closed forms compiled. */
    static Projection derive(boolean stopGradient, int d) {
        ProjectionTheory t = ProjectionDerivation.derive(stopGradient);
        ProjectionTheory compiled = new ProjectionTheory(t.stopGradient(), t.pairLoss(), t.perModeField(), t.gss(),
                t.gsy(), t.gys(), t.gyy(), compile(t.biasFactor()), compile(t.perModeT()), compileAll(t.tMatrix2()),
                compile(t.jacobianAsymmetry()), t.biasOperator(), compile(t.protectedValue()),
                compile(t.meanValue()), compile(t.tBound()), compileAll(t.perModeRootsU()));
        return new Projection(compiled, jacobians(d, stopGradient));
    }

    /** The §5 theory with every closed form compiled (texts kept). */
    static TeacherStudentTheory compiled(TeacherStudentTheory t) {
        ClosedForm[][] m = new ClosedForm[t.collapseMatrix().length][];
        for (int i = 0; i < m.length; i++) {
            m[i] = compileAll(List.of(t.collapseMatrix()[i])).toArray(new ClosedForm[0]);
        }
        return new TeacherStudentTheory(t.reducedLoss(), t.plainEquations(), m, t.decouplingWitness(),
                t.characteristicPolynomial(), compile(t.fastEigenvalue()), compile(t.slowEigenvalue()),
                compile(t.rhoEff()), compile(t.noiseRate()), compile(t.sumRate()), t.sigmaEntersRhoEff(),
                compile(t.amplificationAtZero()), compileAll(t.fixedPointWeights()), compileAll(t.nullVector()),
                t.sgEquations(), compile(t.sgHeadSquared()), compile(t.sgDeltaOverHeadU()), t.sgHeadFlowVanishes(),
                compile(t.projectionFlowAtSgFixedPoint()), t.eulerPlain(), t.eulerProjection(), t.sgNormRate(),
                t.eulerPlainZero(), t.eulerProjectionZero(), t.sgNormRateZero(), t.scalingPlainZero(),
                t.scalingProjectionZero());
    }

    private static ProjectionJacobianForm jacobians(int d, boolean stopGradient) {
        return ProjectionWordDerivation.derive(d, stopGradient);
    }

    private static ClosedForm compile(ClosedForm f) {
        return f == null ? null : CompiledForm.of(f);
    }

    private static List<ClosedForm> compileAll(List<ClosedForm> fs) {
        List<ClosedForm> out = new ArrayList<>();
        for (ClosedForm f : fs) {
            out.add(compile(f));
        }
        return List.copyOf(out);
    }

    /** Key of the §4 entry for (sg, d). */
    static String key(boolean stopGradient, int d) {
        return key("projection", "sg=" + stopGradient, "d=" + d);
    }

    /** Key of the §5 theory entry. */
    static String teacherStudentKey() {
        return key("teacher-student");
    }

    /** Key of the §5 per-sample Jacobian entry for (mode, k). */
    static String jacobianKey(TeacherStudentMode mode, int k) {
        return key("teacher-student-jacobian", "mode=" + mode.name(), "k=" + k);
    }

    /** SHA-256 over the format, what is derived, its inputs and the code hash. */
    private static String key(String what, String... inputs) {
        return sha256((FORMAT + "|" + what + "|" + String.join("|", inputs) + "|" + codeHash())
                .getBytes(StandardCharsets.UTF_8));
    }

    /** Hash of the deriving code: the theory classes (jar or directory) and the Symja jar's name and size. */
    static String codeHash() {
        String h = codeHash;
        if (h == null) {
            StringBuilder b = new StringBuilder();
            b.append(hashLocation(location(DerivationCache.class), true));
            b.append('|').append(hashLocation(location(org.matheclipse.core.interfaces.IExpr.class), false));
            h = sha256(b.toString().getBytes(StandardCharsets.UTF_8));
            codeHash = h;
        }
        return h;
    }

    private static Path location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            // no code location: a key that matches nothing stored, so every run derives
            return Path.of("unknown-" + System.nanoTime());
        }
    }

    /** Contents (or, when !contents, name and size) of a jar, or every file of a class directory. */
    static String hashLocation(Path p, boolean contents) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            if (Files.isDirectory(p)) {
                List<Path> files;
                try (Stream<Path> s = Files.walk(p)) {
                    files = s.filter(Files::isRegularFile).sorted().toList();
                }
                for (Path f : files) {
                    md.update(p.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
                    md.update(Files.readAllBytes(f));
                }
            } else if (contents) {
                try (InputStream in = Files.newInputStream(p)) {
                    byte[] buf = new byte[1 << 16];
                    for (int r; (r = in.read(buf)) > 0; ) {
                        md.update(buf, 0, r);
                    }
                }
            } else {
                md.update((p.getFileName() + "|" + Files.size(p)).getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            return "unreadable-" + System.nanoTime();
        }
    }

    private static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest(bytes));
    }

    private static byte[] digest(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Classes an entry may contain; anything else stops the read. */
    private static final ObjectInputFilter FILTER = ObjectInputFilter.Config.createFilter(
            "maxdepth=64;maxrefs=1000000;org.collapseharness.theory.**;java.lang.*;java.util.*;"
                    + "[D;[I;[[D;[[I;[[[I;[Ljava.lang.*;[Lorg.collapseharness.theory.**;!*");

    /** Length of the SHA-256 that starts every file. */
    private static final int DIGEST_BYTES = 32;

    /**
     * The entry's result, or null when missing, unreadable, corrupted (its digest does not match), of another type or
     * stored under another key.
     */
    static <T> T read(Path file, String key, Class<T> type) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            byte[] all = Files.readAllBytes(file);
            if (all.length <= DIGEST_BYTES || !MessageDigest.isEqual(Arrays.copyOf(all, DIGEST_BYTES),
                    digest(Arrays.copyOfRange(all, DIGEST_BYTES, all.length)))) {
                return null;
            }
            try (ObjectInputStream in = new ObjectInputStream(
                    new ByteArrayInputStream(all, DIGEST_BYTES, all.length - DIGEST_BYTES))) {
                in.setObjectInputFilter(FILTER);
                Object o = in.readObject();
                if (o instanceof Entry e && key.equals(e.key()) && type.isInstance(e.value())) {
                    return type.cast(e.value());
                }
                return null;
            }
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            return null;
        }
    }

    /** Writes an entry (digest, then the serialized entry) through a temporary file and a rename. */
    static void write(Path dir, Path file, Entry e) {
        try {
            Files.createDirectories(dir);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(e);
            }
            byte[] body = bytes.toByteArray();
            Path tmp = Files.createTempFile(dir, "entry-", ".tmp");
            try {
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    out.write(digest(body));
                    out.write(body);
                }
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException ex) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException | RuntimeException ex) {
            // the cache is an optimisation: a directory that cannot be written costs only the derivation
        }
    }
}
