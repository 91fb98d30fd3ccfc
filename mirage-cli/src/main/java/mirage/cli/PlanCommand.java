package mirage.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import mirage.core.InputException;
import mirage.core.data.Sample;
import mirage.core.stats.Interval;
import mirage.core.stats.PassUntil;
import mirage.core.stats.ProportionInterval;
import mirage.core.stats.Resolution;
import mirage.core.stats.SampleSize;
import mirage.io.samples.SampleJsonlReader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mirage plan}: how many test items a measurement needs, and PassUntil estimates of tiny pass rates. */
@Command(name = "plan", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Plans test sets: the items a rate needs, or PassUntil estimates of tiny pass rates.",
            "With --rate p: the items needed to measure p to a relative precision (for each interval "
                + "method), to tell p from a chance level (--chance), and the PassUntil alternative (sample each "
                + "item until its k-th pass). With per-sample JSONL files that record attempts and passes: the "
                + "PassUntil estimate of each cell's pass rate (negative binomial)."})
public final class PlanCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "SAMPLES.jsonl", description = "per-sample JSONL with attempts and passes (PassUntil)")
    List<Path> inputs;

    @Option(names = "--rate", paramLabel = "p", description = "expected rate (accuracy, pass rate), strictly between 0 and 1")
    Double rate;

    @Option(names = "--precision", paramLabel = "r", defaultValue = "0.25", description = "relative precision: the interval within +-r*p (default: ${DEFAULT-VALUE})")
    double precision;

    @Option(names = "--confidence", defaultValue = "0.95", description = "interval level (default: ${DEFAULT-VALUE})")
    double confidence;

    @Option(names = "--chance", paramLabel = "c", description = "also: items to tell p from this chance level (one-sided test)")
    Double chance;

    @Option(names = "--alpha", defaultValue = "0.05", description = "significance level of that test (default: ${DEFAULT-VALUE})")
    double alpha;

    @Option(names = "--power", defaultValue = "0.8", description = "power of that test (default: ${DEFAULT-VALUE})")
    double power;

    @Option(names = "--k", paramLabel = "K", description = "PassUntil: passes each item was sampled until (default: the most passes of an item in the cell)")
    Integer k;

    @Override
    public Integer call() throws IOException {
        CommandLine cl = spec.commandLine();
        boolean files = inputs != null && !inputs.isEmpty();
        if (rate == null && !files) {
            throw new CommandLine.ParameterException(cl, "give --rate p (planning), or per-sample JSONL files with attempts and passes (PassUntil)");
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new CommandLine.ParameterException(cl, "--confidence must be strictly between 0 and 1, got " + confidence);
        }
        if (k != null && k < 1) {
            throw new CommandLine.ParameterException(cl, "--k must be at least 1, got " + k);
        }
        PrintWriter o = cl.getOut();
        if (rate != null) {
            if (!(rate > 0 && rate < 1)) {
                throw new CommandLine.ParameterException(cl, "--rate must be strictly between 0 and 1, got " + rate);
            }
            if (!(precision > 0) || Double.isInfinite(precision)) {
                throw new CommandLine.ParameterException(cl, "--precision must be a positive number, got " + precision);
            }
            plan(o);
        }
        if (files) {
            if (rate != null) {
                o.println();
            }
            passUntil(o);
        }
        o.flush();
        return 0;
    }

    private void plan(PrintWriter o) {
        o.printf(Locale.ROOT, "expected rate %s, relative precision +-%.0f%%, %.0f%% confidence%n", g(rate), 100 * precision, 100 * confidence);
        o.printf(Locale.ROOT, "  %-22s %14s   %s%n", "interval", "items needed", "interval at k = n*p (farther end)");
        for (ProportionInterval.Method m : ProportionInterval.Method.values()) {
            SampleSize.Plan p = SampleSize.forRelativePrecision(rate, precision, confidence, m);
            Interval iv = ProportionInterval.of(p.items() * rate, p.items(), confidence, m);
            o.printf(Locale.ROOT, "  %-22s %,14d   [%s, %s] (+-%.1f%%)%n", m.key() + (m == ProportionInterval.DEFAULT ? " (default)" : ""),
                    p.items(), g(iv.lower()), g(iv.upper()), 100 * p.achieved());
        }
        o.printf(Locale.ROOT, "  resolution: with n items the smallest non-zero share is 1/n; ~%,d items make a %s rate show at least one success with 95%% probability%n",
                Resolution.itemsToSee(rate), g(rate));
        long[] pu = PassUntil.plan(rate, precision, confidence);
        o.printf(Locale.ROOT, "PassUntil (Hu et al. 2023: sample each item until its k-th pass): %,d passes in all give +-%.0f%%, "
                + "about %,d attempts expected (K/p)%n", pu[0], 100 * precision, pu[1]);
        if (chance != null) {
            SampleSize.Plan d = SampleSize.toDistinguish(rate, chance, alpha, power);
            o.printf(Locale.ROOT, "to tell %s from chance %s (one-sided, alpha %s, power %s): %,d items (%s); exact binomial test at "
                            + "that n: reject at %s %d successes, size %s, power %s%n", g(rate), g(chance), g(alpha), g(power), d.items(),
                    d.method(), rate > chance ? ">=" : "<=", d.criticalCount(), g(d.exactSize()), g(d.achieved()));
        }
    }

    private void passUntil(PrintWriter o) throws IOException {
        // cell -> attempts, passes per item
        Map<String, List<long[]>> cells = new TreeMap<>();
        long skipped = 0;
        mirage.io.samples.SampleKeys seen = new mirage.io.samples.SampleKeys();
        List<String> repeats = new ArrayList<>();
        for (int fi = 0; fi < inputs.size(); fi++) {
            Path in = inputs.get(fi);
            if (!Files.isRegularFile(in)) {
                throw new InputException(in.toString(), 0, null, "no such file");
            }
            try (SampleJsonlReader r = SampleJsonlReader.open(in)) {
                for (Sample s = nextOf(r, in); s != null; s = nextOf(r, in)) {
                    long first = seen.firstSeen(mirage.io.samples.SampleKeys.fingerprint(s), ((long) fi << 40) | r.line());
                    if (first >= 0) {
                        repeats.add(in + ":" + r.line() + " repeats " + inputs.get((int) (first >>> 40)) + ":" + (first & ((1L << 40) - 1)));
                        continue;
                    }
                    if (s.attempts() < 0 || s.passes() < 0) {
                        skipped++;
                        continue;
                    }
                    if (s.attempts() == 0) {
                        throw new InputException(in.toString(), r.line(), "attempts", "PassUntil needs at least one attempt per item, got 0");
                    }
                    String key = s.model().family() + " | " + s.model().name() + " | " + s.task()
                            + (s.labels().isEmpty() ? "" : " | " + s.labels().toString());
                    cells.computeIfAbsent(key, x -> new ArrayList<>()).add(new long[] {s.attempts(), s.passes()});
                }
            }
        }
        if (cells.isEmpty()) {
            throw new InputException("no sample records attempts and passes (" + skipped + " samples without them): nothing to estimate");
        }
        o.printf(Locale.ROOT, "PassUntil estimates (%.0f%%; negative binomial when every item stopped at its k-th pass)%n", 100 * confidence);
        o.printf(Locale.ROOT, "  %-48s %6s %4s %10s %7s %11s  %-26s %11s  %s%n", "family | model | task", "items", "k", "attempts", "passes",
                "rate", "interval", "item mean", "model");
        for (Map.Entry<String, List<long[]>> e : cells.entrySet()) {
            List<long[]> items = e.getValue();
            long[] att = new long[items.size()];
            long[] pas = new long[items.size()];
            long maxPass = 0;
            for (int i = 0; i < att.length; i++) {
                att[i] = items.get(i)[0];
                pas[i] = items.get(i)[1];
                maxPass = Math.max(maxPass, pas[i]);
            }
            int kk = k != null ? k : (int) Math.max(1, maxPass);
            PassUntil.Estimate est = PassUntil.estimate(att, pas, kk, confidence);
            o.printf(Locale.ROOT, "  %-48s %6d %4d %10d %7d %11s  [%s, %s]%s %11s  %s%n", e.getKey(), est.items(), kk, est.attempts(),
                    est.passes(), g(est.rate()), g(est.interval().lower()), g(est.interval().upper()),
                    " ".repeat(Math.max(0, 22 - g(est.interval().lower()).length() - g(est.interval().upper()).length())),
                    g(est.meanItemRate()), est.model());
        }
        if (skipped > 0) {
            o.println("note: " + skipped + " samples without attempts and passes were left out");
        }
        if (!repeats.isEmpty()) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("note: " + repeats.size() + " repeated items (the same family, model, task, labels and item id) counted once, "
                    + "their first record: " + String.join("; ", repeats.subList(0, Math.min(3, repeats.size())))
                    + (repeats.size() > 3 ? "; and " + (repeats.size() - 3) + " more" : ""));
            err.flush();
        }
        if (k == null) {
            o.println("note: k (passes each item was sampled until) taken as the most passes of an item in each cell; items with fewer are censored (give --k to state it)");
        }
    }

    /** The next sample; a bad line of a gzip file that is garbage from corrupt data is reported as the corruption. */
    private static Sample nextOf(SampleJsonlReader r, Path in) throws IOException {
        try {
            return r.next();
        } catch (InputException e) {
            throw mirage.io.InputFiles.rootCause(in, e);
        }
    }

    /** Four significant digits without trailing zeros: 0.01, 0.002, 1.5e-05. */
    static String g(double v) {
        String s = String.format(Locale.ROOT, "%.4g", v);
        int e = s.indexOf('e');
        String mant = e < 0 ? s : s.substring(0, e);
        String exp = e < 0 ? "" : s.substring(e);
        if (mant.contains(".")) {
            mant = mant.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return mant + exp;
    }
}
