package org.collapseharness.numerics;

import java.util.function.UnaryOperator;
import org.hipparchus.ode.OrdinaryDifferentialEquation;

/** Right-hand sides from functions (for small hand-written problems). */
public final class Equations {
    private Equations() {
    }

    /** y' = f(t, y). */
    @FunctionalInterface
    public interface Field {
        double[] at(double t, double[] y);
    }

    /** The equation y' = f(t, y) of the given dimension. */
    public static OrdinaryDifferentialEquation of(int dim, Field f) {
        return new OrdinaryDifferentialEquation() {
            @Override
            public int getDimension() {
                return dim;
            }

            @Override
            public double[] computeDerivatives(double t, double[] y) {
                return f.at(t, y);
            }
        };
    }

    /** The autonomous equation y' = f(y). */
    public static OrdinaryDifferentialEquation autonomous(int dim, UnaryOperator<double[]> f) {
        return of(dim, (t, y) -> f.apply(y));
    }
}
