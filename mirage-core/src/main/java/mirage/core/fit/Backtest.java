package mirage.core.fit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.DoubleUnaryOperator;
import mirage.core.analysis.Series;
import mirage.core.analysis.SeriesKey;
import mirage.core.metric.MetricCatalog;
import mirage.core.metric.MetricInfo;
import mirage.core.metric.MetricKind;
import mirage.core.metric.Metrics;
import mirage.core.metric.UnknownMetricException;
import mirage.core.sim.MathModel;
import mirage.core.stats.Interval;
import mirage.core.stats.NotEnoughDataException;
import mirage.core.stats.PointUncertainty;
import mirage.core.stats.Quantiles;
import org.hipparchus.random.RandomDataGenerator;

/**
 * A prediction backtest: for every (family, task, labels), fit on all but the N largest models of the
 * family and predict the held-out ones, by every route that applies, so a user sees which route predicts
 * better on their data.
 *
 * <p>Routes, per metric series:
 * <ul>
 *   <li>{@code sigmoid}: {@link SigmoidFit} of the metric itself against log-scale (the usual baseline),
 *       for bounded metrics (proportions: floor at the chance level when the points carry one, else 0,
 *       ceiling 1; battery metrics with a finite range: their range);</li>
 *   <li>{@code power_law}: {@link PowerLawFit} of the metric's error form ({@link ErrorForm}) for smooth
 *       metrics (losses, perplexities, edit distances, probabilities), transformed back;</li>
 *   <li>{@code composed}: the paper's route ({@link ComposedRoute}) for metrics that are not continuous
 *       in the model's probabilities (read off outputs: exact match, accuracy, BLEU, ...): the power
 *       law of the smooth partner's error, then the link to the metric ({@link Routes}). When no declared
 *       partner was measured but another smooth metric of the same task and conditions was (e.g.
 *       {@code ppl} next to {@code acc}), it is used and the row says "undeclared partner";</li>
 *   <li>{@code composed_fit}: when {@code composed} used a closed-form link ({@code p^L}, {@code p^K},
 *       {@code L(1-p)}), the same route with that link's form fitted on the training models instead
 *       (effective length {@code exp(-gamma e)}, or a logistic): it absorbs what the closed form leaves out
 *       (items of unequal difficulty, dependent tokens).</li>
 * </ul>
 * The held-out set is the N largest distinct scales among the group's models; training points are the
 * smaller ones. A route that cannot be fitted says why in {@link Row#status()} (not enough training
 * sizes, fit failed) instead of producing numbers.
 *
 * <p>Intervals: with R resamples (default 200) a parametric bootstrap of the training points (each point
 * redrawn from its sampling distribution, {@link PointUncertainty}: Jeffreys posterior for proportions with
 * an item count, normal with the reported standard error otherwise), refitted R times; percentile interval
 * of the predictions. Points without any known uncertainty are held fixed (said in the row). With R = 0,
 * or when no training point has a known uncertainty, the delta-method interval of the fit. A prediction is
 * {@code within} when its interval overlaps the observed value's own interval (Wilson, or value +- z se).
 */
public final class Backtest {
    private final int holdout;
    private final double confidence;
    private final int resamples;
    private final long seed;
    private final double length;
    private final int threads;

    private Backtest(int holdout, double confidence, int resamples, long seed, double length, int threads) {
        this.holdout = holdout;
        this.confidence = confidence;
        this.resamples = resamples;
        this.seed = seed;
        this.length = length;
        this.threads = threads;
    }

    /** Hold out 1 model, 95%, 200 resamples, seed 0, target length from the labels only, one thread. */
    public static Backtest create() {
        return new Backtest(1, 0.95, 200, 0, Double.NaN, 1);
    }

    /**
     * Threads over the (family, task, labels) groups. Each group's rows come from its own seeds, and the rows
     * are put together in group order, so the report does not depend on the thread count.
     */
    public Backtest withThreads(int t) {
        if (t < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + t);
        }
        return new Backtest(holdout, confidence, resamples, seed, length, t);
    }

    public Backtest withHoldout(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("holdout must be at least 1 model, got " + n);
        }
        return new Backtest(n, confidence, resamples, seed, length, threads);
    }

    public Backtest withConfidence(double c) {
        return new Backtest(holdout, Interval.checkConfidence(c), resamples, seed, length, threads);
    }

    /** Parametric-bootstrap resamples for the intervals (0: delta method). */
    public Backtest withResamples(int r) {
        if (r < 0 || r == 1) {
            throw new IllegalArgumentException("resamples must be 0 (delta method) or at least 2, got " + r);
        }
        return new Backtest(holdout, confidence, r, seed, length, threads);
    }

    public Backtest withSeed(long s) {
        return new Backtest(holdout, confidence, resamples, s, length, threads);
    }

    /** Target length in tokens used when a series has no {@code target_length} label. */
    public Backtest withLength(double l) {
        if (!(l > 0) && !Double.isNaN(l)) {
            throw new IllegalArgumentException("length must be positive, got " + l);
        }
        return new Backtest(holdout, confidence, resamples, seed, l, threads);
    }

    public int holdout() {
        return holdout;
    }

    /**
     * One prediction of one held-out model by one route (or, when the route could not be fitted, a row
     * with NaN numbers and the reason in {@code status}).
     *
     * @param key the series (family, task, metric, labels)
     * @param route {@code sigmoid}, {@code power_law} or {@code composed}
     * @param detail how: partner, error form, link
     * @param trainingPoints number of training sizes the route used
     * @param model the held-out model
     * @param scale its scale
     * @param predicted the prediction (NaN when status is not ok)
     * @param interval its interval (null when status is not ok)
     * @param observed the observed value
     * @param observedInterval the observed value's own interval
     * @param error predicted minus observed (NaN when status is not ok)
     * @param within whether the two intervals overlap
     * @param status {@code ok}, or why there is no prediction
     */
    public record Row(SeriesKey key, String route, String detail, int trainingPoints, String model, double scale,
                      double predicted, Interval interval, double observed, Interval observedInterval, double error,
                      boolean within, String status) {
        public boolean ok() {
            return status.equals("ok");
        }
    }

    /** Mean absolute error and coverage of one route on one metric over the ok rows (units of the metric). */
    public record RouteSummary(String metric, String route, int predictions, int failed, double meanAbsoluteError,
                               double meanAbsoluteRelativeError, int within) {
    }

    /**
     * @param rows every prediction row, grouped by series, then route, then scale
     * @param notes what the reader should know (skipped series and why)
     */
    public record Report(List<Row> rows, int holdout, double confidence, int resamples, long seed, List<String> notes) {
        public List<RouteSummary> summary() {
            Map<String, double[]> acc = new TreeMap<>();
            for (Row r : rows) {
                double[] a = acc.computeIfAbsent(r.key().metric() + "\u0000" + r.route(), k -> new double[5]);
                if (r.ok()) {
                    a[0]++;
                    a[1] += Math.abs(r.error());
                    a[2] += r.observed() != 0 ? Math.abs(r.error() / r.observed()) : 0;
                    a[3] += r.within() ? 1 : 0;
                } else {
                    a[4]++;
                }
            }
            List<RouteSummary> out = new ArrayList<>();
            acc.forEach((k, a) -> out.add(new RouteSummary(k.substring(0, k.indexOf('\u0000')), k.substring(k.indexOf('\u0000') + 1),
                    (int) a[0], (int) a[4], a[0] == 0 ? Double.NaN : a[1] / a[0], a[0] == 0 ? Double.NaN : a[2] / a[0], (int) a[3])));
            return out;
        }
    }

    /** Runs the backtest on the series of any number of families, tasks and labels. */
    public Report run(List<Series> series) {
        Map<String, List<Series>> groups = new TreeMap<>();
        for (Series s : series) {
            SeriesKey k = s.key();
            groups.computeIfAbsent(k.family() + "\u0000" + k.task() + "\u0000" + k.labelText(), x -> new ArrayList<>()).add(s);
        }
        List<List<Series>> work = new ArrayList<>(groups.values());
        @SuppressWarnings("unchecked")
        List<Row>[] groupRows = new List[work.size()];
        @SuppressWarnings("unchecked")
        List<String>[] groupNotes = new List[work.size()];
        java.util.function.IntConsumer one = i -> {
            List<Series> group = work.get(i);
            group.sort((a, b) -> a.key().compareTo(b.key()));
            List<Row> r = new ArrayList<>();
            List<String> n = new ArrayList<>();
            runGroup(group, r, n);
            groupRows[i] = r;
            groupNotes[i] = n;
        };
        mirage.core.util.Parallel.forEachIndex(work.size(), threads, "mirage-backtest", one);
        List<Row> rows = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (int i = 0; i < work.size(); i++) {
            rows.addAll(groupRows[i]);
            notes.addAll(groupNotes[i]);
        }
        return new Report(List.copyOf(rows), holdout, confidence, resamples, seed, List.copyOf(notes));
    }


    private void runGroup(List<Series> group, List<Row> rows, List<String> notes) {
        TreeSet<Double> scales = new TreeSet<>();
        for (Series s : group) {
            for (Series.Point p : s.points()) {
                scales.add(p.scale());
            }
        }
        SeriesKey k0 = group.get(0).key();
        String where = k0.family() + " / " + k0.task() + (k0.labels().isEmpty() ? "" : " (" + k0.labelText() + ")");
        if (scales.size() <= holdout) {
            notes.add(where + ": " + scales.size() + " model sizes, holding out " + holdout + " leaves none to fit");
            return;
        }
        double cut = scales.descendingSet().stream().skip(holdout - 1).findFirst().orElseThrow();
        Map<String, Series> byMetric = new LinkedHashMap<>();
        for (Series s : group) {
            byMetric.put(s.key().metric(), s);
        }
        for (Series t : group) {
            List<Series.Point> held = t.points().stream().filter(p -> p.scale() >= cut && !Double.isNaN(p.y())).toList();
            if (held.isEmpty()) {
                notes.add(where + " / " + t.key().metric() + ": no value for the held-out models");
                continue;
            }
            MetricInfo info = MetricCatalog.lookup(t.key().metric());
            double[] range = range(info, t);
            if (range != null) {
                sigmoid(t, info, range, cut, held, rows);
            }
            if (info.smooth()) {
                powerLaw(t, info, cut, held, rows);
            }
            if (!info.continuous()) {
                Partners.Pair pair = Partners.of(t.key().metric(), byMetric.keySet(), true);
                String partner = pair == null ? null : pair.partner();
                boolean declared = pair != null && pair.declared();
                if (partner == null) {
                    failAll(t, "composed", "", 0, held, rows, "n/a: no smooth partner measured for " + t.key().metric());
                } else {
                    Series s = byMetric.get(partner);
                    double len = lengthOf(t.key());
                    ErrorForm form = ErrorForm.forMetric(partner, len);
                    Link link = Routes.link(t.key().metric(), partner, form, len, meanChance(t));
                    composed("composed", t, info, s, declared, form, link, cut, held, rows);
                    if (link.exact()) {
                        // the same route with the link's form fitted instead of fixed, e.g. exp(-gamma e)
                        Link fitted = link instanceof Link.ExactPower ? new Link.EffectiveLength(Double.NaN)
                                : Link.Logistic.between(Math.min(link.apply(0), link.apply(50)), Math.max(link.apply(0), link.apply(50)));
                        composed("composed_fit", t, info, s, declared, form, fitted, cut, held, rows);
                    }
                }
            }
        }
    }

    /** [floor, ceiling] for the sigmoid route, or null when the metric is not bounded. */
    private static double[] range(MetricInfo info, Series t) {
        double chance = meanChance(t);
        if (info.proportion()) {
            return new double[] {Double.isFinite(chance) ? chance * info.scale() : 0, info.scale()};
        }
        try {
            MetricKind kind = Metrics.parse(info.canonical()).kind();
            if (Double.isFinite(kind.min()) && Double.isFinite(kind.max())) {
                return kind.higherIsBetter() ? new double[] {kind.min(), kind.max()} : new double[] {kind.max(), kind.min()};
            }
        } catch (UnknownMetricException e) {
            // external metric of unknown range: no sigmoid
        }
        return null;
    }

    /** Mean chance level of the points; NaN when none, or when a value lies below it. */
    private static double meanChance(Series t) {
        double s = 0;
        int n = 0;
        for (Series.Point p : t.points()) {
            double c = p.value().chance();
            if (Double.isFinite(c)) {
                s += c;
                n++;
            }
        }
        if (n == 0) {
            return Double.NaN;
        }
        double c = s / n;
        for (Series.Point p : t.points()) {
            if (p.y() < c * MetricCatalog.lookup(t.key().metric()).scale()) {
                return Double.NaN; // values below chance: the floor is the range's end
            }
        }
        return c;
    }

    /** Training points of a series: scale below the cut, value known. */
    private static List<Series.Point> training(Series s, double cut) {
        return s.points().stream().filter(p -> p.scale() < cut && !Double.isNaN(p.y())).toList();
    }

    private void sigmoid(Series t, MetricInfo info, double[] range, double cut, List<Series.Point> held, List<Row> rows) {
        List<Series.Point> train = training(t, cut);
        SigmoidFit fit = SigmoidFit.create().withFloor(range[0]).withCeiling(range[1]).withConfidence(confidence);
        String detail = String.format(Locale.ROOT, "logistic in log10(scale) from %.3g to %.3g", range[0], range[1]);
        double[] x = xs(train);
        Fitter f = ys -> {
            FitResult r = fit.fit(x, ys);
            return new Predictor(r::predict, s -> r.predictionInterval(s, confidence));
        };
        predict(t, info, "sigmoid", detail, train, f, fit.parameters() + 1, held, rows, null, null);
    }

    private void powerLaw(Series t, MetricInfo info, double cut, List<Series.Point> held, List<Row> rows) {
        List<Series.Point> train = training(t, cut);
        ErrorForm form = ErrorForm.forMetric(t.key().metric(), lengthOf(t.key()));
        PowerLawFit fit = PowerLawFit.create().withConfidence(confidence);
        String detail = form.describe(t.key().metric()) + " = E + A (N/N0)^-alpha";
        double[] x = xs(train);
        Fitter f = ys -> {
            double[] e = new double[ys.length];
            for (int i = 0; i < ys.length; i++) {
                e[i] = form.toError(ys[i]);
                if (!Double.isFinite(e[i])) {
                    throw new IllegalArgumentException("value " + ys[i] + " outside the domain of " + form.describe(t.key().metric()));
                }
            }
            FitResult r = fit.fit(x, e);
            return new Predictor(s -> form.fromError(r.predict(s)), s -> {
                Interval iv = r.predictionInterval(s, confidence);
                double a = form.fromError(iv.lower());
                double b = form.fromError(iv.upper());
                return new Interval(Math.min(a, b), Math.max(a, b), confidence, iv.method());
            });
        };
        predict(t, info, "power_law", detail, train, f, fit.parameters() + 1, held, rows, null, null);
    }

    private void composed(String route, Series t, MetricInfo info, Series s, boolean declared, ErrorForm form, Link template,
                          double cut, List<Series.Point> held, List<Row> rows) {
        String partner = s.key().metric();
        List<Series.Point> sTrain = training(s, cut);
        Map<String, Series.Point> tByModel = new LinkedHashMap<>();
        for (Series.Point p : training(t, cut)) {
            tByModel.put(p.model(), p);
        }
        String detail = "via " + partner + (declared ? "" : " (undeclared partner: same task and conditions, assumed the same outputs)")
                + ": " + form.describe(partner) + " power law, then " + template.describe();
        ComposedRoute composer = ComposedRoute.create().withPowerLaw(PowerLawFit.create().withConfidence(confidence));
        double[] x = xs(sTrain);
        MetricInfo sInfo = MetricCatalog.lookup(partner);
        // the resampled arrays: partner values, then target values aligned to the partner's training models
        Series.Point[] tAligned = new Series.Point[sTrain.size()];
        for (int i = 0; i < sTrain.size(); i++) {
            tAligned[i] = tByModel.get(sTrain.get(i).model());
        }
        int need = 4; // the partner's power law: 3 parameters + 1
        Fitter f = ys -> {
            double[] sv = Arrays.copyOf(ys, sTrain.size());
            double[] tv = new double[sTrain.size()];
            for (int i = 0; i < tv.length; i++) {
                tv[i] = ys[sTrain.size() + i];
            }
            ComposedRoute.Fit fit = composer.fit(x, sv, null, form, template, tv);
            return new Predictor(fit::target, sc -> fit.targetDelta(sc, confidence));
        };
        // the points to resample: partner's, then the target's at the same models (fixed NaN where missing)
        List<Series.Point> pts = new ArrayList<>(sTrain);
        List<MetricInfo> infos = new ArrayList<>();
        for (int i = 0; i < sTrain.size(); i++) {
            infos.add(sInfo);
        }
        for (Series.Point p : tAligned) {
            pts.add(p);
            infos.add(info);
        }
        predict(t, info, route, detail, pts, f, need, held, rows, infos, template);
    }

    private double lengthOf(SeriesKey key) {
        double l = Routes.length(key.labels());
        return Double.isNaN(l) ? length : l;
    }

    private static double[] xs(List<Series.Point> pts) {
        return pts.stream().mapToDouble(Series.Point::scale).toArray();
    }

    /** A fitted route: point predictions and delta-method intervals. */
    private record Predictor(DoubleUnaryOperator value, java.util.function.DoubleFunction<Interval> delta) {
    }

    /** Fits a route to (possibly resampled) training values. */
    @FunctionalInterface
    private interface Fitter {
        Predictor fit(double[] values);
    }

    /**
     * Fits, predicts the held-out points and attaches intervals.
     *
     * @param pts training points to resample (for the composed route: partner's then target's, the latter
     *     may contain null = missing)
     * @param infos metric info per point (null: all are the target's)
     */
    private void predict(Series t, MetricInfo info, String route, String detail, List<Series.Point> pts, Fitter f,
                         int need, List<Series.Point> held, List<Row> rows, List<MetricInfo> infos, Link template) {
        int distinct = (int) pts.stream().filter(Objects::nonNull).mapToDouble(Series.Point::scale).distinct().count();
        if (infos != null) {
            distinct = (int) pts.subList(0, pts.size() / 2).stream().mapToDouble(Series.Point::scale).distinct().count();
        }
        if (distinct < need) {
            failAll(t, route, detail, distinct, held, rows, "not enough data: " + distinct + " training sizes, the route needs " + need);
            return;
        }
        double[] values = new double[pts.size()];
        PointUncertainty[] unc = new PointUncertainty[pts.size()];
        int known = 0;
        int present = 0;
        for (int i = 0; i < pts.size(); i++) {
            Series.Point p = pts.get(i);
            if (p == null) {
                values[i] = Double.NaN;
                continue;
            }
            present++;
            values[i] = p.y();
            unc[i] = PointUncertainty.of(infos == null ? info : infos.get(i), p.value());
            if (unc[i].known()) {
                known++;
            }
        }
        Predictor best;
        try {
            best = f.fit(values);
        } catch (NotEnoughDataException e) {
            failAll(t, route, detail, distinct, held, rows, oneLine(e));
            return;
        } catch (RuntimeException e) {
            failAll(t, route, detail, distinct, held, rows, "fit failed: " + oneLine(e));
            return;
        }
        String extra = "";
        List<double[]> reps = new ArrayList<>();
        int failed = 0;
        boolean bootstrap = resamples >= 2 && known > 0;
        if (bootstrap) {
            long routeSeed = seed ^ (t.key().toString() + "|" + route).hashCode();
            for (int b = 0; b < resamples; b++) {
                RandomDataGenerator rng = new RandomDataGenerator(MathModel.streamSeed(routeSeed, b));
                double[] v = values.clone();
                for (int i = 0; i < v.length; i++) {
                    if (unc[i] != null) {
                        v[i] = unc[i].draw(rng);
                    }
                }
                try {
                    Predictor p = f.fit(v);
                    double[] out = new double[held.size()];
                    for (int h = 0; h < held.size(); h++) {
                        out[h] = p.value().applyAsDouble(held.get(h).scale());
                    }
                    reps.add(out);
                } catch (RuntimeException e) {
                    failed++;
                }
            }
            if (known < present) {
                extra = "; " + (present - known) + " training points without known uncertainty held fixed";
            }
            if (failed > 0) {
                extra += "; " + failed + " of " + resamples + " refits failed";
            }
        }
        for (int h = 0; h < held.size(); h++) {
            Series.Point p = held.get(h);
            double pred = best.value().applyAsDouble(p.scale());
            if (!Double.isFinite(pred)) {
                rows.add(new Row(t.key(), route, detail, distinct, p.model(), p.scale(), Double.NaN, null, p.y(),
                        PointUncertainty.of(info, p.value()).interval(confidence), Double.NaN, false,
                        "fit failed: prediction is not finite"));
                continue;
            }
            Interval iv;
            if (bootstrap && reps.size() >= 2) {
                double[] col = new double[reps.size()];
                int k = 0;
                for (double[] r : reps) {
                    if (!Double.isNaN(r[h])) {
                        col[k++] = r[h];
                    }
                }
                col = Arrays.copyOf(col, k);
                Arrays.sort(col);
                double alpha = 1 - confidence;
                iv = k >= 2 ? new Interval(Math.min(pred, Quantiles.sorted(col, alpha / 2)),
                        Math.max(pred, Quantiles.sorted(col, 1 - alpha / 2)), confidence, "bootstrap(points) " + reps.size() + extra)
                        : best.delta().apply(p.scale());
            } else {
                iv = best.delta().apply(p.scale());
            }
            Interval obs = PointUncertainty.of(info, p.value()).interval(confidence);
            rows.add(new Row(t.key(), route, detail, distinct, p.model(), p.scale(), pred, iv, p.y(), obs, pred - p.y(),
                    iv.overlaps(obs), "ok"));
        }
    }

    private void failAll(Series t, String route, String detail, int training, List<Series.Point> held, List<Row> rows,
                         String why) {
        MetricInfo info = MetricCatalog.lookup(t.key().metric());
        for (Series.Point p : held) {
            rows.add(new Row(t.key(), route, detail, training, p.model(), p.scale(), Double.NaN, null, p.y(),
                    PointUncertainty.of(info, p.value()).interval(confidence), Double.NaN, false, why));
        }
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }
}
