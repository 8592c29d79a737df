package org.collapseharness.verification.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Reads PIT's {@code mutations.xml} of the mutated modules (theory, numerics) and matches every surviving mutant
 * against the reviewed reasons in {@code surviving-mutants.tsv} (class, method, mutator substring, reason).
 */
public final class MutationReport {

    /** The modules mutated by {@code mvn -B -ntp -Pmutation -pl theory,numerics test}. */
    public static final List<String> MODULES = List.of("theory", "numerics");
    public static final String COMMAND = "mvn -B -ntp -Pmutation -pl theory,numerics test";

    /** One mutant that no test detected. */
    public record Survivor(String module, String mutatedClass, String method, int line, String mutator,
                           String description, String status, String reason) {
    }

    /** Totals per module and the survivors. */
    public record Result(boolean present, Map<String, int[]> perModule, int total, int detected,
                         List<Survivor> survivors, List<String> files) {
        public double score() {
            return total == 0 ? Double.NaN : (double) detected / total;
        }
    }

    private MutationReport() {
    }

    /** The project root: the nearest ancestor of the working directory holding theory/ and numerics/ modules. */
    public static Path projectRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            if (Files.isRegularFile(p.resolve("theory/pom.xml")) && Files.isRegularFile(p.resolve("numerics/pom.xml"))) {
                return p;
            }
            p = p.getParent();
        }
        return Path.of("").toAbsolutePath();
    }

    public static Result read(Path root) {
        Map<String, int[]> per = new LinkedHashMap<>();
        List<Survivor> survivors = new ArrayList<>();
        List<String> files = new ArrayList<>();
        List<String[]> reasons = reasons();
        int total = 0;
        int detected = 0;
        boolean any = false;
        for (String module : MODULES) {
            Path xml = root.resolve(module).resolve("target/pit-reports/mutations.xml");
            if (!Files.isRegularFile(xml)) {
                continue;
            }
            any = true;
            files.add(root.relativize(xml).toString());
            int t = 0;
            int d = 0;
            try {
                DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
                f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
                DocumentBuilder b = f.newDocumentBuilder();
                Document doc = b.parse(xml.toFile());
                NodeList list = doc.getElementsByTagName("mutation");
                for (int i = 0; i < list.getLength(); i++) {
                    Element m = (Element) list.item(i);
                    t++;
                    if ("true".equals(m.getAttribute("detected"))) {
                        d++;
                        continue;
                    }
                    String cls = text(m, "mutatedClass");
                    String method = text(m, "mutatedMethod");
                    String mutator = text(m, "mutator");
                    String desc = text(m, "description");
                    int line = Integer.parseInt(text(m, "lineNumber").isEmpty() ? "0" : text(m, "lineNumber"));
                    survivors.add(new Survivor(module, cls, method, line, mutator.substring(mutator.lastIndexOf('.') + 1),
                            desc, m.getAttribute("status"), reasonFor(reasons, cls, method, mutator, desc)));
                }
            } catch (Exception e) {
                survivors.add(new Survivor(module, "?", "?", 0, "?", "unreadable " + xml + ": " + e.getMessage(),
                        "ERROR", ""));
            }
            per.put(module, new int[] {t, d});
            total += t;
            detected += d;
        }
        return new Result(any, per, total, detected, survivors, files);
    }

    static String text(Element e, String tag) {
        NodeList l = e.getElementsByTagName(tag);
        return l.getLength() == 0 ? "" : l.item(0).getTextContent().trim();
    }

    /** Reviewed reasons: lines "class-suffix TAB method TAB mutator-or-description-substring TAB reason". */
    static List<String[]> reasons() {
        List<String[]> out = new ArrayList<>();
        try (InputStream in = MutationReport.class.getResourceAsStream("surviving-mutants.tsv")) {
            if (in == null) {
                return out;
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                if (f.length >= 4) {
                    out.add(f);
                }
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    static String reasonFor(List<String[]> reasons, String cls, String method, String mutator, String desc) {
        for (String[] r : reasons) {
            if (cls.endsWith(r[0]) && (r[1].equals("*") || r[1].equals(method))
                    && (r[2].equals("*") || mutator.contains(r[2]) || desc.contains(r[2]))) {
                return r[3];
            }
        }
        return "";
    }
}
