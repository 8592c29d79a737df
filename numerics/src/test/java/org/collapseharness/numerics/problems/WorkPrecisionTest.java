package org.collapseharness.numerics.problems;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@DisplayName("Work-precision table written to target/work-precision.csv; Rodas solves every problem at every tolerance")
class WorkPrecisionTest {

    @Test
    @Tag("slow")
    @DisplayName("every Rodas row SUCCESS within 100 × the tolerance scale; explicit methods fail only on stiff problems")
    void table() throws Exception {
        Path out = Path.of("target", "work-precision.csv");
        Files.deleteIfExists(out);
        WorkPrecision.write(out);
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertThat(lines.get(0)).isEqualTo(WorkPrecision.HEADER);
        int rodas = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.substring(line.lastIndexOf('"') + 2).split(",");
            boolean stiff = Boolean.parseBoolean(f[0]);
            String algorithm = f[1];
            double rtol = Double.parseDouble(f[2]);
            String code = f[4];
            if (algorithm.equals("rodas")) {
                rodas++;
                assertThat(code).as(line).isEqualTo("SUCCESS");
                // errors are absolute; the largest catalogue component is OREGO's 1228
                assertThat(Double.parseDouble(f[5])).as(line).isLessThan(100 * rtol * 1300);
            } else if (!stiff && !algorithm.startsWith("exponential")) {
                assertThat(code).as(line).isEqualTo("SUCCESS");
            }
        }
        assertThat(rodas).isEqualTo((TestProblems.all().size() + 1) * WorkPrecision.RELATIVE_TOLERANCES.length);
    }

    @Test
    @DisplayName("an existing file that is not a work-precision table is refused and left untouched")
    void refusesForeignFile() throws Exception {
        Path foreign = Files.createTempDirectory("wp").resolve("notes.csv");
        Files.writeString(foreign, "my data\n");
        assertThatThrownBy(() -> WorkPrecision.write(foreign)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a work-precision table");
        assertThat(Files.readString(foreign)).isEqualTo("my data\n");
    }
}
