using System.Globalization;
using System.Text;
using Survival.Core;

namespace Survival.Client;

/// <summary>
/// The aggregation that turns a table of subjects into count rows where the table lives:
/// <c>SELECT grp, stratum, time, sum(event), count(*) - sum(event) ... GROUP BY grp, stratum, time</c>, and with a
/// column of competing causes also by the cause of the events ('' for the censored).
/// </summary>
/// <remarks>
/// Every statistic of the service depends on the data only through the number of events and of censored subjects per
/// (group, stratum, distinct time), so these rows give the very numbers the subjects give. A time from dates is
/// (end − start in days) / (days per unit) in double precision, with the units of <see cref="FollowUpTime.DaysPer"/>,
/// which is what the service computes from subjects' dates. A NULL group or stratum is the empty label. A subject whose
/// time, dates or event cannot be read falls into a row with a NULL time, which <see cref="CountRows"/> rejects, so no
/// subject is dropped silently.
/// </remarks>
public sealed record CountQuery
{
    /// <summary>The table (or <c>schema.table</c>) holding one row per subject; give this or <see cref="Query"/>.</summary>
    public string? Table { get; init; }

    /// <summary>A query returning one row per subject, used as a subquery; give this or <see cref="Table"/>.</summary>
    public string? Query { get; init; }

    /// <summary>Which columns hold the time (or the start and end dates), the event, the group and the stratum; <see cref="CohortColumns.Id"/> is not read.</summary>
    public required CohortColumns Columns { get; init; }

    /// <summary>The unit of times computed from dates; it only labels a time column.</summary>
    public TimeUnit Unit { get; init; } = TimeUnit.Days;

    /// <summary>
    /// The value (compared as text) that marks an event, every other non-NULL value being censored; null reads
    /// 1/true/yes as an event and 0/false/no as censored (any case), as <see cref="CohortFile"/> does, and nothing else.
    /// </summary>
    public string? EventValue { get; init; }

    /// <summary>A table function or other FROM item written as is, for the readers of this library (for example DuckDB's <c>read_parquet('...')</c>).</summary>
    internal string? FromItem { get; init; }

    /// <summary>The aggregation in <paramref name="dialect"/>; its columns are grp, stratum, time, events, censored (and cause, with a cause column).</summary>
    /// <exception cref="ArgumentException">Neither or both of a table and a query, or neither or both of a time column and two date columns.</exception>
    public string ToSql(SqlDialect dialect)
    {
        if ((Table is null ? 0 : 1) + (Query is null ? 0 : 1) + (FromItem is null ? 0 : 1) != 1)
            throw new ArgumentException("give either a table or a query");
        if ((Columns.Time is null) == (Columns.StartDate is null || Columns.EndDate is null))
            throw new ArgumentException("name either a time column or both a start-date and an end-date column");

        var sql = new SqlText(dialect);
        var @event = EventExpression(sql);
        var time = Columns.Time is { } column
            ? $"CAST({sql.Quote(column)} AS {sql.Double})"
            : TimeFromDates(sql, Columns.StartDate!, Columns.EndDate!);
        var from = Table is not null ? sql.QuoteQualified(Table) : Query is not null ? $"(\n{Query.Trim().TrimEnd(';')}\n) AS {sql.Quote("source")}" : FromItem!;

        // With competing causes, the cause of each event ('' for the censored) is a sixth column and grouped by.
        var cause = Columns.Cause is { } causes
            ? $"CASE WHEN {@event} = 1 AND NOT ({CensoredCause(sql, causes)}) THEN trim(CAST({sql.Quote(causes)} AS {sql.Text})) ELSE '' END"
            : null;
        var text = new StringBuilder()
            .AppendLine($"SELECT {sql.Quote("grp")}, {sql.Quote("stratum")}, {sql.Quote("time")},")
            .AppendLine($"       CAST(sum({sql.Quote("event")}) AS BIGINT) AS {sql.Quote("events")},")
            .AppendLine($"       CAST(count(*) - sum({sql.Quote("event")}) AS BIGINT) AS {sql.Quote("censored")}" + (cause is null ? "" : $", {sql.Quote("cause")}"))
            .AppendLine("FROM (")
            .AppendLine($"  SELECT {Label(sql, Columns.Group)} AS {sql.Quote("grp")},")
            .AppendLine($"         {Label(sql, Columns.Stratum)} AS {sql.Quote("stratum")},")
            .AppendLine($"         CASE WHEN {@event} IS NULL THEN NULL ELSE {time} END AS {sql.Quote("time")},")
            .AppendLine($"         {@event} AS {sql.Quote("event")}" + (cause is null ? "" : $", {cause} AS {sql.Quote("cause")}"))
            .AppendLine($"  FROM {from}")
            .AppendLine($") AS {sql.Quote("subjects")}")
            .Append($"GROUP BY {sql.Quote("grp")}, {sql.Quote("stratum")}, {sql.Quote("time")}" + (cause is null ? "" : $", {sql.Quote("cause")}"));
        return text.ToString();
    }

    private static string Label(SqlText sql, string? column) =>
        column is null ? "''" : $"coalesce(trim(CAST({sql.Quote(column)} AS {sql.Text})), '')";

    /// <summary>Whether the cause cell marks a censored subject, as <see cref="CohortColumns.IsCensoredCause"/> reads a file.</summary>
    private string CensoredCause(SqlText sql, string column)
    {
        var value = $"trim(CAST({sql.Quote(column)} AS {sql.Text}))";
        return Columns.CensoredCause is { } censored
            ? $"coalesce({value}, '') = {sql.Literal(censored.Trim())}"
            : $"{value} IS NULL OR {value} = '' OR {value} = '0'";
    }

    private string EventExpression(SqlText sql)
    {
        if (Columns.Event is null) return $"CASE WHEN {CensoredCause(sql, Columns.Cause!)} THEN 0 ELSE 1 END";
        var value = $"CAST({sql.Quote(Columns.Event)} AS {sql.Text})";
        return EventValue is null
            ? $"CASE lower(trim({value})) WHEN '1' THEN 1 WHEN 'true' THEN 1 WHEN 'yes' THEN 1 WHEN '0' THEN 0 WHEN 'false' THEN 0 WHEN 'no' THEN 0 END"
            : $"CASE WHEN {value} IS NULL THEN NULL WHEN {value} = {sql.Literal(EventValue)} THEN 1 ELSE 0 END";
    }

    private string TimeFromDates(SqlText sql, string start, string end)
    {
        var startDate = $"CAST({sql.Quote(start)} AS DATE)";
        var endDate = $"CAST({sql.Quote(end)} AS DATE)";
        var days = sql.Dialect == SqlDialect.Spark ? $"datediff({endDate}, {startDate})" : $"({endDate} - {startDate})";
        var daysPer = FollowUpTime.DaysPer(Unit);
        var inDays = $"CAST({days} AS {sql.Double})";
        return daysPer == 1 ? inDays : $"{inDays} / {daysPer.ToString("R", CultureInfo.InvariantCulture)}";
    }
}
