using System.Globalization;
using CsvHelper;
using Survival.V1;

namespace Survival.Client;

/// <summary>Reads a cohort from a CSV or TSV file with a header row of named columns.</summary>
public static class CohortFile
{
    /// <summary>Reads <paramref name="path"/>; a <c>.tsv</c> or <c>.tab</c> file is tab-separated, any other comma-separated.</summary>
    /// <param name="path">The file.</param>
    /// <param name="columns">Which columns to read.</param>
    /// <param name="timeUnit">The unit of the times, or of the times computed from dates (days, weeks, months, years).</param>
    /// <param name="progress">Receives the fraction of the file read so far, for a progress bar.</param>
    /// <param name="subjectLines">Receives the file line of each subject, to point back at a row the service rejects.</param>
    /// <exception cref="CohortFileException">A column is missing or a cell cannot be read.</exception>
    public static Cohort Read(string path, CohortColumns columns, string timeUnit = "", IProgress<double>? progress = null, List<int>? subjectLines = null)
    {
        using var stream = File.OpenRead(path);
        using var reader = new StreamReader(stream);
        return Read(reader, columns, timeUnit, TableText.DelimiterOf(path),
            progress is null ? null : () => progress.Report((double)stream.Position / Math.Max(1, stream.Length)), subjectLines);
    }

    /// <summary>Reads a table from <paramref name="reader"/>.</summary>
    /// <exception cref="CohortFileException">A column is missing or a cell cannot be read.</exception>
    public static Cohort Read(
        TextReader reader, CohortColumns columns, string timeUnit = "", string delimiter = ",", Action? rowRead = null, List<int>? subjectLines = null)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.GivesIntervals) return IntervalCohortFile.Read(reader, columns, timeUnit, delimiter, rowRead, subjectLines);
        if ((columns.Time is null) == (columns.StartDate is null || columns.EndDate is null))
            throw new CohortFileException("name either a time column or both a start-date and an end-date column");
        if (columns.Event is null && columns.Cause is null) throw new CohortFileException("name an event column or a cause column");

        using var csv = TableText.Open(reader, delimiter);
        if (!csv.Read() || !csv.ReadHeader()) throw new CohortFileException("the file is empty", 1);
        var header = csv.HeaderRecord!;
        foreach (var name in new[] { columns.Time, columns.Entry, columns.Event, columns.Cause, columns.Group, columns.Stratum, columns.Id, columns.StartDate, columns.EndDate, columns.Weight }
                     .Concat(columns.Covariates).Concat(columns.Factors))
        {
            if (name is not null && !header.Contains(name)) throw TableText.NoColumn(name, header, delimiter);
        }

        var cohort = new Cohort { TimeUnit = timeUnit };
        try
        {
            while (csv.Read())
            {
                var line = csv.Parser.RawRow;
                TableText.RequireWholeRow(csv, header, delimiter, line);
                cohort.Subjects.Add(ReadSubject(csv, columns, line));
                subjectLines?.Add(line);
                if (cohort.Subjects.Count % 4096 == 0) rowRead?.Invoke();
            }
        }
        catch (CsvHelperException)
        {
            throw TableText.Unparsable(delimiter, csv.Parser.RawRow);
        }
        rowRead?.Invoke();
        if (cohort.Subjects.Count == 0) throw new CohortFileException("the file has a header but no rows", 2);
        return cohort;
    }

    private static Subject ReadSubject(CsvReader csv, CohortColumns columns, int line)
    {
        var cause = columns.Cause is null ? null : csv.GetField(columns.Cause);
        var subject = new Subject
        {
            Event = columns.Event is null ? !columns.IsCensoredCause(cause) : ParseEvent(csv.GetField(columns.Event), line, columns),
            Id = Optional(csv, columns.Id),
            Group = Optional(csv, columns.Group),
            Stratum = Optional(csv, columns.Stratum),
        };
        // The event column, where given, decides: a censored subject's cause cell is not read.
        if (subject.Event && !columns.IsCensoredCause(cause)) subject.Cause = cause!.Trim();
        foreach (var covariate in columns.Covariates) subject.Covariates[covariate] = ParseNumber(csv.GetField(covariate), line, covariate);
        foreach (var factor in columns.Factors) subject.Factors[factor] = csv.GetField(factor) ?? "";
        if (columns.Entry is not null) subject.EntryTime = ParseTime(csv.GetField(columns.Entry), line, columns.Entry);
        if (columns.Weight is not null) subject.Weight = ParseWeight(csv.GetField(columns.Weight), line, columns.Weight);
        if (columns.Time is not null) subject.Time = ParseTime(csv.GetField(columns.Time), line, columns.Time);
        else
        {
            subject.StartDate = Optional(csv, columns.StartDate);
            subject.EndDate = Optional(csv, columns.EndDate);
        }
        return subject;
    }

    private static string Optional(CsvReader csv, string? column) => column is null ? "" : csv.GetField(column) ?? "";

    private static double ParseTime(string? text, int line, string column) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var time)
            ? time
            : throw TableText.Unreadable(column, text, "a time must be a number", line);

    private static double ParseWeight(string? text, int line, string column) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var weight)
            ? weight
            : throw TableText.Unreadable(column, text, "a case weight must be a number > 0", line);

    /// <summary>A covariate's value, or the error that names its column and line.</summary>
    internal static double ParseNumber(string? text, int line, string column) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw TableText.Unreadable(column, text, "a covariate must be a number; a column of labels is a factor", line);

    private static bool ParseEvent(string? text, int line, CohortColumns columns)
    {
        var column = columns.Event!;
        if (columns.EventValue is { } eventValue)
        {
            return EventCodes.Read(text, eventValue)
                ?? throw TableText.Unreadable(column, text, $"every subject needs an event ('{eventValue}') or a censoring (any other value)", line);
        }
        return EventCodes.Read(text) ?? throw TableText.Unreadable(column, text, $"{EventCodes.Requirement}; or name the value that marks an event", line);
    }
}
