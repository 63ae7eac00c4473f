namespace Survival.Core.IntervalCensoring;

/// <summary>
/// A survival-time quantile from Turnbull's estimate: the time at which S falls to 1 − p where the estimate identifies
/// it, else the Turnbull interval within which it falls — never a made-up point — with a confidence interval.
/// </summary>
/// <param name="Probability">p.</param>
/// <param name="Time">The quantile where identified: S falls to 1 − p at an exactly observed time. Null otherwise.</param>
/// <param name="RangeStart">Where S falls to 1 − p inside a Turnbull interval (q, p], or stays at 1 − p up to the next one: its start q; null when identified or not reached.</param>
/// <param name="RangeEnd">That stretch's end; null when identified or not reached.</param>
/// <param name="Lower">The lower confidence limit: the start of the interval where the lower pointwise limit falls to 1 − p; null when no band.</param>
/// <param name="Upper">The upper confidence limit: the end of the interval where the upper pointwise limit falls to 1 − p; null when it never does.</param>
public sealed record TurnbullQuantile(double Probability, double? Time, double? RangeStart, double? RangeEnd, double? Lower, double? Upper)
{
    /// <summary>Whether S reaches 1 − p at all.</summary>
    public bool Reached => Time is not null || RangeStart is not null;

    /// <summary>Whether every maximum-likelihood curve reaches 1 − p at the same time.</summary>
    public bool Identified => Time is not null;

    /// <summary>The quantile of <paramref name="estimate"/> with the band's interval.</summary>
    /// <remarks>
    /// The quantile is where S first reaches s = 1 − p, the rule of R's <c>quantile.survfit</c> (a value within √ε of s
    /// counts as reaching it). S falls only inside intervals with mass, so with k the first whose survival after is ≤ s:
    /// <list type="bullet">
    /// <item>k is an exact time t (q = p = t): the quantile is t, identified;</item>
    /// <item>S after k is below s: S passes s somewhere in (q_k, p_k], which is reported and not identified;</item>
    /// <item>k is the mass beyond the last assessment of right-censored subjects, (q, ∞): not reached;</item>
    /// <item>S after k equals s: S reaches s within (q_k, p_k] and stays there until the next interval: the range is
    /// (q_k, q_{k+1}] (for an exact k, R's midpoint rule between the point and q_{k+1} is not used: the range is given).</item>
    /// </list>
    /// The interval inverts the pointwise band as Brookmeyer &amp; Crowley (1982) do for Kaplan–Meier curves, at the points
    /// where the band is known: the quantiles of the lower and the upper confidence curves, each taken at the outer end of
    /// the Turnbull interval where it falls to s (the start for the lower curve, the end for the upper one).
    /// </remarks>
    internal static TurnbullQuantile Of(TurnbullEstimate estimate, TurnbullBand band, double probability)
    {
        var target = 1 - probability;
        var tolerance = Math.Sqrt(MachineEpsilon);
        var k = First(estimate.SurvivalAfter.AsSpan(), target, tolerance);
        var (lower, upper) = ConfidenceLimits(estimate, band, target, tolerance);
        // Mass beyond the last assessment (q, ∞) is where right-censored subjects' events lie, unseen: not reached, as
        // a Kaplan–Meier curve ending in censorings is not.
        if (k < 0 || double.IsPositiveInfinity(estimate.Right[k])) return new TurnbullQuantile(probability, null, null, null, lower, upper);
        var (start, end) = (estimate.Left[k], estimate.Right[k]);
        var flat = Math.Abs(estimate.SurvivalAfter[k] - target) <= tolerance;
        if (flat && k + 1 < estimate.Left.Length) end = estimate.Left[k + 1];
        if (start == end) return new TurnbullQuantile(probability, start, null, null, lower, upper);
        return new TurnbullQuantile(probability, null, start, end, lower, upper);
    }

    /// <summary>R's <c>.Machine$double.eps</c>.</summary>
    private const double MachineEpsilon = 2.220446049250313e-16;

    private static int First(ReadOnlySpan<double> survival, double target, double tolerance)
    {
        for (var k = 0; k < survival.Length; k++)
            if (survival[k] <= target + tolerance) return k;
        return -1;
    }

    private static (double? Lower, double? Upper) ConfidenceLimits(TurnbullEstimate estimate, TurnbullBand band, double target, double tolerance)
    {
        if (band.Upper.Length == 0 || band.Upper.All(u => u is null)) return (null, null);
        double? lower = null, upper = null;
        for (var k = 0; k < estimate.Mass.Length; k++)
        {
            if (lower is null && band.Lower[k] is { } l && l <= target + tolerance) lower = estimate.Left[k];
            if (upper is null && band.Upper[k] is { } u && u <= target + tolerance) upper = estimate.Right[k];
        }
        // An upper curve that never reaches the target leaves the upper limit open (not reached), as for Kaplan–Meier curves.
        return (lower, upper is { } end && double.IsFinite(end) ? end : null);
    }
}
