using Survival.Core.Counting;
using Survival.Core.Inference;

namespace Survival.Core.Curves;

/// <summary>Median follow-up by the reverse Kaplan–Meier method.</summary>
public static class MedianFollowUp
{
    /// <summary>The median of the follow-up distribution, with its confidence interval.</summary>
    /// <remarks>
    /// The Kaplan–Meier estimate of the censoring distribution — each censoring counted as an event and each event
    /// as a censoring — has median T̃ with S_c(T̃) ≤ 0.5 (Schemper &amp; Smith 1996). Unlike the median of observed
    /// times, it is not shortened by early events. Its interval is that of <see cref="SurvivalQuantile"/>. This is R's
    /// <c>quantile(survfit(Surv(time, 1 - status) ~ 1), 0.5)</c>.
    /// </remarks>
    public static QuantileEstimate Estimate(SurvivalData data, ConfidenceType type, ConfidenceLevel level) =>
        Estimate(CountingTable.FromSubjects(data).GroupTable(0).WithTimeFix(), type, level);

    internal static QuantileEstimate Estimate(EventTable table, ConfidenceType type, ConfidenceLevel level)
    {
        var curve = KaplanMeier.Estimate(table.WithEventsReversed());
        return SurvivalQuantile.Estimate(curve, ConfidenceBand.Compute(curve, type, level), [0.5])[0];
    }
}
