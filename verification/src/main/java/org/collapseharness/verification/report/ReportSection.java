package org.collapseharness.verification.report;

import java.util.Map;

/**
 * An extra report section that is not a claim row (performance, reliability, variants...).
 *
 * @param key      JSON key under "sections"
 * @param title    heading in md/html
 * @param markdown body (markdown; shown preformatted-as-paragraphs in html)
 * @param json     machine-readable content
 */
public record ReportSection(String key, String title, String markdown, Map<String, Object> json) {
}
