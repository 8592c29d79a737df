package org.collapseharness.verification.cli;

import org.collapseharness.verification.JsonOutput;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.collapseharness.theory.Bindings;
import org.collapseharness.theory.ClosedForm;
import org.collapseharness.theory.HeadFlowTheory;
import org.collapseharness.theory.MinimalModel;
import org.collapseharness.theory.PolynomialField;
import org.collapseharness.theory.ProjectionTheory;
import org.collapseharness.theory.SymbolicException;
import org.collapseharness.theory.symbolic.HeadFlowDerivation;
import org.collapseharness.theory.symbolic.Symja;
import org.collapseharness.theory.variant.LossVariant;

/** {@code derive --variant FILE} for a variant with species head: the derived field and steady-state relations. */
final class HeadDerive {
    private HeadDerive() {
    }

    static int print(PrintWriter w, Path file, LossVariant v, MinimalModel m, boolean json) {
        if (m.dim() > 8) {
            throw new HarnessCli.UsageException("--dim must be at most 8 for a variant with species head (got "
                    + m.dim() + ")");
        }
        HeadFlowTheory th;
        PolynomialField clean;
        PolynomialField shared;
        try {
            th = Symja.withTimeLimit(java.time.Duration.ofSeconds(20), () -> HeadFlowDerivation.derive(v.head()));
            clean = Symja.withTimeLimit(java.time.Duration.ofSeconds(20),
                    () -> HeadFlowDerivation.pairField(v.head(), m.dim(), true));
            shared = Symja.withTimeLimit(java.time.Duration.ofSeconds(20),
                    () -> HeadFlowDerivation.pairField(v.head(), m.dim(), false));
        } catch (SymbolicException e) {
            throw new HarnessCli.UsageException(file + ": cannot be derived [" + e.key() + "]: " + e.getMessage());
        }
        ProjectionTheory r = th.relations();
        double rho = m.rho();
        Bindings at = Bindings.of("rho", rho);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("variant", v.name());
        out.put("description", v.description());
        out.put("species", v.species());
        out.put("constants", v.head().parameters().asMap());
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("classes", m.classes());
        params.put("clean", m.clean());
        params.put("shared", m.shared());
        params.put("dim", m.dim());
        params.put("rho", rho);
        out.put("parameters", params);
        out.put("stopGradient", th.stopGradient());
        out.put("vectorField", th.fieldEquations());
        Map<String, Object> blocks = new LinkedHashMap<>();
        blocks.put("Gss", r.gss().text());
        blocks.put("Gsy", r.gsy().text());
        blocks.put("Gys", r.gys().text());
        blocks.put("Gyy", r.gyy().text());
        out.put("blocks", blocks);
        out.put("pairFieldClean", clean.text());
        if (!shared.text().equals(clean.text())) {
            out.put("pairFieldShared", shared.text());
        }
        out.put("monomialsPerPair", clean.monomials());
        Map<String, Object> rel = new LinkedHashMap<>();
        rel.put("operatorT", "(" + r.biasFactor().text() + ") Gyy^-1.Gys.Gss^-1.Gsy");
        rel.put("perModeT", r.perModeT().text());
        rel.put("perModeRootsOfOneMinusTInWSquared", r.perModeRootsU().stream().map(ClosedForm::text).toList());
        if (th.protectedSpectrum()) {
            rel.put("biasOperator", r.biasOperator().text());
            rel.put("relation", r.biasOperator().text() + " dy_c = (" + r.protectedValue().text() + ") dy_c, "
                    + r.biasOperator().text() + " ybar = (" + r.meanValue().text() + ") ybar");
            rel.put("protectedValueClosedForm", r.protectedValue().text());
            rel.put("protectedValue", r.protectedValue().at(at));
            rel.put("meanValue", r.meanValue().at(Bindings.of()));
        } else if (r.tBound() != null) {
            rel.put("tBoundClosedForm", r.tBound().text());
            rel.put("tBound", r.tBound().at(at));
            rel.put("relation", "(I - T) dy = 0 with spec(T) in [0, " + r.tBound().text() + "]: dy = 0 (collapse)");
        }
        out.put("steadyState", rel);
        out.put("collapsePredicted", !th.protectedSpectrum());
        if (json) {
            w.println(JsonOutput.pretty(out));
        } else {
            w.println("variant " + v.name() + ": " + v.description());
            th.fieldEquations().forEach(e -> w.println("  " + e));
            w.println("pair field written out at d = " + m.dim() + " (" + clean.monomials() + " monomials):");
            clean.text().forEach(e -> w.println("  " + e));
            w.println("steady state: " + rel.get("relation"));
            w.println("  T = " + rel.get("operatorT") + "; per mode T(w) = " + r.perModeT().text());
            if (th.protectedSpectrum()) {
                w.println("  protected value at rho = " + rho + ": " + rel.get("protectedValue"));
            } else if (r.tBound() != null) {
                w.println("  bound at rho = " + rho + ": " + rel.get("tBound"));
            }
        }
        return 0;
    }

}
