package org.collapseharness.numerics.propagation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.collapseharness.numerics.InitialStates;
import org.collapseharness.numerics.MinimalModelFlow;
import org.collapseharness.numerics.ParticleLayout;
import org.collapseharness.numerics.SectorBasis;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.junit.jupiter.api.Test;

class BlockRestrictionTest {

    /** Blockwise restriction equals the dense {@link SectorBasis#restrict} on materialised vectors. */
    static void sameAsDense(OrdinaryDifferentialEquation f, ParticleLayout l) {
        int k = l.classes();
        int n = l.clean();
        int m = l.shared();
        int[] start = new int[2 * k + 1];
        int[] end = new int[2 * k + 1];
        for (int c = 0; c < k; c++) {
            start[c] = c * n;
            end[c] = (c + 1) * n;
            start[k + 1 + c] = k * n + m + c;
            end[k + 1 + c] = k * n + m + c + 1;
        }
        start[k] = k * n;
        end[k] = k * n + m;
        double[] rnd = InitialStates.gaussian(n, 4, 1.0);
        double[] pat = new double[n];
        double mean = java.util.Arrays.stream(rnd).average().orElse(0);
        double nn = 0;
        for (int i = 0; i < n; i++) {
            pat[i] = rnd[i] - mean;
            nn += pat[i] * pat[i];
        }
        for (int i = 0; i < n; i++) {
            pat[i] /= Math.sqrt(nn);
        }
        List<BlockRestriction.BlockVector> vs = new ArrayList<>();
        List<double[]> dense = new ArrayList<>();
        for (double[] v : SectorBasis.of(l, "II")) {
            double[] c = new double[2 * k + 1];
            for (int b = 0; b < c.length; b++) {
                c[b] = end[b] > start[b] ? v[start[b]] : 0;
            }
            vs.add(new BlockRestriction.BlockVector(c, -1, null));
            dense.add(v);
        }
        vs.add(new BlockRestriction.BlockVector(null, 1, pat));
        double[] q = new double[l.size()];
        BlockRestriction.materialise(vs.get(vs.size() - 1), start, end, q);
        dense.add(q);
        SectorBasis.Restriction a = BlockRestriction.restrict(f, vs, start, end, l.size());
        SectorBasis.Restriction b = SectorBasis.restrict(f, dense.toArray(new double[0][]));
        for (int i = 0; i < a.matrix().length; i++) {
            for (int j = 0; j < a.matrix().length; j++) {
                assertThat(a.matrix()[i][j]).isCloseTo(b.matrix()[i][j], within(1e-12));
            }
        }
        assertThat(a.invarianceResidual()).isCloseTo(b.invarianceResidual(), within(1e-12));
    }

    @Test
    void matchesSectorBasisRestrict() {
        ParticleLayout l = new ParticleLayout(3, 6, 4, 1);
        sameAsDense(new MinimalModelFlow(l, 0.7), l);
    }

    @Test
    void matchesSectorBasisRestrictOnANonInvariantSplit() {
        ParticleLayout l = new ParticleLayout(3, 6, 4, 1);
        MinimalModelFlow base = new MinimalModelFlow(l);
        OrdinaryDifferentialEquation broken = new OrdinaryDifferentialEquation() {
            @Override
            public int getDimension() {
                return l.size();
            }

            @Override
            public double[] computeDerivatives(double t, double[] y) {
                double[] dy = base.computeDerivatives(t, y);
                dy[l.clean(1, 0)] += 0.5 * y[l.label(2)];
                return dy;
            }
        };
        sameAsDense(broken, l);
    }
}
