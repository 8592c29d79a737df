package org.collapseharness.theory;

/** A model was asked for with parameters outside its domain (K &lt; 2, n &lt; 1, m &lt; 0, ...). The message is one line. */
public final class ModelParameterException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ModelParameterException(String message) {
        super(message);
    }

    static void require(boolean ok, String message) {
        if (!ok) {
            throw new ModelParameterException(message);
        }
    }
}
