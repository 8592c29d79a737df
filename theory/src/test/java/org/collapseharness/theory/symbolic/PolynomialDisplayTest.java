package org.collapseharness.theory.symbolic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PolynomialDisplayTest {
    @Test
    void factorsInReadmeSymbols() {
        assertThat(PolynomialDisplay.factored("1+lam ; k+lam")).isEqualTo("λ + 1 ; λ + K");
        assertThat(PolynomialDisplay.factored("lam+lam^2+m+lam*m+lam*n")).isEqualTo("λ^2 + (1+m+n) λ + m");
        assertThat(PolynomialDisplay.factored("k*lam+lam^2+k*lam^2+lam^3+lam*m+lam^2*m+k*lam*n+lam^2*n"))
                .isEqualTo("λ (λ^2 + (1+K+m+n) λ + (K+m+K n))");
        assertThat(PolynomialDisplay.factored("lam^2+2*lam+1")).isEqualTo("(λ + 1)^2");
    }
}
