using System.Globalization;

namespace Survival.Plotting;

/// <summary>How test results are printed on the plot.</summary>
internal static class AnnotationText
{
    /// <summary>Below this a p-value is printed as a bound: four decimals cannot show it.</summary>
    private const double SmallestShownP = 0.0001;

    /// <summary>"Log-rank p = 0.0123", "Log-rank p &lt; 0.0001", or "Log-rank p not estimable" (no events); <paramref name="test"/> names another test.</summary>
    public static string LogRank(double? p, string test = "Log-rank") => p switch
    {
        null => $"{test} p not estimable",
        < SmallestShownP => $"{test} p < 0.0001",
        _ => $"{test} p = " + p.Value.ToString("0.0000", CultureInfo.InvariantCulture),
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
