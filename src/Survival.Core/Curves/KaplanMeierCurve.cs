using System.Collections.Immutable;

namespace Survival.Core.Curves;

/// <summary>
/// A Kaplan–Meier curve: one row per distinct observed time, event or censoring, as R's <c>survfit</c> object.
/// </summary>
/// <param name="Times">Distinct observed times, increasing.</param>
/// <param name="AtRisk">Subjects at risk at the row's time: time ≥ it, and entered before it.</param>
/// <param name="Events">Events at the row's time.</param>
/// <param name="Censored">Censorings at the row's time.</param>
/// <param name="Survival">The product-limit estimate S(t).</param>
/// <param name="StdErrLogSurvival">
/// Greenwood's standard error of log S(t) (R's <c>$std.err</c>); +∞ once the curve has reached zero. With case weights
/// that are not all whole, the infinitesimal-jackknife one, 0 once the curve has reached zero (as R's).
/// </param>
/// <param name="CumulativeHazard">The Nelson–Aalen estimate H(t).</param>
/// <param name="CumulativeHazardStdErr">Its standard error (R's <c>$std.chaz</c>).</param>
/// <param name="Entered">
/// Delayed entries at or after the previous row's time and before this row's: what a risk table of left-truncated data
/// shows beside the numbers at risk (R's single-state <c>survfit</c> has no such column). All 0 without delayed entry.
/// </param>
public sealed record KaplanMeierCurve(
    ImmutableArray<double> Times,
    ImmutableArray<int> AtRisk,
    ImmutableArray<int> Events,
    ImmutableArray<int> Censored,
    ImmutableArray<double> Survival,
    ImmutableArray<double> StdErrLogSurvival,
    ImmutableArray<double> CumulativeHazard,
    ImmutableArray<double> CumulativeHazardStdErr,
    ImmutableArray<int> Entered)
{
    /// <summary>With case weights, Σ w over those at risk at each row (the n_j of the estimate); default without weights.</summary>
    public ImmutableArray<double> WeightedAtRisk { get; init; }

    /// <summary>With case weights, Σ w over the events of each row (the d_j of the estimate); default without weights.</summary>
    public ImmutableArray<double> WeightedEvents { get; init; }

    /// <summary>Whether the curve was estimated with case weights.</summary>
    public bool Weighted => !WeightedAtRisk.IsDefault;

    /// <summary>Number of subjects the curve was estimated from.</summary>
    public int Subjects => TotalEvents + TotalCensored;

    /// <summary>Number of observed events.</summary>
    public int TotalEvents => Sum(Events);

    /// <summary>Number of censored subjects.</summary>
    public int TotalCensored => Sum(Censored);

    /// <summary>The last observed time, event or censoring.</summary>
    public double LastTime => Times[^1];

    /// <summary>The standard error of S at row <paramref name="row"/>, S·se(log S); null where not estimable (S = 0).</summary>
    public double? StdErrSurvival(int row) => StdErrOfSurvival(Survival[row], StdErrLogSurvival[row]);

    /// <summary>The row of the last time ≤ <paramref name="time"/>, or −1 when <paramref name="time"/> precedes every row.</summary>
    public int RowAtOrBefore(double time)
    {
        var index = Times.AsSpan().BinarySearch(time);
        return index >= 0 ? index : ~index - 1;
    }

    /// <summary>S·σ, where σ is the standard error of log S; not estimable when the product is not finite.</summary>
    internal static double? StdErrOfSurvival(double survival, double stdErrLog)
    {
        var value = survival * stdErrLog;
        return double.IsFinite(value) ? value : null;
    }

    private static int Sum(ImmutableArray<int> values)
    {
        var total = 0;
        foreach (var value in values) total += value;
        return total;
    }
}
