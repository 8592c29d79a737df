package org.collapseharness.verification.report;

import java.util.List;
import java.util.Map;

/**
 * An extra report section that is not a claim row (performance, reliability, variants...).
 *
 * @param key   JSON key under "sections"
 * @param title heading in md/html
 * @param body  paragraphs, tables and lists, rendered to Markdown and HTML alike
 * @param json  machine-readable content
 */
public record ReportSection(String key, String title, List<Block> body, Map<String, Object> json) {
    public ReportSection {
        body = List.copyOf(body);
    }

    /** The body as Markdown. */
    public String markdown() {
        return Markup.markdown(body);
    }
}
