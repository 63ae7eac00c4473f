using System.Globalization;

namespace Survival.TestSupport;

/// <summary>
/// examples/seven_patient_cohort_illustrative.csv: an illustrative seven-patient cohort shaped after a published
/// series, not patient-level data; anything that shows it must say so.
/// </summary>
public static class ExampleCohort
{
    /// <summary>What every image of this cohort must say.</summary>
    public const string Disclaimer = "Illustrative data — not patient-level";

    public static string Path => System.IO.Path.Combine(AppContext.BaseDirectory, "examples", "seven_patient_cohort_illustrative.csv");

    /// <summary>Overall survival, in months.</summary>
    public static (double[] Times, bool[] Events) OverallSurvival() => Columns("os_months", "os_event");

    /// <summary>Progression-free survival, in months.</summary>
    public static (double[] Times, bool[] Events) ProgressionFreeSurvival() => Columns("pfs_months", "pfs_event");

    private static (double[] Times, bool[] Events) Columns(string timeColumn, string eventColumn)
    {
        var lines = File.ReadAllLines(Path).Where(l => l.Length > 0).ToArray();
        var header = lines[0].Split(',');
        int timeAt = Array.IndexOf(header, timeColumn), eventAt = Array.IndexOf(header, eventColumn);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        return (rows.Select(r => double.Parse(r[timeAt], CultureInfo.InvariantCulture)).ToArray(),
            rows.Select(r => r[eventAt] == "1").ToArray());
    }
}
