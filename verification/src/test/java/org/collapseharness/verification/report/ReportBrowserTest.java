package org.collapseharness.verification.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.collapseharness.verification.cli.HarnessCli;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders report.html in headless chromium and checks the rendered DOM: every claim section, table and plot is there
 * and every in-page link resolves. Also writes a screenshot for humans (target/browser-check/report.png). Runs with
 * {@code mvn -B -ntp test -Pbrowser -pl verification -am}; skipped when chromium is not installed.
 */
@Tag("browser")
@DisplayName("Browser check: report.html rendered by headless chromium")
class ReportBrowserTest {
    static final String CLAIMS = "3.2-f,3.2-g,V/minimal/dynamics";

    static Path chromium() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(java.io.File.pathSeparator)) {
            for (String name : new String[] {"chromium", "chromium-browser", "google-chrome"}) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return null;
    }

    static String runChromium(Path exe, Path profile, Path log, List<String> extra, String url) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(exe.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile));
        cmd.addAll(extra);
        cmd.add(url);
        Path out = Files.createTempFile(profile, "stdout", ".html");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(log.toFile()).start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish within 180 s: " + cmd);
        }
        assertThat(p.exitValue()).as("chromium exit code, see " + log).isZero();
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    static List<String> all(Pattern p, String text) {
        List<String> out = new ArrayList<>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    @DisplayName("every claim section, table and inline plot is rendered; every in-page link resolves; screenshot")
    void renderedReportIsComplete(@TempDir Path profile) throws Exception {
        Path exe = chromium();
        assumeTrue(exe != null, "chromium is not installed (apt-get install chromium)");
        Path dir = Path.of("target", "browser-check").toAbsolutePath();
        StringWriter err = new StringWriter();
        int code = HarnessCli.run(new String[] {"report", "--only", CLAIMS, "--bench", "--reliability", "--quiet",
            "--out", dir.toString()}, new PrintWriter(new StringWriter()), new PrintWriter(err, true));
        assertThat(code).as(err.toString()).isZero();
        JsonNode report = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        String url = dir.resolve("report.html").toUri().toString();

        String dom = runChromium(exe, profile, dir.resolve("chromium-dom.log"), List.of("--dump-dom"), url);
        Set<String> ids = new HashSet<>(all(Pattern.compile("\\sid=\"([^\"]+)\""), dom));
        int plots = 0;
        for (JsonNode c : report.path("claims")) {
            assertThat(ids).as("section of claim " + c.path("id").asText())
                    .contains("claim-" + ReportWriter.anchor(c.path("id").asText()));
            plots += c.path("plots").size();
        }
        assertThat(report.path("claims").size()).isEqualTo(CLAIMS.split(",").length);
        assertThat(ids).contains("section-performance", "section-reliability");
        // summary + one comparison table per claim + performance + reliability
        assertThat(all(Pattern.compile("<(table)[\\s>]"), dom)).hasSize(1 + report.path("claims").size() + 2);
        assertThat(dom).doesNotContain("<pre").doesNotContain("|---");
        assertThat(plots).isPositive();
        assertThat(all(Pattern.compile("<(svg)[\\s>]"), dom)).hasSize(plots);
        List<String> links = all(Pattern.compile("href=\"#([^\"]*)\""), dom);
        assertThat(links).isNotEmpty();
        assertThat(links).allSatisfy(l -> assertThat(ids).as("target of #" + l).contains(l));

        Path png = dir.resolve("report.png");
        Files.deleteIfExists(png);
        runChromium(exe, profile, dir.resolve("chromium-screenshot.log"),
                List.of("--screenshot=" + png, "--window-size=1400,4000", "--hide-scrollbars"), url);
        assertThat(png).exists();
        assertThat(Files.size(png)).isGreaterThan(10_000);
    }
}
