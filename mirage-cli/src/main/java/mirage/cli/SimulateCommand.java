package mirage.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import mirage.core.data.Sample;
import mirage.core.sim.MathModel;
import mirage.io.AtomicFile;
import mirage.io.csv.SimulationCsv;
import mirage.io.provenance.Provenance;
import mirage.io.samples.SampleJsonlWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mirage simulate}: the paper's mathematical model, closed form and on a finite test set. */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The paper's mathematical model (Section 2, Figure 2) in closed form, and on simulated finite "
                + "test sets.",
            "Per-token cross-entropy (N/c)^alpha, p = exp(-CE), accuracy p^L, token edit distance L(1-p), "
                + "multiple-choice grade and Brier (1-p)^2. With --items, also simulates a test set of that many "
                + "items per size and scores it with the same metric code as real data, to show "
                + "resolution-limited estimates."})
public final class SimulateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--alpha", defaultValue = "-0.5", description = "power-law exponent, < 0 (default: ${DEFAULT-VALUE})")
    double alpha;

    @Option(names = "--c", defaultValue = "2e9", description = "scale constant, > 0 (default: ${DEFAULT-VALUE})")
    double c;

    @Option(names = "--sizes", split = ",", paramLabel = "N1,N2,...", defaultValue = "3.5e8,1.3e9,6.7e9,2e11",
            description = "model sizes in parameters, positive and increasing (default: ${DEFAULT-VALUE})")
    List<Double> sizes;

    @Option(names = "--length", defaultValue = "5", description = "target length L in tokens, >= 1 (default: ${DEFAULT-VALUE})")
    int length;

    @Option(names = "--choices", defaultValue = "2", description = "options of the multiple-choice task, >= 2 (default: ${DEFAULT-VALUE})")
    int choices;

    @Option(names = "--items", paramLabel = "n", description = "also simulate a test set of n items per size")
    Integer items;

    @Option(names = "--seed", defaultValue = "0", description = "seed of the simulated test set (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "write DIR/simulation.csv (and DIR/samples.jsonl with --items) and DIR/provenance.json")
    Path out;

    @Option(names = "--gzip", description = "write the samples gzip-compressed, DIR/samples.jsonl.gz (every reader of mirage reads it)")
    boolean gzip;

    @Override
    public Integer call() throws IOException {
        MathModel model = validated();
        OutputPaths.folder(spec.commandLine(), "--out", out);
        double[] ns = sizes.stream().mapToDouble(Double::doubleValue).toArray();
        List<MathModel.Point> points = new ArrayList<>();
        for (double n : ns) {
            points.add(model.closedForm(n));
        }
        List<MathModel.Simulated> sim = items == null ? null : model.simulate(ns, items, seed);
        PrintWriter o = spec.commandLine().getOut();
        printTable(o, model, points, sim);
        if (out != null) {
            Provenance prov = new Provenance("simulate", spec.commandLine().getParseResult().originalArgs());
            prov.config("alpha", alpha).config("c", c).config("sizes", sizes).config("length", length)
                    .config("choices", choices).config("items", items);
            if (items != null) {
                prov.seed("seed", seed);
            }
            AtomicFile.writeText(out.resolve("simulation.csv"), w -> SimulationCsv.write(w, model, points, sim));
            prov.output("simulation.csv");
            String samplesName = gzip ? "samples.jsonl.gz" : "samples.jsonl";
            if (items != null) {
                // gzip without a time stamp (Java writes 0): the same simulation gives the same bytes
                AtomicFile.write(out.resolve(samplesName), raw -> {
                    java.io.OutputStream os = gzip ? new java.util.zip.GZIPOutputStream(raw, 1 << 16) : raw;
                    java.io.Writer w = new java.io.BufferedWriter(new java.io.OutputStreamWriter(os, java.nio.charset.StandardCharsets.UTF_8), 1 << 16);
                    SampleJsonlWriter sw = new SampleJsonlWriter(w);
                    for (int i = 0; i < ns.length; i++) {
                        for (Sample s : model.samples(ns[i], "sim-" + i, items, MathModel.streamSeed(seed, i))) {
                            sw.write(s);
                        }
                    }
                    sw.flush();
                    w.flush();
                    if (os instanceof java.util.zip.GZIPOutputStream gz) {
                        gz.finish();
                    }
                });
                // the other form of an earlier run would be a stale copy of other samples
                java.nio.file.Files.deleteIfExists(out.resolve(gzip ? "samples.jsonl" : "samples.jsonl.gz"));
                prov.output(samplesName);
            }
            prov.config("gzip", gzip);
            prov.write(out.resolve("provenance.json"));
            o.println("wrote " + out.resolve("simulation.csv") + (items != null ? " and " + samplesName : ""));
        }
        o.flush();
        return 0;
    }

    private MathModel validated() {
        CommandLine cl = spec.commandLine();
        if (sizes == null || sizes.isEmpty()) {
            throw new CommandLine.ParameterException(cl, "--sizes must list at least one model size");
        }
        for (int i = 0; i < sizes.size(); i++) {
            double n = sizes.get(i);
            if (!(n > 0) || Double.isInfinite(n)) {
                throw new CommandLine.ParameterException(cl, "--sizes must be positive numbers, got " + fmt(n));
            }
            if (i > 0 && !(n > sizes.get(i - 1))) {
                throw new CommandLine.ParameterException(cl, "--sizes must be strictly increasing, got "
                        + fmt(sizes.get(i - 1)) + " then " + fmt(n));
            }
        }
        if (length < 1) {
            throw new CommandLine.ParameterException(cl, "--length must be at least 1, got " + length);
        }
        if (choices < 2) {
            throw new CommandLine.ParameterException(cl, "--choices must be at least 2, got " + choices);
        }
        if (!(alpha < 0) || Double.isInfinite(alpha)) {
            throw new CommandLine.ParameterException(cl, "--alpha must be a negative number, got " + alpha);
        }
        if (!(c > 0) || Double.isInfinite(c)) {
            throw new CommandLine.ParameterException(cl, "--c must be a positive number, got " + c);
        }
        if (items != null && items < 1) {
            throw new CommandLine.ParameterException(cl, "--items must be at least 1, got " + items);
        }
        return new MathModel(alpha, c, length, choices);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }

    static void printTable(PrintWriter o, MathModel m, List<MathModel.Point> points, List<MathModel.Simulated> sim) {
        o.printf(Locale.ROOT, "mathematical model: CE(N) = (N/%.4g)^%.4g, L = %d tokens, %d choices%n", m.c(), m.alpha(),
                m.length(), m.choices());
        o.printf(Locale.ROOT, "%10s %8s %8s %10s %8s %6s %8s", "params", "ce_loss", "p_token", "accuracy", "TED", "MCG", "brier");
        if (sim != null) {
            o.printf(Locale.ROOT, " | %8s %12s %8s %9s", "items", "sim_acc", "sim_TED", "floor");
        }
        o.println();
        for (int i = 0; i < points.size(); i++) {
            MathModel.Point p = points.get(i);
            o.printf(Locale.ROOT, "%10.3g %8.4f %8.4f %10.3e %8.4f %6.3f %8.4f", p.params(), p.ceLoss(), p.pToken(),
                    p.accuracy(), p.tokenEditDistance(), p.multipleChoiceGrade(), p.brier());
            if (sim != null) {
                MathModel.Simulated s = sim.get(i);
                o.printf(Locale.ROOT, " | %8d %12s %8.4f %9.2e", s.items(),
                        s.accuracy().value() == 0 ? "0 (<floor)" : String.format(Locale.ROOT, "%.3e", s.accuracy().value()),
                        s.tokenEditDistance().value(), s.resolution());
            }
            o.println();
        }
        o.println("MCG is 1 when p > 1/choices, else 0 (the paper plots values below chance at chance = "
                + String.format(Locale.ROOT, "%.3g", 1.0 / m.choices()) + ").");
    }
}
