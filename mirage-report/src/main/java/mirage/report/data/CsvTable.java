package mirage.report.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import mirage.core.InputException;
import mirage.io.csv.CsvRecord;
import mirage.io.csv.StreamingCsvReader;

/**
 * An analysis file read whole, with columns looked up by name (the report's reader of the analysis outputs; the
 * names are {@link mirage.io.csv.AnalysisSchema}'s, shared with the writers). Records come from mirage-io's RFC 4180
 * scanner ({@link StreamingCsvReader}: quoted fields with commas, doubled quotes and line breaks; LF, CRLF or CR; a
 * UTF-8 byte-order mark; blank lines skipped), so the report reads CSV exactly as every other reader of mirage. The
 * first record is the header; header names are trimmed. A record with fewer fields than the header is padded with
 * empty fields; one with more fields, or an unclosed quote, is bad input ({@link InputException} naming the file and
 * line).
 *
 * <p>Numbers ({@link #number}): empty = NaN (unknown), {@code inf}/{@code -inf} (and Java's {@code Infinity},
 * {@code NaN}) accepted, otherwise {@link Double#parseDouble}; anything else is bad input naming file, line and
 * column.
 */
public final class CsvTable {
    private final String source;
    private final List<String> header;
    private final Map<String, Integer> index;
    private final List<String[]> rows;
    private final List<Integer> lines;

    private CsvTable(String source, List<String> header, List<String[]> rows, List<Integer> lines) {
        this.source = source;
        this.header = Collections.unmodifiableList(header);
        this.index = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            index.putIfAbsent(header.get(i), i);
        }
        this.rows = rows;
        this.lines = lines;
    }

    /** Reads a UTF-8 CSV file. */
    public static CsvTable read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(file.getFileName().toString(), in);
        }
    }

    /** Reads CSV text; {@code source} names it in error messages. */
    public static CsvTable parse(String source, String text) {
        try {
            return read(source, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static CsvTable read(String source, InputStream in) throws IOException {
        StreamingCsvReader r = new StreamingCsvReader(in, source);
        List<String> header = null;
        List<String[]> rows = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        for (CsvRecord rec = r.next(); rec != null; rec = r.next()) {
            if (header == null) {
                header = new ArrayList<>();
                for (String h : rec.toArray()) {
                    header.add(h.trim());
                }
                r.header(header.toArray(String[]::new));
                continue;
            }
            if (rec.size() > header.size()) {
                throw new InputException(source, rec.line(), null, "row has " + rec.size() + " fields, the header " + header.size());
            }
            String[] row = new String[header.size()];
            for (int i = 0; i < row.length; i++) {
                row[i] = i < rec.size() ? rec.get(i) : "";
            }
            rows.add(row);
            lines.add((int) rec.line());
        }
        if (header == null) {
            throw new InputException(source, 0, null, "empty file: no header");
        }
        return new CsvTable(source, header, rows, lines);
    }

    /** A table of given rows (the report's own tables and tests). */
    public static CsvTable of(String source, List<String> header, List<String[]> rows) {
        List<Integer> lines = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            lines.add(i + 2);
        }
        return new CsvTable(source, new ArrayList<>(header), new ArrayList<>(rows), lines);
    }

    /** The rows that pass, in order (with their lines). */
    public CsvTable where(java.util.function.IntPredicate keep) {
        List<String[]> r = new ArrayList<>();
        List<Integer> l = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (keep.test(i)) {
                r.add(rows.get(i));
                l.add(lines.get(i));
            }
        }
        return r.size() == rows.size() ? this : new CsvTable(source, new ArrayList<>(header), r, l);
    }

    public String source() {
        return source;
    }

    public List<String> header() {
        return header;
    }

    public boolean has(String column) {
        return index.containsKey(column);
    }

    /** The first of the given columns the table has, or null. */
    public String firstColumn(String... candidates) {
        for (String c : candidates) {
            if (has(c)) {
                return c;
            }
        }
        return null;
    }

    public int size() {
        return rows.size();
    }

    /** 1-based line of a row in the file (its first line when a quoted field spans lines). */
    public int line(int row) {
        return lines.get(row);
    }

    /** The field, or "" when the column is absent. */
    public String get(int row, String column) {
        Integer i = column == null ? null : index.get(column);
        return i == null ? "" : rows.get(row)[i];
    }

    /** All fields of a row, in header order. */
    public String[] row(int row) {
        return rows.get(row).clone();
    }

    /** The field as a number (see class comment); NaN when the column is absent or the field empty. */
    public double number(int row, String column) {
        String s = get(row, column).trim();
        try {
            return parseNumber(s);
        } catch (NumberFormatException e) {
            throw new InputException(source, line(row), column, "expected a number, got \"" + abbreviate(s) + "\"");
        }
    }

    /** The field as a boolean ({@code true/false/yes/no/1/0}); null when absent or empty or anything else. */
    public Boolean bool(int row, String column) {
        String s = get(row, column).trim().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "true", "yes", "1" -> Boolean.TRUE;
            case "false", "no", "0" -> Boolean.FALSE;
            default -> null;
        };
    }

    /** Parses a number as mirage writes it: empty = NaN, {@code inf}, {@code -inf}. */
    public static double parseNumber(String s) {
        String t = s.trim();
        if (t.isEmpty()) {
            return Double.NaN;
        }
        switch (t.toLowerCase(Locale.ROOT)) {
            case "inf", "+inf", "infinity", "+infinity":
                return Double.POSITIVE_INFINITY;
            case "-inf", "-infinity":
                return Double.NEGATIVE_INFINITY;
            case "nan":
                return Double.NaN;
            default:
                break;
        }
        char last = t.charAt(t.length() - 1);
        if (last == 'd' || last == 'D' || last == 'f' || last == 'F') {
            throw new NumberFormatException(t); // Java literal suffixes are not numbers in CSV
        }
        return Double.parseDouble(t);
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
