package org.collapseharness.numerics.teacherstudent;

import java.util.LinkedHashMap;
import java.util.Map;

/** Data sets are deterministic in their parameters; claims that share one generate it once per JVM. */
public final class DataCache {
    private static final int MAX_ENTRIES = 12;
    private static final Map<String, TeacherStudentData> CACHE = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, TeacherStudentData> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    private DataCache() {
    }

    public static synchronized TeacherStudentData get(int dim, int perClass, double rho, double mu, double sigma,
                                                      long seed) {
        String key = dim + "/" + perClass + "/" + rho + "/" + mu + "/" + sigma + "/" + seed;
        return CACHE.computeIfAbsent(key, k -> TeacherStudentData.generate(dim, perClass, rho, mu, sigma, seed));
    }
}
