package org.collapseharness.verification.cli;

import org.collapseharness.verification.JsonOutput;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.collapseharness.theory.LinearFlowTheory;
import org.collapseharness.theory.MinimalModel;
import org.collapseharness.theory.PairLoss;
import org.collapseharness.theory.SectorSpectrum;
import org.collapseharness.theory.symbolic.LinearFlowDerivation;
import org.collapseharness.theory.symbolic.PolynomialDisplay;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "sectors", mixinStandardHelpOptions = true,
        description = "Eigenvalues of sectors I, II, III at the given parameters, from the derived closed forms "
                + "(multiplicities per embedding coordinate times --dim).")
final class SectorsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model = new ModelOptions();

    @Option(names = "--dim", paramLabel = "d", defaultValue = "1", description = "embedding dimension (default 1)")
    int dim;

    @Mixin
    JsonOption json = new JsonOption();

    @Override
    public Integer call() {
        MinimalModel m = model.model(dim);
        LinearFlowTheory th = LinearFlowDerivation.derive(PairLoss.minimal());
        Map<String, Object> out = sectorsJson(m, th);
        var w = spec.commandLine().getOut();
        if (json.json) {
            w.println(JsonOutput.pretty(out));
        } else {
            w.printf("K=%d n=%d m=%d d=%d rho=%.6g%n", m.classes(), m.clean(), m.shared(), m.dim(), m.rho());
            printSectors(w, th, m);
        }
        return 0;
    }

    static void printSectors(java.io.PrintWriter w, LinearFlowTheory th, MinimalModel m) {
        for (SectorSpectrum s : th.spectrumAt(m)) {
            w.printf("sector %-3s char.poly %s%n", s.name(), PolynomialDisplay.factored(s.characteristicPolynomial()));
            for (int i = 0; i < s.eigenvalues().length; i++) {
                w.printf("    %.12g  x%d%n", s.eigenvalues()[i], s.multiplicities()[i]);
            }
        }
    }

    static Map<String, Object> sectorsJson(MinimalModel m, LinearFlowTheory th) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("classes", m.classes());
        params.put("clean", m.clean());
        params.put("shared", m.shared());
        params.put("dim", m.dim());
        params.put("rho", m.rho());
        List<Object> sectors = new ArrayList<>();
        for (SectorSpectrum s : th.spectrumAt(m)) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", s.name());
            row.put("eigenvalues", s.eigenvalues());
            row.put("multiplicities", s.multiplicities());
            row.put("characteristicPolynomial", s.characteristicPolynomial());
            row.put("characteristicPolynomialFactored", PolynomialDisplay.factored(s.characteristicPolynomial()));
            sectors.add(row);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("parameters", params);
        out.put("sectors", sectors);
        return out;
    }
}
