using System.Collections.Immutable;
using Survival.Core.Curves;
using Survival.Core.Inference;
using Survival.Core.IntervalCensoring;

namespace Survival.Plotting;

/// <summary>Turnbull's estimate of one group as a series to draw: identified values, unidentified stretches, subjects under observation.</summary>
public static class TurnbullSeries
{
    /// <summary>The series of one group's Turnbull summary.</summary>
    /// <remarks>
    /// Its curve has a row at each end of every interval with mass and at each end of follow-up, with the identified
    /// S(t) there (no such time lies inside an interval with mass), the subjects still under observation as the number
    /// at risk, the right-censored subjects last seen then as censorings (their marks) and the others ending then as
    /// events. The band is the bootstrap interval of the survival after the last interval with mass, and is left open
    /// across an unidentified stretch.
    /// </remarks>
    public static PlotSeries From(string label, TurnbullSummary summary, ConfidenceType type, ConfidenceLevel level)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var estimate = summary.Estimate;
        var times = new SortedSet<double>(summary.FollowUpEnds);
        for (var k = 0; k < estimate.Mass.Length; k++)
        {
            if (double.IsFinite(estimate.Right[k])) times.Add(estimate.Right[k]);
            times.Add(estimate.Left[k]);
        }
        times.RemoveWhere(t => !double.IsFinite(t));
        var rows = times.ToArray();
        var n = rows.Length;
        var (survival, atRisk, events, censored) = (new double[n], new int[n], new int[n], new int[n]);
        var (lower, upper) = (new double?[n], new double?[n]);
        var (stdErrLog, hazard) = (new double[n], new double[n]);
        for (var row = 0; row < n; row++)
        {
            var t = rows[row];
            survival[row] = estimate.SurvivalAt(t).Upper;
            hazard[row] = -Math.Log(survival[row]);
            atRisk[row] = summary.UnderObservationAt(t);
            var end = summary.FollowUpEnds.AsSpan().BinarySearch(t);
            if (end >= 0)
            {
                var ending = summary.UnderObservation[end] - (end + 1 < summary.UnderObservation.Length ? summary.UnderObservation[end + 1] : 0);
                censored[row] = summary.CensoredAt[end];
                events[row] = ending - censored[row];
            }
            var k = LastEndingBy(estimate, t);
            var opensStretch = estimate.Left.AsSpan().BinarySearch(t) is var at && at >= 0 && estimate.Right[at] > t;
            if (k >= 0 && !opensStretch)
            {
                (lower[row], upper[row]) = (summary.Lower[k], summary.Upper[k]);
                stdErrLog[row] = summary.StdError[k] is { } se && survival[row] > 0 ? se / survival[row] : double.NaN;
            }
        }
        var curve = new KaplanMeierCurve(
            rows.Own(), atRisk.Own(), events.Own(), censored.Own(), survival.Own(), stdErrLog.Own(), hazard.Own(),
            new double[n].Own(), new int[n].Own());
        var stretches = Enumerable.Range(0, estimate.Mass.Length)
            .Where(k => estimate.Left[k] < estimate.Right[k] && double.IsFinite(estimate.Right[k]))
            .Select(k => new UnidentifiedStretch(estimate.Left[k], estimate.Right[k], estimate.SurvivalBefore(k), estimate.SurvivalAfter[k]))
            .ToImmutableArray();
        var band = summary.BootstrapReplicates > 0 ? new ConfidenceBand(type, level, [.. lower], [.. upper]) : null;
        return new PlotSeries(label, curve, band, summary.Median.Time) { Unidentified = stretches };
    }

    private static int LastEndingBy(TurnbullEstimate estimate, double time)
    {
        var index = estimate.Right.AsSpan().BinarySearch(time);
        return index >= 0 ? index : ~index - 1;
    }

    private static ImmutableArray<T> Own<T>(this T[] values) => ImmutableArray.Create(values);
}
