namespace Survival.Client;

/// <summary>How the cells of an event column read as an event or a censoring.</summary>
/// <remarks>
/// Without a chosen event value a cell reads as R's <c>Surv</c> reads a status: 1/true/yes is an event and
/// 0/false/no a censoring (any case, spaces trimmed). R also reads a numeric status whose largest value is 2 as
/// 1 = censored, 2 = event (its data sets <c>lung</c>, <c>veteran</c> and others are coded so); that needs the whole
/// column, so <see cref="RConvention"/> tells it from the column's distinct values, and the reader is then given
/// <see cref="CohortColumns.EventValue"/> = "2". A column that is neither is refused, naming what it holds, never
/// read with events and censorings swapped.
/// </remarks>
public static class EventCodes
{
    /// <summary>A cell without a chosen event value: true for 1/true/yes, false for 0/false/no, null for anything else.</summary>
    public static bool? Read(string? cell) => cell?.Trim().ToLowerInvariant() switch
    {
        "1" or "true" or "yes" => true,
        "0" or "false" or "no" => false,
        _ => null,
    };

    /// <summary>A cell when <paramref name="eventValue"/> marks an event: true for it, false for any other value, null when empty.</summary>
    public static bool? Read(string? cell, string eventValue)
    {
        ArgumentNullException.ThrowIfNull(eventValue);
        var value = cell?.Trim();
        return string.IsNullOrEmpty(value) ? null : value == eventValue.Trim();
    }

    /// <summary>
    /// "2" when the column's distinct values are R's 1/2 coding — every value 1 or 2, and some 2 — so that 2 marks an
    /// event and 1 a censoring, as R's <c>Surv</c> reads them; null otherwise.
    /// </summary>
    /// <param name="distinctValues">The column's distinct cells; null or empty cells make it not R's coding.</param>
    public static string? RConvention(IEnumerable<string?> distinctValues)
    {
        ArgumentNullException.ThrowIfNull(distinctValues);
        var values = distinctValues.Select(v => v?.Trim()).ToHashSet();
        return values.Contains("2") && values.All(v => v is "1" or "2") ? "2" : null;
    }

    /// <summary>What an event column without a chosen event value must hold, for messages.</summary>
    public const string Requirement = "an event column holds 1/0, true/false or yes/no (1 = event), or 1/2 as R reads it (2 = event)";

    /// <summary>"'status' holds 0, 1, 2": the values found in a column that cannot be read, at most ten, empty cells as (empty).</summary>
    public static string Holds(string column, IEnumerable<string?> distinctValues)
    {
        ArgumentNullException.ThrowIfNull(distinctValues);
        var values = distinctValues.Select(v => string.IsNullOrWhiteSpace(v) ? "(empty)" : $"'{v.Trim()}'").Distinct().Order(StringComparer.Ordinal).ToList();
        var shown = string.Join(", ", values.Take(10)) + (values.Count > 10 ? $" and {values.Count - 10} more" : "");
        return $"'{column}' holds {shown}";
    }
}
