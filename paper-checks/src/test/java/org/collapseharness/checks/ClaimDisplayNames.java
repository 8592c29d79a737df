package org.collapseharness.checks;

import java.lang.reflect.Method;
import java.util.List;
import org.collapseharness.verification.ClaimSpec;
import org.collapseharness.verification.claims.ClaimRegistry;
import org.junit.jupiter.api.DisplayNameGenerator;

/**
 * Display names of this module's tests (configured in junit-platform.properties): a method marked {@link ClaimId}
 * is named "&lt;id&gt; &lt;statement&gt;" from the claim's {@link ClaimSpec} in the registry, so a claim's wording
 * lives in one place; every other name falls back to {@link DisplayNameGenerator.ReplaceUnderscores}.
 */
public class ClaimDisplayNames extends DisplayNameGenerator.ReplaceUnderscores {

    @Override
    public String generateDisplayNameForMethod(List<Class<?>> enclosingInstanceTypes, Class<?> testClass,
                                               Method testMethod) {
        ClaimId id = testMethod.getAnnotation(ClaimId.class);
        if (id == null) {
            return super.generateDisplayNameForMethod(enclosingInstanceTypes, testClass, testMethod);
        }
        return name(id.value());
    }

    /** "&lt;id&gt; &lt;statement&gt;" of a registered claim; an unknown id says so (RegistryCoverageTest fails on it). */
    static String name(String id) {
        try {
            return id + " " + ClaimRegistry.get(id).spec().statement();
        } catch (IllegalArgumentException e) {
            return id + " (not a registered claim)";
        }
    }
}
