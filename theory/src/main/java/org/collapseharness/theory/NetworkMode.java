package org.collapseharness.theory;

import java.util.Locale;

/**
 * Which loss the §1 network minimises (pairs: every clean sample with its label, every shared sample with each
 * label).
 */
public enum NetworkMode {
    /** L = (1/N) Σ_pairs ½|f(x) − y_c|². */
    PLAIN("plain"),
    /** L = (1/N) Σ_pairs [½|P f(x) − y_c|² + ½|P y_c − f(x)|²] with a shared head P, full gradient. */
    HEAD("head"),
    /** The head loss with the un-projected side of each term detached: ½|P f − sg(y_c)|² + ½|P y_c − sg(f)|². */
    HEAD_SG("head-sg");

    private final String word;

    NetworkMode(String word) {
        this.word = word;
    }

    /** The CLI spelling: plain, head, head-sg. */
    public String word() {
        return word;
    }

    public boolean hasHead() {
        return this != PLAIN;
    }

    /** The mode with this CLI spelling (case-insensitive). */
    public static NetworkMode parse(String s) {
        for (NetworkMode m : values()) {
            if (m.word.equals(s.toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new ModelParameterException("--mode must be plain, head or head-sg (got '" + s + "')");
    }
}
