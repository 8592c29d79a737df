package org.collapseharness.theory;

import java.util.List;

/**
 * One symmetry sector of a linear flow, as derived symbolically.
 *
 * @param name                  "I", "II", "III" (or a sub-block name such as "I.clean")
 * @param description           what the sector's coordinates are
 * @param coordinates           the amplitudes of the ansatz (e.g. [dxbar, dy])
 * @param matrix                the sector matrix acting on those amplitudes, entries as closed forms
 * @param characteristicPolynomial   det(lam I − M) expanded, in Symja input form, variable {@code lam}
 * @param eigenvalues           closed-form roots of the characteristic polynomial
 * @param multiplicities        multiplicity of each eigenvalue per embedding coordinate (closed forms in k, n, m)
 * @param invariant             true when the derived field maps the sector into itself (checked symbolically)
 * @param invarianceWitness     the leak terms that had to vanish, and why they do
 */
public record SectorForm(String name, String description, List<String> coordinates, ClosedForm[][] matrix,
                         String characteristicPolynomial, List<ClosedForm> eigenvalues,
                         List<ClosedForm> multiplicities, boolean invariant, String invarianceWitness) {

    /** Matrix evaluated at bindings. */
    public double[][] matrixAt(Bindings b) {
        double[][] out = new double[matrix.length][];
        for (int i = 0; i < matrix.length; i++) {
            out[i] = new double[matrix[i].length];
            for (int j = 0; j < matrix[i].length; j++) {
                out[i][j] = matrix[i][j].at(b);
            }
        }
        return out;
    }

    public double[] eigenvaluesAt(Bindings b) {
        return eigenvalues.stream().mapToDouble(e -> e.at(b)).toArray();
    }

    public int[] multiplicitiesAt(Bindings b) {
        return multiplicities.stream().mapToInt(e -> (int) Math.round(e.at(b))).toArray();
    }
}
