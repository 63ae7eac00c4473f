using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Survival.V1;

namespace Survival.Client;

/// <summary>
/// Reads studies to pool from a CSV file, one row per study: <c>study</c> and either <c>log_estimate</c> and
/// <c>std_error</c>, or <c>estimate</c>, <c>lower</c> and <c>upper</c> (as papers print a hazard ratio or a median),
/// with an optional <c>interval_level</c> (default 0.95). A row may leave one pair of columns empty to use the other.
/// </summary>
public static class StudiesFile
{
    /// <exception cref="CohortFileException">A column is missing or a cell is not a number.</exception>
    public static IReadOnlyList<Study> Read(string path)
    {
        using var reader = new StreamReader(path);
        var delimiter = Path.GetExtension(path).ToLowerInvariant() is ".tsv" or ".tab" ? "\t" : ",";
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { Delimiter = delimiter, TrimOptions = TrimOptions.Trim });
        if (!csv.Read() || !csv.ReadHeader()) throw new CohortFileException("the file is empty", 1);
        var header = csv.HeaderRecord!;
        var logForm = header.Contains("log_estimate") && header.Contains("std_error");
        var intervalForm = header.Contains("estimate") && header.Contains("lower") && header.Contains("upper");
        if (!header.Contains("study") || !(logForm || intervalForm))
            throw new CohortFileException($"needs a study column and log_estimate with std_error, or estimate with lower and upper; the columns are {string.Join(", ", header)}", 1);
        var studies = new List<Study>();
        while (csv.Read())
        {
            var line = csv.Parser.RawRow;
            var study = new Study { Label = csv.GetField("study") ?? "" };
            if (logForm && Cell(csv, "log_estimate", line) is { } log)
            {
                study.LogEstimate = log;
                if (Cell(csv, "std_error", line) is { } se) study.StdError = se;
            }
            else if (intervalForm)
            {
                if (Cell(csv, "estimate", line) is { } estimate) study.Estimate = estimate;
                if (Cell(csv, "lower", line) is { } lower) study.Lower = lower;
                if (Cell(csv, "upper", line) is { } upper) study.Upper = upper;
                if (header.Contains("interval_level") && Cell(csv, "interval_level", line) is { } level) study.IntervalLevel = level;
            }
            studies.Add(study);
        }
        if (studies.Count == 0) throw new CohortFileException("the file has a header but no rows", 2);
        return studies;
    }

    private static double? Cell(CsvReader csv, string column, int line)
    {
        var cell = csv.GetField(column);
        if (string.IsNullOrWhiteSpace(cell)) return null;
        if (double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) return value;
        throw new CohortFileException($"'{cell}' in column {column} is not a number", line, column);
    }
}
