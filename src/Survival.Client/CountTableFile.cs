using System.Globalization;
using CsvHelper;
using Survival.V1;

namespace Survival.Client;

/// <summary>
/// Reads a count table, the result of a <see cref="CountQuery"/> run elsewhere (Spark, a warehouse), saved as CSV with
/// the columns <c>group</c> (or <c>grp</c>, the query's name), <c>stratum, time, events, censored</c>; <c>group</c> and
/// <c>stratum</c> may be left out, and <c>entered</c> (subjects whose delayed entry is at the row's time) and
/// <c>cause</c> (the competing cause of the row's events) are read where present.
/// </summary>
public static class CountTableFile
{
    private static readonly string[] Required = ["time", "events", "censored"];

    /// <summary>Reads <paramref name="path"/> (tab-separated if <c>.tsv</c> or <c>.tab</c>).</summary>
    /// <param name="path">The file.</param>
    /// <param name="timeUnit">The unit of the times, as <c>Cohort.time_unit</c>.</param>
    /// <param name="rowLines">Receives the file line of each count row, to point back at a row the service rejects.</param>
    /// <exception cref="CohortFileException">A column is missing or a cell is not a number.</exception>
    public static Cohort Read(string path, string timeUnit = "", List<int>? rowLines = null)
    {
        using var reader = new StreamReader(path);
        var delimiter = TableText.DelimiterOf(path);
        using var csv = TableText.Open(reader, delimiter);
        if (!csv.Read() || !csv.ReadHeader()) throw new CohortFileException("the file is empty", 1);
        var header = csv.HeaderRecord!;
        if (header.Contains("interval_left") || header.Contains("interval_right")) return ReadIntervals(csv, header, timeUnit, rowLines);
        foreach (var name in Required.Where(name => !header.Contains(name)))
        {
            var missing = TableText.NoColumn(name, header, delimiter);
            throw new CohortFileException($"{missing.Message}; a count table has the columns group, stratum, time, events, censored", 1, name);
        }
        var group = header.Contains("group") ? "group" : header.Contains("grp") ? "grp" : null;
        var hasStratum = header.Contains("stratum");
        var hasCause = header.Contains("cause");
        var hasEntered = header.Contains("entered");

        var cohort = new Cohort { TimeUnit = timeUnit };
        try
        {
            while (csv.Read())
            {
                var line = csv.Parser.RawRow;
                TableText.RequireWholeRow(csv, header, delimiter, line);
                cohort.Counts.Add(new CountRow
                {
                    Group = group is null ? "" : csv.GetField(group) ?? "",
                    Stratum = hasStratum ? csv.GetField("stratum") ?? "" : "",
                    Time = Parse<double>(csv, "time", line, double.TryParse),
                    Events = Parse<long>(csv, "events", line, long.TryParse),
                    Censored = Parse<long>(csv, "censored", line, long.TryParse),
                    Cause = hasCause ? csv.GetField("cause") ?? "" : "",
                    Entered = hasEntered ? Parse<long>(csv, "entered", line, long.TryParse) : 0,
                });
                rowLines?.Add(line);
            }
        }
        catch (CsvHelperException)
        {
            throw TableText.Unparsable(delimiter, csv.Parser.RawRow);
        }
        if (cohort.Counts.Count == 0) throw new CohortFileException("the file has a header but no rows", 2);
        return cohort;
    }

    /// <summary>
    /// The rows of an interval count table (the result of an interval count query): group (or grp), stratum, interval_left
    /// (empty: 0), interval_right (empty, NA or Inf: right-censored) and count, a whole number.
    /// </summary>
    private static Cohort ReadIntervals(CsvReader csv, string[] header, string timeUnit, List<int>? rowLines)
    {
        foreach (var name in new[] { "interval_left", "interval_right", "count" }.Where(name => !header.Contains(name)))
            throw new CohortFileException($"no column named '{name}'; an interval count table has the columns group, stratum, interval_left, interval_right, count", 1, name);
        var group = header.Contains("group") ? "group" : header.Contains("grp") ? "grp" : null;
        var hasStratum = header.Contains("stratum");
        var cohort = new Cohort { TimeUnit = timeUnit };
        try
        {
            while (csv.Read())
            {
                var line = csv.Parser.RawRow;
                var row = new CountRow
                {
                    Group = group is null ? "" : csv.GetField(group) ?? "",
                    Stratum = hasStratum ? csv.GetField("stratum") ?? "" : "",
                    IntervalLeft = End(csv, "interval_left", line) ?? 0,
                    Count = long.TryParse(csv.GetField("count"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var count)
                        ? count
                        : throw new CohortFileException("'count' must be a whole number of subjects", line, "count"),
                };
                if (End(csv, "interval_right", line) is { } right && double.IsFinite(right)) row.IntervalRight = right;
                cohort.Counts.Add(row);
                rowLines?.Add(line);
            }
        }
        catch (CsvHelperException exception)
        {
            throw new CohortFileException(exception.Message.Split('\n')[0].Trim(), csv.Parser.RawRow);
        }
        if (cohort.Counts.Count == 0) throw new CohortFileException("the file has a header but no rows", 2);
        return cohort;
    }

    private static double? End(CsvReader csv, string column, int line)
    {
        var text = csv.GetField(column)?.Trim() ?? "";
        if (text.Length == 0 || text.Equals("NA", StringComparison.OrdinalIgnoreCase)) return null;
        if (text.Equals("Inf", StringComparison.OrdinalIgnoreCase) || text.Equals("Infinity", StringComparison.OrdinalIgnoreCase)) return double.PositiveInfinity;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new CohortFileException($"'{column}' must be a number or empty", line, column);
    }

    private delegate bool TryParse<T>(string? text, NumberStyles style, IFormatProvider provider, out T value);

    private static T Parse<T>(CsvReader csv, string column, int line, TryParse<T> parse) =>
        parse(csv.GetField(column), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw TableText.Unreadable(column, csv.GetField(column), typeof(T) == typeof(long) ? "a count must be a whole number" : "a time must be a number", line);
}
