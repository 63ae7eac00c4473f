using System.Globalization;
using System.Text;
using Survival.Core;
using Survival.Core.CompetingRisks;
using Survival.Core.Curves;

namespace Survival.Client;

/// <summary>
/// The aggregation that turns a table of subjects into count rows where the table lives:
/// <c>SELECT grp, stratum, time, sum(event), count(*) - sum(event) ... GROUP BY grp, stratum, time</c>, and with a column of competing causes also by the cause of the events ('' for the censored).
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
    /// The value (compared as text, spaces trimmed) that marks an event, every other non-NULL value being censored;
    /// null takes <see cref="CohortColumns.EventValue"/>, and where that is null too reads 1/true/yes as an event and
    /// 0/false/no as censored (any case), as <see cref="CohortFile"/> does, and nothing else.
    /// </summary>
    public string? EventValue { get; init; }

    /// <summary>A table function or other FROM item written as is, for the readers of this library (for example DuckDB's <c>read_parquet('...')</c>).</summary>
    internal string? FromItem { get; init; }

    /// <summary>The aggregation in <paramref name="dialect"/>; its columns are grp, stratum, time, events, censored (and entered, with <see cref="CohortColumns.Entry"/>; cause, with <see cref="CohortColumns.Cause"/>).</summary>
    /// <remarks>With interval columns (<see cref="CohortColumns.GivesIntervals"/>) the columns are grp, stratum, interval_left, interval_right, count.</remarks>
    /// <exception cref="ArgumentException">Neither or both of a table and a query, or neither or both of a time column and two date columns.</exception>
    public string ToSql(SqlDialect dialect)
    {
        if ((Table is null ? 0 : 1) + (Query is null ? 0 : 1) + (FromItem is null ? 0 : 1) != 1)
            throw new ArgumentException("give either a table or a query");
        // Interval-censored subjects are counted by their interval instead (grp, stratum, interval_left, interval_right, count).
        if (Columns.GivesIntervals) return IntervalCountQuery.ToSql(this, From(new SqlText(dialect)), dialect);
        if ((Columns.Time is null) == (Columns.StartDate is null || Columns.EndDate is null))
            throw new ArgumentException("name either a time column or both a start-date and an end-date column");

        var sql = new SqlText(dialect);
        var subjects = SubjectCells(sql);
        var (grp, stratum, time, @event, n) = (sql.Quote("grp"), sql.Quote("stratum"), sql.Quote("time"), sql.Quote("event"), sql.Quote("n"));
        // With competing causes, the cause of the events ('' for the censored) is one more key, and the last column.
        var causeColumn = Columns.Cause is null ? "" : $", {sql.Quote("cause")}";
        var keys = $"{grp}, {stratum}, {time}{causeColumn}";
        if (Columns.Entry is null)
        {
            return new StringBuilder()
                .AppendLine($"SELECT {grp}, {stratum}, {time},")
                .AppendLine($"       CAST(sum({@event} * {n}) AS BIGINT) AS {sql.Quote("events")},")
                .AppendLine($"       CAST(sum({n}) - sum({@event} * {n}) AS BIGINT) AS {sql.Quote("censored")}{causeColumn}")
                .AppendLine("FROM (")
                .AppendLine(subjects)
                .AppendLine($") AS {sql.Quote("subjects")}")
                .Append($"GROUP BY {keys}")
                .ToString();
        }

        // With delayed entry each subject also adds one to the entered count of its entry time's row.
        var (events, censored, entered) = (sql.Quote("events"), sql.Quote("censored"), sql.Quote("entered"));
        return new StringBuilder()
            .AppendLine($"WITH {sql.Quote("subjects")} AS (")
            .AppendLine(subjects)
            .AppendLine(")")
            .AppendLine($"SELECT {grp}, {stratum}, {time}, CAST(sum({events}) AS BIGINT) AS {events}, CAST(sum({censored}) AS BIGINT) AS {censored},")
            .AppendLine($"       CAST(sum({entered}) AS BIGINT) AS {entered}{causeColumn}")
            .AppendLine("FROM (")
            .AppendLine($"  SELECT {keys}, {@event} * {n} AS {events}, {n} - {@event} * {n} AS {censored}, 0 AS {entered} FROM {sql.Quote("subjects")}")
            .AppendLine("  UNION ALL")
            .AppendLine($"  SELECT {grp}, {stratum}, {sql.Quote("entry")} AS {time}{(Columns.Cause is null ? "" : $", '' AS {sql.Quote("cause")}")}, 0 AS {events}, 0 AS {censored}, {n} AS {entered} FROM {sql.Quote("subjects")}")
            .AppendLine($"  WHERE {time} IS NOT NULL")
            .AppendLine($") AS {sql.Quote("exits_and_entries")}")
            .Append($"GROUP BY {keys}")
            .ToString();
    }

    /// <summary>
    /// One row per distinct (group, stratum, time, event[, entry]) with its number of subjects n; an unreadable event,
    /// or an entry that is not a time at or after 0 and before the time, makes the time NULL.
    /// </summary>
    /// <remarks>
    /// The subjects are first counted by their raw cells, so that reading labels, events and times — casts and string
    /// functions — runs once per distinct cell rather than once per subject; the outer aggregation then merges the cells
    /// that read the same (" a" and "a", "1" and "1.0").
    /// </remarks>
    private string SubjectCells(SqlText sql)
    {
        var time = Columns.Time is { } column ? sql.Quote(column) : TimeFromDates(sql, Columns.StartDate!, Columns.EndDate!);
        var from = From(sql);
        var (group, stratum, timeValue, eventValue, entryValue) =
            (sql.Quote("group_value"), sql.Quote("stratum_value"), sql.Quote("time_value"), sql.Quote("event_value"), sql.Quote("entry_value"));
        var causeValue = sql.Quote("cause_value");
        // Without an event column, the cause tells the events: one that is not the censored value.
        var @event = Columns.Event is null ? $"CASE WHEN {CensoredCause(sql, causeValue)} THEN 0 ELSE 1 END" : EventExpression(sql, eventValue);
        var cause = Columns.Cause is null ? ""
            : $", CASE WHEN {@event} = 1 AND NOT ({CensoredCause(sql, causeValue)}) THEN trim(CAST({causeValue} AS {sql.Text})) ELSE '' END AS {sql.Quote("cause")}";
        var rawCause = Columns.Cause is null ? "" : $", {causeValue}";
        var readTime = $"CAST({timeValue} AS {sql.Double})";
        var readEntry = $"CAST({entryValue} AS {sql.Double})";
        var unreadable = Columns.Entry is null
            ? $"{@event} IS NULL"
            : $"{@event} IS NULL OR {readEntry} IS NULL OR {readEntry} < 0 OR {readEntry} >= {readTime}";
        var entry = Columns.Entry is null ? "" : $", {entryValue}";
        return new StringBuilder()
            .AppendLine($"  SELECT {Label(sql, group)} AS {sql.Quote("grp")},")
            .AppendLine($"         {Label(sql, stratum)} AS {sql.Quote("stratum")},")
            .AppendLine($"         CASE WHEN {unreadable} THEN NULL ELSE {readTime} END AS {sql.Quote("time")},")
            .AppendLine($"         {@event} AS {sql.Quote("event")}, {sql.Quote("n")}" + (Columns.Entry is null ? "" : $", {readEntry} AS {sql.Quote("entry")}") + cause)
            .AppendLine("  FROM (")
            .AppendLine($"    SELECT {group}, {stratum}, {timeValue}, {eventValue}{entry}{rawCause}, count(*) AS {sql.Quote("n")}")
            .AppendLine("    FROM (")
            .AppendLine($"      SELECT {Raw(sql, Columns.Group)} AS {group}, {Raw(sql, Columns.Stratum)} AS {stratum},")
            .AppendLine($"             {time} AS {timeValue}, {Raw(sql, Columns.Event)} AS {eventValue}" +
                        (Columns.Entry is null ? "" : $", {sql.Quote(Columns.Entry)} AS {entryValue}") +
                        (Columns.Cause is null ? "" : $", {sql.Quote(Columns.Cause)} AS {causeValue}"))
            .AppendLine($"      FROM {from}")
            .AppendLine($"    ) AS {sql.Quote("subject_cells")}")
            .AppendLine($"    GROUP BY {group}, {stratum}, {timeValue}, {eventValue}{entry}{rawCause}")
            .Append($"  ) AS {sql.Quote("distinct_cells")}")
            .ToString();
    }

    /// <summary>The FROM item: the table, the query as a subquery, or the reader's table function.</summary>
    private string From(SqlText sql) =>
        Table is not null ? sql.QuoteQualified(Table) : Query is not null ? $"(\n{Query.Trim().TrimEnd(';')}\n) AS {sql.Quote("source")}" : FromItem!;

    private static string Raw(SqlText sql, string? column) => column is null ? $"CAST(NULL AS {sql.Text})" : sql.Quote(column);

    private static string Label(SqlText sql, string column) => $"coalesce(trim(CAST({column} AS {sql.Text})), '')";

    /// <summary>Whether the cause cell marks a censored subject, as <see cref="CohortColumns.IsCensoredCause"/> reads a file.</summary>
    private string CensoredCause(SqlText sql, string column)
    {
        var value = $"trim(CAST({column} AS {sql.Text}))";
        return Columns.CensoredCause is { } censored
            ? $"coalesce({value}, '') = {sql.Literal(censored.Trim())}"
            : $"{value} IS NULL OR {value} = '' OR {value} = '0'";
    }

    private string EventExpression(SqlText sql, string column) => sql.EventExpression(column, EventValue ?? Columns.EventValue);

    /// <summary>
    /// The distinct values of the event column, at most <paramref name="limit"/> (NULL for empty cells): what
    /// <see cref="EventCodes.RConvention"/> reads to tell R's 1/2 coding, and what a message names when the column
    /// cannot be read.
    /// </summary>
    /// <exception cref="ArgumentException">No event column, or neither or both of a table and a query.</exception>
    public string EventValuesSql(SqlDialect dialect, int limit)
    {
        if (Columns.Event is null) throw new ArgumentException("has no event column");
        if ((Table is null ? 0 : 1) + (Query is null ? 0 : 1) + (FromItem is null ? 0 : 1) != 1) throw new ArgumentException("give either a table or a query");
        var sql = new SqlText(dialect);
        var value = sql.Quote("value");
        return $"SELECT DISTINCT trim(CAST({sql.Quote(Columns.Event)} AS {sql.Text})) AS {value} FROM {From(sql)} LIMIT {limit.ToString(CultureInfo.InvariantCulture)}";
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
