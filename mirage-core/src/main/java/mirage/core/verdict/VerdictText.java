package mirage.core.verdict;

import java.util.Locale;

/**
 * The explanation of a verdict in words: one sentence of what D looks like, what S on the same outputs does at
 * D's jump, what the composed route shows, and what would decide an unresolved case. Numbers are the evidence's
 * own (3 significant digits).
 */
final class VerdictText {
    private VerdictText() {
    }

    /** Everything the sentences quote. */
    record Inputs(Triplet t, Decision.Reason reason, Sharpness.Data d, PartnerTrend.Data s, Composition.Data route,
                  ResolutionCheck.Data res, double sharpQ, double smoothQ, double jumpQ, double noJumpQ, double tau,
                  double jumpRatio, long itemsNeeded, String sizesNeeded) {
    }

    static String explain(Inputs in) {
        Triplet t = in.t();
        String dn = t.dName();
        String sn = t.sName();
        Sharpness.Data d = in.d();
        String eta = String.format(Locale.ROOT, "eta %s%s", fmt(d.eta()), interval(d.lo(), d.hi()));
        String where = d.jump() > 0 ? String.format(Locale.ROOT, " (largest step %s -> %s between %s and %s)",
                fmt(t.d[d.jump() - 1]), fmt(t.d[d.jump()]), fmt(t.x[d.jump() - 1]), fmt(t.x[d.jump()])) : "";
        String sharpWords = d.eta() >= in.tau() ? "looks sharp" : "rises gradually";
        String look = dn + " " + sharpWords + " (" + eta + where + ")";
        String sTrend = partnerSentence(in);
        String routeText = routeSentence(in);
        String resText = resolutionSentence(in);
        String need = in.itemsNeeded() > 0 ? String.format(Locale.ROOT, "; about %d items per size would decide it", in.itemsNeeded()) : "";
        String sizes = in.sizesNeeded().isEmpty() ? "" : "; " + in.sizesNeeded() + " would help";
        return switch (in.reason()) {
            case TOO_FEW_SIZES -> String.format(Locale.ROOT, "%d sizes with both %s and %s; at least %d are needed to judge a jump: add models",
                    t.k, dn, sn, 4);
            case NON_MONOTONE -> (d.shape().kind() == mirage.core.analysis.CurveShape.Kind.NON_MONOTONE
                    ? dn + " is not monotone: " + d.shape().detail()
                    : t.sName() + " is not monotone: " + (in.s() == null ? "" : in.s().shape().detail()))
                    + "; a jump cannot be judged on this family until that model is checked (training budget, evaluation)";
            case FLAT_BELOW_RESOLUTION -> dn + " reads " + fmt(t.d[t.k - 1]) + " at every size (" + d.shape().detail() + ") while "
                    + sn + " improves; the composed route predicts " + fmt(in.route().pred()[t.k - 1]) + " at the largest size, "
                    + "below what " + ResolutionCheck.itemsAt(t, t.k - 1) + " items can see" + need;
            case FLAT -> dn + " shows no change beyond noise (" + d.shape().detail() + "): no jump to judge";
            case AT_CHANCE -> dn + " stays at chance (" + d.shape().detail() + "): no jump to judge";
            case FALLING -> dn + " " + d.shape().detail() + ": no emergent rise";
            case SATURATING -> dn + " saturates: " + d.shape().detail() + "; an approach to the ceiling, not an ability appearing";
            case NO_UNCERTAINTY -> look + ", but no item count or standard error is known for its points, so its sharpness "
                    + "cannot be told from noise: give item counts (n) or standard errors";
            case NOT_SHARP -> String.format(Locale.ROOT, "no sharp rise under %s: %s, below %s (q %s); %s", dn, eta, fmt(in.tau()),
                    fmt(in.smoothQ()), sTrend);
            case PARTNER_DOMAIN -> look + ", but " + in.s().domainProblem() + ": S's behaviour cannot be judged";
            case PARTNER_JUMPS -> dn + " rises (" + eta + where + "); " + sTrend + ": the continuous metric jumps with it, "
                    + "so the jump is not made by the metric: emergent";
            case ROUTE_EXPLAINS -> look + "; " + sTrend + ", and " + routeText + ": the jump is made by the metric, a mirage"
                    + resText;
            case ROUTE_EXPLAINS_NOT_SHARP -> look + "; " + sTrend + ", and " + routeText + ": nothing sharp to explain" + resText;
            case PARTNER_NOT_POWER_LAW -> look + "; " + sTrend + ", but " + routeText + ", and " + sn + " is not a power law ("
                    + String.format(Locale.ROOT, "misfit %s of its range", pct(in.s().misfit())) + "), so the composed route "
                    + "cannot be trusted to tell";
            case ROUTE_FAILS -> look + "; " + sTrend + ", but " + routeText + ": " + dn + " moves beyond what " + sn
                    + " implies (dependent errors, or an ability " + sn + " misses)";
            case JUMP_AT_FIRST_STEP -> look + ", but its largest step is its first, so " + sn
                    + " has no trend before it to compare with" + sizes;
            case PARTNER_UNCERTAIN -> look + "; whether " + sn + " jumps there cannot be told: " + sTrend + need;
            case SHARPNESS_UNCERTAIN -> look + String.format(Locale.ROOT, ", but whether it is sharp is not resolved "
                    + "(eta around %s; q %s for sharp, %s for gradual); %s", fmt(in.tau()), fmt(in.sharpQ()), fmt(in.smoothQ()), sTrend)
                    + need + sizes + resText;
        };
    }

    /** What S does at D's jump. */
    static String partnerSentence(VerdictText.Inputs in) {
        Triplet t = in.t();
        PartnerTrend.Data s = in.s();
        String sn = t.sName();
        if (s == null || !s.domainProblem().isEmpty()) {
            return sn + " cannot be judged";
        }
        if (Double.isNaN(s.excess())) {
            return String.format(Locale.ROOT, "%s on the same outputs (%s, eta of ln e %s%s) has no trend before that step",
                    sn, s.form().describe(sn), fmt(s.eta()), interval(s.etaLo(), s.etaHi()));
        }
        double factor = Math.exp(s.excess());
        String how;
        if (s.excess() >= Math.log(in.jumpRatio())) {
            how = String.format(Locale.ROOT, "drops %sx below the trend of the two sizes before", fmt(factor));
        } else if (s.excess() <= -Math.log(in.jumpRatio())) {
            how = String.format(Locale.ROOT, "levels off (%sx above the trend of the two sizes before)", fmt(1 / factor));
        } else {
            how = String.format(Locale.ROOT, "follows the trend of the two sizes before (%sx of it)", fmt(1 / factor));
        }
        String lim = Double.isNaN(s.lo()) ? "" : String.format(Locale.ROOT, ", ln excess %s [%s, %s] against ln %s = %s",
                small(s.excess()), small(s.lo()), small(s.hi()), fmt(in.jumpRatio()), fmt(Math.log(in.jumpRatio())));
        return String.format(Locale.ROOT, "%s on the same outputs (%s) %s at %s's largest steps%s", sn, s.form().describe(sn), how,
                t.dName(), lim);
    }

    static String routeSentence(VerdictText.Inputs in) {
        Composition.Data r = in.route();
        Triplet t = in.t();
        if (r == null || r.pred() == null) {
            return "the composed route could not be fitted" + (r == null || r.error().isEmpty() ? "" : " (" + r.error() + ")");
        }
        if (r.explains()) {
            return String.format(Locale.ROOT, "its power law composed as %s reproduces %s at every size (largest gap %s of the range)",
                    r.linkText(), t.dName(), pct(r.discrepancy()));
        }
        int w = r.worst();
        return String.format(Locale.ROOT, "its power law composed as %s misses %s at %s (observed %s, route %s [%s, %s])",
                r.linkText(), t.dName(), fmt(t.x[w]), fmt(t.d[w]), fmt(r.pred()[w]), fmt(r.lo()[w]), fmt(r.hi()[w]));
    }

    static String resolutionSentence(VerdictText.Inputs in) {
        ResolutionCheck.Data res = in.res();
        Triplet t = in.t();
        if (res == null || res.belowResolution() == 0 || res.cheapest() < 0) {
            return "";
        }
        return String.format(Locale.ROOT, "; %d of its points where it looks absent are below resolution (the route predicts %s "
                + "at %s; %d items per size would see it, %d were used)", res.belowResolution(),
                fmt(in.route().pred()[res.cheapest()]), fmt(t.x[res.cheapest()]), res.itemsNeeded(),
                ResolutionCheck.itemsAt(t, res.cheapest()));
    }

    static String interval(double lo, double hi) {
        return Double.isNaN(lo) ? "" : " [" + fmt(lo) + ", " + fmt(hi) + "]";
    }

    static String fmt(double v) {
        return mirage.core.util.Text.num(v);
    }

    /** A number for a sentence, with magnitudes below 1e-9 (rounding noise of an exact zero) written as 0. */
    static String small(double v) {
        return Math.abs(v) < 1e-9 ? "0" : fmt(v);
    }

    static String pct(double v) {
        return mirage.core.util.Text.percent(v, 1);
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }
}
