package mirage.io.results;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import mirage.core.InputException;
import mirage.io.csv.CsvWriter;

/**
 * The standard {@link Problems}: in strict mode the first skipped row throws an {@link InputException};
 * otherwise every skipped row is written, as it comes, to {@code skipped.csv} (columns
 * {@code file,line,field,reason}) when a writer is given, and kept in memory otherwise (tests), and
 * counted by reason. Notes are kept (distinct, in order). Thread-safe.
 */
public final class SkipLog implements Problems {
    /** The header of skipped.csv. */
    public static final List<String> COLUMNS = mirage.io.csv.AnalysisSchema.Skipped.COLUMNS;

    /** One skipped row. */
    public record Entry(String file, long line, String field, String reason) {
        /** As the one-line message of an {@link InputException}. */
        public String message() {
            return new InputException(file, line, field, reason).getMessage();
        }
    }

    private final boolean strict;
    private final CsvWriter out;
    private final List<Entry> kept = new ArrayList<>();
    private final Set<String> notes = new LinkedHashSet<>();
    private final Map<String, Long> byKind = new LinkedHashMap<>();
    private final Map<String, Entry> firstOfKind = new LinkedHashMap<>();
    private long count;

    /**
     * @param strict fail at the first skipped row
     * @param out where skipped rows are written as CSV (the header is written here), or null to keep them
     *     in memory
     */
    public SkipLog(boolean strict, Writer out) {
        this.strict = strict;
        this.out = out == null ? null : new CsvWriter(out);
        if (this.out != null) {
            try {
                this.out.row(COLUMNS);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Strict or lenient, keeping skipped rows in memory. */
    public SkipLog(boolean strict) {
        this(strict, null);
    }

    @Override
    public boolean strict() {
        return strict;
    }

    @Override
    public synchronized void skip(String file, long line, String field, String reason) {
        if (strict) {
            throw new InputException(file, line, field, reason);
        }
        count++;
        Entry e = new Entry(file, line, field, reason);
        String kind = kind(reason);
        byKind.merge(kind, 1L, Long::sum);
        firstOfKind.putIfAbsent(kind, e);
        if (out != null) {
            try {
                out.row(file, line > 0 ? Long.toString(line) : "", field == null ? "" : field, reason);
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        } else {
            kept.add(e);
        }
    }

    /**
     * The kind of a reason, for counts: the text before a colon near the start ("duplicate",
     * "malformed JSON at column N"), else the reason without its parenthesised tail, quoted text shown as
     * "..." and numbers as N.
     */
    static String kind(String reason) {
        String r = reason;
        int colon = r.indexOf(':');
        if (colon > 0 && colon <= 32) {
            r = r.substring(0, colon);
        }
        int paren = r.indexOf(" (");
        if (paren > 0) {
            r = r.substring(0, paren);
        }
        r = r.replaceAll("'[^']*'", "'...'").replaceAll("\"[^\"]*\"?", "\"...\"").replaceAll("-?\\d+(\\.\\d+)?(e-?\\d+)?", "N");
        if (r.length() > 80) {
            r = r.substring(0, 77) + "...";
        }
        return r.strip().isEmpty() ? reason : r.strip();
    }

    @Override
    public synchronized void note(String message) {
        notes.add(message);
    }

    public synchronized long count() {
        return count;
    }

    /** Skipped rows kept in memory (empty when they were written out). */
    public synchronized List<Entry> entries() {
        return List.copyOf(kept);
    }

    public synchronized List<String> notes() {
        return List.copyOf(notes);
    }

    /** Counts by kind of reason, in order of first occurrence. */
    public synchronized Map<String, Long> countsByKind() {
        return new LinkedHashMap<>(byKind);
    }

    /** The first skipped row of each kind. */
    public synchronized Map<String, Entry> firstByKind() {
        return new LinkedHashMap<>(firstOfKind);
    }
}
