using System.Globalization;
using System.Text;
using Survival.Core.Curves;

namespace Survival.Client;

/// <summary>
/// The aggregation that counts interval-censored subjects where the table lives:
/// <c>SELECT grp, stratum, interval_left, interval_right, count(*) ... GROUP BY grp, stratum, l, r</c> — a registry's
/// scan dates stay in the database and only distinct intervals with their counts come back.
/// </summary>
/// <remarks>
/// Interval-censored methods depend on the data only through the number of subjects per (group, stratum, interval), so
/// these rows give the very numbers the subjects give. A left end that is NULL, empty or NA is 0 (the event by the right
/// end); a right end that is NULL, empty, NA or Inf is a subject whose event was not seen (right-censored), sent as a
/// NULL right end. From dates, an end is (scan − start in days) / days per unit, a missing last negative scan the start.
/// A cell that cannot be read as a number or a date fails the query, and a left end below 0 or after the right end
/// gives a row without a left end, which <see cref="CountRows"/> rejects (the CLI then reads the file subject by subject
/// and names the line).
/// </remarks>
internal static class IntervalCountQuery
{
    /// <summary>The aggregation of <paramref name="query"/>'s table in <paramref name="dialect"/>: grp, stratum, interval_left, interval_right, count.</summary>
    public static string ToSql(CountQuery query, string from, SqlDialect dialect)
    {
        var columns = query.Columns;
        var fromDates = columns.LastNegativeScan is not null || columns.FirstPositiveScan is not null;
        if (fromDates && (columns.StartDate is null || columns.FirstPositiveScan is null))
            throw new ArgumentException("scan dates need a start-date column and a first-positive-scan column");
        if (!fromDates && (columns.IntervalLeft is null || columns.IntervalRight is null))
            throw new ArgumentException("name both a left-end and a right-end column");

        var sql = new SqlText(dialect);
        var (grp, stratum, left, right, count, n) =
            (sql.Quote("grp"), sql.Quote("stratum"), sql.Quote("interval_left"), sql.Quote("interval_right"), sql.Quote("count"), sql.Quote("n"));
        var (groupValue, stratumValue, leftValue, rightValue, startValue) =
            (sql.Quote("group_value"), sql.Quote("stratum_value"), sql.Quote("left_value"), sql.Quote("right_value"), sql.Quote("start_value"));
        var rawLeft = fromDates ? (columns.LastNegativeScan is null ? $"CAST(NULL AS {sql.Text})" : sql.Quote(columns.LastNegativeScan)) : sql.Quote(columns.IntervalLeft!);
        var rawRight = sql.Quote(fromDates ? columns.FirstPositiveScan! : columns.IntervalRight!);
        var rawStart = fromDates ? $", {sql.Quote(columns.StartDate!)} AS {startValue}" : "";
        var startKey = fromDates ? $", {startValue}" : "";
        var (leftEnd, rightEnd) = fromDates
            ? ($"coalesce({Days(sql, leftValue, startValue, query.Unit)}, 0)", Days(sql, rightValue, startValue, query.Unit))
            : (LeftTime(sql, leftValue), RightTime(sql, rightValue));
        return new StringBuilder()
            .AppendLine($"SELECT {grp}, {stratum}, {left}, {right}, CAST(sum({n}) AS BIGINT) AS {count}")
            .AppendLine("FROM (")
            .AppendLine($"  SELECT {Label(sql, groupValue)} AS {grp}, {Label(sql, stratumValue)} AS {stratum},")
            // A left end below 0 or after the right end leaves the row without one, which the reader reports.
            .AppendLine($"         CASE WHEN {leftEnd} < 0 OR {rightEnd} < {leftEnd} THEN NULL ELSE {leftEnd} END AS {left}, {rightEnd} AS {right}, {n}")
            .AppendLine("  FROM (")
            .AppendLine($"    SELECT {groupValue}, {stratumValue}, {leftValue}, {rightValue}{startKey}, count(*) AS {n}")
            .AppendLine("    FROM (")
            .AppendLine($"      SELECT {Raw(sql, columns.Group)} AS {groupValue}, {Raw(sql, columns.Stratum)} AS {stratumValue},")
            .AppendLine($"             {rawLeft} AS {leftValue}, {rawRight} AS {rightValue}{rawStart}")
            .AppendLine($"      FROM {from}")
            .AppendLine($"    ) AS {sql.Quote("subject_cells")}")
            .AppendLine($"    GROUP BY {groupValue}, {stratumValue}, {leftValue}, {rightValue}{startKey}")
            .AppendLine($"  ) AS {sql.Quote("distinct_cells")}")
            .AppendLine($") AS {sql.Quote("intervals")}")
            .Append($"GROUP BY {grp}, {stratum}, {left}, {right}")
            .ToString();
    }

    private static string Raw(SqlText sql, string? column) => column is null ? $"CAST(NULL AS {sql.Text})" : sql.Quote(column);

    private static string Label(SqlText sql, string column) => $"coalesce(trim(CAST({column} AS {sql.Text})), '')";

    private static string Trimmed(SqlText sql, string column) => $"upper(trim(CAST({column} AS {sql.Text})))";

    private static string LeftTime(SqlText sql, string column) =>
        $"CASE WHEN {column} IS NULL OR {Trimmed(sql, column)} IN ('', 'NA') THEN 0 ELSE CAST(trim(CAST({column} AS {sql.Text})) AS {sql.Double}) END";

    private static string RightTime(SqlText sql, string column) =>
        $"CASE WHEN {column} IS NULL OR {Trimmed(sql, column)} IN ('', 'NA', 'INF', '+INF', 'INFINITY') THEN NULL ELSE CAST(trim(CAST({column} AS {sql.Text})) AS {sql.Double}) END";

    private static string Days(SqlText sql, string scan, string start, Core.TimeUnit unit)
    {
        string Date(string column) => $"CAST(NULLIF(trim(CAST({column} AS {sql.Text})), '') AS DATE)";
        var days = sql.Dialect == SqlDialect.Spark ? $"datediff({Date(scan)}, {Date(start)})" : $"({Date(scan)} - {Date(start)})";
        var daysPer = FollowUpTime.DaysPer(unit);
        var inDays = $"CAST({days} AS {sql.Double})";
        return daysPer == 1 ? inDays : $"{inDays} / {daysPer.ToString("R", CultureInfo.InvariantCulture)}";
    }
}
