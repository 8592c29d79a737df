package org.collapseharness.theory;

/**
 * Derived eigenvalues of one sector at concrete parameters.
 *
 * @param name                     sector name
 * @param eigenvalues              ascending
 * @param multiplicities           multiplicity of each eigenvalue in the full system (per coordinate times d)
 * @param characteristicPolynomial the derived characteristic polynomial(s), Symja input form
 */
public record SectorSpectrum(String name, double[] eigenvalues, int[] multiplicities, String characteristicPolynomial) {

    public int dimension() {
        int s = 0;
        for (int m : multiplicities) {
            s += m;
        }
        return s;
    }
}
