package mirage.core.verdict;

import mirage.core.stats.PointUncertainty;
import mirage.core.stats.SampleSize;

/**
 * Do D's points where it looks absent sit below the test set's resolution? Where the composed route predicts
 * D near its floor (within {@code nearFloor} of the predicted range, at sizes up to D's largest step), the
 * route's small non-zero prediction p is resolved when the test set has at least the items of a one-sided test
 * of p against the floor (alpha 0.05, the configured power; {@code ceil(ln(1-power) / ln(1-p))} for floor 0).
 * A prediction that needs more than {@link VerdictConfig#MAX_ITEMS} items is not counted: there the route itself
 * predicts (practically) nothing, and a measured zero agrees with it. Evidence only: the paper's second
 * prediction, that more items would show above-floor values where D reads its floor.
 */
final class ResolutionCheck {
    private ResolutionCheck() {
    }

    /**
     * @param nearFloor points where D looks absent (route near the floor, before D's largest step)
     * @param belowResolution how many of them the test set cannot tell from the floor
     * @param itemsNeeded items per size that would resolve the cheapest of them (0: none)
     * @param cheapest index of that point (-1: none)
     */
    record Data(int nearFloor, int belowResolution, long itemsNeeded, int cheapest) {
        static final Data NONE = new Data(0, 0, 0, -1);
    }

    static Data check(Triplet t, double[] pred, int jump, VerdictConfig c) {
        if (pred == null || !t.dInfo.proportion()) {
            return Data.NONE;
        }
        double f = t.floor();
        if (Double.isNaN(f)) {
            return Data.NONE;
        }
        double top = Double.NEGATIVE_INFINITY;
        for (double p : pred) {
            top = Math.max(top, t.hib ? p - f : f - p);
        }
        int last = jump < 0 ? t.k - 1 : jump - 1;
        int near = 0;
        int below = 0;
        long cheapestNeed = Long.MAX_VALUE;
        int cheapest = -1;
        for (int i = 0; i <= last; i++) {
            double above = t.hib ? pred[i] - f : f - pred[i];
            if (above > c.nearFloor() * top) {
                continue;
            }
            long need = itemsToSee(t, pred[i], f, c);
            if (need > VerdictConfig.MAX_ITEMS) {
                continue;
            }
            near++;
            long have = itemsAt(t, i);
            if (have < need) {
                below++;
                if (need < cheapestNeed) {
                    cheapestNeed = need;
                    cheapest = i;
                }
            }
        }
        return new Data(near, below, cheapest < 0 ? 0 : cheapestNeed, cheapest);
    }

    /** Items per size a one-sided test needs to tell the rate {@code pred} from the floor (MAX_VALUE: never). */
    static long itemsToSee(Triplet t, double pred, double floor, VerdictConfig c) {
        double rate = pred / t.dInfo.scale();
        double fl = floor / t.dInfo.scale();
        if (!(fl >= 0 && fl < 1) || !(rate > 0 && rate < 1) || rate == fl || (t.hib ? rate < fl : rate > fl)) {
            return Long.MAX_VALUE;
        }
        try {
            return SampleSize.toDistinguish(rate, fl, 0.05, c.power()).items();
        } catch (IllegalArgumentException tooMany) {
            return Long.MAX_VALUE; // more items than any test set: the route predicts (practically) the floor
        }
    }

    /** The fewest items behind D's models at a distinct scale (0 when unknown). */
    static long itemsAt(Triplet t, int g) {
        long n = Long.MAX_VALUE;
        for (int i = 0; i < t.models.length; i++) {
            if (t.group[i] == g) {
                n = Math.min(n, PointUncertainty.of(t.dInfo, t.dv[i]).n());
            }
        }
        return n == Long.MAX_VALUE ? 0 : n;
    }
}
