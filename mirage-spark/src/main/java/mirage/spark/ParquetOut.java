package mirage.spark;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import mirage.io.csv.CsvRecord;
import mirage.io.csv.StreamingCsvReader;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * Parquet copies of the analysis outputs ({@code --parquet-out URI}): each CSV output
 * ({@code series, emergence, by_metric, verdicts, backtest, lengths, skipped}) becomes
 * {@code URI/NAME.parquet/part-00000.parquet}, written by the driver with parquet-hadoop (streaming: memory does not
 * grow with the table), so that the next step can read it on the cluster with {@code spark.read.parquet}. Column
 * types are inferred from the CSV: a column whose non-empty values are all {@code true}/{@code false} is BOOLEAN,
 * all integers INT64, all numbers (with {@code inf}, {@code -inf}) DOUBLE, otherwise a UTF-8 string; an empty CSV
 * field is null. Characters Spark does not allow in Parquet column names (space, {@code ,;{}()=}, tab, newline)
 * become '_'.
 */
final class ParquetOut {
    private ParquetOut() {
    }

    static final List<String> TABLES = List.of("series", "emergence", "by_metric", "verdicts", "backtest", "lengths", "skipped");

    private static final Pattern INT = Pattern.compile("-?\\d{1,18}");

    private enum Type { BOOLEAN, INT64, DOUBLE, STRING }

    /** Writes every CSV output present in {@code out}; returns the names written. */
    static List<String> write(Path out, String uri, Configuration conf) throws IOException {
        List<String> written = new ArrayList<>();
        for (String t : TABLES) {
            Path csv = out.resolve(t + ".csv");
            if (!Files.isRegularFile(csv)) {
                continue;
            }
            write(csv, new org.apache.hadoop.fs.Path(uri, t + ".parquet"), conf);
            written.add(t + ".parquet");
        }
        return written;
    }

    static void write(Path csv, org.apache.hadoop.fs.Path dir, Configuration conf) throws IOException {
        String[] header;
        Type[] types;
        try (InputStream in = Files.newInputStream(csv); StreamingCsvReader r = new StreamingCsvReader(in, csv.toString())) {
            CsvRecord h = r.next();
            if (h == null) {
                return;
            }
            header = h.toArray();
            types = new Type[header.length];
            java.util.Arrays.fill(types, Type.BOOLEAN);
            for (CsvRecord rec = r.next(); rec != null; rec = r.next()) {
                for (int i = 0; i < Math.min(header.length, rec.size()); i++) {
                    if (!rec.isEmpty(i)) {
                        types[i] = widen(types[i], rec.get(i));
                    }
                }
            }
        }
        Types.MessageTypeBuilder b = Types.buildMessage();
        String[] names = new String[header.length];
        for (int i = 0; i < header.length; i++) {
            names[i] = header[i].replaceAll("[ ,;{}()\\n\\t=]", "_");
            switch (types[i]) {
                case BOOLEAN -> b.optional(PrimitiveTypeName.BOOLEAN).named(names[i]);
                case INT64 -> b.optional(PrimitiveTypeName.INT64).named(names[i]);
                case DOUBLE -> b.optional(PrimitiveTypeName.DOUBLE).named(names[i]);
                case STRING -> b.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(names[i]);
            }
        }
        MessageType schema = b.named("mirage");
        FileSystem fs = dir.getFileSystem(conf);
        fs.delete(dir, true);
        org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(dir, "part-00000.parquet");
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        try (ParquetWriter<Group> w = ExampleParquetWriter.builder(HadoopOutputFile.fromPath(file, conf)).withConf(conf)
                .withType(schema).withCompressionCodec(CompressionCodecName.SNAPPY).withWriteMode(ParquetFileWriter.Mode.OVERWRITE).build();
             InputStream in = Files.newInputStream(csv); StreamingCsvReader r = new StreamingCsvReader(in, csv.toString())) {
            r.next();
            for (CsvRecord rec = r.next(); rec != null; rec = r.next()) {
                Group g = groups.newGroup();
                for (int i = 0; i < Math.min(header.length, rec.size()); i++) {
                    if (rec.isEmpty(i)) {
                        continue;
                    }
                    String v = rec.get(i);
                    switch (types[i]) {
                        case BOOLEAN -> g.append(names[i], Boolean.parseBoolean(v));
                        case INT64 -> g.append(names[i], Long.parseLong(v));
                        case DOUBLE -> g.append(names[i], number(v));
                        case STRING -> g.append(names[i], v);
                    }
                }
                w.write(g);
            }
        }
        fs.create(new org.apache.hadoop.fs.Path(dir, "_SUCCESS"), true).close();
    }

    private static Type widen(Type t, String v) {
        if (t == Type.BOOLEAN && (v.equals("true") || v.equals("false"))) {
            return Type.BOOLEAN;
        }
        if (t == Type.STRING) {
            return t;
        }
        boolean isInt = INT.matcher(v).matches();
        if ((t == Type.BOOLEAN || t == Type.INT64) && isInt) {
            return Type.INT64;
        }
        if (t != Type.STRING && !Double.isNaN(number(v))) {
            return Type.DOUBLE;
        }
        return Type.STRING;
    }

    private static double number(String v) {
        switch (v) {
            case "inf", "Infinity" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-inf", "-Infinity" -> {
                return Double.NEGATIVE_INFINITY;
            }
            default -> {
                try {
                    return Double.parseDouble(v);
                } catch (NumberFormatException e) {
                    return Double.NaN;
                }
            }
        }
    }
}
