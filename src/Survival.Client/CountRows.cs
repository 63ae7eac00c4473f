using System.Data.Common;
using Survival.V1;

namespace Survival.Client;

/// <summary>
/// Reads the result of a <see cref="CountQuery"/> (grp, stratum, time, events, censored and, with delayed entry,
/// entered, with causes, cause — found by name) as a cohort of count rows.
/// </summary>
public static class CountRows
{
    /// <summary>Runs <paramref name="command"/> and reads its rows.</summary>
    /// <param name="command">A command whose text is a <see cref="CountQuery"/>'s SQL.</param>
    /// <param name="timeUnit">The unit of the times, as <c>Cohort.time_unit</c>.</param>
    /// <param name="cancellationToken">Stops the query.</param>
    /// <exception cref="CohortSourceException">Some subjects have a time, dates or an event that cannot be read, or there is none.</exception>
    public static async Task<Cohort> ReadAsync(DbCommand command, string timeUnit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var cohort = new Cohort { TimeUnit = timeUnit };
        var unreadable = false;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (reader.FieldCount >= 5 && reader.GetName(2) == "interval_left") return await ReadIntervalsAsync(reader, cohort, cancellationToken);
        int Column(string name) => Enumerable.Range(5, Math.Max(0, reader.FieldCount - 5)).FirstOrDefault(i => reader.GetName(i) == name, -1);
        var (entered, cause) = (Column("entered"), Column("cause"));
        while (await reader.ReadAsync(cancellationToken))
        {
            // The query gives a NULL time to every subject whose time, dates or event cannot be read.
            var time = reader.IsDBNull(2) ? double.NaN : reader.GetDouble(2);
            if (!(double.IsFinite(time) && time >= 0))
            {
                unreadable = true;
                continue;
            }
            cohort.Counts.Add(new CountRow
            {
                Group = reader.GetString(0), Stratum = reader.GetString(1), Time = time, Events = reader.GetInt64(3), Censored = reader.GetInt64(4),
                Entered = entered >= 0 ? reader.GetInt64(entered) : 0,
                Cause = cause >= 0 ? reader.GetString(cause) : "",
            });
        }
        if (unreadable)
        {
            throw new CohortSourceException(
                "some subjects have a time, date or event that cannot be read: empty, not a number or a date, negative, " +
                "an end date before the start date, an entry time not before the time, or an event other than 1/0, true/false, yes/no");
        }
        if (cohort.Counts.Count == 0) throw new CohortSourceException("the table has no rows");
        return cohort;
    }

    /// <summary>The rows of an interval count query: grp, stratum, interval_left, interval_right (NULL: right-censored), count.</summary>
    private static async Task<Cohort> ReadIntervalsAsync(DbDataReader reader, Cohort cohort, CancellationToken cancellationToken)
    {
        while (await reader.ReadAsync(cancellationToken))
        {
            // The query gives no left end to subjects whose ends are negative or out of order.
            if (reader.IsDBNull(2))
                throw new CohortSourceException("some subjects have an interval that cannot be read: a left end below 0 or after the right end");
            var row = new CountRow { Group = reader.GetString(0), Stratum = reader.GetString(1), IntervalLeft = reader.GetDouble(2), Count = reader.GetInt64(4) };
            if (!reader.IsDBNull(3)) row.IntervalRight = reader.GetDouble(3);
            cohort.Counts.Add(row);
        }
        if (cohort.Counts.Count == 0) throw new CohortSourceException("the table has no rows");
        return cohort;
    }

    /// <summary>Runs a query of one text column and reads its values; null for NULL.</summary>
    internal static async Task<IReadOnlyList<string?>> ReadValuesAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var values = new List<string?>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) values.Add(reader.IsDBNull(0) ? null : reader.GetString(0));
        return values;
    }
}
