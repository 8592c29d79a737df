package org.collapseharness.verification;

/**
 * The key of a measurement a claim records and a test reads: a name and an optional numeric parameter. Its
 * {@link #key()} is the string under which report.json lists the value, e.g. {@code worstMinL2FinalOverInitial} or
 * {@code fastSlope[rho=0.2000]} (parameter value with four significant digits, {@link Format#sig4}). Claims define
 * their measures as constants next to the claim; tests read {@code result.number(SomeClaims.MEASURE)}.
 *
 * @param name      the measurement's name
 * @param parameter the parameter's name, or null when the measure has none
 * @param value     the parameter's value (ignored without a parameter)
 */
public record Measure(String name, String parameter, double value) {

    /** A measure without a parameter. */
    public static Measure of(String name) {
        return new Measure(name, null, Double.NaN);
    }

    /** The same measure at a parameter value, e.g. {@code FAST_SLOPE.at("rho", 0.2)}. */
    public Measure at(String parameterName, double parameterValue) {
        return new Measure(name, parameterName, parameterValue);
    }

    /** The canonical rendering used as the key in report.json. */
    public String key() {
        return parameter == null ? name : name + "[" + parameter + "=" + Format.sig4(value) + "]";
    }

    @Override
    public String toString() {
        return key();
    }
}
