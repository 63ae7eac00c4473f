using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Survival.Core;
using Survival.Core.Curves;
using Survival.V1;

namespace Survival.Client;

/// <summary>
/// Reads interval-censored subjects from a CSV or TSV file: each subject's interval (left, right] from two columns of
/// times, or from the dates of the last scan without the event and the first with it, counted from a start date.
/// </summary>
/// <remarks>
/// An empty right end (or first positive scan) is a subject whose event was not seen: right-censored at the left end.
/// An empty left end is 0 (the event by the right end); an empty last negative scan is the start date. Times from
/// dates are (scan − start in days) / days per unit, as the service computes times from dates.
/// </remarks>
internal static class IntervalCohortFile
{
    public static Cohort Read(TextReader reader, CohortColumns columns, string timeUnit, string delimiter, Action? rowRead, List<int>? subjectLines)
    {
        var fromDates = columns.LastNegativeScan is not null || columns.FirstPositiveScan is not null;
        if (fromDates && (columns.StartDate is null || columns.FirstPositiveScan is null))
            throw new CohortFileException("scan dates need a start-date column and a first-positive-scan column");
        if (!fromDates && (columns.IntervalLeft is null || columns.IntervalRight is null))
            throw new CohortFileException("name both a left-end and a right-end column");
        var unit = Core.TimeUnit.Days;
        if (fromDates && !TryParseUnit(timeUnit, out unit)) throw new CohortFileException("times from dates need a unit of days, weeks, months or years");

        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { Delimiter = delimiter, TrimOptions = TrimOptions.Trim });
        if (!csv.Read() || !csv.ReadHeader()) throw new CohortFileException("the file is empty", 1);
        var header = csv.HeaderRecord!;
        foreach (var name in new[] { columns.IntervalLeft, columns.IntervalRight, columns.LastNegativeScan, columns.FirstPositiveScan, columns.StartDate, columns.Group, columns.Stratum, columns.Id }
                     .Concat(columns.Covariates).Concat(columns.Factors))
        {
            if (name is not null && !header.Contains(name))
                throw new CohortFileException($"no column named '{name}'; the columns are {string.Join(", ", header)}", 1, name);
        }
        var cohort = new Cohort { TimeUnit = fromDates && timeUnit.Length == 0 ? "days" : timeUnit };
        try
        {
            while (csv.Read())
            {
                var line = csv.Parser.RawRow;
                var subject = new Subject
                {
                    Id = Field(csv, columns.Id),
                    Group = Field(csv, columns.Group),
                    Stratum = Field(csv, columns.Stratum),
                };
                // Covariates and factors, for a parametric model of the intervals.
                foreach (var covariate in columns.Covariates) subject.Covariates[covariate] = CohortFile.ParseNumber(csv.GetField(covariate), line, covariate);
                foreach (var factor in columns.Factors) subject.Factors[factor] = csv.GetField(factor) ?? "";
                var (left, right) = fromDates ? FromDates(csv, columns, unit, line) : FromTimes(csv, columns, line);
                if (left is { } l) subject.IntervalLeft = l;
                if (right is { } r) subject.IntervalRight = r;
                // A subject with neither end has no information: (0, ∞) says so explicitly.
                if (left is null && right is null) subject.IntervalLeft = 0;
                cohort.Subjects.Add(subject);
                subjectLines?.Add(line);
                if (cohort.Subjects.Count % 4096 == 0) rowRead?.Invoke();
            }
        }
        catch (CsvHelperException exception)
        {
            throw new CohortFileException(exception.Message.Split('\n')[0].Trim(), csv.Parser.RawRow);
        }
        rowRead?.Invoke();
        if (cohort.Subjects.Count == 0) throw new CohortFileException("the file has a header but no rows", 2);
        return cohort;
    }

    private static (double?, double?) FromTimes(CsvReader csv, CohortColumns columns, int line) =>
        (Number(csv, columns.IntervalLeft!, line), Number(csv, columns.IntervalRight!, line));

    private static (double?, double?) FromDates(CsvReader csv, CohortColumns columns, Core.TimeUnit unit, int line)
    {
        var start = Date(csv, columns.StartDate!, line) ?? throw new CohortFileException($"'{columns.StartDate}' must be a date (YYYY-MM-DD)", line, columns.StartDate);
        var negative = columns.LastNegativeScan is null ? null : Date(csv, columns.LastNegativeScan, line);
        var positive = Date(csv, columns.FirstPositiveScan!, line);
        double Since(DateOnly date) => (date.DayNumber - start.DayNumber) / FollowUpTime.DaysPer(unit);
        return (negative is { } n ? Since(n) : 0, positive is { } p ? Since(p) : null);
    }

    private static string Field(CsvReader csv, string? column) => column is null ? "" : csv.GetField(column) ?? "";

    private static double? Number(CsvReader csv, string column, int line)
    {
        var text = csv.GetField(column);
        if (string.IsNullOrWhiteSpace(text) || text.Trim().Equals("NA", StringComparison.OrdinalIgnoreCase)) return null;
        if (text.Trim().Equals("Inf", StringComparison.OrdinalIgnoreCase)) return double.PositiveInfinity;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new CohortFileException($"'{column}' must be a number, or empty (left: the event by the right end; right: not seen)", line, column);
    }

    private static DateOnly? Date(CsvReader csv, string column, int line)
    {
        var text = csv.GetField(column);
        if (string.IsNullOrWhiteSpace(text)) return null;
        return DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new CohortFileException($"'{column}' must be a date (YYYY-MM-DD) or empty", line, column);
    }

    private static bool TryParseUnit(string text, out Core.TimeUnit unit)
    {
        var name = text.Trim().ToLowerInvariant();
        unit = Core.TimeUnit.Days;
        return name.Length == 0 || Enum.TryParse(name.EndsWith('s') ? name : name + "s", ignoreCase: true, out unit);
    }
}
