package mirage.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Converts JMH's JSON result ({@code -rf json -rff FILE}) into mirage's benchmark table.
 *
 * <p>Output ({@link #csv(String)}): a CSV with the header
 * {@code workload,implementation,threads,size,throughput,unit,ratio,error}, one row per JMH result in
 * JMH's order: {@code workload} is the benchmark's class name without the package and a trailing
 * {@code Bench}, lower-cased first letter, a dot and the method ({@code EditDistanceBench.token} becomes
 * {@code editDistance.token}); {@code implementation} is {@code mirage}; {@code threads} is the
 * benchmark's {@code threads} parameter when it has one (work split inside one call), otherwise JMH's
 * thread count; {@code size} is the other parameters as {@code name=value} joined by {@code ;} in name
 * order ({@code -} when none); {@code throughput} and {@code error} are the primary metric's score and its
 * 99.9% half-width, 4 significant digits; {@code unit} is JMH's score unit; {@code ratio} is this row's
 * throughput divided by the throughput of the same workload and size at 1 thread (the parallel
 * speed-up), empty when there is no such row. Non-throughput modes are converted the same way (their
 * unit says what the number is).
 */
public final class JmhResults {
    public static final String HEADER = "workload,implementation,threads,size,throughput,unit,ratio,error";

    /** One JMH result. */
    public record Result(String workload, int threads, String size, double score, double error, String unit) {
    }

    private JmhResults() {
    }

    public static List<Result> parse(String json) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json);
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException("not a JMH JSON result: expected an array of benchmark results");
        }
        List<Result> out = new ArrayList<>();
        for (JsonNode b : root) {
            String name = b.path("benchmark").asText("");
            int dot = name.lastIndexOf('.');
            int classDot = name.lastIndexOf('.', dot - 1);
            if (dot < 0) {
                throw new IllegalArgumentException("JMH result without a benchmark name: " + b);
            }
            String cls = name.substring(classDot + 1, dot);
            if (cls.endsWith("Bench")) {
                cls = cls.substring(0, cls.length() - "Bench".length());
            }
            String workload = Character.toLowerCase(cls.charAt(0)) + cls.substring(1) + "." + name.substring(dot + 1);
            int threads = b.path("threads").asInt(1);
            Map<String, String> params = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = b.path("params").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                params.put(e.getKey(), e.getValue().asText());
            }
            String t = params.remove("threads");
            if (t != null) {
                threads = Integer.parseInt(t);
            }
            StringBuilder size = new StringBuilder();
            params.forEach((k, v) -> size.append(size.length() == 0 ? "" : ";").append(k).append('=').append(v));
            JsonNode pm = b.path("primaryMetric");
            double err = pm.path("scoreError").asDouble(Double.NaN);
            out.add(new Result(workload, threads, size.length() == 0 ? "-" : size.toString(), pm.path("score").asDouble(Double.NaN),
                    err, pm.path("scoreUnit").asText("")));
        }
        return out;
    }

    /** The CSV of a JMH JSON result (see the class comment). */
    public static String csv(String json) throws IOException {
        List<Result> rs = parse(json);
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (Result r : rs) {
            double base = Double.NaN;
            for (Result o : rs) {
                if (o.threads() == 1 && o.workload().equals(r.workload()) && o.size().equals(r.size())) {
                    base = o.score();
                }
            }
            sb.append(ResultTable.csvField(r.workload())).append(",mirage,").append(r.threads()).append(',')
                    .append(ResultTable.csvField(r.size())).append(',').append(ResultTable.number(r.score())).append(',')
                    .append(ResultTable.csvField(r.unit())).append(',').append(ResultTable.ratioText(r.score() / base)).append(',')
                    .append(Double.isNaN(r.error()) ? "" : ResultTable.number(r.error())).append('\n');
        }
        return sb.toString();
    }

    /** A Markdown table of the same rows, for docs/PERFORMANCE.md. */
    public static String markdown(String json) throws IOException {
        StringBuilder sb = new StringBuilder("| workload | size | threads | throughput | ± (99.9%) | unit |\n|---|---|---:|---:|---:|---|\n");
        for (Result r : parse(json)) {
            sb.append("| ").append(r.workload()).append(" | ").append(r.size()).append(" | ").append(r.threads()).append(" | ")
                    .append(ResultTable.number(r.score())).append(" | ")
                    .append(Double.isNaN(r.error()) ? "" : ResultTable.number(r.error())).append(" | ").append(r.unit()).append(" |\n");
        }
        return sb.toString();
    }

    /** {@code JmhResults RESULT.json [OUT.csv]}: prints the Markdown table, writes the CSV when asked. */
    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: JmhResults JMH-RESULT.json [OUT.csv]");
            System.exit(2);
        }
        String json = Files.readString(Path.of(args[0]), StandardCharsets.UTF_8);
        System.out.print(markdown(json));
        if (args.length > 1) {
            Files.writeString(Path.of(args[1]), csv(json), StandardCharsets.UTF_8);
        }
    }
}
