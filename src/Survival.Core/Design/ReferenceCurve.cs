using Survival.Core.Counting;
using Survival.Core.Curves;

namespace Survival.Core.Design;

/// <summary>A cohort's curve as a plan's reference (control or historical null), and what it was fitted from.</summary>
/// <remarks>
/// <code>
/// Kaplan–Meier median      λ = log 2 / m̂                       m̂ = R's quantile(survfit(...), 0.5)
/// exponential              λ̂ = d / Σ_i t_i                    (events over time at risk)
/// piecewise exponential    λ̂_k = d_k / Σ_i |[c_k, c_{k+1}) ∩ [0, t_i)|   on cuts 0 = c_0 &lt; c_1 &lt; …
/// </code>
/// The last two are the maximum-likelihood estimates under right censoring (Friedman 1982). A fit needs an event in
/// each piece, and the median needs the curve to reach 0.5.
/// </remarks>
public sealed record ReferenceCurve
{
    /// <summary>The fitted curve.</summary>
    public required PiecewiseExponential Curve { get; init; }

    /// <summary>How the curve was fitted.</summary>
    public required ReferenceFitMethod Method { get; init; }

    /// <summary>The cohort's subjects.</summary>
    public required int Subjects { get; init; }

    /// <summary>Their events.</summary>
    public required int Events { get; init; }

    /// <summary>Σ t_i: the time at risk.</summary>
    public required double TimeAtRisk { get; init; }

    /// <summary>The Kaplan–Meier median; null when not reached.</summary>
    public required double? KaplanMeierMedian { get; init; }

    /// <summary>Fits group <paramref name="group"/> of <paramref name="counts"/> (all strata) by <paramref name="method"/>.</summary>
    /// <exception cref="InputRuleException">Weighted or delayed-entry counts, a median not reached, a piece without an event, or cuts not increasing.</exception>
    public static ReferenceCurve Fit(CountingTable counts, int group, ReferenceFitMethod method, IReadOnlyList<double>? cuts = null)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var table = counts.GroupTable(group).WithTimeFix();
        if (counts.Weighted || table.Entered.Any(e => e > 0))
            throw new InputRuleException("reference_cohort", InputRules.ReferenceCohortRequirement);
        var median = SurvivalSummary.Summarize(counts, group, new SurvivalSummaryOptions { Quantiles = [0.5] }).Median.Time;
        var starts = method == ReferenceFitMethod.PiecewiseExponential ? Starts(cuts) : [0.0];
        var (events, exposure) = EventsAndExposure(table, starts);
        var curve = method switch
        {
            ReferenceFitMethod.KaplanMeierMedian => median is { } m
                ? PiecewiseExponential.FromMedian(m)
                : throw new InputRuleException("reference_cohort", InputRules.ReferenceMedianRequirement),
            _ => events.All(d => d > 0)
                ? new PiecewiseExponential(starts, [.. events.Select((d, k) => d / exposure[k])])
                : throw new InputRuleException("control.cohort_cuts", InputRules.ReferencePieceRequirement),
        };
        return new ReferenceCurve
        {
            Curve = curve,
            Method = method,
            Subjects = table.Subjects,
            Events = events.Sum(),
            TimeAtRisk = exposure.Sum(),
            KaplanMeierMedian = median,
        };
    }

    private static double[] Starts(IReadOnlyList<double>? cuts)
    {
        var starts = new[] { 0.0 }.Concat(cuts ?? []).ToArray();
        for (var k = 1; k < starts.Length; k++)
            if (!(starts[k] > starts[k - 1]) || !double.IsFinite(starts[k])) throw new InputRuleException("control.cohort_cuts", InputRules.PieceStartsRequirement);
        return starts;
    }

    /// <summary>Each piece's events and time at risk: the number at risk integrated over the piece.</summary>
    private static (int[] Events, double[] Exposure) EventsAndExposure(EventTable table, double[] starts)
    {
        var events = new int[starts.Length];
        var exposure = new double[starts.Length];
        var previous = 0.0;
        for (var j = 0; j < table.Count; j++)
        {
            // n_j subjects are at risk on (t_{j−1}, t_j].
            var t = table.Times[j];
            for (var k = 0; k < starts.Length; k++)
            {
                var end = k + 1 < starts.Length ? starts[k + 1] : double.PositiveInfinity;
                var overlap = Math.Min(t, end) - Math.Max(previous, starts[k]);
                if (overlap > 0) exposure[k] += table.AtRisk[j] * overlap;
            }
            events[PieceOf(t, starts)] += table.Events[j];
            previous = t;
        }
        return (events, exposure);
    }

    /// <summary>The piece [c_k, c_{k+1}) that holds an event at t (an event at a cut counts in the piece it ends).</summary>
    private static int PieceOf(double time, double[] starts)
    {
        var k = starts.Length - 1;
        while (k > 0 && time <= starts[k]) k--;
        return k;
    }
}
