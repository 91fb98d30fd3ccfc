package mirage.report.summary;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import mirage.core.verdict.VerdictConfig;
import mirage.io.csv.AnalysisSchema.Verdicts;
import mirage.report.data.CsvTable;
import mirage.report.data.Labels;

/**
 * The answer in words: one plain sentence per judged (family, task) from {@code verdicts.csv}, saying what looks sharp,
 * what the continuous metric on the same outputs does, and the verdict, e.g. "math-model / math_model_L5: exact_match
 * looks sharp; target_logprob on the same outputs improves along its trend, and its power law composed as p^5
 * reproduces it: a mirage." The sentence is built from the columns {@code verdict, reason, shape, metric, partner, eta,
 * partner_excess, link, explains, below_resolution, items_needed, sizes_needed} (the reasons are those of
 * {@code mirage.core.verdict.Decision.Reason}); {@code explanation} holds the numbers.
 *
 * <p>Ranking by evidence: conclusive verdicts first (emergent, mirage, then smooth, then unresolved); within a verdict,
 * the lower end of D's eta interval (sharpest first), then family and task. The (family, task) takes the sentence of its
 * best-ranked curve and says how the others came out.
 */
public final class Answers {
    private Answers() {
    }

    /** D is called sharp from eta = ES/(k-1) at this threshold (the verdict rule's default). */
    static final double TAU = VerdictConfig.defaults().sharpness();
    /** S jumps when its error drops this factor below its trend (the rule's default). */
    static final double JUMP_RATIO = VerdictConfig.defaults().jumpRatio();

    /**
     * One (family, task)'s answer.
     *
     * @param row the verdicts.csv row of its best-ranked curve
     * @param labels that curve's labels
     * @param sentence the plain sentence
     * @param curves judged curves of this (family, task)
     */
    public record Answer(String family, String task, String labels, String metric, String partner, String verdict, int row,
                         String sentence, int curves) {
    }

    /** Order of verdicts: conclusive first. */
    public static int verdictRank(String verdict) {
        return switch (verdict) {
            case "emergent" -> 0;
            case "mirage" -> 1;
            case "smooth" -> 2;
            case "unresolved" -> 3;
            default -> 4;
        };
    }

    /** The rows of verdicts.csv in evidence order ({@link Answers class comment}). */
    public static List<Integer> ranked(CsvTable v) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer>comparingInt(i -> verdictRank(v.get(i, Verdicts.VERDICT)))
                .thenComparing(i -> -orMinus(number(v, i, Verdicts.ETA_LOWER)))
                .thenComparing(i -> v.get(i, Verdicts.FAMILY)).thenComparing(i -> v.get(i, Verdicts.TASK))
                .thenComparing(i -> v.get(i, Verdicts.LABELS)).thenComparing(i -> v.get(i, Verdicts.METRIC)));
        return order;
    }

    private static double orMinus(double x) {
        return Double.isNaN(x) ? Double.NEGATIVE_INFINITY : x;
    }

    private static double number(CsvTable v, int i, String col) {
        try {
            return CsvTable.parseNumber(v.get(i, col));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** One answer per judged (family, task), strongest evidence first. */
    public static List<Answer> of(CsvTable v) {
        if (v == null || !v.has(Verdicts.VERDICT)) {
            return List.of();
        }
        Map<String, List<Integer>> byTask = new LinkedHashMap<>();
        for (int i : ranked(v)) {
            if (v.get(i, Verdicts.VERDICT).isBlank()) {
                continue;
            }
            byTask.computeIfAbsent(v.get(i, Verdicts.FAMILY) + '\u0000' + v.get(i, Verdicts.TASK), k -> new ArrayList<>()).add(i);
        }
        List<Answer> out = new ArrayList<>();
        for (List<Integer> rows : byTask.values()) {
            int lead = rows.get(0);
            StringBuilder sb = new StringBuilder();
            sb.append(v.get(lead, Verdicts.FAMILY)).append(" / ").append(v.get(lead, Verdicts.TASK));
            String distinct = distinguishing(v, rows, lead);
            if (!distinct.isEmpty()) {
                sb.append(" [").append(distinct).append(']');
            }
            sb.append(": ").append(sentence(v, lead));
            if (rows.size() > 1) {
                Map<String, Integer> counts = new TreeMap<>(Comparator.comparingInt(Answers::verdictRank).thenComparing(s -> s));
                for (int r : rows) {
                    counts.merge(v.get(r, Verdicts.VERDICT), 1, Integer::sum);
                }
                StringBuilder c = new StringBuilder();
                counts.forEach((k, n) -> c.append(c.length() == 0 ? "" : ", ").append(n).append(' ').append(k));
                sb.setLength(sb.length() - 1); // the full stop
                sb.append(" (").append(rows.size()).append(" judged curves of this task: ").append(c).append(").");
            }
            out.add(new Answer(v.get(lead, Verdicts.FAMILY), v.get(lead, Verdicts.TASK), v.get(lead, Verdicts.LABELS),
                    v.get(lead, Verdicts.METRIC), v.get(lead, Verdicts.PARTNER), v.get(lead, Verdicts.VERDICT), lead,
                    sb.toString(), rows.size()));
        }
        return out;
    }

    /** The lead row's labels that differ among the (family, task)'s judged curves, as {@code k=v;k=v}. */
    private static String distinguishing(CsvTable v, List<Integer> rows, int lead) {
        if (rows.size() < 2) {
            return "";
        }
        Map<String, TreeSet<String>> values = new TreeMap<>();
        List<Map<String, String>> all = new ArrayList<>();
        for (int r : rows) {
            Map<String, String> m = Labels.parse(v.get(r, Verdicts.LABELS));
            all.add(m);
            m.keySet().forEach(k -> values.computeIfAbsent(k, x -> new TreeSet<>()));
        }
        for (Map<String, String> m : all) {
            for (String k : values.keySet()) {
                values.get(k).add(m.getOrDefault(k, ""));
            }
        }
        Map<String, String> mine = Labels.parse(v.get(lead, Verdicts.LABELS));
        Map<String, String> out = new TreeMap<>();
        values.forEach((k, vs) -> {
            if (vs.size() > 1 && mine.containsKey(k)) {
                out.put(k, mine.get(k));
            }
        });
        return Labels.format(out);
    }

    /** The sentence of one verdicts.csv row (without family and task), ending with a full stop. */
    public static String sentence(CsvTable v, int i) {
        String d = v.get(i, Verdicts.METRIC);
        String s = v.get(i, Verdicts.PARTNER);
        String verdict = v.get(i, Verdicts.VERDICT);
        String reason = v.get(i, Verdicts.REASON);
        double eta = number(v, i, Verdicts.ETA);
        String looks = eta >= TAU ? "looks sharp" : "rises";
        String same = s + " on the same outputs";
        String sTrend = same + " " + partner(number(v, i, Verdicts.PARTNER_EXCESS), d);
        String route = route(v, i);
        String text = switch (reason) {
            case "too_few_sizes" -> d + " has " + v.get(i, Verdicts.N_MODELS) + " sizes with " + s + ", too few to judge a jump";
            case "non_monotone" -> ("non_monotone".equals(v.get(i, Verdicts.SHAPE)) ? d : same) + " is not monotone, so a jump cannot be judged";
            case "flat_below_resolution" -> d + " stays at its floor while " + s + " improves, and the test sets are too small to see"
                    + " what that trend predicts";
            case "flat" -> d + " shows no change beyond noise";
            case "at_chance" -> d + " stays at chance";
            case "falling" -> d + " gets worse with scale";
            case "saturating" -> d + " saturates (an approach to the ceiling)";
            case "no_uncertainty" -> d + " " + looks + ", but without item counts or standard errors its sharpness cannot be told from noise";
            case "not_sharp" -> d + " rises gradually; " + sTrend;
            case "partner_outside_domain" -> d + " " + looks + ", but " + s + " is outside its error form's domain";
            case "partner_jumps" -> d + " " + looks + "; " + same + " jumps with it";
            case "route_explains" -> d + " looks sharp; " + sTrend + ", and " + route;
            case "route_explains_not_sharp" -> d + " rises gradually; " + sTrend + ", and " + route;
            case "partner_not_power_law" -> d + " " + looks + "; " + sTrend + ", but " + s + " is not a power law, so the composed"
                    + " route cannot tell";
            case "route_fails" -> d + " " + looks + "; " + sTrend + ", but " + route;
            case "jump_at_first_step" -> d + " jumps at its first step, so " + s + " has no trend before it to compare with";
            case "partner_uncertain" -> d + " " + looks + "; whether " + s + " jumps with it cannot be told yet";
            case "sharpness_uncertain" -> "whether " + d + " is sharp is not resolved; " + sTrend;
            default -> d + " against " + s;
        };
        StringBuilder sb = new StringBuilder(text).append(": ").append(switch (verdict) {
            case "mirage" -> "a mirage";
            case "emergent" -> "emergent";
            default -> verdict;
        });
        if ("unresolved".equals(verdict)) {
            double items = number(v, i, Verdicts.ITEMS_NEEDED);
            if (items > 0) {
                sb.append(String.format(Locale.ROOT, "; about %,d items per size would decide it", (long) items));
            }
            String sizes = v.get(i, Verdicts.SIZES_NEEDED).trim();
            if (!sizes.isEmpty()) {
                sb.append("; ").append(sizes).append(" would help");
            }
        }
        double below = number(v, i, Verdicts.BELOW_RESOLUTION);
        if ("mirage".equals(verdict) && below > 0) {
            sb.append(String.format(Locale.ROOT, " (%d of its points that read as absent %s below the test set's resolution)",
                    (long) below, below == 1 ? "is" : "are"));
        }
        return sb.append('.').toString();
    }

    /** What S does at D's jump, from its excess over its own trend ({@code ln(e_trend / e)}). */
    static String partner(double excess, String d) {
        if (Double.isNaN(excess)) {
            return "has no trend before " + d + "'s largest step to compare with";
        }
        double ln = Math.log(JUMP_RATIO);
        if (excess >= ln) {
            return "drops below its trend there";
        }
        if (excess <= -ln) {
            return "levels off there";
        }
        return "improves along its trend";
    }

    /** The composed route: "its power law composed as p^5 reproduces it" or "... misses it". */
    static String route(CsvTable v, int i) {
        String link = v.get(i, Verdicts.LINK).trim();
        int cut = link.indexOf(" (");
        String shortLink = cut > 0 ? link.substring(0, cut) : link;
        if (shortLink.isEmpty()) {
            return "the composed route could not be fitted";
        }
        // a fitted logistic link is named, not written out (its formula with the constants is in verdicts.csv, link)
        String how = shortLink.contains("exp(") ? "through a fitted logistic link" : "as " + shortLink;
        boolean explains = "true".equalsIgnoreCase(v.get(i, Verdicts.EXPLAINS).trim());
        return "its power law composed " + how + (explains ? " reproduces it" : " misses it");
    }
}
