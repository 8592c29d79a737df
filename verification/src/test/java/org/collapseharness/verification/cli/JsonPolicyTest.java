package org.collapseharness.verification.cli;

import org.collapseharness.verification.JsonOutput;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.collapseharness.verification.claims.VariantClaims;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command's output: valid JSON (with --json), no Java object text such as {@code [D@1f2e}, and the known
 * numeric keys are numbers or null (a null with a note key where the command did not compute the value).
 */
class JsonPolicyTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern OBJECT_TEXT = Pattern.compile("\\[[A-Z]@|\\[\\[D@");

    /** Rejects object text, NaN/Infinity strings, and non-numbers under the given keys (searched at any depth). */
    static JsonNode check(String text, String... numericKeys) throws Exception {
        if (OBJECT_TEXT.matcher(text).find()) {
            throw new AssertionError("Java object text in output: " + text);
        }
        JsonNode n = MAPPER.readTree(text);
        walk(n, "");
        for (String key : numericKeys) {
            List<JsonNode> found = n.findValues(key);
            if (found.isEmpty()) {
                throw new AssertionError("missing key " + key);
            }
            for (JsonNode v : found) {
                if (!(v.isNumber() || v.isNull())) {
                    throw new AssertionError("key " + key + " is not a number or null: " + v);
                }
            }
        }
        return n;
    }

    private static void walk(JsonNode n, String path) {
        if (n.isTextual() && List.of("NaN", "Infinity", "-Infinity").contains(n.asText())) {
            throw new AssertionError(path + " is the string " + n);
        }
        n.fields().forEachRemaining(e -> walk(e.getValue(), path + "." + e.getKey()));
        if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                walk(n.get(i), path + "[" + i + "]");
            }
        }
    }

    private static String out(String... args) {
        PerfCommandsTest.Run r = PerfCommandsTest.run(args);
        assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isIn(0, 1);
        assertThat(OBJECT_TEXT.matcher(r.out() + r.err()).find()).as(r.out()).isFalse();
        return r.out();
    }

    /** Runs the command in text mode (checked for object text) and with --json (returned, checked). */
    private static JsonNode both(String[] numeric, String... args) throws Exception {
        out(args);
        String[] json = java.util.Arrays.copyOf(args, args.length + 1);
        json[args.length] = "--json";
        return check(out(json), numeric);
    }

    @Test
    void everyCommandPrintsJsonNumbersOrNull(@TempDir Path dir) throws Exception {
        JsonNode sim = both(new String[] {"minL2Initial", "minL2Final", "accuracyFinal", "slowRateFitted",
                "slowRateFitResidual", "slowRateNumericSector", "slowRateDerived", "maxAbsErrorVsExact",
                "sectorInvarianceResidual", "rhsEvaluations"}, "simulate", "-K", "3", "-n", "4", "-m", "1", "--dim",
                "2", "--t-end", "3", "--no-witness");
        assertThat(sim.get("slowRateDerived").isNull()).isTrue();
        assertThat(sim.get("slowRateDerivedNote").asText()).contains("--derived");
        assertThat(sim.get("maxAbsErrorVsExact").isNull()).isTrue();
        assertThat(sim.get("maxAbsErrorVsExactNote").asText()).contains("--no-witness");
        assertThat(sim.get("slowRateFitWindow").isArray()).isTrue();
        // no shared samples: the numeric sector slow rate is not defined (null, never "NaN")
        JsonNode sim0 = check(out("simulate", "-K", "3", "-n", "4", "-m", "0", "--dim", "2", "--t-end", "3",
                "--json"), "slowRateNumericSector", "slowRateFitted");
        assertThat(sim0.get("parameters").get("shared").asInt()).isZero();

        JsonNode proj = both(new String[] {"minL2Initial", "minL2Final", "fixedPointResidual", "rhsEvaluations",
                "protectedValueDerived", "operatorTSpectralRadius"}, "projection", "-K", "3", "-n", "4", "-m", "1",
                "--dim", "2", "--no-stop-gradient", "--t-end", "2");
        assertThat(proj.get("protectedValueDerivedNote").asText()).contains("stop-gradient");
        both(new String[] {"finalResidual", "minL2", "maxAbsDiffW"}, "dmft", "-K", "3", "-n", "4", "-m", "1", "--dim",
                "2", "--t-end", "0.5", "--grid", "50");
        JsonNode ts = both(new String[] {"rhoEff", "slowRate", "minL2Final", "accuracyFinal", "lossFinal",
                "slowRateExpected"}, "teacher-student", "--rho", "0.2", "--input-dim", "10", "--per-class", "40", "--k",
                "2", "--t-end", "4", "--points", "10");
        assertThat(ts.get("gradientDescent").get("slowRateDiagnostics").asText()).isNotEmpty();
        both(new String[] {}, "sectors", "-K", "3", "-n", "4", "-m", "1", "--dim", "2");
        both(new String[] {}, "claims");
        both(new String[] {"slowEigenvalue"}, "derive", "--variant", variant("minimal.variant").toString(),
                "--classes", "3", "--clean", "4", "--shared", "1");
        out("bench", "--list");
        out("bench", "--only", "s3-k4-n500", "--out", dir.toString());
        check(Files.readString(dir.resolve("performance.json")), "wallSeconds");
        Path jsonl = dir.resolve("sweep.jsonl");
        out("sweep", "--rho", "0.2", "--clean", "5", "--classes", "3", "--dim", "2", "--t-end", "6", "--points",
                "20", "--no-derived", "--quiet", "--threads", "1", "--out", jsonl.toString());
        java.util.List<String> lines = Files.readAllLines(jsonl);
        assertThat(check(lines.get(0)).has("sweepHeader")).isTrue();
        for (String line : lines.subList(1, lines.size())) {
            JsonNode l = check(line, "slowRateFitted", "minL2Final", "maxAbsErrorVsExact", "slowRateDerived");
            assertThat(l.get("slowRateDerived").isNull()).isTrue();
            assertThat(l.get("slowRateDerivedNote").asText()).contains("--no-derived");
        }
    }

    @Test
    void nonFiniteNumbersAreWrittenAsNull() throws Exception {
        String s = JsonOutput.pretty(Map.of("a", Double.NaN, "b", new double[] {1, Double.POSITIVE_INFINITY},
                "c", new double[][] {{Double.NEGATIVE_INFINITY}}, "d", 2.5f, "e", Float.NaN));
        JsonNode n = check(s, "a", "d", "e");
        assertThat(n.get("a").isNull()).isTrue();
        assertThat(n.get("b").get(0).asDouble()).isEqualTo(1.0);
        assertThat(n.get("b").get(1).isNull()).isTrue();
        assertThat(n.get("c").get(0).get(0).isNull()).isTrue();
        assertThat(n.get("d").asDouble()).isEqualTo(2.5);
        assertThat(n.get("e").isNull()).isTrue();
    }

    @Test
    void checkerRejectsStringsInNumericKeysAndObjectText() {
        assertThatThrownBy(() -> check("{\"slowRateDerived\": \"not computed (add --derived)\"}", "slowRateDerived"))
                .hasMessageContaining("not a number");
        assertThatThrownBy(() -> check("{\"x\": \"NaN\"}")).hasMessageContaining("string");
        assertThatThrownBy(() -> check("{\"w\": \"[D@1b6d3586\"}")).hasMessageContaining("object text");
        assertThatThrownBy(() -> check("{\"w\": \"[[D@1b6d3586\"}")).hasMessageContaining("object text");
        assertThatThrownBy(() -> check("{\"a\": 1}", "b")).hasMessageContaining("missing");
        assertThatThrownBy(() -> check("not json")).isNotInstanceOf(AssertionError.class);
    }

    private static Path variant(String name) {
        return VariantClaims.variantsDirectory().resolve(name);
    }
}
