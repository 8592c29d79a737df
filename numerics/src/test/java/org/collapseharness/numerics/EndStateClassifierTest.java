package org.collapseharness.numerics;

import static org.assertj.core.api.Assertions.assertThat;

import org.collapseharness.numerics.EndStateClassifier.Criteria;
import org.collapseharness.numerics.EndStateClassifier.EndState;
import org.collapseharness.numerics.EndStateClassifier.Outcome;
import org.junit.jupiter.api.Test;

class EndStateClassifierTest {
    private static final double MU = 0.7;
    private static final double[] T = TimeGrid.uniform(400, 40);
    /** Three classes with biases spanning both directions of d = 2. */
    private static final double[][] LABELS = {{1, 0}, {-0.5, 0.8}, {-0.5, -0.8}};

    private static double[] flat(double v) {
        return ArrayOps.constant(T.length, v);
    }

    private static double[] decaying(double v0, double rate) {
        double[] f = new double[T.length];
        for (int i = 0; i < T.length; i++) {
            f[i] = v0 * Math.exp(-rate * T[i]);
        }
        return f;
    }

    private static double[][] wSquaredTimes(double value) {
        double s = Math.sqrt(value);
        return new double[][] {{s, 0}, {0, -s}};
    }

    private static EndState classify(double[] minL2, double[] bias, double residual, double[][] w) {
        return EndStateClassifier.classify(T, minL2, bias, residual, w, LABELS, MU, Criteria.DEFAULT);
    }

    @Test
    void convergedAtTheProtectedValueIsSeparatedAndRecordsTheSpectrum() {
        EndState s = classify(flat(1.6), flat(1.9), 1e-9, wSquaredTimes(MU));
        assertThat(s.outcome()).isEqualTo(Outcome.SEPARATED);
        assertThat(s.biasRank()).isEqualTo(2);
        assertThat(s.detW()).isCloseTo(-MU, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(s.wSpectrum()[0][0]).isNegative();
        assertThat(s.protectedDeviation()).isLessThan(1e-12);
        assertThat(s.slope()).isCloseTo(0, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void aFixedPointOffTheProtectedValueIsNotSeparated() {
        EndState s = classify(flat(1.6), flat(1.9), 1e-9, wSquaredTimes(1.1 * MU));
        assertThat(s.outcome()).isEqualTo(Outcome.UNDECIDED);
        assertThat(s.reason()).contains("off the protected value");
    }

    @Test
    void twoClassesCloseTogetherAtAConvergedProtectedStateAreSeparatedNotCollapsed() {
        // a fixed MinL2 ratio threshold (1e-4) would call this collapsed
        EndState s = classify(flat(2e-5), flat(1.9), 1e-9, wSquaredTimes(MU));
        assertThat(s.outcome()).isEqualTo(Outcome.SEPARATED);
    }

    @Test
    void exponentialDecayOfMinL2AndBiasesIsCollapsed() {
        EndState s = classify(decaying(1.6, 0.02), decaying(1.9, 0.02), 1e-3, wSquaredTimes(0.3));
        assertThat(s.outcome()).isEqualTo(Outcome.COLLAPSED);
        assertThat(s.slope()).isCloseTo(-0.02, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void decayingMinL2WithBiasesThatStayIsNotCollapsed() {
        EndState s = classify(decaying(1.6, 0.02), flat(1.9), 1e-3, wSquaredTimes(MU));
        assertThat(s.outcome()).isEqualTo(Outcome.UNDECIDED);
        assertThat(s.reason()).contains("not converged");
    }

    @Test
    void anUnconvergedStateIsUndecidedEvenAtTheProtectedValue() {
        EndState s = classify(flat(1.6), flat(1.9), 1e-2, wSquaredTimes(MU));
        assertThat(s.outcome()).isEqualTo(Outcome.UNDECIDED);
        assertThat(s.reason()).contains("residual");
    }

    @Test
    void minL2AtTheFloorOffTheProtectedValueIsCollapsed() {
        double[] m = flat(1e-13);
        m[0] = 1.6;
        EndState s = classify(m, flat(1e-13), 1e-12, wSquaredTimes(0.3));
        assertThat(s.outcome()).isEqualTo(Outcome.COLLAPSED);
    }

    @Test
    void minL2ExactlyZeroWithoutBiasesIsCollapsed() {
        double[] m = flat(0);
        m[0] = 1.6;
        EndState s = classify(m, flat(0), 0, wSquaredTimes(1.0));
        assertThat(s.outcome()).isEqualTo(Outcome.COLLAPSED);
    }

    @Test
    void aNonFiniteEndStateIsUndecided() {
        double[] m = flat(1.6);
        m[m.length - 1] = Double.NaN;
        assertThat(classify(m, flat(1.9), 1e-9, wSquaredTimes(MU)).outcome()).isEqualTo(Outcome.UNDECIDED);
    }
}
