package org.collapseharness.verification;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The project version, filtered from the Maven project version into {@code version.properties} at build time. */
public final class Version implements IVersionProvider {
    private static final String VERSION = load();

    /** The Maven project version, e.g. {@code 0.1.0}. */
    public static String get() {
        return VERSION;
    }

    /** The line printed by {@code harness --version}. */
    @Override
    public String[] getVersion() {
        return new String[] {"collapse-harness " + VERSION};
    }

    private static String load() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                throw new IllegalStateException("version.properties missing from the classpath (build with Maven)");
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "").trim();
            if (v.isEmpty() || v.contains("${")) {
                throw new IllegalStateException("version.properties was not filtered by Maven: '" + v + "'");
            }
            return v;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
