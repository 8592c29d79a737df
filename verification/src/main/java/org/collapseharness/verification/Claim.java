package org.collapseharness.verification;

/** A paper claim: its identity and the check that gathers evidence for it. */
public record Claim(ClaimSpec spec, Check check) {

    /** The check body. It records comparisons into the evidence; exceptions become FAIL verdicts with diagnostics. */
    @FunctionalInterface
    public interface Check {
        void run(Evidence evidence) throws Exception;
    }

    public String id() {
        return spec.id();
    }
}
