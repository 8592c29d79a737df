package org.collapseharness.verification.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.collapseharness.numerics.ParticleLayout;
import org.collapseharness.numerics.ParticleState;
import org.collapseharness.verification.JsonOutput;

/**
 * Particle state files: a JSON object with {@code x} [K][n][d] (clean samples per class), {@code z} [m][d] (shared
 * samples), {@code y} [K][d] (labels), {@code W} [d][d] (projection head, row-major) and, when written by a command,
 * {@code t} (the time) and meta keys; a variant run with an EMA target also has {@code target} [K][d] (the targets
 * t_c). Reading checks every shape against the command's options; any problem is one usage line.
 */
final class ParticleStateJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ParticleStateJson() {
    }

    /** Writes {@code meta} keys, then {@code t}, x, z, y and (with a head) W. */
    static void write(Path file, String option, ParticleState s, double t, Map<String, Object> meta) {
        write(file, option, s, t, meta, null);
    }

    /** As {@link #write(Path, String, ParticleState, double, Map)}, then the EMA targets (key target) unless null. */
    static void write(Path file, String option, ParticleState s, double t, Map<String, Object> meta,
                      double[][] target) {
        Map<String, Object> out = new LinkedHashMap<>(meta);
        out.put("t", t);
        out.put("x", s.x());
        out.put("z", s.z());
        out.put("y", s.y());
        if (s.head()) {
            out.put("W", s.w());
        }
        if (target != null) {
            out.put("target", target);
        }
        OutputPaths.replace(file, option, w -> JsonOutput.pretty(out, w));
    }

    /**
     * The EMA targets of a state file (key {@code target}, shape [K][d]); null when the file has none. With
     * {@code used} false (the command has no target) a present key is a usage error.
     */
    static double[][] readTarget(Path file, String option, ParticleLayout l, boolean used, String command) {
        String where = option + " " + file + ": ";
        JsonNode root = parse(file, where);
        if (!root.has("target")) {
            return null;
        }
        if (!used) {
            throw new HarnessCli.UsageException(where + "key 'target' (EMA targets) is not used by " + command
                    + "; remove it");
        }
        double[][] t = new double[l.classes()][l.dim()];
        fill(root, "target", new int[] {l.classes(), l.dim()}, "--classes " + l.classes() + " --dim " + l.dim(), t,
                where);
        return t;
    }

    private static JsonNode parse(Path file, String where) {
        if (!Files.isRegularFile(file)) {
            throw new HarnessCli.UsageException(where + (Files.isDirectory(file) ? "is a directory" : "no such file"));
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new HarnessCli.UsageException(where + "not valid JSON (" + e.getOriginalMessage()
                    + (at != null ? " at line " + at.getLineNr() + ", column " + at.getColumnNr() : "") + ")");
        } catch (IOException e) {
            throw new HarnessCli.UsageException(where + "cannot read (" + e.getMessage() + ")");
        }
        return root;
    }

    /** Whether a file starting with {@code head} is a state written by {@link #write} (its meta keys come first). */
    static boolean writtenByHarness(String head) {
        return head.startsWith("{") && head.contains("\"seedUsedForState\"");
    }

    /** Reads a state for layout {@code l} (with or without a head); {@code command} names the reader in messages. */
    static ParticleState read(Path file, String option, ParticleLayout l, boolean head, String command) {
        String where = option + " " + file + ": ";
        JsonNode root = parse(file, where);
        if (root == null || !root.isObject()) {
            throw new HarnessCli.UsageException(where + "expected a JSON object with keys x, z, y"
                    + (head ? ", W" : ""));
        }
        int k = l.classes();
        int n = l.clean();
        int m = l.shared();
        int d = l.dim();
        double[][][] x = new double[k][n][d];
        double[][] z = new double[m][d];
        double[][] y = new double[k][d];
        fill(root, "x", new int[] {k, n, d}, "--classes " + k + " --clean " + n + " --dim " + d, x, where);
        fill(root, "z", new int[] {m, d}, "--shared " + m + " --dim " + d, z, where);
        fill(root, "y", new int[] {k, d}, "--classes " + k + " --dim " + d, y, where);
        double[][] w = null;
        if (head) {
            w = new double[d][d];
            fill(root, "W", new int[] {d, d}, "--dim " + d, w, where);
        } else if (root.has("W")) {
            throw new HarnessCli.UsageException(where + "key 'W' (a projection head) is not used by " + command
                    + "; remove it");
        }
        return ParticleState.of(l, x, z, y, w);
    }

    /** Copies key {@code key} of shape {@code shape} into {@code target} (nested double arrays of that shape). */
    private static void fill(JsonNode root, String key, int[] shape, String from, Object target, String where) {
        String expected = shapeText(shape) + " from " + from;
        JsonNode node = root.get(key);
        if (node == null) {
            throw new HarnessCli.UsageException(where + "missing key '" + key + "' (expected shape " + expected + ")");
        }
        List<Integer> actual = new ArrayList<>();
        JsonNode e = node;
        while (e.isArray()) {
            actual.add(e.size());
            if (e.size() == 0) {
                break;
            }
            e = e.get(0);
        }
        boolean matches = actual.size() == shape.length
                || actual.size() < shape.length && !actual.isEmpty() && actual.get(actual.size() - 1) == 0;
        for (int i = 0; matches && i < actual.size(); i++) {
            matches = actual.get(i) == shape[i];
        }
        if (!matches) {
            throw new HarnessCli.UsageException(where + "key '" + key + "' has shape "
                    + (actual.isEmpty() ? "[] (not an array)" : shapeText(actual.stream().mapToInt(v -> v).toArray()))
                    + ", expected " + expected);
        }
        copy(node, shape, 0, target, key, "", where, expected);
    }

    private static void copy(JsonNode node, int[] shape, int level, Object target, String key, String index,
                             String where, String expected) {
        if (!node.isArray() || node.size() != shape[level]) {
            throw new HarnessCli.UsageException(where + "key '" + key + "' is not rectangular: entry " + index
                    + " is " + (node.isArray() ? "an array of " + node.size() : "not an array") + ", expected shape "
                    + expected);
        }
        for (int i = 0; i < shape[level]; i++) {
            JsonNode c = node.get(i);
            String at = index + "[" + i + "]";
            if (level == shape.length - 1) {
                if (!c.isNumber() || !Double.isFinite(c.asDouble())) {
                    throw new HarnessCli.UsageException(where + "key '" + key + "' entry " + at
                            + " is not a finite number (got " + HarnessCli.oneLine(c.toString()) + ")");
                }
                ((double[]) target)[i] = c.asDouble();
            } else {
                copy(c, shape, level + 1, ((Object[]) target)[i], key, at, where, expected);
            }
        }
    }

    private static String shapeText(int[] shape) {
        StringBuilder b = new StringBuilder();
        for (int s : shape) {
            b.append('[').append(s).append(']');
        }
        return b.toString();
    }
}
