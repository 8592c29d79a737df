package org.collapseharness.numerics;

import java.util.ArrayList;
import java.util.List;
import org.collapseharness.numerics.OdeAlgorithm.DormandPrince54;
import org.collapseharness.numerics.OdeAlgorithm.DormandPrince853;
import org.collapseharness.numerics.OdeAlgorithm.ExponentialRosenbrockEuler;
import org.hipparchus.exception.LocalizedCoreFormats;
import org.hipparchus.exception.MathIllegalArgumentException;
import org.hipparchus.exception.MathIllegalStateException;
import org.hipparchus.ode.LocalizedODEFormats;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.ODEStateAndDerivative;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.hipparchus.ode.nonstiff.DormandPrince54Integrator;
import org.hipparchus.ode.nonstiff.DormandPrince853Integrator;
import org.hipparchus.ode.nonstiff.EmbeddedRungeKuttaIntegrator;
import org.hipparchus.ode.sampling.ODEStateInterpolator;
import org.hipparchus.ode.sampling.ODEStepHandler;

/**
 * The one entry point of the ODE algorithms: solve(problem, algorithm) → solution, never throwing for numerical
 * failure (failures become return codes with a message). The problem is not modified.
 */
public final class OdeSolver {
    private OdeSolver() {
    }

    public static OdeSolution solve(OdeProblem problem, OdeAlgorithm algorithm) {
        if (algorithm instanceof ExponentialRosenbrockEuler e) {
            return ExponentialRosenbrockEulerStepper.solve(problem, e);
        }
        if (algorithm instanceof OdeAlgorithm.Rodas4 r) {
            return RodasStepper.solve(problem, r);
        }
        if (algorithm instanceof DormandPrince853 || algorithm instanceof DormandPrince54) {
            return hipparchus(problem, algorithm);
        }
        throw new IllegalArgumentException("no implementation for " + algorithm);
    }

    /** Max |y − exact| over all recorded outputs, for problems with an exact solution. */
    public static double maxAbsErrorVsExact(OdeProblem problem, OdeSolution sol) {
        var exact = problem.exact().orElseThrow(() -> new IllegalArgumentException("problem has no exact solution"));
        double err = 0;
        for (int i = 0; i < sol.times().length; i++) {
            err = Math.max(err, ArrayOps.maxAbsDiff(sol.states()[i], exact.apply(sol.times()[i])));
        }
        return err;
    }

    /** Retries of an explicit pair whose first step is not finite, each from a first step this many times shorter. */
    static final int FIRST_STEP_RETRIES = 6;
    static final double FIRST_STEP_REDUCTION = 100;

    private static EmbeddedRungeKuttaIntegrator create(OdeAlgorithm algorithm, StepControl c, double tEnd) {
        double maxStep = Math.min(c.maxStep(), tEnd);
        EmbeddedRungeKuttaIntegrator it = algorithm instanceof DormandPrince853
                ? new DormandPrince853Integrator(c.minStep(), maxStep, c.absTol(), c.relTol())
                : new DormandPrince54Integrator(c.minStep(), maxStep, c.absTol(), c.relTol());
        it.setSafety(c.safety());
        it.setMinReduction(c.minFactor());
        it.setMaxGrowth(c.maxFactor());
        if (!Double.isNaN(c.initialStep())) {
            it.setInitialStepSize(c.initialStep());
        }
        it.setMaxEvaluations((int) Math.min(Integer.MAX_VALUE, c.maxEvaluations()));
        return it;
    }

    /**
     * An explicit pair through Hipparchus. When the very first step is not finite (an overflow from too long a first
     * step, e.g. Robertson's quadratic term from the estimated step), the run is repeated from a first step
     * {@link #FIRST_STEP_REDUCTION} times shorter than the failed one, up to {@link #FIRST_STEP_RETRIES} times; the
     * evaluations of every attempt are counted and the message names the retry.
     */
    private static OdeSolution hipparchus(OdeProblem problem, OdeAlgorithm algorithm) {
        long start = System.nanoTime();
        StepControl c = algorithm.control();
        long evaluations = 0;
        String retried = "";
        double firstFailure = Double.NaN;
        for (int retry = 0; ; retry++) {
            Attempt a = attempt(problem, algorithm, c);
            evaluations += a.evaluations();
            OdeSolution s = a.solution();
            boolean firstStepFailed = s.code() == ReturnCode.NON_FINITE_STATE && a.firstStepEnd() > 0;
            if (!firstStepFailed || retry == FIRST_STEP_RETRIES) {
                SolveStats st = s.stats();
                String message = s.message().isEmpty() ? retried
                        : retried.isEmpty() ? s.message() : s.message() + "; " + retried;
                return new OdeSolution(s.code(), s.times(), s.states(), new SolveStats(evaluations, 0, 0,
                        st.acceptedSteps(), st.rejectedSteps()), s.algorithm(), (System.nanoTime() - start) / 1e9,
                        message);
            }
            if (retry == 0) {
                firstFailure = a.firstStepEnd();
            }
            double h0 = a.firstStepEnd() / FIRST_STEP_REDUCTION;
            c = c.withInitialStep(h0);
            retried = "first step not finite (h = " + firstFailure + "), retried " + (retry + 1)
                    + " time(s), last from h0 = " + h0;
        }
    }

    /** One run: its solution, its RHS evaluations and, when its first step was not finite, that step's end (else NaN). */
    private record Attempt(OdeSolution solution, long evaluations, double firstStepEnd) {
    }

    private static Attempt attempt(OdeProblem problem, OdeAlgorithm algorithm, StepControl c) {
        long start = System.nanoTime();
        double[] firstStepEnd = {Double.NaN};
        double[] times = problem.outputTimes();
        List<double[]> states = new ArrayList<>();
        List<Double> reached = new ArrayList<>();
        int first = 0;
        if (times[0] == 0.0) {
            states.add(problem.y0());
            reached.add(0.0);
            first = 1;
        }
        double tEnd = problem.tEnd();
        EmbeddedRungeKuttaIntegrator integrator = create(algorithm, c, tEnd);
        long maxSteps = c.maxSteps();
        int[] next = {first};
        long[] steps = {0};
        integrator.addStepHandler(new ODEStepHandler() {
            @Override
            public void handleStep(ODEStateInterpolator interpolator) {
                steps[0]++;
                double t1 = interpolator.getCurrentState().getTime();
                if (!ArrayOps.allFinite(interpolator.getCurrentState().getPrimaryState())) {
                    if (steps[0] == 1) {
                        firstStepEnd[0] = t1;
                    }
                    throw new Stop(ReturnCode.NON_FINITE_STATE, "non-finite state at t=" + t1);
                }
                while (next[0] < times.length && times[next[0]] <= t1) {
                    ODEStateAndDerivative s = interpolator.getInterpolatedState(times[next[0]]);
                    states.add(s.getPrimaryState());
                    reached.add(times[next[0]]);
                    next[0]++;
                }
                if (steps[0] >= maxSteps && next[0] < times.length) {
                    throw new Stop(ReturnCode.MAX_EVALUATIONS, "step budget " + maxSteps + " exhausted at t=" + t1);
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
        } catch (Stop e) {
            code = e.code;
            message = e.getMessage();
        } catch (MathIllegalStateException | MathIllegalArgumentException e) {
            Object key = e.getSpecifier();
            if (key == LocalizedODEFormats.MINIMAL_STEPSIZE_REACHED_DURING_INTEGRATION) {
                code = ReturnCode.STEP_SIZE_UNDERFLOW;
            } else if (key == LocalizedODEFormats.NAN_APPEARING_DURING_INTEGRATION) {
                code = ReturnCode.NON_FINITE_STATE;
                if (steps[0] == 0 && e.getParts().length > 0 && e.getParts()[0] instanceof Number t) {
                    firstStepEnd[0] = t.doubleValue();
                }
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
        SolveStats stats = new SolveStats(counted.count, 0, 0, steps[0], SolveStats.NOT_COUNTED);
        return new Attempt(new OdeSolution(code, t, out, stats, algorithm.name(), (System.nanoTime() - start) / 1e9,
                message), counted.count, firstStepEnd[0]);
    }

    /** Ends a Hipparchus integration from inside the step handler. */
    private static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient ReturnCode code;

        Stop(ReturnCode code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    private static final class CountingEquation implements OrdinaryDifferentialEquation {
        private final OrdinaryDifferentialEquation inner;
        long count;

        CountingEquation(OrdinaryDifferentialEquation inner) {
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
