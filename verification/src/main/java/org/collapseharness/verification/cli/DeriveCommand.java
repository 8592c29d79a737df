package org.collapseharness.verification.cli;

import org.collapseharness.verification.JsonOutput;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.collapseharness.theory.LinearFlowTheory;
import org.collapseharness.theory.MinimalModel;
import org.collapseharness.theory.SymbolicException;
import org.collapseharness.theory.symbolic.LinearFlowDerivation;
import org.collapseharness.theory.symbolic.RegulariserCheck;
import org.collapseharness.theory.variant.LossVariant;
import org.collapseharness.theory.variant.VariantParser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "derive", mixinStandardHelpOptions = true,
        description = "Read a loss-variant file, derive its vector field (sg semantics) and its sector spectrum; print "
                + "the same JSON shape as 'sectors' plus the derived field.")
final class DeriveCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--variant", required = true, paramLabel = "FILE", description = "variant file (see README)")
    Path variant;

    @Mixin
    ModelOptions model = new ModelOptions();

    @Option(names = "--dim", paramLabel = "d", defaultValue = "1", description = "embedding dimension (default 1)")
    int dim;

    @Mixin
    JsonOption json = new JsonOption();

    @Override
    public Integer call() {
        LossVariant v = VariantParser.parse(variant);
        MinimalModel m = model.model(dim);
        if (v.nonlinear()) {
            return NonlinearDerive.print(spec.commandLine().getOut(), v, m, json.json);
        }
        if (v.hasHead()) {
            return HeadDerive.print(spec.commandLine().getOut(), variant, v, m, json.json);
        }
        LinearFlowTheory th;
        try {
            th = org.collapseharness.theory.symbolic.Symja.withTimeLimit(java.time.Duration.ofSeconds(20),
                    () -> LinearFlowDerivation.derive(v.loss()));
        } catch (SymbolicException e) {
            throw new HarnessCli.UsageException(variant + ": cannot be derived [" + e.key() + "]: " + e.getMessage());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("variant", v.name());
        out.put("description", v.description());
        out.put("constants", v.loss().parameters().asMap());
        Map<String, Object> sectors = SectorsCommand.sectorsJson(m, th);
        out.put("parameters", sectors.get("parameters"));
        out.put("vectorField", th.fieldEquations());
        out.put("sectors", sectors.get("sectors"));
        out.put("slowEigenvalue", th.slowEigenvalue().at(th.bindings(m)));
        out.put("slowEigenvalueClosedForm", th.slowEigenvalue().text());
        out.put("collapsePredicted", th.slowEigenvalue().at(th.bindings(m)) < -1e-9);
        List<String> warnings = RegulariserCheck.warnings(v);
        out.put("warnings", warnings);
        var w = spec.commandLine().getOut();
        if (json.json) {
            w.println(JsonOutput.pretty(out));
        } else {
            warnings.forEach(x -> spec.commandLine().getErr().println("harness: warning: " + x));
            w.println("variant " + v.name() + ": " + v.description());
            th.fieldEquations().forEach(e -> w.println("  " + e));
            SectorsCommand.printSectors(w, th, m);
            w.println("slow sector-II eigenvalue " + out.get("slowEigenvalue") + " = " + th.slowEigenvalue().text());
        }
        return 0;
    }

}
