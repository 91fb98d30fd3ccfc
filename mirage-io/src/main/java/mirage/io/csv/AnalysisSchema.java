package mirage.io.csv;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The columns of the analysis outputs of {@code mirage analyze} (docs/FORMATS.md, "Analysis outputs"), named once:
 * the writers ({@code AnalysisWriter}, {@link VerdictsCsv}, {@link BacktestCsv}, {@code LengthAnalysis},
 * {@code SkipLog}) take their headers from here and the readers (the report, its summary) look columns up by these
 * constants, so a renamed column is renamed for both or fails {@code AnalysisSchemaTest} (every constant must be a
 * column of its file, and the headers are sealed there).
 *
 * <p>Label columns: {@code series.csv}, {@code emergence.csv} and {@code verdicts.csv} keep the packed {@code labels}
 * column ({@code key=value;key=value}) and add one column per label key found in the file, named
 * {@link #LABEL_PREFIX}{@code KEY} (e.g. {@code label_shots}), sorted by key, after the fixed columns (and, in
 * emergence.csv, after the verdict columns); a row without that label has an empty field.
 */
public final class AnalysisSchema {
    private AnalysisSchema() {
    }

    /** Prefix of the per-label columns: {@code label_KEY}. */
    public static final String LABEL_PREFIX = "label_";

    /** The column of label KEY. */
    public static String labelColumn(String key) {
        return LABEL_PREFIX + key;
    }

    /** The per-label columns of these label keys, sorted by key. */
    public static List<String> labelColumns(Collection<String> keys) {
        List<String> out = new ArrayList<>();
        for (String k : new TreeSet<>(keys)) {
            out.add(labelColumn(k));
        }
        return out;
    }

    /** The fields of the per-label columns of {@code keys} (as {@link #labelColumns}) for one row's labels. */
    public static List<String> labelFields(Collection<String> keys, Map<String, String> labels) {
        List<String> out = new ArrayList<>();
        for (String k : new TreeSet<>(keys)) {
            String v = labels.get(k);
            out.add(v == null ? "" : v);
        }
        return out;
    }

    /** {@code series.csv}: every point of every scaling curve. */
    public static final class Series {
        private Series() {
        }

        public static final String FILE = "series.csv";
        public static final String FAMILY = "family";
        public static final String TASK = "task";
        public static final String METRIC = "metric";
        public static final String LABELS = "labels";
        public static final String AXIS = "axis";
        public static final String MODEL = "model";
        public static final String SCALE = "scale";
        public static final String VALUE = "value";
        public static final String N = "n";
        public static final String STDERR = "stderr";
        public static final String LOWER = "lower";
        public static final String UPPER = "upper";
        public static final String CHANCE = "chance";
        public static final String SERIES_ID = "series_id";
        public static final String RESOLUTION = "resolution";
        public static final String ZERO_STATUS = "zero_status";

        /** The fixed columns, in order (the label columns follow). */
        public static final List<String> COLUMNS = List.of(FAMILY, TASK, METRIC, LABELS, AXIS, MODEL, SCALE, VALUE, N, STDERR,
                LOWER, UPPER, CHANCE, SERIES_ID, RESOLUTION, ZERO_STATUS);
    }

    /** {@code emergence.csv}: one row per series. */
    public static final class Emergence {
        private Emergence() {
        }

        public static final String FILE = "emergence.csv";
        public static final String FAMILY = "family";
        public static final String TASK = "task";
        public static final String METRIC = "metric";
        /** The {@code shots} label (empty when none). */
        public static final String SHOTS = "shots";
        /** The other labels. */
        public static final String LABELS = "labels";
        public static final String N_MODELS = "n_models";
        public static final String MIN_SCALE = "min_scale";
        public static final String MAX_SCALE = "max_scale";
        public static final String EMERGENCE_SCORE = "emergence_score";
        public static final String ES_LOWER = "es_lower";
        public static final String ES_UPPER = "es_upper";
        public static final String SHAPE = "shape";
        /** {@code true}, {@code false} or {@code unknown}: the emergence flag on evidence. */
        public static final String EMERGENT = "emergent";
        /** {@code ln} when the score was computed on the log of the metric (perplexities), else {@code value}. */
        public static final String ES_SCALE = "es_scale";
        public static final String STATUS = "status";
        public static final String HIGHER_IS_BETTER = "higher_is_better";
        public static final String CONTINUOUS = "continuous";
        public static final String LINEAR = "linear";
        public static final String AXIS = "axis";
        public static final String N_SCALES = "n_scales";
        public static final String MIN_VALUE = "min_value";
        public static final String MAX_VALUE = "max_value";
        public static final String MIN_N = "min_n";
        public static final String METRIC_KNOWN = "metric_known";
        public static final String SERIES_ID = "series_id";

        /** The fixed columns, in order (the annotators' columns, then the label columns follow). */
        public static final List<String> COLUMNS = List.of(FAMILY, TASK, METRIC, SHOTS, LABELS, N_MODELS, MIN_SCALE, MAX_SCALE,
                EMERGENCE_SCORE, ES_LOWER, ES_UPPER, SHAPE, EMERGENT, ES_SCALE, STATUS, HIGHER_IS_BETTER, CONTINUOUS, LINEAR,
                AXIS, N_SCALES, MIN_VALUE, MAX_VALUE, MIN_N, METRIC_KNOWN, SERIES_ID);
    }

    /** {@code by_metric.csv}: one row per metric. */
    public static final class ByMetric {
        private ByMetric() {
        }

        public static final String FILE = "by_metric.csv";
        public static final String METRIC = "metric";
        public static final String SERIES = "series";
        public static final String SCORED_SERIES = "scored_series";
        public static final String TOO_FEW_SIZES = "too_few_sizes";
        public static final String EMERGENT_SERIES = "emergent_series";
        public static final String SCORE_ABOVE_THRESHOLD = "score_above_threshold";
        public static final String SHARE_OF_EMERGENT = "share_of_emergent";
        public static final String EMERGENT_RATE = "emergent_rate";
        public static final String THRESHOLD = "threshold";
        public static final String HIGHER_IS_BETTER = "higher_is_better";
        public static final String CONTINUOUS = "continuous";
        public static final String LINEAR = "linear";
        public static final String METRIC_KNOWN = "metric_known";

        public static final List<String> COLUMNS = List.of(METRIC, SERIES, SCORED_SERIES, TOO_FEW_SIZES, EMERGENT_SERIES,
                SCORE_ABOVE_THRESHOLD, SHARE_OF_EMERGENT, EMERGENT_RATE, THRESHOLD, HIGHER_IS_BETTER, CONTINUOUS, LINEAR,
                METRIC_KNOWN);
    }

    /** {@code verdicts.csv}: one row per judged (family, task, labels, discontinuous metric). */
    public static final class Verdicts {
        private Verdicts() {
        }

        public static final String FILE = "verdicts.csv";
        public static final String FAMILY = "family";
        public static final String TASK = "task";
        public static final String LABELS = "labels";
        public static final String METRIC = "metric";
        public static final String PARTNER = "partner";
        public static final String VERDICT = "verdict";
        public static final String REASON = "reason";
        public static final String SHAPE = "shape";
        public static final String EXPLANATION = "explanation";
        public static final String PARTNER_DECLARED = "partner_declared";
        public static final String N_MODELS = "n_models";
        public static final String MIN_SCALE = "min_scale";
        public static final String MAX_SCALE = "max_scale";
        public static final String MIN_ITEMS = "min_items";
        public static final String TRIPLETS = "triplets";
        public static final String EMERGENCE_SCORE = "emergence_score";
        public static final String ETA = "eta";
        public static final String ETA_LOWER = "eta_lower";
        public static final String ETA_UPPER = "eta_upper";
        public static final String ETA_METHOD = "eta_method";
        public static final String SHARP_P = "sharp_p";
        public static final String SHARP_Q = "sharp_q";
        public static final String GRADUAL_P = "gradual_p";
        public static final String GRADUAL_Q = "gradual_q";
        public static final String CHANGE_Z = "change_z";
        public static final String JUMP_FROM = "jump_from";
        public static final String JUMP_TO = "jump_to";
        public static final String ERROR_FORM = "error_form";
        public static final String PARTNER_ETA = "partner_eta";
        public static final String PARTNER_ETA_LOWER = "partner_eta_lower";
        public static final String PARTNER_ETA_UPPER = "partner_eta_upper";
        public static final String PARTNER_EXCESS = "partner_excess";
        public static final String PARTNER_EXCESS_LOWER = "partner_excess_lower";
        public static final String PARTNER_EXCESS_UPPER = "partner_excess_upper";
        public static final String PARTNER_METHOD = "partner_method";
        public static final String PARTNER_JUMP_P = "partner_jump_p";
        public static final String PARTNER_JUMP_Q = "partner_jump_q";
        public static final String PARTNER_NO_JUMP_P = "partner_no_jump_p";
        public static final String PARTNER_NO_JUMP_Q = "partner_no_jump_q";
        public static final String PARTNER_MISFIT = "partner_misfit";
        public static final String PARTNER_LOF_P = "partner_lof_p";
        public static final String LINK = "link";
        public static final String MAX_DISCREPANCY = "max_discrepancy";
        public static final String EXPLAINS = "explains";
        public static final String ROUTE_ERROR = "route_error";
        public static final String NEAR_FLOOR = "near_floor";
        public static final String BELOW_RESOLUTION = "below_resolution";
        public static final String ITEMS_NEEDED = "items_needed";
        public static final String SIZES_NEEDED = "sizes_needed";

        /** The fixed columns, in order (the label columns follow). */
        public static final List<String> COLUMNS = List.of(FAMILY, TASK, LABELS, METRIC, PARTNER, VERDICT, REASON, SHAPE,
                EXPLANATION, PARTNER_DECLARED, N_MODELS, MIN_SCALE, MAX_SCALE, MIN_ITEMS, TRIPLETS, EMERGENCE_SCORE, ETA,
                ETA_LOWER, ETA_UPPER, ETA_METHOD, SHARP_P, SHARP_Q, GRADUAL_P, GRADUAL_Q, CHANGE_Z, JUMP_FROM, JUMP_TO,
                ERROR_FORM, PARTNER_ETA, PARTNER_ETA_LOWER, PARTNER_ETA_UPPER, PARTNER_EXCESS, PARTNER_EXCESS_LOWER,
                PARTNER_EXCESS_UPPER, PARTNER_METHOD, PARTNER_JUMP_P, PARTNER_JUMP_Q, PARTNER_NO_JUMP_P, PARTNER_NO_JUMP_Q,
                PARTNER_MISFIT, PARTNER_LOF_P, LINK, MAX_DISCREPANCY, EXPLAINS, ROUTE_ERROR, NEAR_FLOOR, BELOW_RESOLUTION,
                ITEMS_NEEDED, SIZES_NEEDED);
    }

    /** {@code backtest.csv}: one row per (series, route, held-out model). */
    public static final class Backtest {
        private Backtest() {
        }

        public static final String FILE = "backtest.csv";
        public static final String FAMILY = "family";
        public static final String TASK = "task";
        public static final String LABELS = "labels";
        public static final String METRIC = "metric";
        public static final String ROUTE = "route";
        public static final String MODEL = "model";
        public static final String SCALE = "scale";
        public static final String TRAINING_POINTS = "training_points";
        public static final String OBSERVED = "observed";
        public static final String OBSERVED_LOWER = "observed_lower";
        public static final String OBSERVED_UPPER = "observed_upper";
        public static final String PREDICTED = "predicted";
        public static final String LOWER = "lower";
        public static final String UPPER = "upper";
        public static final String INTERVAL_METHOD = "interval_method";
        public static final String ERROR = "error";
        public static final String WITHIN = "within";
        public static final String STATUS = "status";
        public static final String DETAIL = "detail";

        public static final List<String> COLUMNS = List.of(FAMILY, TASK, LABELS, METRIC, ROUTE, MODEL, SCALE, TRAINING_POINTS,
                OBSERVED, OBSERVED_LOWER, OBSERVED_UPPER, PREDICTED, LOWER, UPPER, INTERVAL_METHOD, ERROR, WITHIN, STATUS, DETAIL);
    }

    /** {@code lengths.csv}: per model, fits against the target length. */
    public static final class Lengths {
        private Lengths() {
        }

        public static final String FILE = "lengths.csv";
        public static final String FAMILY = "family";
        public static final String TASK = "task";
        public static final String LABELS = "labels";
        public static final String METRIC = "metric";
        public static final String MODEL = "model";
        public static final String SCALE = "scale";
        public static final String LENGTHS = "lengths";
        public static final String LIKELIHOOD = "likelihood";
        public static final String ITEMS = "items";
        public static final String GEOMETRIC_FORM = "geometric_form";
        public static final String GEOMETRIC_FACTOR = "geometric_factor";
        public static final String GEOMETRIC_LOWER = "geometric_lower";
        public static final String GEOMETRIC_UPPER = "geometric_upper";
        public static final String GEOMETRIC_INTERVAL = "geometric_interval";
        public static final String GEOMETRIC_SCALE = "geometric_scale";
        public static final String GEOMETRIC_LOGLIK = "geometric_loglik";
        public static final String GEOMETRIC_AIC = "geometric_aic";
        public static final String GEOMETRIC_DEVIANCE = "geometric_deviance";
        public static final String GEOMETRIC_GOF_P = "geometric_gof_p";
        public static final String LINEAR_INTERCEPT = "linear_intercept";
        public static final String LINEAR_SLOPE = "linear_slope";
        public static final String LINEAR_SLOPE_LOWER = "linear_slope_lower";
        public static final String LINEAR_SLOPE_UPPER = "linear_slope_upper";
        public static final String LINEAR_INTERVAL = "linear_interval";
        public static final String LINEAR_LOGLIK = "linear_loglik";
        public static final String LINEAR_AIC = "linear_aic";
        public static final String LINEAR_DEVIANCE = "linear_deviance";
        public static final String LINEAR_GOF_P = "linear_gof_p";
        public static final String DELTA_AIC = "delta_aic";
        public static final String BETTER = "better";
        public static final String TOKEN_ACCURACY = "token_accuracy";
        public static final String P_MINUS_TOKEN_ACCURACY = "p_minus_token_accuracy";
        public static final String TOKEN_ACCURACY_IN_INTERVAL = "token_accuracy_in_interval";
        public static final String TOKEN_PROB = "token_prob";
        public static final String P_MINUS_TOKEN_PROB = "p_minus_token_prob";
        public static final String NOTE = "note";

        public static final List<String> COLUMNS = List.of(FAMILY, TASK, LABELS, METRIC, MODEL, SCALE, LENGTHS, LIKELIHOOD, ITEMS,
                GEOMETRIC_FORM, GEOMETRIC_FACTOR, GEOMETRIC_LOWER, GEOMETRIC_UPPER, GEOMETRIC_INTERVAL, GEOMETRIC_SCALE,
                GEOMETRIC_LOGLIK, GEOMETRIC_AIC, GEOMETRIC_DEVIANCE, GEOMETRIC_GOF_P, LINEAR_INTERCEPT, LINEAR_SLOPE,
                LINEAR_SLOPE_LOWER, LINEAR_SLOPE_UPPER, LINEAR_INTERVAL, LINEAR_LOGLIK, LINEAR_AIC, LINEAR_DEVIANCE, LINEAR_GOF_P,
                DELTA_AIC, BETTER, TOKEN_ACCURACY, P_MINUS_TOKEN_ACCURACY, TOKEN_ACCURACY_IN_INTERVAL, TOKEN_PROB,
                P_MINUS_TOKEN_PROB, NOTE);
    }

    /** {@code skipped.csv}: every row, cell or value left out. */
    public static final class Skipped {
        private Skipped() {
        }

        public static final String FILE = "skipped.csv";
        public static final String FILE_COLUMN = "file";
        public static final String LINE = "line";
        public static final String FIELD = "field";
        public static final String REASON = "reason";

        public static final List<String> COLUMNS = List.of(FILE_COLUMN, LINE, FIELD, REASON);
    }
}
