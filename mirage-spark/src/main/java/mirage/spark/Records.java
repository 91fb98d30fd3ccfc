package mirage.spark;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import mirage.core.data.Measurement;
import mirage.core.metric.MetricAccumulator;
import mirage.core.metric.MetricUnits;
import mirage.core.metric.Scorer;

/** What tasks return to the driver and to each other (all serializable). */
final class Records {
    private Records() {
    }

    /** What a task reads: one split of a per-sample JSONL file, a whole file (gzip, lm-eval samples), or a file to digest. */
    enum Kind { SAMPLES, LMEVAL, HASH }

    /**
     * One task.
     *
     * @param source the source (file, or Parquet input) in input order
     * @param split the split of the file (0 for a whole file)
     * @param uri the file (Hadoop path)
     * @param name the file as named to the user (as the local engine names it)
     * @param start first byte of the split
     * @param end end of the split (exclusive; the line that crosses it belongs to the split)
     * @param whole whether the task reads the whole file (and digests it)
     * @param localPath the file on this machine's file system (lm-eval samples look for a results file beside it), or null
     */
    record Task(int source, int split, Kind kind, String uri, String name, long start, long end, boolean whole, String localPath)
            implements Serializable {
    }

    /** A partial accumulation of one cell by one split, merged by (source, cell) in split order. */
    record Partial(int source, Scorer.Cell cell, int split, MetricAccumulator[] acc) implements Serializable {
    }

    /** The key partials are merged by. */
    record CellKey(int source, Scorer.Cell cell) implements Serializable {
    }

    /** A bad line or row: line is local to the split (the driver adds the lines of the splits before it). */
    record Bad(int source, int split, String file, long line, String field, String reason) implements Serializable {
    }

    /** A fatal problem of a source (a file that cannot be decompressed): the run stops there, as the local engine does. */
    record Fatal(String file, long line, String reason) implements Serializable {
    }

    /** An event of an lm-eval samples file, replayed on the driver in order. */
    sealed interface Event extends Serializable permits Skip, Measure, Note {
    }

    record Skip(String file, long line, String field, String reason) implements Event {
    }

    record Measure(Measurement m, String file, long line) implements Event {
    }

    record Note(String message) implements Event {
    }

    /**
     * What one task found besides its partials and bad rows.
     *
     * @param lines lines of the split (as {@code BufferedReader} counts them), for the line numbers of later splits
     * @param samples samples read
     * @param onAxis samples with a positive finite scale on the axis (each counts against the item tables' budget)
     * @param bad bad rows
     * @param sha256 digest of the whole file (whole-file and digest tasks), else null
     * @param events lm-eval samples: skips, measurements and notes in order
     * @param nanos how long the task took (wall time in the executor)
     */
    record Info(int source, int split, Kind kind, long lines, long samples, long onAxis, long bad, SortedSet<String> unknown,
                String sha256, Set<String> missingFromScales, Map<String, Double> paramsFromNames, Set<String> familiesFromNames,
                List<Event> events, Fatal fatal, Set<String> unsupported, long nanos) implements Serializable {
        /** The same with the task's duration. */
        Info timed(long t0) {
            return new Info(source, split, kind, lines, samples, onAxis, bad, unknown, sha256, missingFromScales, paramsFromNames,
                    familiesFromNames, events, fatal, unsupported, System.nanoTime() - t0);
        }
    }

    /**
     * The contributions of one task's samples to one item table, in input order (seq ascending), in primitive
     * columns (one object per task and table, not per sample: cheap to shuffle).
     *
     * @param split the task's split (Parquet: the part file's index in the input)
     * @param models the model of each entry, as an index into {@code modelNames}
     * @param stats each entry's statistics ({@code dim} values from {@code i * dim}); NaN in the first when none
     */
    record Batch(String cellKey, int metric, int source, long split, int size, long[] seq, List<String> modelNames, int[] models,
                 String[] itemIds, String[] groups, byte[] states, int dim, double[] stats) implements Serializable {
        MetricUnits.Contribution contribution(int i) {
            double[] x = null;
            if (dim > 0 && !Double.isNaN(stats[i * dim])) {
                x = java.util.Arrays.copyOfRange(stats, i * dim, (i + 1) * dim);
            }
            return new MetricUnits.Contribution(itemIds[i], groups == null ? null : groups[i], x, states == null ? 0 : states[i]);
        }
    }

    /** The key contributions are grouped by: an item table. */
    record TableKey(String cellKey, int metric) implements Serializable {
    }

    /** A built item table, shipped to the driver ({@link MetricUnits.Table} without its finisher). */
    record TablePart(String cellKey, int metric, List<String> models, List<String> unitIds, int dim, double[] data,
                     long[] skipped, long stored, String unsupported) implements Serializable {
    }

    /** The order of bad rows: source, split (Parquet: 0), file (Parquet: the part file), line. */
    record BadKey(int source, int split, String file, long line) implements Serializable, Comparable<BadKey> {
        @Override
        public int compareTo(BadKey o) {
            int c = Integer.compare(source, o.source);
            if (c == 0) {
                c = Integer.compare(split, o.split);
            }
            if (c == 0) {
                c = file.compareTo(o.file);
            }
            return c != 0 ? c : Long.compare(line, o.line);
        }
    }
}
