package org.collapseharness.numerics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("BiasSubspace: class biases, their span, an operator restricted to it")
class BiasSubspaceTest {

    @Test
    @DisplayName("biases are y_c − ȳ (they sum to zero), the mean is ȳ")
    void biasesAndMean() {
        double[][] y = {{1, 2}, {3, -4}, {5, 8}};
        assertThat(BiasSubspace.mean(y)).containsExactly(3, 2);
        double[][] b = BiasSubspace.biases(y);
        assertThat(b).isDeepEqualTo(new double[][] {{-2, 0}, {0, -6}, {2, 6}});
    }

    @Test
    @DisplayName("an invariant plane: rank 2, orthonormal basis spanning the biases, spectrum of the block, zero residual")
    void invariantPlane() {
        // biases span the (e1, e2) plane of R^3; op is block-diagonal (plane block has eigenvalues −1 ± 2i)
        double[][] y = {{1, 0, 7}, {0, 2, 7}, {-1, -2, 7}, {0, 0, 7}};
        double[][] op = {{-1, 2, 0}, {-2, -1, 0}, {0, 0, 5}};
        BiasSubspace s = BiasSubspace.of(y, op);
        assertThat(s.rank()).isEqualTo(2);
        assertThat(s.invarianceResidual()).isLessThan(1e-14);
        assertThat(s.spectrum()).hasNumberOfRows(2);
        assertThat(s.spectrum()[0][0]).isCloseTo(-1, within(1e-12));
        assertThat(s.spectrum()[0][1]).isCloseTo(-2, within(1e-12));
        assertThat(s.spectrum()[1][0]).isCloseTo(-1, within(1e-12));
        assertThat(s.spectrum()[1][1]).isCloseTo(2, within(1e-12));
        // basis: d × rank, orthonormal, no component along e3
        double[][] bs = s.basis();
        assertThat(bs).hasNumberOfRows(3);
        for (int r = 0; r < 2; r++) {
            assertThat(bs[2][r]).isCloseTo(0, within(1e-14));
            for (int c = 0; c < 2; c++) {
                double dot = 0;
                for (int q = 0; q < 3; q++) {
                    dot += bs[q][r] * bs[q][c];
                }
                assertThat(dot).isCloseTo(r == c ? 1 : 0, within(1e-12));
            }
        }
        // bias matrix: the biases themselves (ȳ = (0, 0, 7)); ‖δY‖_F² = 1 + 4 + 1 + 4 = 10; Gram [[2, 2], [2, 8]] has eigenvalues 5 ± √13
        assertThat(s.biasNorm()).isCloseTo(Math.sqrt(10), within(1e-12));
        assertThat(s.singularValues()).hasSize(3);
        assertThat(s.singularValues()[0]).isCloseTo(Math.sqrt(5 + Math.sqrt(13)), within(1e-12));
        assertThat(s.singularValues()[1]).isCloseTo(Math.sqrt(5 - Math.sqrt(13)), within(1e-12));
        assertThat(s.singularValues()[2]).isCloseTo(0, within(1e-12));
    }

    @Test
    @DisplayName("a line that the operator does not keep: residual |c|/‖P‖_F, spectrum the diagonal entry")
    void nonInvariantLine() {
        double[][] y = {{3, 0}, {-1, 0}};
        double[][] op = {{2, 5}, {4, 7}};
        BiasSubspace s = BiasSubspace.of(y, op);
        assertThat(s.rank()).isEqualTo(1);
        assertThat(Math.abs(s.basis()[0][0])).isCloseTo(1, within(1e-14));
        // PB = ±(2, 4), BBᵀPB = ±(2, 0): residual 4 / ‖P‖_F
        assertThat(s.invarianceResidual()).isCloseTo(4 / Math.sqrt(4 + 25 + 16 + 49), within(1e-14));
        assertThat(s.spectrum()).hasNumberOfRows(1);
        assertThat(s.spectrum()[0][0]).isCloseTo(2, within(1e-13));
        assertThat(s.spectrum()[0][1]).isZero();
        // two classes: δY = ±(2, 0), one singular value 2√2
        assertThat(s.singularValues()[0]).isCloseTo(2 * Math.sqrt(2), within(1e-13));
        assertThat(s.biasNorm()).isCloseTo(2 * Math.sqrt(2), within(1e-13));
    }

    @Test
    @DisplayName("a tiny bias below the relative threshold does not count; equal labels give rank 0")
    void rankThreshold() {
        double[][] y = {{1, 0, 0}, {-1, 1e-9, 0}, {0, 0, 0}};
        double[][] op = {{1, 0, 0}, {0, 2, 0}, {0, 0, 3}};
        BiasSubspace s = BiasSubspace.of(y, op);
        assertThat(s.rank()).isEqualTo(1);
        assertThat(s.spectrum()[0][0]).isCloseTo(1, within(1e-8));
        double[][] y2 = {{1, 0, 0}, {-1, 1e-3, 0}, {0, 0, 0}};
        assertThat(BiasSubspace.of(y2, op).rank()).isEqualTo(2);
        // the threshold is relative to the largest singular value: 1e-6 × 100, not 1e-6 / 100
        double[][] y3 = {{100, 0, 0}, {-100, 1e-6, 0}, {0, 0, 0}};
        assertThat(BiasSubspace.of(y3, op).rank()).isEqualTo(1);
        double[][] y4 = {{100, 0, 0}, {-100, 1e-3, 0}, {0, 0, 0}};
        assertThat(BiasSubspace.of(y4, op).rank()).isEqualTo(2);
        BiasSubspace zero = BiasSubspace.of(new double[][] {{2, 3}, {2, 3}}, new double[][] {{1, 0}, {0, 1}});
        assertThat(zero.rank()).isZero();
        assertThat(zero.spectrum()).isEmpty();
        assertThat(zero.invarianceResidual()).isZero();
        assertThat(zero.biasNorm()).isZero();
        assertThat(zero.singularValues()).containsOnly(0.0);
    }

    @Test
    @DisplayName("eigen: rotation ±i, a defective Jordan block twice, sorted by real then imaginary part")
    void eigen() {
        double[][] rot = NumericSpectrum.eigenvalues(new double[][] {{0, -1}, {1, 0}});
        assertThat(rot).hasNumberOfRows(2);
        assertThat(rot[0][0]).isCloseTo(0, within(1e-14));
        assertThat(rot[0][1]).isCloseTo(-1, within(1e-14));
        assertThat(rot[1][1]).isCloseTo(1, within(1e-14));
        double[][] diag = NumericSpectrum.eigenvalues(new double[][] {{3, 0, 0}, {0, -2, 0}, {0, 0, 3}});
        assertThat(diag).hasNumberOfRows(3);
        assertThat(diag[0][0]).isCloseTo(-2, within(1e-14));
        assertThat(diag[1][0]).isCloseTo(3, within(1e-14));
        assertThat(diag[2][0]).isCloseTo(3, within(1e-14));
    }
}
