package org.collapseharness.verification.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --initial-state / --state-out / --initial-state-out on simulate and projection. */
class StateFilesTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final String[] SIMULATE = {"simulate", "--classes", "3", "--clean", "4", "--shared", "2", "--dim", "2", "--t-end", "6",
            "--json"};
    private static final String[] PROJECTION = {"projection", "--classes", "3", "--clean", "3", "--shared", "1", "--dim", "2",
            "--stop-gradient", "--t-end", "2", "--json"};

    static String[] with(String[] base, String... more) {
        return Stream.concat(Stream.of(base), Stream.of(more)).toArray(String[]::new);
    }

    /** {@code base} with option {@code name} set to {@code value} (replaced when present). */
    static String[] set(String[] base, String name, String value) {
        List<String> a = new ArrayList<>(List.of(base));
        int i = a.indexOf(name);
        if (i >= 0) {
            a.set(i + 1, value);
        } else {
            a.add(name);
            a.add(value);
        }
        return a.toArray(String[]::new);
    }

    static JsonNode ok(String... args) throws Exception {
        PerfCommandsTest.Run r = PerfCommandsTest.run(args);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        return MAPPER.readTree(r.out());
    }

    /** The output without timing fields and without the keys that name where the state came from. */
    static JsonNode numbers(JsonNode out) {
        ObjectNode o = out.deepCopy();
        List<String> drop = new ArrayList<>();
        o.fieldNames().forEachRemaining(k -> {
            if (k.endsWith("Seconds")) {
                drop.add(k);
            }
        });
        o.remove(drop);
        ((ObjectNode) o.get("parameters")).remove(List.of("initialState", "seedUsedForState"));
        return o;
    }

    static double[] flat(JsonNode state) {
        List<Double> v = new ArrayList<>();
        for (String key : new String[] {"x", "z", "y", "W"}) {
            collect(state.get(key), v);
        }
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void collect(JsonNode n, List<Double> v) {
        if (n == null) {
            return;
        }
        if (n.isArray()) {
            n.forEach(c -> collect(c, v));
        } else {
            v.add(n.asDouble());
        }
    }

    @Test
    void seededStateFedBackReproducesSimulateBitwise(@TempDir Path dir) throws Exception {
        Path s0 = dir.resolve("s0.json");
        Path endSeeded = dir.resolve("end-seeded.json");
        Path endFile = dir.resolve("end-file.json");
        JsonNode seeded = ok(with(SIMULATE, "--initial-state-out", s0.toString(), "--state-out", endSeeded.toString()));
        JsonNode fromFile = ok(with(SIMULATE, "--initial-state", s0.toString(), "--state-out", endFile.toString()));
        assertThat(numbers(fromFile)).isEqualTo(numbers(seeded));
        assertThat(fromFile.get("parameters").get("seedUsedForState").asBoolean()).isFalse();
        JsonNode a = MAPPER.readTree(endSeeded.toFile());
        JsonNode b = MAPPER.readTree(endFile.toFile());
        assertThat(flat(b)).isEqualTo(flat(a));
        assertThat(a.get("t").asDouble()).isEqualTo(6.0);
        assertThat(a.get("seedUsedForState").asBoolean()).isTrue();
        assertThat(a.get("seed").isNumber()).isTrue();
        assertThat(b.get("seedUsedForState").asBoolean()).isFalse();
        assertThat(b.get("seed").isNull()).isTrue();
        JsonNode start = MAPPER.readTree(s0.toFile());
        assertThat(start.get("t").asDouble()).isZero();
        assertThat(start.get("x").size()).isEqualTo(3);
        assertThat(start.get("x").get(0).size()).isEqualTo(4);
        assertThat(start.get("x").get(0).get(0).size()).isEqualTo(2);
        assertThat(start.get("z").size()).isEqualTo(2);
        assertThat(start.get("y").size()).isEqualTo(3);
        assertThat(start.has("W")).isFalse();

        // negative control: one perturbed coordinate must not reproduce the seeded run
        ObjectNode moved = (ObjectNode) start.deepCopy();
        ArrayNode x000 = (ArrayNode) moved.get("x").get(0).get(0);
        x000.set(0, x000.get(0).asDouble() + 1e-9);
        Path s0moved = dir.resolve("s0-moved.json");
        MAPPER.writeValue(s0moved.toFile(), moved);
        Path endMoved = dir.resolve("end-moved.json");
        ok(with(SIMULATE, "--initial-state", s0moved.toString(), "--state-out", endMoved.toString()));
        assertThat(flat(MAPPER.readTree(endMoved.toFile()))).isNotEqualTo(flat(a));
    }

    @Test
    void seededStateFedBackReproducesProjectionBitwise(@TempDir Path dir) throws Exception {
        for (String integrator : new String[] {"auto", "dp853-full"}) {
            Path s0 = dir.resolve(integrator + "-s0.json");
            Path endSeeded = dir.resolve(integrator + "-end-seeded.json");
            Path endFile = dir.resolve(integrator + "-end-file.json");
            String[] base = with(PROJECTION, "--integrator", integrator);
            JsonNode seeded = ok(with(base, "--initial-state-out", s0.toString(), "--state-out",
                    endSeeded.toString()));
            JsonNode fromFile = ok(with(base, "--initial-state", s0.toString(), "--state-out", endFile.toString()));
            assertThat(numbers(fromFile)).isEqualTo(numbers(seeded));
            assertThat(flat(MAPPER.readTree(endFile.toFile()))).isEqualTo(flat(MAPPER.readTree(endSeeded.toFile())));
            JsonNode start = MAPPER.readTree(s0.toFile());
            assertThat(start.get("W").size()).isEqualTo(2);
            assertThat(start.get("W").get(0).size()).isEqualTo(2);
            // W0 = I + noise: the diagonal is near 1, row-major
            assertThat(start.get("W").get(0).get(0).asDouble()).isBetween(0.0, 2.0);
        }
        // the moment-reduction route (auto without --state-out) from the same file also reproduces its seeded run
        Path s0 = dir.resolve("auto-s0.json");
        assertThat(numbers(ok(with(PROJECTION, "--initial-state", s0.toString()))))
                .isEqualTo(numbers(ok(PROJECTION)));
    }

    /**
     * A run to T split at T1 (end state written, read back, run for T − T1) agrees with the direct run to round-off.
     * Simulate propagates exactly (exp(tA) on the sector matrices): the two paths differ only by the rounding of the
     * two evaluations, ~1e-15 of max|y|; 1e-12 leaves a wide margin. Projection integrates with DP853 at rtol 1e-9
     * (the restart changes the step sequence): the paths agree to the integration error, 1e-7 allows it.
     */
    @Test
    void splitRunAgreesToRoundOff(@TempDir Path dir) throws Exception {
        assertThat(splitDifference(dir, "sim", SIMULATE, 6, 2.5)).isLessThan(1e-12);
        assertThat(splitDifference(dir, "proj", with(PROJECTION, "--integrator", "dp853-full"), 2, 0.75))
                .isLessThan(1e-7);
    }

    private static double splitDifference(Path dir, String tag, String[] base, double t, double t1) throws Exception {
        Path direct = dir.resolve(tag + "-direct.json");
        Path mid = dir.resolve(tag + "-mid.json");
        Path split = dir.resolve(tag + "-split.json");
        ok(with(base, "--state-out", direct.toString()));
        ok(with(set(base, "--t-end", Double.toString(t1)), "--state-out", mid.toString()));
        ok(with(set(base, "--t-end", Double.toString(t - t1)), "--initial-state", mid.toString(), "--state-out",
                split.toString()));
        double[] a = flat(MAPPER.readTree(direct.toFile()));
        double[] b = flat(MAPPER.readTree(split.toFile()));
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < a.length; i++) {
            diff = Math.max(diff, Math.abs(a[i] - b[i]));
            scale = Math.max(scale, Math.abs(a[i]));
        }
        assertThat(diff).as("split differs from direct at all (else the split did nothing)").isPositive();
        return diff / scale;
    }

    @Test
    void badStatesAreOneLineExitTwoAndNothingIsOverwritten(@TempDir Path dir) throws Exception {
        Path s0 = dir.resolve("s0.json");
        ok(with(SIMULATE, "--initial-state-out", s0.toString()));
        // an earlier --state-out (replaceable by a good run), which bad input must leave as it is
        Path keep = dir.resolve("keep.json");
        Files.copy(s0, keep);
        String kept = Files.readString(keep);
        JsonNode good = MAPPER.readTree(s0.toFile());

        Path ragged = write(dir, "ragged.json", good, "x", MAPPER.readTree("[[[1,2],[3,4],[5,6],[7,8]],"
                + "[[1,2],[3,4],[5,6]],[[1,2],[3,4],[5,6],[7,8]]]"));
        Path nonFinite = write(dir, "nonfinite.json", good, "y", MAPPER.readTree("[[1,2],[3,1e400],[5,6]]"));
        Path nullEntry = write(dir, "null.json", good, "y", MAPPER.readTree("[[1,2],[3,null],[5,6]]"));
        Path stringEntry = write(dir, "string.json", good, "z", MAPPER.readTree("[[1,2],[\"NaN\",6]]"));
        Path withHead = write(dir, "head.json", good, "W", MAPPER.readTree("[[1,0],[0,1]]"));
        ObjectNode noY = good.deepCopy();
        noY.remove("y");
        Path missingY = dir.resolve("missing-y.json");
        MAPPER.writeValue(missingY.toFile(), noY);
        Path malformed = dir.resolve("malformed.json");
        Files.writeString(malformed, "{\"x\": [1, 2");
        Path nanToken = dir.resolve("nan.json");
        Files.writeString(nanToken, "{\"x\": NaN}");

        Object[][] cases = {
                {set(SIMULATE, "--clean", "5"), s0, "--initial-state " + s0 + ": key 'x' has shape [3][4][2], "
                        + "expected [3][5][2] from --classes 3 --clean 5 --dim 2"},
                {SIMULATE, dir.resolve("absent.json"), "no such file"},
                {SIMULATE, dir, "is a directory"},
                {SIMULATE, malformed, "not valid JSON"},
                {SIMULATE, nanToken, "not valid JSON"},
                {SIMULATE, ragged, "key 'x' is not rectangular: entry [1] is an array of 3"},
                {SIMULATE, nonFinite, "key 'y' entry [1][1] is not a finite number"},
                {SIMULATE, nullEntry, "key 'y' entry [1][1] is not a finite number (got null)"},
                {SIMULATE, stringEntry, "key 'z' entry [1][0] is not a finite number (got \"NaN\")"},
                {SIMULATE, withHead, "key 'W' (a projection head) is not used by simulate"},
                {SIMULATE, missingY, "missing key 'y' (expected shape [3][2] from --classes 3 --dim 2)"},
                {set(SIMULATE, "--shared", "3"), s0, "key 'z' has shape [2][2], expected [3][2]"},
                {set(SIMULATE, "--dim", "3"), s0, "key 'x' has shape [3][4][2], expected [3][4][3]"},
                {set(set(PROJECTION, "--clean", "4"), "--shared", "2"), s0, "missing key 'W' (expected shape [2][2] from --dim 2)"},
        };
        for (Object[] c : cases) {
            PerfCommandsTest.Run r = PerfCommandsTest.run(with((String[]) c[0], "--initial-state", c[1].toString(),
                    "--state-out", keep.toString(), "--trajectory", dir.resolve("never.csv").toString()));
            assertThat(r.code()).as(r.err()).isEqualTo(2);
            assertThat(r.err()).endsWith("\n").contains((String) c[2]);
            assertThat(r.err().trim()).doesNotContain("\n");
            assertThat(r.out()).isEmpty();
            assertThat(Files.readString(keep)).isEqualTo(kept);
            assertThat(dir.resolve("never.csv")).doesNotExist();
        }
        // projection on the moment reduction cannot write particles
        PerfCommandsTest.Run m = PerfCommandsTest.run(with(PROJECTION, "--integrator", "dp853", "--state-out",
                keep.toString()));
        assertThat(m.code()).isEqualTo(2);
        assertThat(m.err()).contains("--state-out needs the particles");
        assertThat(Files.readString(keep)).isEqualTo(kept);
        // a file the harness did not write is never overwritten by an output option
        Path user = dir.resolve("user.txt");
        Files.writeString(user, "user data");
        for (String option : new String[] {"--state-out", "--initial-state-out", "--trajectory"}) {
            PerfCommandsTest.Run u = PerfCommandsTest.run(with(SIMULATE, option, user.toString()));
            assertThat(u.code()).isEqualTo(2);
            assertThat(u.err()).contains(option + " " + user + ": the file exists and was not written by this option");
            assertThat(Files.readString(user)).isEqualTo("user data");
        }
        // an output path that is a directory is refused before any work
        PerfCommandsTest.Run d = PerfCommandsTest.run(with(SIMULATE, "--state-out", dir.toString()));
        assertThat(d.code()).isEqualTo(2);
        assertThat(d.err()).contains("--state-out must name a file");
    }

    private static Path write(Path dir, String name, JsonNode base, String key, JsonNode value) throws Exception {
        ObjectNode o = base.deepCopy();
        o.set(key, value);
        Path p = dir.resolve(name);
        MAPPER.writeValue(p.toFile(), o);
        return p;
    }
}
