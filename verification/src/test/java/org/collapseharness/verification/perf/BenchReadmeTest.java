package org.collapseharness.verification.perf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The bench table of docs/numerics.md states the sizes the registered cases run. */
class BenchReadmeTest {
    @Test
    void readmeBenchRowsStateEachCaseParticleCount() throws Exception {
        String readme = Files.readString(Path.of("..", "docs", "numerics.md"), StandardCharsets.UTF_8);
        Pattern count = Pattern.compile("(\\d+) (embeddings|particles)");
        int checked = 0;
        for (String id : BenchSuite.ids(BenchSuite.Tier.FULL)) {
            Matcher m = count.matcher(BenchSuite.get(id).description());
            if (!m.find()) {
                continue;
            }
            String row = readme.lines().filter(l -> l.startsWith("| `" + id + "` ")).findFirst().orElse("");
            assertThat(row).as(id).isNotEmpty()
                    .contains(String.format(Locale.ROOT, "%,d", Long.parseLong(m.group(1))));
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(6);
    }
}
