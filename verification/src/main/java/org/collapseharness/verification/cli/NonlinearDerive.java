package org.collapseharness.verification.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.collapseharness.theory.MinimalModel;
import org.collapseharness.theory.nonlinear.NonlinearDerivation;
import org.collapseharness.theory.nonlinear.NonlinearDerivation.Term;
import org.collapseharness.theory.variant.LossVariant;

/**
 * {@code derive --variant FILE} for a nonlinear variant: the terms derived at --dim with K labels, their compiled sizes,
 * the per-term field written out at d = 1 (as text, for reading), and what the pipeline does not derive.
 */
final class NonlinearDerive {
    /** Longest field line printed (a written-out field can be long; the JSON keeps it whole). */
    static final int MAX_TEXT = 4000;

    private NonlinearDerive() {
    }

    static int print(PrintWriter w, LossVariant v, MinimalModel m, boolean json) {
        if (v.hasHead() && m.dim() > SimulateVariant.MAX_HEAD_DIM || m.dim() > SimulateVariant.MAX_DIM) {
            throw new HarnessCli.UsageException("--dim " + m.dim() + " is too large for the nonlinear derivation (at "
                    + "most " + SimulateVariant.MAX_HEAD_DIM + " with a head, " + SimulateVariant.MAX_DIM + " without)");
        }
        NonlinearDerivation.Derived d = NonlinearDerivation.derive(v, m.dim(), m.classes(), 0);
        NonlinearDerivation.Derived one = NonlinearDerivation.derive(v, 1, m.classes(), 0);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("variant", v.name());
        out.put("description", v.description());
        out.put("species", v.species());
        out.put("constants", v.loss().parameters().asMap());
        out.put("pipeline", "nonlinear (differentiated as written, compiled field and Jacobian)");
        out.put("dim", m.dim());
        out.put("classes", m.classes());
        out.put("derivationSeconds", d.seconds());
        out.put("stopGradient", d.stopGradient());
        out.put("normalises", d.normalises());
        List<Map<String, Object>> terms = new ArrayList<>();
        for (int i = 0; i < d.terms().size(); i++) {
            Term t = d.terms().get(i);
            Term t1 = one.terms().get(i);
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("term", t.label());
            o.put("inputs", t.inputs());
            o.put("fieldInstructions", t.field().length());
            o.put("jacobianInstructions", t.jacobian().length());
            List<String> field = new ArrayList<>();
            for (int j = 0; j < t1.inputs(); j++) {
                field.add("d" + t1.names()[j] + "/dt = " + t1.graph().text(t1.fieldNodes()[j], t1.names()));
            }
            o.put("fieldAtDim1", field);
            terms.add(o);
        }
        out.put("terms", terms);
        out.put("notDerived", NonlinearDerivation.NOT_DERIVED);
        if (json) {
            w.println(org.collapseharness.verification.JsonOutput.pretty(out));
            return 0;
        }
        w.println("variant " + v.name() + ": " + v.description());
        w.println("derived at d = " + m.dim() + ", K = " + m.classes() + " in " + String.format(java.util.Locale.ROOT,
                "%.3f", d.seconds()) + " s (nonlinear pipeline: differentiated as written, compiled)");
        for (Map<String, Object> o : terms) {
            w.println("term " + o.get("term") + ": " + o.get("inputs") + " inputs, field " + o.get("fieldInstructions")
                    + " instructions, Jacobian " + o.get("jacobianInstructions") + "; field at d = 1:");
            for (Object line : (List<?>) o.get("fieldAtDim1")) {
                String s = line.toString();
                w.println("  " + (s.length() > MAX_TEXT ? s.substring(0, MAX_TEXT) + " ..." : s));
            }
        }
        NonlinearDerivation.NOT_DERIVED.forEach(x -> w.println("not derived: " + x));
        return 0;
    }
}
