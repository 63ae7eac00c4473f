using System.Globalization;

namespace Survival.Cli;

/// <summary>How the CLI's tables print a time, an estimate or a statistic: three decimals below 100, one from 100 on, no trailing zeros.</summary>
internal static class NumberText
{
    // Three decimals of a large time are noise in a table; a trailing ".0" reads as a precision the value does not have.
    public static string Of(double value) => value.ToString(Math.Abs(value) >= 100 ? "0.#" : "0.###", CultureInfo.InvariantCulture);

    /// <summary>As <see cref="Of"/>, but four significant digits below 1, so that no small parameter prints as 0.</summary>
    public static string Significant(double value) =>
        value == 0 || Math.Abs(value) >= 1 ? Of(value) : value.ToString("G4", CultureInfo.InvariantCulture);

    /// <summary>Up to three decimals at any size, as the cohort summaries print times and estimates.</summary>
    public static string UpToThreeDecimals(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>A proportion in percentage points with one decimal, no sign: 0.4567 → "45.7".</summary>
    public static string PercentagePoints(double proportion) => (proportion * 100).ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>A proportion as a percentage with one decimal: 0.4567 → "45.7%".</summary>
    public static string Percent(double proportion) => PercentagePoints(proportion) + "%";

    /// <summary>A hazard or time ratio with two decimals, as forest tables print it.</summary>
    public static string Ratio(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>A p-value in a table cell: three decimals, "&lt; 0.001" below that.</summary>
    public static string PValueCell(double p) => p < 0.001 ? "< 0.001" : p.ToString("0.000", CultureInfo.InvariantCulture);

    /// <summary>A p-value in a sentence: "p = 0.0123", "p &lt; 0.0001" below that.</summary>
    public static string PValueStatement(double p) =>
        p < 0.0001 ? "p < 0.0001" : $"p = {p.ToString("0.####", CultureInfo.InvariantCulture)}";
}
