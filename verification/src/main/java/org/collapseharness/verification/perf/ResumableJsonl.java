package org.collapseharness.verification.perf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A resumable JSON-lines output: a header line (one field, {@code headerField}, holding every result-changing setting)
 * followed by one line per computed point, each with a {@code key} and a {@code status}. A restart with the same
 * header keeps the points already present (a truncated last line is dropped); a file with another header, without
 * one, or that is no such output at all is refused ({@link Sweep.StaleOutputException}) and left untouched; a fresh
 * run may replace only an output of the same kind.
 *
 * @param headerField the header line's single field
 * @param what        the command whose output this is, as named in refusals ("sweep")
 * @param optionOf    the CLI option behind each header field (named in the refusal message)
 * @param freshNeedsHeader whether a fresh run replaces only a file with this kind of header (else any JSON lines)
 */
record ResumableJsonl(String headerField, String what, Map<String, String> optionOf, boolean freshNeedsHeader) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The header line for these settings. */
    String header(Map<String, Object> settings) throws IOException {
        return MAPPER.writeValueAsString(Map.of(headerField, settings));
    }

    /**
     * Whether the points in {@code jsonl} may be reused: false when there is no file (or an empty one) or when
     * {@code fresh} discards an output of this kind; true when its header equals {@code header}.
     *
     * @throws Sweep.StaleOutputException otherwise (other settings, no header, or not such an output at all)
     */
    boolean check(Path jsonl, String header, boolean fresh) throws IOException {
        if (!Files.isRegularFile(jsonl) || Files.size(jsonl) == 0) {
            return false;
        }
        JsonNode found = firstLine(jsonl);
        if (found == null || !found.isObject()) {
            throw new Sweep.StaleOutputException("'" + jsonl + "' exists and is not a " + what + " output (JSON lines); "
                    + "choose another --out");
        }
        JsonNode was = found.get(headerField);
        if (fresh && (was != null || !freshNeedsHeader)) {
            return false;
        }
        if (was == null) {
            throw new Sweep.StaleOutputException("'" + jsonl + "' has no " + what + " parameter header, so its points "
                    + "cannot be matched to these options: " + (freshNeedsHeader ? "" : "add --fresh to recompute, or ")
                    + "choose another --out");
        }
        JsonNode now = MAPPER.readTree(header).get(headerField);
        List<String> differing = new ArrayList<>();
        Set<String> fields = new LinkedHashSet<>();
        now.fieldNames().forEachRemaining(fields::add);
        was.fieldNames().forEachRemaining(fields::add);
        for (String f : fields) {
            if (!java.util.Objects.equals(was.get(f), now.get(f))) {
                differing.add(optionOf.getOrDefault(f, f) + " (file: " + was.get(f) + ", now: " + now.get(f) + ")");
            }
        }
        if (!differing.isEmpty()) {
            throw new Sweep.StaleOutputException("'" + jsonl + "' was written with other settings: "
                    + String.join("; ", differing) + "; add --fresh to recompute, or choose another --out");
        }
        return true;
    }

    /** The first line of a file as JSON, or null when it is not JSON. */
    static JsonNode firstLine(Path jsonl) throws IOException {
        String first;
        try (var r = Files.newBufferedReader(jsonl, StandardCharsets.UTF_8)) {
            first = r.readLine();
        } catch (java.nio.charset.CharacterCodingException e) {
            return null;
        }
        try {
            return first == null ? null : MAPPER.readTree(first);
        } catch (IOException e) {
            return null;
        }
    }

    /** Point lines already present, by key, in file order; unparsable lines (a truncated write) are dropped. */
    static Map<String, String> readDone(Path jsonl) throws IOException {
        Map<String, String> done = new LinkedHashMap<>();
        if (!Files.exists(jsonl)) {
            return done;
        }
        for (String line : Files.readAllLines(jsonl, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode n = MAPPER.readTree(line);
                if (n != null && n.hasNonNull("key") && n.hasNonNull("status")) {
                    done.putIfAbsent(n.get("key").asText(), line);
                }
            } catch (IOException e) {
                // truncated or foreign line: recomputed
            }
        }
        return done;
    }

    /** Writes the header and the lines to {@code jsonl} through a temporary sibling and an atomic move. */
    static void replace(Path jsonl, String header, Collection<String> lines) throws IOException {
        org.collapseharness.verification.AtomicWrite.replace(jsonl,
                w -> w.write(header + "\n" + (lines.isEmpty() ? "" : String.join("\n", lines) + "\n")));
    }

    /** Appends one point line and flushes it (a kill loses at most this line); whether its status is OK. */
    static boolean append(java.io.BufferedWriter w, Map<String, Object> line) throws IOException {
        w.write(org.collapseharness.verification.JsonOutput.line(line));
        w.newLine();
        w.flush();
        return "OK".equals(line.get("status"));
    }

    /** One progress-bar line ({@code \r}-refreshed) on {@code out}. */
    static void bar(PrintWriter out, String label, String unit, int done, int total, int skipped, double seconds) {
        int width = 30;
        int filled = total == 0 ? width : (int) Math.round(width * (double) done / total);
        double eta = done == 0 ? Double.NaN : seconds / done * (total - done);
        out.print(String.format(Locale.ROOT, "\r%s [%s%s] %d/%d %s (%d skipped) %.1fs elapsed, eta %.1fs ", label,
                "#".repeat(filled), ".".repeat(width - filled), done, total, unit, skipped, seconds, eta));
        out.flush();
    }

    /** A file name without its extension ("a.jsonl" → "a"). */
    static String stripExt(String name) {
        int i = name.lastIndexOf('.');
        return i > 0 ? name.substring(0, i) : name;
    }
}
