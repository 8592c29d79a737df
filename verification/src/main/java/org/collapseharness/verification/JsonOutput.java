package org.collapseharness.verification;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * JSON written by the commands. A number that is not finite (not computed, or a failed run) is written as
 * {@code null}, never as a string; callers add a separate key saying why where the reason is not already given by a
 * return code or diagnostics. Arrays are JSON arrays.
 */
public final class JsonOutput {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonOutput() {
    }

    /** Indented JSON. */
    public static String pretty(Object value) {
        return write(value, true);
    }

    /** JSON on one line (JSON Lines files). */
    public static String line(Object value) {
        return write(value, false);
    }

    /** Indented JSON streamed to a writer (large states). */
    public static void pretty(Object value, java.io.Writer out) throws IOException {
        try (JsonGenerator g = new FiniteOrNull(MAPPER.getFactory().createGenerator(out))) {
            g.useDefaultPrettyPrinter();
            MAPPER.writeValue(g, value);
        }
    }

    /** Plain-text form of a result: one {@code key: value} line per entry, strings as they are, the rest as JSON. */
    public static void text(Map<String, ?> result, PrintWriter w) {
        result.forEach((k, v) -> w.println(k + ": " + (v instanceof String s ? s : line(v))));
    }

    private static String write(Object value, boolean indent) {
        StringWriter sw = new StringWriter();
        try {
            if (indent) {
                pretty(value, sw);
                return sw.toString();
            }
            try (JsonGenerator g = new FiniteOrNull(MAPPER.getFactory().createGenerator(sw))) {
                MAPPER.writeValue(g, value);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON: " + e.getMessage(), e);
        }
        return sw.toString();
    }

    /** Writes non-finite doubles and floats as null. */
    private static final class FiniteOrNull extends JsonGeneratorDelegate {
        FiniteOrNull(JsonGenerator g) {
            super(g, false);
        }

        @Override
        public void writeNumber(double v) throws IOException {
            if (Double.isFinite(v)) {
                super.writeNumber(v);
            } else {
                writeNull();
            }
        }

        @Override
        public void writeNumber(float v) throws IOException {
            writeNumber((double) v);
        }

        @Override
        public void writeArray(double[] array, int offset, int length) throws IOException {
            writeStartArray(array, length);
            for (int i = offset; i < offset + length; i++) {
                writeNumber(array[i]);
            }
            writeEndArray();
        }
    }
}
