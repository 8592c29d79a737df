package org.collapseharness.verification;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.collapseharness.verification.claims.Section31Claims;
import org.collapseharness.verification.claims.Section32DynamicsClaims;
import org.collapseharness.verification.claims.Section32SpectraClaims;
import org.collapseharness.verification.claims.Section5HeadClaims;
import org.collapseharness.verification.claims.Section5PlainClaims;

/** All registered paper claims, in paper order. A new section adds one line here. */
public final class ClaimRegistry {
    private static final Map<String, Claim> CLAIMS = build();

    private ClaimRegistry() {
    }

    private static Map<String, Claim> build() {
        List<Claim> all = new ArrayList<>();
        all.addAll(Section31Claims.claims());
        all.addAll(Section32SpectraClaims.claims());
        all.addAll(Section32DynamicsClaims.claims());
        all.addAll(org.collapseharness.verification.claims.Section41Claims.claims());
        all.addAll(org.collapseharness.verification.claims.Section42Claims.claims());
        all.addAll(org.collapseharness.verification.claims.Section42StabilityClaims.claims());
        all.addAll(org.collapseharness.verification.claims.DmftIterationClaims.claims());
        all.addAll(org.collapseharness.verification.claims.DmftLimitClaims.claims());
        all.addAll(org.collapseharness.verification.claims.DmftFluctuationClaims.claims());
        all.addAll(Section5PlainClaims.claims());
        all.addAll(Section5HeadClaims.claims());
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
