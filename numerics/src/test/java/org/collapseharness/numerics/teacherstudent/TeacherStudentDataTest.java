package org.collapseharness.numerics.teacherstudent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The §5 data: teacher geometry, frustration, sufficient statistics, parameter checks, the cache")
class TeacherStudentDataTest {

    @Test
    @DisplayName("every sample sits at ±μ along the unit teacher (sign flipped when frustrated), noise orthogonal to it")
    void geometry() {
        TeacherStudentData d = TeacherStudentData.generate(40, 30, 0.2, 1.3, 0.7, 9);
        assertThat(d.dim()).isEqualTo(40);
        assertThat(d.perClass()).isEqualTo(30);
        assertThat(d.frustrated()).isEqualTo(6);
        assertThat(d.mu()).isEqualTo(1.3);
        assertThat(d.sigma()).isEqualTo(0.7);
        assertThat(d.samples()).isEqualTo(60);
        assertThat(d.rho()).isCloseTo(0.2, within(1e-15));
        double wn = 0;
        for (double v : d.teacher()) {
            wn += v * v;
        }
        assertThat(wn).isCloseTo(1, within(1e-14));
        double perp = 0;
        int frustratedCount = 0;
        for (int i = 0; i < d.samples(); i++) {
            int c = i < 30 ? 1 : -1;
            assertThat(d.label(i)).isEqualTo(c);
            int within = i < 30 ? i : i - 30;
            assertThat(d.isFrustrated(i)).isEqualTo(within < 6);
            frustratedCount += d.isFrustrated(i) ? 1 : 0;
            double along = 0;
            for (int j = 0; j < 40; j++) {
                along += d.x()[i * 40 + j] * d.teacher()[j];
            }
            assertThat(along).as("sample %d", i).isCloseTo((d.isFrustrated(i) ? -c : c) * 1.3, within(1e-12));
            for (int j = 0; j < 40; j++) {
                double r = d.x()[i * 40 + j] - along * d.teacher()[j];
                perp += r * r;
            }
        }
        assertThat(frustratedCount).isEqualTo(12);
        // E|σ P⊥ ξ|² = σ² (D − 1); the sample mean over 60 samples has relative sd ≈ √(2/39/60) ≈ 0.03
        assertThat(perp / 60 / (0.49 * 39)).isCloseTo(1, within(0.12));
    }

    @Test
    @DisplayName("σ = 0: samples are exactly ±μ w*; Σ = μ² w* w*ᵀ and m_± = ±μ (1 − 2ρ) w*")
    void noiseless() {
        TeacherStudentData d = TeacherStudentData.generate(5, 8, 0.25, 2, 0, 4);
        assertThat(d.frustrated()).isEqualTo(2);
        double[] w = d.teacher();
        for (int i = 0; i < 16; i++) {
            double s = (d.isFrustrated(i) ? -1 : 1) * d.label(i) * 2.0;
            for (int j = 0; j < 5; j++) {
                assertThat(d.x()[i * 5 + j]).isCloseTo(s * w[j], within(1e-15));
            }
        }
        for (int a = 0; a < 5; a++) {
            for (int b = 0; b < 5; b++) {
                assertThat(d.second()[a * 5 + b]).isCloseTo(4 * w[a] * w[b], within(1e-14));
            }
            assertThat(d.meanPlus()[a]).isCloseTo(2 * 0.5 * w[a], within(1e-15));
            assertThat(d.meanMinus()[a]).isCloseTo(-2 * 0.5 * w[a], within(1e-15));
        }
    }

    @Test
    @DisplayName("Σ and m_± equal the direct averages over the samples; Σ is exactly symmetric")
    void statistics() {
        TeacherStudentData d = TeacherStudentData.generate(7, 11, 0.3, 0.9, 1.1, 2);
        int n = d.samples();
        for (int a = 0; a < 7; a++) {
            double mp = 0;
            double mm = 0;
            for (int i = 0; i < n; i++) {
                if (d.label(i) > 0) {
                    mp += d.x()[i * 7 + a] / 11;
                } else {
                    mm += d.x()[i * 7 + a] / 11;
                }
            }
            assertThat(d.meanPlus()[a]).isCloseTo(mp, within(1e-14));
            assertThat(d.meanMinus()[a]).isCloseTo(mm, within(1e-14));
            for (int b = 0; b < 7; b++) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += d.x()[i * 7 + a] * d.x()[i * 7 + b];
                }
                assertThat(d.second()[a * 7 + b]).isCloseTo(s / n, within(1e-13));
                assertThat(d.second()[a * 7 + b]).isEqualTo(d.second()[b * 7 + a]);
            }
        }
        // zero entries are skipped in the accumulation without changing the result
        double[] x = {0, 2, 3, 0, 1, 1};
        assertThat(TeacherStudentData.secondMoment(x, 3, 2)).containsExactly(10.0 / 3, 1.0 / 3, 1.0 / 3, 5.0 / 3);
    }

    @Test
    @DisplayName("frustrated count is round(ρ N_c); invalid parameters are rejected at their exact boundaries")
    void parameters() {
        assertThat(TeacherStudentData.frustratedFor(10, 0.2)).isEqualTo(2);
        assertThat(TeacherStudentData.frustratedFor(10, 0.25)).isEqualTo(3);
        assertThat(TeacherStudentData.frustratedFor(7, 0.3)).isEqualTo(2);
        assertThat(TeacherStudentData.frustratedFor(100, 0.49)).isEqualTo(49);
        assertThat(TeacherStudentData.frustratedFor(1, 0.4)).isZero();
        // accepted at the boundaries
        assertThat(TeacherStudentData.generate(2, 1, 0, 1e-9, 0, 1).frustrated()).isZero();
        assertThat(TeacherStudentData.generate(3, 4, 0.49, 1, 1, 1).frustrated()).isEqualTo(2);
        double[][] bad = {{1, 4, 0.1, 1, 1}, {3, 0, 0.1, 1, 1}, {3, 4, -1e-9, 1, 1}, {3, 4, 0.5, 1, 1},
            {3, 4, Double.NaN, 1, 1}, {3, 4, 0.1, 0, 1}, {3, 4, 0.1, Double.NaN, 1}, {3, 4, 0.1, 1, -1e-12},
            {3, 4, 0.1, 1, Double.NaN}};
        for (double[] p : bad) {
            assertThatThrownBy(() -> TeacherStudentData.generate((int) p[0], (int) p[1], p[2], p[3], p[4], 1))
                    .as(java.util.Arrays.toString(p)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("invalid teacher-student data parameters");
        }
    }

    @Test
    @DisplayName("the data cache returns the same set for the same parameters and evicts the least recently used of 12")
    void cache() {
        // fresh keys: the cache is static and may hold entries from earlier tests in this JVM
        long base = 1_000_000L + 100L * (System.nanoTime() & 0xffffL);
        TeacherStudentData a = DataCache.get(3, 2, 0.0, 1.0, 0.5, base);
        assertThat(a).isSameAs(DataCache.get(3, 2, 0.0, 1.0, 0.5, base));
        assertThat(a.x()).containsExactly(TeacherStudentData.generate(3, 2, 0.0, 1.0, 0.5, base).x());
        assertThat(DataCache.get(3, 2, 0.0, 1.0, 0.5, base + 1)).isNotSameAs(a);
        for (long s = base + 2; s < base + 12; s++) {
            DataCache.get(3, 2, 0.0, 1.0, 0.5, s);
        }
        // a and 11 newer entries: a is still held
        assertThat(DataCache.get(3, 2, 0.0, 1.0, 0.5, base)).isSameAs(a);
        for (long s = base + 12; s < base + 24; s++) {
            DataCache.get(3, 2, 0.0, 1.0, 0.5, s);
        }
        // 12 newer entries: a was evicted, a fresh (equal) set is generated
        TeacherStudentData again = DataCache.get(3, 2, 0.0, 1.0, 0.5, base);
        assertThat(again).isNotSameAs(a);
        assertThat(again.x()).containsExactly(a.x());
    }
}
