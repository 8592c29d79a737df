package org.collapseharness.theory;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** Numeric values for the symbols of a derived closed form (immutable, ordered by name for deterministic output). */
public final class Bindings {
    private final TreeMap<String, Double> values;

    private Bindings(TreeMap<String, Double> values) {
        this.values = values;
    }

    public static Bindings of(Object... nameValue) {
        if (nameValue.length % 2 != 0) {
            throw new IllegalArgumentException("Bindings.of takes name/value pairs");
        }
        TreeMap<String, Double> map = new TreeMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            map.put((String) nameValue[i], ((Number) nameValue[i + 1]).doubleValue());
        }
        return new Bindings(map);
    }

    public Bindings with(String name, double value) {
        TreeMap<String, Double> map = new TreeMap<>(values);
        map.put(name, value);
        return new Bindings(map);
    }

    /** These bindings overridden/extended by other's. */
    public Bindings merge(Bindings other) {
        TreeMap<String, Double> map = new TreeMap<>(values);
        map.putAll(other.values);
        return new Bindings(map);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bindings b && b.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    public double get(String name) {
        Double v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no value bound for symbol '" + name + "'");
        }
        return v;
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public Map<String, Double> asMap() {
        return Collections.unmodifiableMap(values);
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
