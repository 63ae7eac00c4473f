using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Survival.V1;

namespace Survival.Client;

/// <summary>
/// Reads what a publication gives of its Kaplan–Meier figure from CSV files: the digitised points (columns
/// <c>time</c> and <c>survival</c>, as a digitiser exports them) and the table of numbers at risk (columns <c>time</c>
/// and <c>at_risk</c>); with an arm column, several arms from the same files.
/// </summary>
public static class PublishedCurveFile
{
    /// <summary>Reads the arms.</summary>
    /// <param name="pointsPath">The digitised points.</param>
    /// <param name="atRiskPath">The table of numbers at risk; null when not published.</param>
    /// <param name="armColumn">The column naming each row's arm in both files; null for one arm.</param>
    /// <param name="percent">Whether the survival column is in percent (divided by 100).</param>
    /// <exception cref="CohortFileException">A file lacks a column or a cell is not a number.</exception>
    public static IReadOnlyList<PublishedArm> Read(string pointsPath, string? atRiskPath, string? armColumn = null, bool percent = false)
    {
        var arms = new List<PublishedArm>();
        PublishedArm Arm(string label)
        {
            var arm = arms.Find(a => a.Label == label);
            if (arm is null) arms.Add(arm = new PublishedArm { Label = label });
            return arm;
        }
        foreach (var (line, arm, time, value) in Rows(pointsPath, armColumn, "survival"))
            Arm(arm).Points.Add(new DigitizedPoint { Time = time, Survival = percent ? value / 100 : value });
        if (atRiskPath is not null)
        {
            foreach (var (line, arm, time, value) in Rows(atRiskPath, armColumn, "at_risk"))
            {
                if (value != Math.Floor(value) || value > long.MaxValue)
                    throw new CohortFileException($"'{value.ToString(CultureInfo.InvariantCulture)}' is not a whole number of patients", line, "at_risk");
                if (arms.Find(a => a.Label == arm) is not { } target)
                    throw new CohortFileException($"the arm '{arm}' has numbers at risk but no points", line, armColumn);
                target.AtRisk.Add(new AtRiskCount { Time = time, AtRisk = (long)value });
            }
        }
        return arms;
    }

    /// <summary>Writes rebuilt subjects as a cohort CSV: <c>time,event,group</c>.</summary>
    public static void WriteCohort(Cohort cohort, string path)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        using var writer = new StreamWriter(path);
        writer.WriteLine("time,event,group");
        foreach (var subject in cohort.Subjects)
            writer.WriteLine($"{subject.Time.ToString("R", CultureInfo.InvariantCulture)},{(subject.Event ? 1 : 0)},{Quoted(subject.Group)}");
    }

    private static string Quoted(string text) => text.IndexOfAny([',', '"', '\n']) < 0 ? text : $"\"{text.Replace("\"", "\"\"")}\"";

    private static IEnumerable<(int Line, string Arm, double Time, double Value)> Rows(string path, string? armColumn, string valueColumn)
    {
        using var reader = new StreamReader(path);
        var delimiter = Path.GetExtension(path).ToLowerInvariant() is ".tsv" or ".tab" ? "\t" : ",";
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { Delimiter = delimiter, TrimOptions = TrimOptions.Trim });
        var name = Path.GetFileName(path);
        if (!csv.Read() || !csv.ReadHeader()) throw new CohortFileException($"{name} is empty", 1);
        foreach (var column in new[] { "time", valueColumn, armColumn })
        {
            if (column is not null && !csv.HeaderRecord!.Contains(column))
                throw new CohortFileException($"{name} has no column named '{column}'; its columns are {string.Join(", ", csv.HeaderRecord!)}", 1, column);
        }
        while (csv.Read())
        {
            var line = csv.Parser.RawRow;
            yield return (line, armColumn is null ? "" : csv.GetField(armColumn) ?? "", Number(csv, "time", line), Number(csv, valueColumn, line));
        }
    }

    private static double Number(CsvReader csv, string column, int line)
    {
        var cell = csv.GetField(column);
        if (double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) return value;
        throw new CohortFileException($"'{cell}' in column {column} is not a number", line, column);
    }
}
