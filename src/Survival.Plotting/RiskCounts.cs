using Survival.Core.Curves;

namespace Survival.Plotting;

/// <summary>
/// The risk table's counts at a time t, read off the curve's rows (each row already holds its n at risk, events and
/// censorings), with the conventions of R's <c>summary(fit, times)</c> and survminer.
/// </summary>
internal static class RiskCounts
{
    /// <summary>
    /// Subjects whose time is ≥ <paramref name="time"/>: the n at risk of the first row at or after it
    /// (no subject's time lies between), or 0 once every subject's time has passed.
    /// </summary>
    public static int AtRisk(KaplanMeierCurve curve, double time)
    {
        var row = curve.RowAtOrBefore(time);
        if (row >= 0 && curve.Times[row] == time) return curve.AtRisk[row];
        return row + 1 < curve.Times.Length ? curve.AtRisk[row + 1] : 0;
    }

    /// <summary>Events at times ≤ <paramref name="time"/>.</summary>
    public static int EventsThrough(KaplanMeierCurve curve, double time) => SumThrough(curve.Events, curve.RowAtOrBefore(time));

    /// <summary>Censorings at times ≤ <paramref name="time"/>.</summary>
    public static int CensoredThrough(KaplanMeierCurve curve, double time) => SumThrough(curve.Censored, curve.RowAtOrBefore(time));

    private static int SumThrough(IReadOnlyList<int> counts, int lastRow)
    {
        var total = 0;
        for (var row = 0; row <= lastRow; row++) total += counts[row];
        return total;
    }
}
