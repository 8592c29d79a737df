package org.collapseharness.verification;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.collapseharness.verification.claims.MinimalModelClaims;
import org.collapseharness.verification.claims.TeacherStudentClaims;

/** All registered paper claims, in paper order. A new section adds one line here. */
public final class ClaimRegistry {
    private static final Map<String, Claim> CLAIMS = build();

    private ClaimRegistry() {
    }

    private static Map<String, Claim> build() {
        List<Claim> all = new ArrayList<>();
        all.addAll(org.collapseharness.verification.claims.Section1NetworkClaims.claims());
        all.addAll(MinimalModelClaims.claims());
        all.addAll(org.collapseharness.verification.claims.ProjectionClaims.claims());
        all.addAll(org.collapseharness.verification.claims.DmftClaims.claims());
        all.addAll(TeacherStudentClaims.claims());
        Map<String, Claim> map = new LinkedHashMap<>();
        for (Claim c : all) {
            if (map.put(c.id(), c) != null) {
                throw new IllegalStateException("duplicate claim id " + c.id());
            }
        }
        return map;
    }

    public static List<Claim> all() {
        return List.copyOf(CLAIMS.values());
    }

    /** A paper claim, or a generic check of a shipped loss variant (ids "V/name/check"). */
    public static Claim getIncludingVariants(String id) {
        if (id.startsWith("V/")) {
            for (Claim c : org.collapseharness.verification.claims.VariantClaims.forShipped()) {
                if (c.id().equals(id)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("unknown claim id '" + id + "'");
        }
        return get(id);
    }

    public static Claim get(String id) {
        Claim c = CLAIMS.get(id);
        if (c == null) {
            throw new IllegalArgumentException("unknown claim id '" + id + "'");
        }
        return c;
    }
}
