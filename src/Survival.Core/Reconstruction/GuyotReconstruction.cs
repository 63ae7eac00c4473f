using System.Collections.Immutable;
using Survival.Core.Counting;
using Survival.Core.Curves;

namespace Survival.Core.Reconstruction;

/// <summary>
/// Rebuilds the individual patients behind a published Kaplan–Meier curve from its digitised points, its table of
/// numbers at risk and its total of events, by the algorithm of Guyot, Ades, Ouwens &amp; Welton (2012).
/// </summary>
public static class GuyotReconstruction
{
    /// <summary>Rebuilds one arm's patients: times of events and censorings whose Kaplan–Meier curve follows the points.</summary>
    /// <remarks>
    /// Guyot et al. (2012), BMC Med Res Methodol 12:9. The curve is first prepared (<see cref="PreparedCurve"/>: sorted,
    /// made non-increasing by <paramref name="fix"/>, a point at each time of the table). The table's columns
    /// (t_i, n_i) cut the time axis into intervals; in each, the inverted Kaplan–Meier equations give the deaths at
    /// every point k from the number at risk n̂_k and the last value of the rebuilt curve Ŝ_last:
    /// <code>
    /// d_k     = round(n̂_k (1 − S_k / Ŝ_last))            (0 at the origin; within [0, n̂_k])
    /// Ŝ_k     = Ŝ_last (1 − d_k / n̂_k)                   (Ŝ_last ← Ŝ_k when d_k &gt; 0)
    /// n̂_{k+1} = n̂_k − d_k − c_k
    /// </code>
    /// where c_k counts the interval's censorings that fall in [t_k, t_{k+1}), the interval's c censorings being spread
    /// evenly over it (at t_i + j (t_{i+1} − t_i)/(c + 1), j = 1…c: the figure's censor marks are never needed).
    /// Interval i starts from c = round(n_i S(t_{i+1}−)/S(t_i−) − n_{i+1}) and updates c ← c + (n̂_{i+1} − n_{i+1}) until
    /// the rebuilt number at risk at t_{i+1} is the published one (or falls short with c = 0); the next interval starts
    /// from the rebuilt number. The last interval, with no number at its end, is censored at the average rate of
    /// the earlier ones, c = round(Σ c_i · (its length)/(the earlier intervals' length)), none when it is the only
    /// one; when the total of events E is published, c is then updated c ← c + (Σ d − E) until the deaths total E.
    /// Whoever remains after the last point is censored at its time.
    /// <para>
    /// Additions to the published algorithm, each for what real figures have: every update loop stops at a value of c
    /// it has tried before (the published loop can cycle for ever), or after 1000 values, and keeps the c that came
    /// closest, then fewest censorings; c stays within [0, n̂]; points at time 0 are the curve's start; a table that starts after 0 is
    /// started from the published number of patients or, without it, from the fewest consistent with the curve; and
    /// the curve is extended flat to a table time after its last point. The result is deterministic: the same input
    /// always gives the same patients.
    /// </para>
    /// </remarks>
    /// <param name="curve">The published arm.</param>
    /// <param name="fix">How rising points are made non-increasing.</param>
    /// <exception cref="InputRuleException">A rule of <see cref="PublishedCurveRules"/> is broken.</exception>
    public static ReconstructedCohort Rebuild(PublishedCurve curve, MonotoneFix fix = MonotoneFix.IsotonicRegression)
    {
        PublishedCurveRules.Check(curve, fix);
        var prepared = PreparedCurve.From(curve, fix);
        var walk = new IntervalWalk(prepared);
        var (atRisk, km, deaths, censored) = (prepared.AtRisk[0], 1.0, 0, 0);
        var lastInterval = prepared.Intervals - 1;
        for (var i = 0; i < lastInterval; i++)
        {
            var target = prepared.AtRisk[i + 1];
            double from = prepared.Survival[prepared.IntervalStart[i]], to = prepared.Survival[prepared.IntervalStart[i + 1]];
            var initial = from > 0 ? Round(atRisk * to / from - target) : 0;
            var (interval, start, end) = (i, atRisk, km);
            var censorings = Solve(initial, atRisk, c => walk.Run(interval, start, end, c).Remaining - target);
            var result = walk.Run(i, atRisk, km, censorings);
            (atRisk, km, deaths, censored) = (result.Remaining, result.Km, deaths + result.Deaths, censored + result.Censored);
        }

        var last = LastIntervalCensorings(prepared, censored, atRisk);
        if (curve.TotalEvents is { } total && deaths <= total)
        {
            var (before, start, end) = (deaths, atRisk, km);
            last = Solve(last, atRisk, c => before + walk.Run(lastInterval, start, end, c).Deaths - total);
        }
        walk.Run(lastInterval, atRisk, km, last);

        var (times, events) = walk.Subjects();
        return new ReconstructedCohort(times, events, Quality(curve, prepared, times, events));
    }

    /// <summary>
    /// Guyot's rule for the interval after the last column: the earlier intervals' censorings per unit time, over its
    /// length, at most those at risk; none when there is no earlier interval.
    /// </summary>
    private static int LastIntervalCensorings(PreparedCurve curve, int censoredBefore, int atRisk)
    {
        if (curve.Intervals == 1) return 0;
        var start = curve.IntervalStart[curve.Intervals - 1];
        var earlier = curve.Times[start - 1] - curve.Times[0];
        if (earlier <= 0) return 0;
        return Math.Min(Round(censoredBefore * (curve.Times[^1] - curve.Times[start]) / earlier), atRisk);
    }

    /// <summary>
    /// Guyot's update c ← c + discrepancy(c), from <paramref name="initial"/> within [0, <paramref name="most"/>], until the
    /// discrepancy is 0 or negative at c = 0; stops at a c tried before and returns the c of smallest |discrepancy|
    /// (then the smallest c).
    /// </summary>
    private static int Solve(int initial, int most, Func<int, int> discrepancy)
    {
        // Guyot's update lands within a few steps; the bound keeps a pathological input from walking every c.
        const int maxSteps = 1000;
        var c = Math.Clamp(initial, 0, most);
        var tried = new HashSet<int>();
        var (best, bestGap) = (c, int.MaxValue);
        while (tried.Count < maxSteps && tried.Add(c))
        {
            var gap = discrepancy(c);
            if (Math.Abs(gap) < bestGap || (Math.Abs(gap) == bestGap && c < best)) (best, bestGap) = (c, Math.Abs(gap));
            if (gap == 0 || (gap < 0 && c == 0)) break;
            c = Math.Clamp(c + gap, 0, most);
        }
        return best;
    }

    private static ReconstructionQuality Quality(PublishedCurve published, PreparedCurve curve, ImmutableArray<double> times, ImmutableArray<bool> events)
    {
        var km = KaplanMeier.Estimate(SurvivalData.Create(times.AsSpan(), events.AsSpan()));
        var read = published.Points.Where(p => p.Time > 0).OrderBy(p => p.Time).ThenByDescending(p => p.Survival).ToArray();
        double largest = 0, sum = 0;
        foreach (var point in read)
        {
            var distance = Math.Min(Math.Abs(point.Survival - At(km, point.Time)), Math.Abs(point.Survival - Before(km, point.Time)));
            largest = Math.Max(largest, distance);
            sum += distance;
        }
        var checks = curve.AtRiskTimes.Select((t, i) => new AtRiskCheck(t, curve.AtRiskGiven[i], times.Length - LowerBound(times, t)));
        return new ReconstructionQuality
        {
            MaxAbsoluteDifference = largest,
            MeanAbsoluteDifference = read.Length > 0 ? sum / read.Length : 0,
            AtRisk = [.. checks],
            TotalEventsGiven = published.TotalEvents,
            PointsMadeMonotone = curve.PointsAdjusted,
        };
    }

    /// <summary>Ŝ(t): the curve's value after its rows at or before t.</summary>
    private static double At(KaplanMeierCurve km, double time)
    {
        var row = km.RowAtOrBefore(time);
        return row < 0 ? 1 : km.Survival[row];
    }

    /// <summary>Ŝ(t−): the curve's value after its rows before t.</summary>
    private static double Before(KaplanMeierCurve km, double time)
    {
        var row = LowerBound(km.Times, time) - 1;
        return row < 0 ? 1 : km.Survival[row];
    }

    /// <summary>The first index whose value is ≥ <paramref name="value"/> in a sorted array.</summary>
    private static int LowerBound(ImmutableArray<double> sorted, double value)
    {
        var (low, high) = (0, sorted.Length);
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (sorted[middle] < value) low = middle + 1;
            else high = middle;
        }
        return low;
    }

    /// <summary>R's <c>round</c>: halves to even.</summary>
    internal static int Round(double value) => (int)Math.Round(value, MidpointRounding.ToEven);
}
