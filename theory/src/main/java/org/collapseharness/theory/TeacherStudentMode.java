package org.collapseharness.theory;

/**
 * Which loss the §5 student minimises. All are averaged over the N samples.
 */
public enum TeacherStudentMode {
    /** L = (1/N) Σ ½|E x_i − y_c|². */
    PLAIN,
    /** L = (1/N) Σ [½|W E x_i − y_c|² + ½|W y_c − E x_i|²], full gradient. */
    PROJECTION,
    /** The projection loss with the un-projected side of each term detached (y_c in the first, E x_i in the second). */
    PROJECTION_SG;

    /** True for the modes with a projection head W. */
    public boolean hasHead() {
        return this != PLAIN;
    }
}
