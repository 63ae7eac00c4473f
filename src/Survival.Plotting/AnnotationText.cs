using System.Globalization;

namespace Survival.Plotting;

/// <summary>How test results are printed on the plot.</summary>
internal static class AnnotationText
{
    /// <summary>Below this a p-value is printed as a bound: four decimals cannot show it.</summary>
    private const double SmallestShownP = 0.0001;

    /// <summary>"Log-rank p = 0.0123", "Log-rank p &lt; 0.0001", or "Log-rank p not estimable" (no events); <paramref name="test"/> names another test.</summary>
    public static string LogRank(double? p, string test = "Log-rank") => $"{test} " + P(p);

    /// <summary>"Log-rank p = 0.0027 (any event)": in a figure of competing causes the test is of the time to any event.</summary>
    public static string LogRankOfAnyEvent(double? p) => $"Log-rank {P(p)} ({PlotSeries.AnyEvent})";

    /// <summary>"Gray's test, death: p = 0.0006", or "Gray's test, pcm: p not estimable".</summary>
    public static string Gray(GrayTestAnnotation test) => $"Gray's test, {test.Cause}: {P(test.PValue)}";

    private static string P(double? p) => p switch
    {
        null => "p not estimable",
        < SmallestShownP => "p < 0.0001",
        _ => "p = " + p.Value.ToString("0.0000", CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// "HR 0.55 (95% CI 0.40–0.76)", or "HR test vs control 0.55 (95% CI 0.40–0.76)" when the groups are named, or
    /// "HR not estimable" (for example when a group has no events).
    /// </summary>
    public static string HazardRatio(HazardRatioAnnotation? hr)
    {
        if (hr is null) return "HR not estimable";
        var level = (hr.Level.Value * 100).ToString("0.##", CultureInfo.InvariantCulture);
        var groups = hr.Group is not null && hr.ReferenceGroup is not null ? $" {hr.Group} vs {hr.ReferenceGroup}" : "";
        return $"HR{groups} {Two(hr.Ratio)} ({level}% CI {Two(hr.Lower)}–{Two(hr.Upper)})";
    }

    private static string Two(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);
}
