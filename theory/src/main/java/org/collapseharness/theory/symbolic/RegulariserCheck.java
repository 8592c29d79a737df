package org.collapseharness.theory.symbolic;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.collapseharness.theory.Bindings;
import org.collapseharness.theory.variant.LossVariant;

/**
 * Flags a {@code decay} or {@code penalty} line that makes its variable grow: the regulariser's own rate at 0, the
 * curvature ∂²E/∂v² at s = y = t = 0 (sg markers read as identity, the parameters substituted), is negative, so the
 * regulariser alone pushes that direction away from 0 (an unstable direction). Such variants are accepted; the
 * warnings go to the derive output and the report notes.
 */
public final class RegulariserCheck {
    /** Rates below minus this count as negative (the curvature is evaluated numerically). */
    static final double TOLERANCE = 1e-12;

    private RegulariserCheck() {
    }

    /** One line per destabilising regulariser, {@code FILE:LINE: ...}; empty when none. */
    public static List<String> warnings(LossVariant v) {
        List<String> out = new ArrayList<>();
        Bindings b = v.loss().parameters();
        for (LossVariant.Regulariser r : v.regularisers()) {
            double rate = rate(r, b);
            if (rate < -TOLERANCE) {
                out.add(String.format(Locale.ROOT, "%s:%d: %s on %s has rate %.6g < 0 at %s = 0: it makes the %s grow "
                        + "(unstable direction)", v.source(), r.line(), r.keyword(), r.target(), rate, r.variable(),
                        r.target()));
            }
        }
        return out;
    }

    /** ∂²E/∂v² at s = y = t = 0 with the parameter values. */
    static double rate(LossVariant.Regulariser r, Bindings b) {
        String v = r.variable();
        String curvature = "ReplaceAll[D[ReplaceAll[(" + r.energy() + "), sg[x_] :> x], {" + v + ", 2}], "
                + "{s -> 0, y -> 0, t -> 0}]";
        double[] z = SymjaForm.of(curvature).complexAt(b);
        return z[0];
    }
}
