package org.collapseharness.theory;

/** A symbolic step did not produce what the pipeline needs. Carries a key, Hipparchus-style, not only prose. */
public final class SymbolicException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong, independent of the message wording. */
    public enum Key {
        PARSE_ERROR, NOT_LINEAR, SECTOR_NOT_INVARIANT, UNSOLVED, TIMEOUT, NOT_REAL, EVALUATION_FAILED
    }

    private final Key key;

    public SymbolicException(Key key, String message) {
        super(message);
        this.key = key;
    }

    public Key key() {
        return key;
    }
}
