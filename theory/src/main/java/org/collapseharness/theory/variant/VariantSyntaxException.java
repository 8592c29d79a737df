package org.collapseharness.theory.variant;

/** A malformed variant file: carries file, line and column; the message is one line. */
public final class VariantSyntaxException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final int line;
    private final int column;

    public VariantSyntaxException(String source, int line, int column, String message) {
        super(source + ":" + line + ":" + column + ": " + message);
        this.line = line;
        this.column = column;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
