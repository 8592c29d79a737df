package org.collapseharness.numerics;

import java.util.ArrayList;
import java.util.List;
import org.hipparchus.exception.MathIllegalArgumentException;
import org.hipparchus.exception.MathIllegalStateException;
import org.hipparchus.ode.AbstractIntegrator;
import org.hipparchus.ode.LocalizedODEFormats;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.ODEStateAndDerivative;
import org.hipparchus.ode.sampling.ODEStateInterpolator;
import org.hipparchus.ode.sampling.ODEStepHandler;
import org.hipparchus.exception.LocalizedCoreFormats;

/** solve(problem, algorithm) → solution, never throwing for numerical failure: failures become return codes. */
public final class OdeSolver {
    private OdeSolver() {
    }

    public static OdeSolution solve(OdeProblem problem, OdeAlgorithm algorithm) {
        long start = System.nanoTime();
        double[] times = problem.outputTimes();
        List<double[]> states = new ArrayList<>();
        List<Double> reached = new ArrayList<>();
        int first = 0;
        if (times[0] == 0.0) {
            states.add(problem.y0());
            reached.add(0.0);
            first = 1;
        }
        final int firstOut = first;
        double tEnd = problem.tEnd();
        AbstractIntegrator integrator = algorithm.create(tEnd);
        int[] next = {firstOut};
        long[] steps = {0};
        integrator.addStepHandler(new ODEStepHandler() {
            @Override
            public void handleStep(ODEStateInterpolator interpolator) {
                steps[0]++;
                double t1 = interpolator.getCurrentState().getTime();
                double[] current = interpolator.getCurrentState().getPrimaryState();
                for (double v : current) {
                    if (!Double.isFinite(v)) {
                        throw new NonFinite(t1);
                    }
                }
                while (next[0] < times.length && times[next[0]] <= t1) {
                    ODEStateAndDerivative s = interpolator.getInterpolatedState(times[next[0]]);
                    states.add(s.getPrimaryState());
                    reached.add(times[next[0]]);
                    next[0]++;
                }
            }
        });
        ReturnCode code = ReturnCode.SUCCESS;
        String message = "";
        CountingEquation counted = new CountingEquation(problem.equation());
        try {
            if (tEnd > 0) {
                integrator.integrate(counted, new ODEState(0.0, problem.y0()), tEnd);
            }
        } catch (NonFinite e) {
            code = ReturnCode.NON_FINITE_STATE;
            message = "non-finite state at t=" + e.time;
        } catch (MathIllegalStateException | MathIllegalArgumentException e) {
            Object key = e.getSpecifier();
            if (key == LocalizedODEFormats.MINIMAL_STEPSIZE_REACHED_DURING_INTEGRATION) {
                code = ReturnCode.STEP_SIZE_UNDERFLOW;
            } else if (key == LocalizedODEFormats.NAN_APPEARING_DURING_INTEGRATION) {
                code = ReturnCode.NON_FINITE_STATE; // Hipparchus' own NaN detection (issue 8: was FAILURE)
            } else if (key == LocalizedCoreFormats.MAX_COUNT_EXCEEDED) {
                code = ReturnCode.MAX_EVALUATIONS;
            } else {
                code = ReturnCode.FAILURE;
            }
            message = key + ": " + e.getMessage();
        }
        if (code == ReturnCode.SUCCESS && reached.size() < times.length) {
            code = ReturnCode.FAILURE;
            message = "integration ended before the last output time";
        }
        double[][] out = states.toArray(new double[0][]);
        double[] t = reached.stream().mapToDouble(Double::doubleValue).toArray();
        return new OdeSolution(code, t, out, counted.count, (System.nanoTime() - start) / 1e9, message, steps[0]);
    }

    /** Max |y − exact| over all recorded outputs, for problems with an exact solution. */
    public static double maxAbsErrorVsExact(OdeProblem problem, OdeSolution sol) {
        var exact = problem.exact().orElseThrow(() -> new IllegalArgumentException("problem has no exact solution"));
        double err = 0;
        for (int i = 0; i < sol.times().length; i++) {
            double[] e = exact.apply(sol.times()[i]);
            double[] y = sol.states()[i];
            for (int j = 0; j < y.length; j++) {
                err = Math.max(err, Math.abs(y[j] - e[j]));
            }
        }
        return err;
    }

    private static final class NonFinite extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final double time;

        NonFinite(double time) {
            super(null, null, false, false);
            this.time = time;
        }
    }

    private static final class CountingEquation implements org.hipparchus.ode.OrdinaryDifferentialEquation {
        private final org.hipparchus.ode.OrdinaryDifferentialEquation inner;
        long count;

        CountingEquation(org.hipparchus.ode.OrdinaryDifferentialEquation inner) {
            this.inner = inner;
        }

        @Override
        public int getDimension() {
            return inner.getDimension();
        }

        @Override
        public double[] computeDerivatives(double t, double[] y) {
            count++;
            return inner.computeDerivatives(t, y);
        }
    }
}
