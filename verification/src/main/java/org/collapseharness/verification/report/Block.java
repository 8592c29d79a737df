package org.collapseharness.verification.report;

import java.util.List;
import org.collapseharness.verification.Plot;

/**
 * A piece of the report, rendered alike to Markdown and HTML by {@link Markup}. Text is inline markup: {@code `code`},
 * {@code **bold**} and in-page links {@code [text](#anchor)}; everything else is literal.
 */
public sealed interface Block {

    /**
     * A heading; {@code anchor} (may be empty) is the element id that in-page links point to; in Markdown it is
     * written as an inline {@code <a id>} only when {@code markdownAnchor} (section headings stay plain "## Title").
     */
    record Heading(int level, String anchor, String text, boolean markdownAnchor) implements Block {
        public Heading(int level, String anchor, String text) {
            this(level, anchor, text, true);
        }
    }

    record Paragraph(String text) implements Block {
    }

    /** A quoted statement. */
    record Quote(String text) implements Block {
    }

    /** A bullet list, optionally introduced by a line of text (empty: none). */
    record Bullets(String intro, List<String> items) implements Block {
    }

    /** A table: header cells and rows of cells (inline markup); numeric cells are right-aligned in HTML. */
    record Table(List<String> header, List<List<String>> rows) implements Block {
        public Table {
            header = List.copyOf(header);
            rows = rows.stream().map(List::copyOf).toList();
            for (List<String> r : rows) {
                if (r.size() != header.size()) {
                    throw new IllegalArgumentException("table row has " + r.size() + " cells, header " + header.size());
                }
            }
        }
    }

    /** A plot: inline SVG in HTML, a link to plots/&lt;id&gt;.svg in Markdown. */
    record Figure(Plot plot) implements Block {
    }
}
