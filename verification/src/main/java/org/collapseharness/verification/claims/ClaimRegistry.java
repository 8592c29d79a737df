package org.collapseharness.verification.claims;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.collapseharness.verification.Claim;

/**
 * All registered paper claims, in paper order, and the generic checks of the shipped loss variants. A claim is
 * defined once, by the {@link org.collapseharness.verification.ClaimSpec} of its claims class; test names, the
 * claims listing and docs/claims.md are generated from it. A new section adds one line here.
 */
public final class ClaimRegistry {
    private static final Map<String, Claim> CLAIMS = build();

    private ClaimRegistry() {
    }

    private static Map<String, Claim> build() {
        List<Claim> all = new ArrayList<>();
        all.addAll(Section1NetworkClaims.claims());
        all.addAll(Section31Claims.claims());
        all.addAll(Section32SpectraClaims.claims());
        all.addAll(Section32DynamicsClaims.claims());
        all.addAll(Section41Claims.claims());
        all.addAll(Section42Claims.claims());
        all.addAll(Section42StabilityClaims.claims());
        all.addAll(CollapseStabilityClaims.claims());
        all.addAll(MeanSectorClaims.claims());
        all.addAll(DmftIterationClaims.claims());
        all.addAll(DmftLimitClaims.claims());
        all.addAll(DmftFluctuationClaims.claims());
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

    /** The paper claims followed by the generic checks of the shipped loss variants (ids "V/name/check"). */
    public static List<Claim> allIncludingVariants() {
        List<Claim> all = new ArrayList<>(CLAIMS.values());
        all.addAll(VariantClaims.forShipped());
        return all;
    }

    /** A paper claim, or a generic check of a shipped loss variant (ids "V/name/check"). */
    public static Claim getIncludingVariants(String id) {
        if (id.startsWith("V/")) {
            for (Claim c : VariantClaims.forShipped()) {
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
