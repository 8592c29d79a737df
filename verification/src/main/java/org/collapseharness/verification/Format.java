package org.collapseharness.verification;

import java.util.Locale;

/** Number formatting of claim texts (notes, control descriptions, outcome strings): locale-independent. */
public final class Format {
    private Format() {
    }

    /** Four significant digits, e.g. 0.0001234 → "0.0001234", 12345.6 → "1.235e+04". */
    public static String sig4(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }

    /** Three significant digits. */
    public static String sig3(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
