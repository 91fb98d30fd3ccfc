package mirage.report.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
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

/**
 * A CSV file read whole, with columns looked up by name (the report's reader of the analysis outputs).
 *
 * <p>RFC 4180: fields separated by commas; a field in double quotes may hold commas, quotes (doubled)
 * and line breaks; lines end with LF or CRLF; a UTF-8 byte-order mark is skipped; blank lines are
 * ignored. The first record is the header; header names are trimmed. A record with fewer fields than
 * the header is padded with empty fields; one with more fields, or an unterminated quote, is bad input
 * ({@link InputException} naming the file and line).
 *
 * <p>Numbers ({@link #number}): empty = NaN (unknown), {@code inf}/{@code -inf} (and Java's
 * {@code Infinity}, {@code NaN}) accepted, otherwise {@link Double#parseDouble}; anything else is bad
 * input naming file, line and column.
 *
 * <p>This is a private reader of mirage-report: the io engineer's general readers live in mirage-io.
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
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(file.getFileName().toString(), r);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new InputException(file.getFileName().toString(), 0, null, "not UTF-8 text");
        }
    }

    /** Reads CSV text; {@code source} names it in error messages. */
    public static CsvTable parse(String source, String text) {
        try {
            return read(source, new StringReader(text));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static CsvTable read(String source, Reader in) throws IOException {
        Parser p = new Parser(source, in);
        List<String> header = null;
        List<String[]> rows = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        for (List<String> rec = p.next(); rec != null; rec = p.next()) {
            if (rec.size() == 1 && rec.get(0).isEmpty()) {
                continue; // blank line
            }
            if (header == null) {
                header = new ArrayList<>();
                for (String h : rec) {
                    header.add(h.trim());
                }
                continue;
            }
            if (rec.size() > header.size()) {
                throw new InputException(source, p.recordLine, null,
                        "row has " + rec.size() + " fields, the header " + header.size());
            }
            String[] row = new String[header.size()];
            for (int i = 0; i < row.length; i++) {
                row[i] = i < rec.size() ? rec.get(i) : "";
            }
            rows.add(row);
            lines.add(p.recordLine);
        }
        if (header == null) {
            throw new InputException(source, 0, null, "empty file: no header");
        }
        return new CsvTable(source, header, rows, lines);
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

    /** RFC 4180 record parser tracking line numbers. */
    private static final class Parser {
        private final String source;
        private final Reader in;
        private int line = 1;
        int recordLine;
        private int pending = -2; // -2: nothing pending
        private boolean first = true;

        Parser(String source, Reader in) {
            this.source = source;
            this.in = in;
        }

        private int read() throws IOException {
            if (pending != -2) {
                int c = pending;
                pending = -2;
                return c;
            }
            int c = in.read();
            if (first) {
                first = false;
                if (c == '\uFEFF') {
                    c = in.read();
                }
            }
            return c;
        }

        List<String> next() throws IOException {
            int c = read();
            if (c == -1) {
                return null;
            }
            recordLine = line;
            List<String> fields = new ArrayList<>();
            StringBuilder f = new StringBuilder();
            long size = 0; // characters of the record so far: capped as every reader caps a record (mirage.io.Limits)
            boolean quoted = false;
            boolean wasQuoted = false;
            while (true) {
                if (quoted) {
                    if (c == -1) {
                        throw new InputException(source, recordLine, null, "unterminated quoted field");
                    }
                    if (c == '"') {
                        int d = read();
                        if (d == '"') {
                            f.append('"');
                        } else {
                            quoted = false;
                            c = d;
                            continue;
                        }
                    } else {
                        if (c == '\n') {
                            line++;
                        }
                        f.append((char) c);
                    }
                    if (++size > mirage.io.Limits.MAX_LINE) {
                        throw tooLong();
                    }
                    c = read();
                    continue;
                }
                if (c == -1 || c == '\n' || c == '\r') {
                    fields.add(f.toString());
                    if (c == '\r') {
                        int d = read();
                        if (d != '\n') {
                            pending = d;
                        }
                    }
                    if (c != -1) {
                        line++;
                    }
                    return fields;
                }
                if (c == ',') {
                    fields.add(f.toString());
                    f.setLength(0);
                    wasQuoted = false;
                } else if (c == '"' && f.length() == 0 && !wasQuoted) {
                    quoted = true;
                    wasQuoted = true;
                } else {
                    f.append((char) c);
                }
                if (++size > mirage.io.Limits.MAX_LINE) {
                    throw tooLong();
                }
                c = read();
            }
        }

        private InputException tooLong() {
            return new InputException(source, recordLine, null, "record longer than " + mirage.io.Limits.size(mirage.io.Limits.MAX_LINE)
                    + " (an unclosed quote?): not read");
        }
    }
}
