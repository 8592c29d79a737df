package org.collapseharness.numerics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("PairLinearFlow: the §3 flow as a special case, and every coefficient against a per-pair witness")
class PairLinearFlowTest {

    static PairLinearFlow.Coefficients minimal(double alpha) {
        return new PairLinearFlow.Coefficients(new double[] {-1, 1, 0}, new double[] {1, -1, 0},
                new double[] {-alpha, alpha, 0}, new double[] {alpha, -alpha, 0}, 0, 0, 0, false);
    }

    @Test
    @DisplayName("coefficients (−1, 1) per pair reproduce the hand-coded §3 flow, with shared weight α")
    void reproducesMinimalModel() {
        for (ParticleLayout l : new ParticleLayout[] {new ParticleLayout(3, 2, 2, 2), new ParticleLayout(2, 3, 0, 1),
            new ParticleLayout(4, 1, 3, 3)}) {
            for (double alpha : new double[] {1.0, 0.4}) {
                PairLinearFlow f = new PairLinearFlow(l, minimal(alpha));
                assertThat(f.getDimension()).isEqualTo(l.size());
                assertThat(f.layout()).isEqualTo(l);
                double[] y = InitialStates.gaussian(l.size(), 17, 1.0);
                double[] want = new MinimalModelFlow(l, alpha).computeDerivatives(0, y);
                double[] got = f.computeDerivatives(0, y);
                for (int i = 0; i < y.length; i++) {
                    assertThat(got[i]).as("%s α=%s coordinate %d", l, alpha, i).isCloseTo(want[i], within(1e-12));
                }
            }
        }
    }

    /** Second witness: the velocity accumulated pair by pair, straight from the class description. */
    static double[] perPair(ParticleLayout l, PairLinearFlow.Coefficients c, double[] y) {
        int d = l.dim();
        double[] out = new double[y.length];
        for (int cls = 0; cls < l.classes(); cls++) {
            int yc = l.label(cls);
            int tc = l.size() + cls * d;
            for (int j = 0; j < l.clean() + l.shared(); j++) {
                boolean clean = j < l.clean();
                int s = clean ? l.clean(cls, j) : l.shared(j - l.clean());
                double[] a = clean ? c.cleanSample() : c.sharedSample();
                double[] b = clean ? c.cleanLabel() : c.sharedLabel();
                for (int q = 0; q < d; q++) {
                    double t = c.hasTarget() ? y[tc + q] : 0;
                    out[s + q] += a[0] * y[s + q] + a[1] * y[yc + q] + a[2] * t;
                    out[yc + q] += b[0] * y[s + q] + b[1] * y[yc + q] + b[2] * t;
                }
            }
            for (int q = 0; q < d; q++) {
                out[yc + q] += c.labelPenalty() * y[yc + q];
                if (c.hasTarget()) {
                    out[tc + q] = c.emaRate() * (y[yc + q] - y[tc + q]);
                }
            }
        }
        for (int v = 0; v < l.classes() * l.clean() + l.shared(); v++) {
            for (int q = 0; q < d; q++) {
                out[v * d + q] += c.samplePenalty() * y[v * d + q];
            }
        }
        return out;
    }

    static double[] random(Random r) {
        return new double[] {r.nextGaussian(), r.nextGaussian(), r.nextGaussian()};
    }

    @Test
    @DisplayName("arbitrary coefficients, penalties and EMA targets agree with the per-pair sum")
    void generalCoefficients() {
        Random r = new Random(5);
        for (boolean target : new boolean[] {true, false}) {
            for (ParticleLayout l : new ParticleLayout[] {new ParticleLayout(3, 2, 2, 2),
                new ParticleLayout(2, 1, 0, 3)}) {
                PairLinearFlow.Coefficients c = new PairLinearFlow.Coefficients(random(r), random(r), random(r),
                        random(r), r.nextGaussian(), r.nextGaussian(), 0.3 + r.nextDouble(), target);
                PairLinearFlow f = new PairLinearFlow(l, c);
                int dim = l.size() + (target ? l.classes() * l.dim() : 0);
                assertThat(f.getDimension()).isEqualTo(dim);
                double[] y = InitialStates.gaussian(dim, 23, 1.0);
                double[] want = perPair(l, c, y);
                double[] got = f.computeDerivatives(0, y);
                for (int i = 0; i < dim; i++) {
                    assertThat(got[i]).as("target=%s %s coordinate %d", target, l, i).isCloseTo(want[i],
                            within(1e-12));
                }
            }
        }
    }

    @Test
    @DisplayName("target offsets follow the §3 layout; an EMA target relaxes to its label")
    void targets() {
        ParticleLayout l = new ParticleLayout(2, 1, 1, 2);
        PairLinearFlow.Coefficients c = new PairLinearFlow.Coefficients(new double[] {-1, 0, 1},
                new double[] {0, -1, 1}, new double[] {-1, 0, 1}, new double[] {0, -1, 1}, 0, 0, 2.0, true);
        PairLinearFlow f = new PairLinearFlow(l, c);
        assertThat(f.target(0)).isEqualTo(10);
        assertThat(f.target(1)).isEqualTo(12);
        assertThat(f.getDimension()).isEqualTo(14);
        double[] y = new double[14];
        y[l.label(1)] = 3;
        y[f.target(1)] = 1;
        double[] v = f.computeDerivatives(0, y);
        assertThat(v[f.target(1)]).isEqualTo(2.0 * (3 - 1));
        assertThat(v[f.target(0)]).isZero();
    }
}
