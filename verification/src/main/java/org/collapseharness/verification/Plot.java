package org.collapseharness.verification;

import java.util.List;

/** A figure of the report (rendered to SVG). */
public record Plot(String id, String title, String xLabel, String yLabel, boolean logX, boolean logY,
                   List<Series> series) {
}
