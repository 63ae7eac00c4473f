using System.Globalization;

namespace Survival.Cli;

/// <summary>How the literature commands print a time or a median: three decimals below 100, one from 100 on, no trailing zeros.</summary>
internal static class NumberText
{
    // Three decimals of a large time are noise in a table; a trailing ".0" reads as a precision the value does not have.
    public static string Of(double value) => value.ToString(Math.Abs(value) >= 100 ? "0.#" : "0.###", CultureInfo.InvariantCulture);
}
