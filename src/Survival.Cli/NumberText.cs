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
}
