package org.collapseharness.verification.report;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.collapseharness.verification.Status;

/** Renders {@link Block}s to Markdown (report.md) and HTML (report.html). */
public final class Markup {
    private static final Pattern INLINE = Pattern.compile("`([^`]+)`|\\*\\*(.+?)\\*\\*|\\[([^\\]]+)\\]\\((#[^)\\s]+)\\)");
    /** A cell that is a number (optionally "margin x" or a percentage): right-aligned, not wrapped. */
    private static final Pattern NUMBER =
            Pattern.compile("(margin )?[-+]?(\\d[\\d.]*([eE][-+]?\\d+)?|NaN|Infinity)( ?%)?");

    private Markup() {
    }

    public static String markdown(List<Block> blocks) {
        StringBuilder s = new StringBuilder();
        for (Block b : blocks) {
            markdown(b, s);
        }
        return s.toString();
    }

    public static String html(List<Block> blocks) {
        StringBuilder s = new StringBuilder();
        for (Block b : blocks) {
            html(b, s);
        }
        return s.toString();
    }

    private static void markdown(Block b, StringBuilder s) {
        if (b instanceof Block.Heading hd) {
            s.append("#".repeat(hd.level())).append(' ');
            if (!hd.anchor().isEmpty() && hd.markdownAnchor()) {
                s.append("<a id=\"").append(hd.anchor()).append("\"></a>");
            }
            s.append(hd.text()).append("\n\n");
        } else if (b instanceof Block.Paragraph p) {
            s.append(p.text()).append("\n\n");
        } else if (b instanceof Block.Quote q) {
            s.append("> ").append(q.text()).append("\n\n");
        } else if (b instanceof Block.Bullets l) {
            if (!l.intro().isEmpty()) {
                s.append(l.intro()).append("\n\n");
            }
            l.items().forEach(i -> s.append("- ").append(i).append('\n'));
            s.append('\n');
        } else if (b instanceof Block.Table t) {
            row(t.header(), s);
            s.append("|---".repeat(t.header().size())).append("|\n");
            t.rows().forEach(r -> row(r, s));
            s.append('\n');
        } else if (b instanceof Block.Figure f) {
            s.append("![").append(f.plot().title()).append("](plots/").append(f.plot().id()).append(".svg)\n\n");
        }
    }

    private static void row(List<String> cells, StringBuilder s) {
        for (String c : cells) {
            s.append("| ").append(c.replace("|", "\\|").replace("\n", " ")).append(' ');
        }
        s.append("|\n");
    }

    private static void html(Block b, StringBuilder s) {
        if (b instanceof Block.Heading hd) {
            s.append("<h").append(hd.level());
            if (!hd.anchor().isEmpty()) {
                s.append(" id=\"").append(esc(hd.anchor())).append('"');
            }
            s.append('>').append(inline(hd.text())).append("</h").append(hd.level()).append(">\n");
        } else if (b instanceof Block.Paragraph p) {
            s.append("<p>").append(inline(p.text())).append("</p>\n");
        } else if (b instanceof Block.Quote q) {
            s.append("<blockquote>").append(inline(q.text())).append("</blockquote>\n");
        } else if (b instanceof Block.Bullets l) {
            if (!l.intro().isEmpty()) {
                s.append("<p>").append(inline(l.intro())).append("</p>\n");
            }
            s.append("<ul>\n");
            l.items().forEach(i -> s.append("<li>").append(inline(i)).append("</li>\n"));
            s.append("</ul>\n");
        } else if (b instanceof Block.Table t) {
            s.append("<div class=\"table\"><table>\n<thead><tr>");
            t.header().forEach(c -> s.append("<th>").append(inline(c)).append("</th>"));
            s.append("</tr></thead>\n<tbody>\n");
            for (List<String> r : t.rows()) {
                s.append("<tr>");
                for (String c : r) {
                    s.append(NUMBER.matcher(c.trim()).matches() ? "<td class=\"num\">" : "<td>").append(inline(c))
                            .append("</td>");
                }
                s.append("</tr>\n");
            }
            s.append("</tbody></table></div>\n");
        } else if (b instanceof Block.Figure f) {
            s.append("<figure>").append(SvgPlotter.render(f.plot())).append("</figure>\n");
        }
    }

    /** Inline markup to HTML: `code`, **bold** (a status word gets its colour class), [text](#anchor). */
    static String inline(String text) {
        StringBuilder s = new StringBuilder();
        Matcher m = INLINE.matcher(text);
        int at = 0;
        while (m.find()) {
            s.append(esc(text.substring(at, m.start())));
            if (m.group(1) != null) {
                s.append("<code>").append(esc(m.group(1))).append("</code>");
            } else if (m.group(2) != null) {
                String inner = m.group(2);
                s.append(isStatus(inner) ? "<b class=\"" + inner + "\">" : "<b>").append(inline(inner)).append("</b>");
            } else {
                s.append("<a href=\"").append(esc(m.group(4))).append("\">").append(inline(m.group(3))).append("</a>");
            }
            at = m.end();
        }
        return s.append(esc(text.substring(at))).toString();
    }

    private static boolean isStatus(String s) {
        for (Status st : Status.values()) {
            if (st.name().equals(s)) {
                return true;
            }
        }
        return false;
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
