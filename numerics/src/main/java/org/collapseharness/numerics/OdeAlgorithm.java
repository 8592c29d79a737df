package org.collapseharness.numerics;

/**
 * An ODE algorithm and all of its settings, passed to {@link OdeSolver#solve(OdeProblem, OdeAlgorithm)}. Each
 * implementation is an immutable record whose {@link #name()} is the user-facing name (the CLI's {@code --integrator}
 * values).
 *
 * <p>Adding an algorithm (e.g. Radau IIA): a record here in {@code permits}, a branch in {@link OdeSolver#solve},
 * one line in the algorithm matrix of {@code OdeAlgorithmContractTest}.
 */
public sealed interface OdeAlgorithm permits OdeAlgorithm.DormandPrince853, OdeAlgorithm.DormandPrince54,
        OdeAlgorithm.ExponentialRosenbrockEuler, OdeAlgorithm.Rodas4 {

    /** User-facing name. */
    String name();

    /** Step-size control. */
    StepControl control();

    /** The same algorithm with other step-size control. */
    OdeAlgorithm withControl(StepControl control);

    default OdeAlgorithm withMinStep(double h) {
        return withControl(control().withMinStep(h));
    }

    default OdeAlgorithm withMaxEvaluations(long max) {
        return withControl(control().withMaxEvaluations(max));
    }

    /** Dormand–Prince 8(5,3) with defaults {@link StepControl#of}. */
    static DormandPrince853 dp853(double relTol, double absTol) {
        return new DormandPrince853(StepControl.of(relTol, absTol));
    }

    /** Dormand–Prince 5(4) with defaults {@link StepControl#of}. */
    static DormandPrince54 dp54(double relTol, double absTol) {
        return new DormandPrince54(StepControl.of(relTol, absTol));
    }

    /** Exponential Rosenbrock–Euler, dense φ₁, with defaults {@link ExponentialRosenbrockEuler#control(double, double)}. */
    static ExponentialRosenbrockEuler exponential(double relTol, double absTol) {
        return new ExponentialRosenbrockEuler(ExponentialRosenbrockEuler.control(relTol, absTol),
                ExponentialRosenbrockEuler.Phi.DENSE, ExponentialRosenbrockEuler.KRYLOV_MAX_DIM);
    }

    /** Exponential Rosenbrock–Euler, matrix-free Krylov φ₁, bases of at most {@value ExponentialRosenbrockEuler#KRYLOV_MAX_DIM}. */
    static ExponentialRosenbrockEuler exponentialKrylov(double relTol, double absTol) {
        return exponential(relTol, absTol).withPhi(ExponentialRosenbrockEuler.Phi.KRYLOV);
    }

    /** Rodas4 with defaults {@link Rodas4#control(double, double)} and the dense LU solver. */
    static Rodas4 rodas(double relTol, double absTol) {
        return new Rodas4(Rodas4.control(relTol, absTol), ShiftedJacobianSolver.DENSE_LU, false);
    }

    /** Hipparchus' DormandPrince853Integrator (8th order, embedded 5th/3rd-order error estimate). */
    record DormandPrince853(StepControl control) implements OdeAlgorithm {
        @Override
        public String name() {
            return "dp853";
        }

        @Override
        public DormandPrince853 withControl(StepControl c) {
            return new DormandPrince853(c);
        }

        @Override
        public String toString() {
            return "DP853(" + control + ")";
        }
    }

    /** Hipparchus' DormandPrince54Integrator (5th order, embedded 4th-order error estimate). */
    record DormandPrince54(StepControl control) implements OdeAlgorithm {
        @Override
        public String name() {
            return "dp54";
        }

        @Override
        public DormandPrince54 withControl(StepControl c) {
            return new DormandPrince54(c);
        }

        @Override
        public String toString() {
            return "DP54(" + control + ")";
        }
    }

    /**
     * Exponential Rosenbrock–Euler, u₁ = u₀ + h φ₁(hJ) f(u₀) with J the Jacobian at u₀ (the ETD1 step of the flow
     * linearised at every step), error control by step doubling, Richardson-extrapolated accepted value (third order
     * for autonomous fields). Exact for linear autonomous systems, so stiff linear modes do not limit the step. Honours
     * every {@link StepControl} field; the error estimate has order 3.
     *
     * @param control   step-size control
     * @param phi       evaluation of φ₁(hJ) f
     * @param maxKrylov largest Krylov basis (KRYLOV only; a step whose basis does not converge is retried smaller)
     */
    record ExponentialRosenbrockEuler(StepControl control, Phi phi, int maxKrylov) implements OdeAlgorithm {

        /**
         * Evaluation of φ₁(hJ) f.
         * <ul>
         *   <li>DENSE: J analytic ({@link JacobianProvider}) or by {@link Jacobians#dense} (2n evaluations) and the
         *       exponential of the augmented matrix [[hJ, h f], [0, 0]]; for small systems;</li>
         *   <li>KRYLOV: matrix-free, {@link Arnoldi} on {@link Jacobians#jvp} products started from f,
         *       h β V_m φ₁(hH_m) e₁, the basis grown until the estimate h β h_{m+1,m} |e_mᵀ φ₁(hH_m) e₁| is below
         *       {@link #KRYLOV_FRACTION} of the step tolerance (or the space is invariant); for large systems.</li>
         * </ul>
         */
        public enum Phi { DENSE, KRYLOV }

        /** Largest Krylov basis of {@link OdeAlgorithm#exponentialKrylov}. */
        public static final int KRYLOV_MAX_DIM = 60;

        /**
         * Krylov truncation tolerance as a fraction of the step tolerance: at 0.1 the truncation errors of the two
         * halves and the full step do not cancel and step doubling reads them as step error; 1e-4 keeps the step count
         * at that of the dense evaluation.
         */
        public static final double KRYLOV_FRACTION = 1e-4;

        /** First trial step of the defaults (capped by the end time). */
        public static final double DEFAULT_INITIAL_STEP = 1e-3;
        /** Largest growth factor per accepted step of the defaults. */
        public static final double DEFAULT_MAX_FACTOR = 5;
        /** Step-attempt budget of the defaults. */
        public static final long DEFAULT_MAX_STEPS = 200_000;
        /**
         * Factor applied to the step after a trial that cannot be judged by the error test (a non-finite trial state
         * or an unconverged Krylov basis).
         */
        public static final double RETRY_FACTOR = 0.25;

        public ExponentialRosenbrockEuler {
            if (phi == Phi.KRYLOV && maxKrylov < 1) {
                throw new IllegalArgumentException("maxKrylov must be positive");
            }
        }

        /**
         * Default control: min step {@value StepControl#DEFAULT_MIN_STEP}, first step
         * {@value #DEFAULT_INITIAL_STEP}, safety {@value StepControl#DEFAULT_SAFETY}, factors in
         * [{@value StepControl#DEFAULT_MIN_FACTOR}, {@value #DEFAULT_MAX_FACTOR}], {@value #DEFAULT_MAX_STEPS} step
         * attempts, unlimited evaluations.
         */
        public static StepControl control(double relTol, double absTol) {
            return StepControl.of(relTol, absTol).withInitialStep(DEFAULT_INITIAL_STEP)
                    .withFactors(StepControl.DEFAULT_SAFETY, StepControl.DEFAULT_MIN_FACTOR, DEFAULT_MAX_FACTOR)
                    .withMaxSteps(DEFAULT_MAX_STEPS).withMaxEvaluations(StepControl.UNLIMITED);
        }

        @Override
        public String name() {
            return phi == Phi.KRYLOV ? "exponential-krylov" : "exponential";
        }

        @Override
        public ExponentialRosenbrockEuler withControl(StepControl c) {
            return new ExponentialRosenbrockEuler(c, phi, maxKrylov);
        }

        public ExponentialRosenbrockEuler withPhi(Phi newPhi) {
            return new ExponentialRosenbrockEuler(control, newPhi, maxKrylov);
        }

        public ExponentialRosenbrockEuler withMaxKrylov(int newMaxKrylov) {
            return new ExponentialRosenbrockEuler(control, phi, newMaxKrylov);
        }

        @Override
        public String toString() {
            return "ExpRosenbrockEuler" + (phi == Phi.KRYLOV ? "-Krylov" : "") + "+Richardson(" + control + ")";
        }
    }

    /**
     * Hairer–Wanner's RODAS (Rodas4): a six-stage Rosenbrock method of order 4 with an embedded order-3 solution,
     * L-stable and stiffly accurate (the last stage is the step), with a continuous extension of order 3 for output
     * between steps. One Jacobian per accepted step (reused by rejected attempts), one factorisation of
     * W = I/(hγ) − J per attempt, six linear solves and six right-hand-side evaluations per attempt plus one for ∂f/∂t
     * by a forward difference (zero for autonomous problems). Error: RMS over components of the embedded difference
     * scaled by absTol + relTol · max(|y|, |y_new|); step factor clamp(safety · err^(−1/4), minFactor, maxFactor),
     * combined with Gustafsson's predictive controller after the second accepted step; no growth right after a
     * rejection; the first step is cut tenfold when rejected. The step never falls below minStep (it is clamped up to
     * it; a step that still fails ends the solve). See {@code RodasStepper}.
     *
     * @param control      step-size control
     * @param linearSolver the solver of W x = b ({@link ShiftedJacobianSolver#DENSE_LU} by default; the hook for
     *                     structured and matrix-free solves)
     * @param denseOutput  false (default): every output time ends a step, so outputs carry the step accuracy; true:
     *                     steps run to the end time regardless of the output times, which are read off the
     *                     order-3 continuous extension (fewer steps for dense output grids; its error is not
     *                     controlled and exceeds the tolerance on stiff problems with large steps, e.g. 2.4e-4 at
     *                     rtol 1e-6 on Prothero–Robinson, λ = −1000, against 2e-7 at the step ends)
     */
    record Rodas4(StepControl control, ShiftedJacobianSolver.Factory linearSolver, boolean denseOutput)
            implements OdeAlgorithm {

        /** Smallest shrink factor of the defaults (Hairer's rodas.f). */
        public static final double DEFAULT_MIN_FACTOR = 0.2;
        /** Largest growth factor of the defaults (Hairer's rodas.f). */
        public static final double DEFAULT_MAX_FACTOR = 6.0;
        /** Consecutive singular W (each followed by halving the step) after which the solve ends. */
        public static final int MAX_SINGULAR = 5;

        public Rodas4 {
            java.util.Objects.requireNonNull(control, "control");
            java.util.Objects.requireNonNull(linearSolver, "linearSolver");
        }

        /**
         * Default control: min step {@value StepControl#DEFAULT_MIN_STEP}, first step estimated from |y0| and |f(y0)|,
         * safety {@value StepControl#DEFAULT_SAFETY}, factors in [{@value #DEFAULT_MIN_FACTOR},
         * {@value #DEFAULT_MAX_FACTOR}], {@value StepControl#DEFAULT_MAX_EVALUATIONS} evaluations, unlimited steps.
         */
        public static StepControl control(double relTol, double absTol) {
            return StepControl.of(relTol, absTol).withFactors(StepControl.DEFAULT_SAFETY, DEFAULT_MIN_FACTOR,
                    DEFAULT_MAX_FACTOR);
        }

        @Override
        public String name() {
            return "rodas";
        }

        @Override
        public Rodas4 withControl(StepControl c) {
            return new Rodas4(c, linearSolver, denseOutput);
        }

        public Rodas4 withLinearSolver(ShiftedJacobianSolver.Factory solver) {
            return new Rodas4(control, solver, denseOutput);
        }

        public Rodas4 withDenseOutput(boolean dense) {
            return new Rodas4(control, linearSolver, dense);
        }

        @Override
        public String toString() {
            return "Rodas4(" + control + (linearSolver == ShiftedJacobianSolver.DENSE_LU ? "" : ", custom solver")
                    + (denseOutput ? ", dense output" : "") + ")";
        }
    }
}
