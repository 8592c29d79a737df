package org.collapseharness.verification.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.collapseharness.verification.Version;
import org.collapseharness.verification.cli.PerfCommandsTest.Run;
import org.junit.jupiter.api.Test;

class VersionTest {
    @Test
    void versionIsTheMavenProjectVersion() throws Exception {
        String pom = Files.readString(Path.of("..", "pom.xml"), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("<artifactId>collapse-harness</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(pom);
        assertThat(m.find()).isTrue();
        assertThat(Version.get()).isEqualTo(m.group(1));
        Run r = PerfCommandsTest.run("--version");
        assertThat(r.code()).isZero();
        assertThat(r.out().trim()).isEqualTo("collapse-harness " + m.group(1));
        assertThat(r.err()).isEmpty();
    }
}
