package org.collapseharness.theory;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything the symbolic pipeline derived about a linear pair-loss flow (the §3 model or a variant of it).
 * Values cross into numerics and verification through the typed accessors only.
 *
 * @param loss                the loss that was differentiated
 * @param fieldEquations      the derived vector field, one line per species, human-readable
 * @param sectorIClean        within-class fluctuations of clean samples (1×1)
 * @param sectorIShared       fluctuations of shared samples about their mean (1×1)
 * @param sectorII            class biases (δx̄_c, δy_c), Σ_c = 0 (2×2)
 * @param sectorIII           global means (x̄, z̄, ȳ) (3×3), used when m ≥ 1
 * @param sectorIIINoShared   global means (x̄, ȳ) (2×2), used when m = 0
 * @param conservedWeights    left null vector of sector III: weights on (x̄, z̄, ȳ)
 * @param fixedPointWeights   m = 0: y_c(∞) = w0 x̄_c(0) + w1 y_c(0)
 * @param slowEigenvalue      the sector-II eigenvalue of smaller magnitude
 * @param fastEigenvalue      the sector-II eigenvalue of larger magnitude
 * @param slowExpansion       slowEigenvalue for large n at fixed ρ (null when the series could not be solved)
 * @param fastExpansion       fastEigenvalue for large n at fixed ρ (null when the series could not be solved)
 */
public record LinearFlowTheory(PairLoss loss, List<String> fieldEquations, SectorForm sectorIClean,
                               SectorForm sectorIShared, SectorForm sectorII, SectorForm sectorIII,
                               SectorForm sectorIIINoShared, List<ClosedForm> conservedWeights,
                               List<ClosedForm> fixedPointWeights, ClosedForm slowEigenvalue,
                               ClosedForm fastEigenvalue, Expansion slowExpansion, Expansion fastExpansion) {

    /** Derived spectrum of sectors I, II, III at the model's parameters (multiplicities include the factor d). */
    public List<SectorSpectrum> spectrumAt(MinimalModel model) {
        Bindings b = bindings(model);
        int d = model.dim();
        List<SectorSpectrum> out = new ArrayList<>();

        List<double[]> sectorI = new ArrayList<>();
        int clean = (int) Math.round(sectorIClean.multiplicities().get(0).at(b));
        if (clean > 0) {
            sectorI.add(new double[] {sectorIClean.eigenvalues().get(0).at(b), clean * d});
        }
        int shared = model.shared() >= 1 ? (int) Math.round(sectorIShared.multiplicities().get(0).at(b)) : 0;
        if (shared > 0) {
            sectorI.add(new double[] {sectorIShared.eigenvalues().get(0).at(b), shared * d});
        }
        out.add(merged("I", sectorI, sectorIClean.characteristicPolynomial() + " ; " + sectorIShared.characteristicPolynomial()));

        out.add(merged("II", pairs(sectorII, b, d), sectorII.characteristicPolynomial()));
        SectorForm iii = model.shared() >= 1 ? sectorIII : sectorIIINoShared;
        out.add(merged("III", pairs(iii, b, d), iii.characteristicPolynomial()));
        return out;
    }

    /** All derived eigenvalues with multiplicities, merged across sectors (ascending). */
    public SectorSpectrum fullSpectrumAt(MinimalModel model) {
        List<double[]> all = new ArrayList<>();
        for (SectorSpectrum s : spectrumAt(model)) {
            for (int i = 0; i < s.eigenvalues().length; i++) {
                all.add(new double[] {s.eigenvalues()[i], s.multiplicities()[i]});
            }
        }
        return merged("all", all, "");
    }

    /** The model's bindings (k, n, m, d, rho) together with the loss's parameter values. */
    public Bindings bindings(MinimalModel model) {
        return loss.parameters().merge(model.bindings());
    }

    /** Number of embedding vectors per coordinate: K n + m + K, plus K targets for an EMA loss. */
    public int vectorsPerCoordinate(MinimalModel model) {
        return model.vectors() + (loss.hasTarget() ? model.classes() : 0);
    }

    private static List<double[]> pairs(SectorForm s, Bindings b, int d) {
        List<double[]> p = new ArrayList<>();
        double[] ev = s.eigenvaluesAt(b);
        int[] mu = s.multiplicitiesAt(b);
        for (int i = 0; i < ev.length; i++) {
            if (mu[i] > 0) {
                p.add(new double[] {ev[i], (double) mu[i] * d});
            }
        }
        return p;
    }

    /** Sorts ascending and merges eigenvalues equal to within 1e-9 relative (their multiplicities add). */
    private static SectorSpectrum merged(String name, List<double[]> pairs, String poly) {
        pairs.sort((a, c) -> Double.compare(a[0], c[0]));
        List<double[]> m = new ArrayList<>();
        for (double[] p : pairs) {
            if (!m.isEmpty()) {
                double[] last = m.get(m.size() - 1);
                if (Math.abs(last[0] - p[0]) <= 1e-9 * Math.max(1, Math.abs(p[0]))) {
                    last[1] += p[1];
                    continue;
                }
            }
            m.add(p.clone());
        }
        double[] ev = m.stream().mapToDouble(p -> p[0]).toArray();
        int[] mu = m.stream().mapToInt(p -> (int) p[1]).toArray();
        return new SectorSpectrum(name, ev, mu, poly);
    }
}
