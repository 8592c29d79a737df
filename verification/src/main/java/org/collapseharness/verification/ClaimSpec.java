package org.collapseharness.verification;

import java.util.List;

/**
 * The identity of a claim: id, paper reference, the claims it uses, whether it is slow, and the code that checks it.
 *
 * @param id        e.g. "3.2-c"
 * @param section   e.g. "§3.2"
 * @param title     a few words
 * @param statement one sentence, as in the paper's list of claims (our reconstruction)
 * @param uses      ids of claims whose results this one builds on
 * @param slow      runs in the report and with -Pslow, not in the default mvn test
 * @param source    class that implements the check
 */
public record ClaimSpec(String id, String section, String title, String statement, List<String> uses, boolean slow,
                        String source) {
}
