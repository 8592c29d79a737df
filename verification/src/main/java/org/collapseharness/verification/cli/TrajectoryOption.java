package org.collapseharness.verification.cli;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.collapseharness.numerics.BiasSubspace;
import org.collapseharness.numerics.EndStateClassifier;
import org.collapseharness.numerics.NumericSpectrum;
import org.collapseharness.numerics.ProjectionSimulator;
import org.collapseharness.theory.Mat;
import picocli.CommandLine.Option;

/**
 * --trajectory FILE.csv: one row per output time with a header row, column {@code t} first, then the metrics the
 * command tracks. Cells are plain numbers; a value that is not finite is written {@code nan} (or {@code inf},
 * {@code -inf}), which numpy.loadtxt and pandas.read_csv both parse.
 */
final class TrajectoryOption {
    /** The CSV writer, created on first use: commands without --trajectory do not initialise Jackson for it. */
    private static final class Csv {
        static final CsvMapper MAPPER = new CsvMapper();
    }

    @Option(names = "--trajectory", paramLabel = "FILE.csv",
            description = "write one CSV row per output time: t, then the tracked metrics (nan where not finite)")
    Path file;

    private final List<String> columns = new ArrayList<>();
    private final List<double[]> rows = new ArrayList<>();

    /** Checks the path before any work starts. */
    void check() {
        if (file != null) {
            OutputPaths.requireReplaceable(file, "--trajectory", head -> head.startsWith("t,"));
        }
    }

    boolean requested() {
        return file != null;
    }

    /** Sets the metric columns (after {@code t}). */
    void columns(String... metrics) {
        columns.clear();
        columns.add("t");
        columns.addAll(List.of(metrics));
    }

    /** Adds a row: t, then one value per metric column. */
    void row(double t, double... metrics) {
        if (metrics.length != columns.size() - 1) {
            throw new IllegalArgumentException(metrics.length + " values for " + (columns.size() - 1) + " columns");
        }
        double[] r = new double[metrics.length + 1];
        r[0] = t;
        System.arraycopy(metrics, 0, r, 1, metrics.length);
        rows.add(r);
    }

    /**
     * Rows of a projection-head trajectory: MinL2, the norm of the integrated field (the fixed-point residual) and the
     * extreme eigenvalues (real parts) of W² restricted to the span of the class biases (nan when the span is empty),
     * det W, and the parts of the label mean on W's +1 and −1 eigenvectors (see {@link EndStateClassifier#meanSplit}).
     */
    void headRows(double[] times, double[][][] labels, double[][][] w, double[] fieldNorms) {
        columns("minL2", "fieldNorm", "w2BiasSpanMin", "w2BiasSpanMax", "detW", "meanPlus", "meanMinus");
        for (int i = 0; i < times.length; i++) {
            double lo = Double.NaN;
            double hi = Double.NaN;
            for (double[] ev : BiasSubspace.of(labels[i], Mat.mul(w[i], w[i])).spectrum()) {
                lo = Double.isNaN(lo) ? ev[0] : Math.min(lo, ev[0]);
                hi = Double.isNaN(hi) ? ev[0] : Math.max(hi, ev[0]);
            }
            double[] split = EndStateClassifier.meanSplit(w[i], BiasSubspace.mean(labels[i]));
            row(times[i], ProjectionSimulator.minL2(labels[i]), fieldNorms[i], lo, hi, NumericSpectrum.determinant(w[i]), split[0],
                    split[1]);
        }
    }

    /** Writes the file when --trajectory was given. */
    void write() {
        if (file == null) {
            return;
        }
        CsvSchema.Builder b = CsvSchema.builder().setUseHeader(true);
        columns.forEach(c -> b.addColumn(c, CsvSchema.ColumnType.NUMBER));
        CsvSchema schema = b.build();
        OutputPaths.replace(file, "--trajectory", w -> {
            try (SequenceWriter s = Csv.MAPPER.writer(schema).writeValues(w)) {
                for (double[] r : rows) {
                    List<Object> cells = new ArrayList<>(r.length);
                    for (double v : r) {
                        cells.add(Double.isFinite(v) ? (Object) v : Double.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf");
                    }
                    s.write(cells);
                }
            }
        });
    }
}
