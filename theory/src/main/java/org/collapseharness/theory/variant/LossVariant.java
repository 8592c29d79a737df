package org.collapseharness.theory.variant;

import java.util.List;
import org.collapseharness.theory.HeadLoss;
import org.collapseharness.theory.PairLoss;

/**
 * A loss variant read from a variant file: identity, the loss it defines, and default sizes for the generic checks.
 *
 * @param name        identifier ([a-z0-9-]+)
 * @param description one line
 * @param species     declared species (clean, shared, labels, target)
 * @param loss        the pair loss (terms with sg markers, regularisers, EMA target, parameter values)
 * @param checkSizes  default (K, n, m, d) for the generic checks
 * @param source      file it came from
 * @param head        with species {@code head}: the projection-head loss (vector terms in s, y, W); otherwise null
 * @param regularisers the decay and penalty lines, in file order
 * @param extra       the terms only the nonlinear pipeline derives, and whether the variant needs that pipeline
 */
public record LossVariant(String name, String description, List<String> species, PairLoss loss, int[] checkSizes,
                          String source, HeadLoss head, List<Regulariser> regularisers, Extra extra) {

    /**
     * Terms beyond the (sample, label) pair terms, in file syntax (empty when absent), and the route.
     *
     * @param labels    {@code term labels}: per unordered pair of distinct labels y, y2
     * @param contrast  {@code term contrast}: per (sample s, positive label y) pair, lsum(...) over all labels y2
     * @param statistic {@code statistic labels}: once, mean(...) averages over the labels
     * @param nonlinear true when some term is not polynomial or uses these terms: derived by the nonlinear pipeline
     */
    public record Extra(String labels, String contrast, String statistic, boolean nonlinear) {
        /** No extra terms, polynomial. */
        public static final Extra NONE = new Extra("", "", "", false);
    }

    /** A variant without extra terms. */
    public LossVariant(String name, String description, List<String> species, PairLoss loss, int[] checkSizes,
                       String source, HeadLoss head, List<Regulariser> regularisers) {
        this(name, description, species, loss, checkSizes, source, head, regularisers, Extra.NONE);
    }

    /** True when the nonlinear pipeline derives this variant (non-polynomial terms or label/contrast/statistic terms). */
    public boolean nonlinear() {
        return extra.nonlinear();
    }

    /**
     * One {@code decay} or {@code penalty} line, kept for the stability check of the derivation.
     *
     * @param keyword  decay or penalty
     * @param target   samples or labels
     * @param variable s or y
     * @param energy   the added loss in Symja form (decay: (RATE)/2*v^2)
     * @param line     its line in the file
     */
    public record Regulariser(String keyword, String target, String variable, String energy, int line) {
    }

    /** A variant without regulariser records. */
    public LossVariant(String name, String description, List<String> species, PairLoss loss, int[] checkSizes,
                   String source, HeadLoss head) {
        this(name, description, species, loss, checkSizes, source, head, List.of());
    }

    /** A variant without a projection head. */
    public LossVariant(String name, String description, List<String> species, PairLoss loss, int[] checkSizes,
                       String source) {
        this(name, description, species, loss, checkSizes, source, null);
    }

    /** True for species {@code head}: the projection-head pipeline applies, not the linear sector pipeline. */
    public boolean hasHead() {
        return head != null;
    }

    /** True when some term contains a stop-gradient marker. */
    public boolean usesStopGradient() {
        return loss.cleanTerm().contains("sg[") || loss.sharedTerm().contains("sg[")
                || loss.samplePenalty().contains("sg[") || loss.labelPenalty().contains("sg[")
                || (extra.labels() + extra.contrast() + extra.statistic()).matches("(?s).*(?<![A-Za-z0-9])sg\\s*[(\\[].*");
    }

    /** The same variant with every sg[e] replaced by e (the ablation). */
    public LossVariant withoutStopGradient() {
        PairLoss l = loss;
        PairLoss stripped = new PairLoss(l.name() + "-no-sg", strip(l.cleanTerm()), strip(l.sharedTerm()),
                strip(l.samplePenalty()), strip(l.labelPenalty()), l.emaRate(), l.parameters());
        HeadLoss h = head == null ? null : new HeadLoss(head.name() + "-no-sg", strip(head.cleanTerm()),
                strip(head.sharedTerm()), head.parameters());
        Extra x = new Extra(strip(VariantParser.brackets(extra.labels())), strip(VariantParser.brackets(extra.contrast())),
                strip(VariantParser.brackets(extra.statistic())), extra.nonlinear());
        return new LossVariant(name + "-no-sg", description + " (sg markers removed)", species, stripped, checkSizes, source,
                h, regularisers, x);
    }

    /** The same variant without its label-pair term ({@code term labels}): the ablation of a repulsion. */
    public LossVariant withoutLabelPairTerm() {
        Extra x = new Extra("", extra.contrast(), extra.statistic(), extra.nonlinear());
        return new LossVariant(name + "-no-labels", description + " (label-pair term removed)", species, loss, checkSizes,
                source, head, regularisers, x);
    }

    /** True when a name starts at i: the letters and digits before i, if any, are digits only (a number factor). */
    private static boolean startsName(String term, int i) {
        int k = i - 1;
        while (k >= 0 && Character.isLetterOrDigit(term.charAt(k))) {
            if (!Character.isDigit(term.charAt(k))) {
                return false;
            }
            k--;
        }
        return true;
    }

    /** Removes sg[...] wrappers, keeping their content (bracket-balanced). */
    static String strip(String term) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < term.length()) {
            if (term.startsWith("sg[", i) && startsName(term, i)) {
                int depth = 0;
                int j = i + 2;
                int end = -1;
                for (; j < term.length(); j++) {
                    char c = term.charAt(j);
                    if (c == '[') {
                        depth++;
                    } else if (c == ']') {
                        depth--;
                        if (depth == 0) {
                            end = j;
                            break;
                        }
                    }
                }
                if (end < 0) {
                    return term;
                }
                out.append('(').append(strip(term.substring(i + 3, end))).append(')');
                i = end + 1;
            } else {
                out.append(term.charAt(i));
                i++;
            }
        }
        return out.toString();
    }
}
