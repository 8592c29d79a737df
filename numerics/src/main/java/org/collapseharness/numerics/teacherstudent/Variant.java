package org.collapseharness.numerics.teacherstudent;

/**
 * The student's loss. PLAIN: ½|E x − y_c|². PROJECTION: ½|W E x − y_c|² + ½|W y_c − E x|² (full gradient).
 * PROJECTION_SG: the same loss with the un-projected side of each term detached (y_c in the first term, E x in the
 * second). All are averaged over the N samples.
 */
public enum Variant {
    PLAIN, PROJECTION, PROJECTION_SG;

    public boolean hasHead() {
        return this != PLAIN;
    }
}
