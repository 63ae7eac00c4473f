namespace Survival.Plotting;

/// <summary>Test results computed elsewhere, printed on the plot when the options ask for them.</summary>
/// <param name="LogRankPValue">The log-rank test's p-value, shown when <see cref="PlotOptions.ShowPValue"/> is on.</param>
/// <param name="HazardRatio">A hazard ratio, shown when <see cref="PlotOptions.ShowHazardRatio"/> is on.</param>
public sealed record PlotAnnotations(double? LogRankPValue = null, HazardRatioAnnotation? HazardRatio = null)
{
    /// <summary>The name the p-value is printed under; null for "Log-rank" (for example "Interval log-rank (Sun)").</summary>
    public string? TestName { get; init; }
}
