package org.collapseharness.numerics.network;

import static org.assertj.core.api.Assertions.assertThat;

import org.collapseharness.theory.NetworkMode;
import org.collapseharness.theory.NetworkModel;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The §1 network: backpropagation against central differences, data and training determinism")
class TanhNetworkTest {

    private static TanhNetwork small(NetworkMode mode) {
        NetworkModel m = new NetworkModel(3, 3, 0.25, 4, 5, 3, 0.7, 0.1, 10, mode);
        return new TanhNetwork(m, NetworkData.generate(m, 11));
    }

    /** A generic point: the seeded initial state moved by a few steps so that biases and labels are not special. */
    private static double[] point(TanhNetwork net) {
        double[] t = net.initial(12);
        double[] g = new double[t.length];
        for (int s = 0; s < 3; s++) {
            net.field(t, g);
            for (int i = 0; i < t.length; i++) {
                t[i] -= 0.2 * g[i];
            }
        }
        return t;
    }

    @Test
    @DisplayName("backprop matches central differences to 1e-6 relative in every mode (head-sg: of the sg surrogate)")
    void backpropMatchesCentralDifferences() {
        for (NetworkMode mode : NetworkMode.values()) {
            TanhNetwork net = small(mode);
            assertThat(GradientCheck.backpropError(net, point(net))).as("mode %s", mode).isLessThan(1e-6);
        }
    }

    @Test
    @DisplayName("negative controls: a perturbed gradient, the full gradient as the sg field, the sg field as a gradient")
    void controlsAreRejected() {
        TanhNetwork sg = small(NetworkMode.HEAD_SG);
        double[] t = point(sg);
        double[] field = new double[t.length];
        sg.field(t, field);
        double[] fd = GradientCheck.centralDifferences(sg, t);
        double[] wrong = field.clone();
        wrong[wrong.length / 2] += 1e-3 * Math.sqrt(dot(fd, fd));
        assertThat(GradientCheck.relativeError(wrong, fd)).isGreaterThan(1e-6);

        TanhNetwork head = new TanhNetwork(sg.model().withMode(NetworkMode.HEAD), sg.data());
        double[] full = new double[t.length];
        head.field(t, full);
        assertThat(GradientCheck.relativeError(full, fd)).as("full gradient vs sg surrogate").isGreaterThan(1e-3);
        double[] lossGradient = GradientCheck.centralDifferences(head, t);
        assertThat(GradientCheck.relativeError(field, lossGradient)).as("sg field vs loss gradient").isGreaterThan(1e-3);
        assertThat(sg.loss(t)).isEqualTo(head.loss(t));
    }

    @Test
    @DisplayName("data: N = K n + m samples, m = round(rho n/(1 - rho)) shared ones carrying label -1; seeded")
    void data() {
        NetworkModel m = new NetworkModel(4, 20, 0.2, 10, 8, 4, 0.5, 0.1, 10, NetworkMode.PLAIN);
        NetworkData a = NetworkData.generate(m, 5);
        assertThat(m.shared()).isEqualTo(5);
        assertThat(a.inputs().length).isEqualTo(85);
        assertThat(java.util.Arrays.stream(a.labels()).filter(c -> c < 0).count()).isEqualTo(5);
        assertThat(a.testInputs().length).isEqualTo(4 * NetworkData.TEST_PER_CLASS);
        assertThat(NetworkData.generate(m, 5).inputs()[84]).containsExactly(a.inputs()[84]);
        assertThat(NetworkData.generate(m, 6).inputs()[84]).isNotEqualTo(a.inputs()[84]);
    }

    @Test
    @DisplayName("training is deterministic with the seed and the loss decreases")
    void training() {
        NetworkModel m = new NetworkModel(3, 6, 0.25, 5, 8, 3, 0.5, 0.05, 200, NetworkMode.PLAIN);
        NetworkTrajectory a = NetworkTraining.run(m, 3);
        NetworkTrajectory b = NetworkTraining.run(m, 3);
        assertThat(a.ok()).isTrue();
        assertThat(a.minL2()).containsExactly(b.minL2());
        assertThat(a.lossFinal()).isLessThan(a.loss()[0]);
        assertThat(a.steps()[a.steps().length - 1]).isEqualTo(200);
    }

    @Test
    @DisplayName("a step size far too large ends the run with diagnostics instead of an exception")
    void divergence() {
        NetworkModel m = new NetworkModel(3, 6, 0.25, 5, 8, 3, 0.5, 9, 2000, NetworkMode.PLAIN);
        NetworkTrajectory a = NetworkTraining.run(m, 3);
        assertThat(a.ok()).isFalse();
        assertThat(a.message()).contains("not finite");
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
