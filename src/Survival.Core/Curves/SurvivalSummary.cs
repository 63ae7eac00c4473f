using System.Collections.Immutable;
using Survival.Core.Counting;

namespace Survival.Core.Curves;

/// <summary>Everything estimated from one group's Kaplan–Meier curve.</summary>
/// <param name="Curve">The curve.</param>
/// <param name="Band">Its pointwise confidence band.</param>
/// <param name="Quantiles">The requested quantiles, in the order requested.</param>
/// <param name="Median">The median, equal to the 0.5 entry of <paramref name="Quantiles"/> when that is requested.</param>
/// <param name="Landmarks">Survival at each requested landmark time.</param>
/// <param name="Rmst">The restricted mean, when a truncation time was given.</param>
/// <param name="MedianFollowUp">The median follow-up (reverse Kaplan–Meier), when asked for.</param>
public sealed record SurvivalSummary(
    KaplanMeierCurve Curve,
    ConfidenceBand Band,
    ImmutableArray<QuantileEstimate> Quantiles,
    QuantileEstimate Median,
    ImmutableArray<LandmarkEstimate> Landmarks,
    RmstEstimate? Rmst,
    QuantileEstimate? MedianFollowUp = null)
{
    /// <summary>The simultaneous band, when asked for and estimable (<see cref="SimultaneousConfidenceBand"/>).</summary>
    public SimultaneousConfidenceBand? SimultaneousBand { get; init; }

    /// <summary>Estimates the curve and every summary <paramref name="options"/> asks for.</summary>
    /// <remarks>
    /// The median is R's <c>quantile(fit, 0.5)</c>; when 0.5 is among the requested quantiles it is that entry of
    /// <c>quantile(fit, probs)</c>, so the two never disagree.
    /// </remarks>
    public static SurvivalSummary Summarize(SurvivalData data, SurvivalSummaryOptions options) =>
        Summarize(CountingTable.FromSubjects(data), 0, options);

    /// <summary>
    /// The summary of group <paramref name="group"/> of a counting table, over all its strata; its curve's variance is
    /// read from the cohort's rows when R's is (<see cref="KaplanMeier.Estimate(CountingTable, int)"/>).
    /// </summary>
    internal static SurvivalSummary Summarize(CountingTable counts, int group, SurvivalSummaryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var table = counts.GroupTable(group).WithTimeFix();
        var curve = KaplanMeier.Estimate(counts, group, table);
        var band = ConfidenceBand.Compute(curve, options.Type, options.Level);
        var quantiles = SurvivalQuantile.Estimate(curve, band, options.Quantiles);
        var median = quantiles.FirstOrDefault(q => q.Probability == 0.5)
            ?? SurvivalQuantile.Estimate(curve, band, [0.5])[0];
        var landmarks = options.LandmarkTimes.Select(t => LandmarkSurvival.Estimate(curve, band, t))
            .ToImmutableArray();
        var rmst = options.RmstTau is { } tau ? RestrictedMeanSurvivalTime.Estimate(curve, tau, options.Level) : null;
        var followUp = options.MedianFollowUp ? Curves.MedianFollowUp.Estimate(table, options.Type, options.Level) : null;
        var simultaneous = options.SimultaneousBand is { } bandOptions
            ? SimultaneousConfidenceBand.Estimate(curve, bandOptions, options.Level)
            : null;
        return new SurvivalSummary(curve, band, quantiles, median, landmarks, rmst, followUp) { SimultaneousBand = simultaneous };
    }
}
