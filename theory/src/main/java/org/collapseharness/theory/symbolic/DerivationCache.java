package org.collapseharness.theory.symbolic;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
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
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.collapseharness.theory.ClosedForm;
import org.collapseharness.theory.ProjectionJacobianForm;
import org.collapseharness.theory.ProjectionTheory;

/**
 * A persistent cache of derivation results, so that a command can use what the symbolic pipeline derived without
 * starting Symja. An entry is keyed by a SHA-256 over everything that can change the result: the derivation's inputs
 * (what, stop-gradient, d), the bytes of the code that derives (the theory jar, or every file of its class directory)
 * and the Symja jar (name and size: the version is pinned). A different build therefore reads a different entry; an
 * entry is never updated in place. An unreadable, corrupted or mismatching entry is derived again and rewritten
 * (atomically, by rename); a cache directory that cannot be written only costs the derivation. Closed forms are
 * stored compiled ({@link CompiledForm}), so evaluating them needs no Symja either.
 *
 * <p>The directory comes from the system property {@value #PROPERTY} (the launcher sets it to
 * {@code verification/target/derivation-cache}); without it every call derives in-process (memoised per JVM).
 */
public final class DerivationCache {
    /** System property naming the cache directory. */
    public static final String PROPERTY = "harness.derivationCache";
    /** Part of every key: bumped when the stored layout changes. */
    static final String FORMAT = "projection-v2";

    /**
     * The §4 results a command needs: the steady-state theory and the Jacobians at d (the dimension-free word form of
     * {@link ProjectionWordDerivation}, evaluated at d).
     */
    public record Projection(ProjectionTheory theory, ProjectionJacobianForm jacobians) implements Serializable {
    }

    private record Entry(String key, Projection projection) implements Serializable {
    }

    private static final Map<String, Projection> MEMO = new ConcurrentHashMap<>();
    private static volatile String codeHash;

    private DerivationCache() {
    }

    /** The §4 results for (sg, d), from the directory of {@value #PROPERTY} when set. */
    public static Projection projection(boolean stopGradient, int d) {
        String dir = System.getProperty(PROPERTY);
        if (dir == null || dir.isBlank()) {
            return new Projection(ProjectionDerivation.derive(stopGradient), jacobians(d, stopGradient));
        }
        return projection(Path.of(dir), stopGradient, d);
    }

    /** The §4 results for (sg, d) through the cache in dir. */
    public static Projection projection(Path dir, boolean stopGradient, int d) {
        String key = key(stopGradient, d);
        return MEMO.computeIfAbsent(dir.toAbsolutePath() + "|" + key, k -> {
            Path file = dir.resolve("projection-" + key + ".bin");
            Projection p = read(file, key);
            if (p == null || p.theory().stopGradient() != stopGradient || (p.jacobians() != null
                    && (p.jacobians().dim() != d || p.jacobians().stopGradient() != stopGradient))) {
                p = derive(stopGradient, d);
                write(dir, file, new Entry(key, p));
            }
            return p;
        });
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

    static String key(boolean stopGradient, int d) {
        return sha256((FORMAT + "|sg=" + stopGradient + "|d=" + d + "|" + codeHash()).getBytes(StandardCharsets.UTF_8));
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
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Classes an entry may contain; anything else stops the read. */
    private static final ObjectInputFilter FILTER = ObjectInputFilter.Config.createFilter(
            "maxdepth=64;maxrefs=1000000;org.collapseharness.theory.**;java.lang.*;java.util.*;"
                    + "[D;[I;[[D;[[I;[[[I;[Ljava.lang.*;[Lorg.collapseharness.theory.**;!*");

    /** The entry's results, or null when missing, unreadable, corrupted or stored under another key. */
    static Projection read(Path file, String key) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(Files.readAllBytes(file)))) {
            in.setObjectInputFilter(FILTER);
            Object o = in.readObject();
            if (o instanceof Entry e && key.equals(e.key()) && e.projection() != null
                    && e.projection().theory() != null) {
                return e.projection();
            }
            return null;
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            return null;
        }
    }

    private static void write(Path dir, Path file, Entry e) {
        try {
            Files.createDirectories(dir);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(e);
            }
            Path tmp = Files.createTempFile(dir, "projection-", ".tmp");
            try {
                Files.write(tmp, bytes.toByteArray());
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
