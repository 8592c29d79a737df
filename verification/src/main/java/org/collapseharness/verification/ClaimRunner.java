package org.collapseharness.verification;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.collapseharness.theory.SymbolicException;

/** Runs claims, turning every exception into a FAIL verdict with diagnostics. Results are memoised per JVM. */
public final class ClaimRunner {
    private static final Map<String, ClaimResult> CACHE = new ConcurrentHashMap<>();

    private ClaimRunner() {
    }

    /** Runs a claim once per JVM: later calls with a claim of the same id return the first result. */
    public static ClaimResult result(Claim claim) {
        ClaimResult r = CACHE.get(claim.id());
        if (r == null) {
            r = run(claim);
            CACHE.put(claim.id(), r);
        }
        return r;
    }

    /** Runs a claim now (not memoised). */
    public static ClaimResult run(Claim claim) {
        Evidence e = new Evidence();
        long t0 = System.nanoTime();
        try {
            claim.check().run(e);
        } catch (SymbolicException ex) {
            e.fail("symbolic step failed [" + ex.key() + "]: " + ex.getMessage());
        } catch (Exception | StackOverflowError | OutOfMemoryError ex) {
            e.fail("check aborted: " + ex.getClass().getSimpleName() + ": " + ex.getMessage());
        }
        return e.result(claim.spec(), (System.nanoTime() - t0) / 1e9);
    }
}
