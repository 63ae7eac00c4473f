using Xunit;

namespace Survival.TestSupport;

/// <summary>Agreement with R: relative, with a tiny absolute floor for values that are exactly zero in R.</summary>
public static class Tolerance
{
    /// <summary>The standard for estimates: 1e-9 relative.</summary>
    public const double Estimates = 1e-9;

    public static bool Agrees(double? expected, double? actual, double relative = Estimates)
    {
        if (expected is null || actual is null) return expected is null && actual is null;
        return Math.Abs(expected.Value - actual.Value) <= relative * Math.Abs(expected.Value) + 1e-13;
    }

    /// <summary>Asserts agreement element by element, naming the first place that differs.</summary>
    public static void Equal(IReadOnlyList<double?> expected, IReadOnlyList<double?> actual, string what, double relative = Estimates)
    {
        Assert.True(expected.Count == actual.Count, $"{what}: R has {expected.Count} values, we have {actual.Count}");
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.True(Agrees(expected[i], actual[i], relative),
                $"{what}[{i}]: R {Show(expected[i])}, ours {Show(actual[i])} (relative tolerance {relative})");
        }
    }

    public static void Equal(double? expected, double? actual, string what, double relative = Estimates) =>
        Equal([expected], [actual], what, relative);

    private static string Show(double? value) => value?.ToString("R") ?? "not estimable";
}
