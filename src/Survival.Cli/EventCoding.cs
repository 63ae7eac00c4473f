using Survival.Client;

namespace Survival.Cli;

/// <summary>
/// Reads an event column as R's <c>Surv</c> reads a status: 1/0, true/false or yes/no, or, when the column holds only
/// 1 and 2, 2 = event and 1 = censored (R's own data sets are coded so). A column holding anything else is refused,
/// naming what it holds, unless <c>--event-value</c> names the value that marks an event.
/// </summary>
/// <param name="eventColumn">The event column; null when causes tell the events.</param>
/// <param name="eventValue">The value <c>--event-value</c> gave; null to read as R does.</param>
internal sealed class EventCoding(string? eventColumn, string? eventValue)
{
    /// <summary>How the column was read when it was not 1/0, true/false or yes/no; null otherwise.</summary>
    public string? Note { get; private set; }

    /// <summary>
    /// Reads with the event value given (or none); when that fails on the event column, asks for the column's distinct
    /// values and reads again with R's 1/2 coding, or refuses the column naming its values.
    /// </summary>
    /// <param name="read">Reads the cohort with an event value (null: 1/0, true/false, yes/no).</param>
    /// <param name="distinctValues">The event column's distinct values.</param>
    public async Task<T> ReadAsync<T>(Func<string?, Task<T>> read, Func<Task<IReadOnlyList<string?>>> distinctValues)
    {
        try
        {
            return await read(eventValue);
        }
        catch (Exception exception) when (eventValue is null && eventColumn is not null && Concerns(exception))
        {
            var values = await distinctValues();
            if (EventCodes.RConvention(values) is { } twoMarksEvents)
            {
                Note = $"'{eventColumn}' holds 1 and 2: read as R reads it, 2 = event and 1 = censored (--event-value chooses otherwise)";
                return await read(twoMarksEvents);
            }
            if (values.All(v => EventCodes.Read(v) is not null)) throw;
            throw new CohortFileException(
                $"{EventCodes.Holds(eventColumn, values)}; {EventCodes.Requirement}: give --event-value VALUE to name the value that marks an event, every other being censored",
                (exception as CohortFileException)?.Line ?? 0, eventColumn);
        }
    }

    /// <summary>A database or DuckDB cannot say which cell it could not read; the line-by-line reader names the column.</summary>
    private bool Concerns(Exception exception) =>
        exception is CohortSourceException || exception is CohortFileException { Column: var column } && column == eventColumn;
}
