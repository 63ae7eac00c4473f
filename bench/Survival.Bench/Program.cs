using System.Globalization;
using Survival.Bench;

// dotnet run -c Release --project bench/Survival.Bench -- --input FILE.csv [--runs 5]
//   reads FILE.csv (columns time,event,group) and prints one JSON line with the median seconds of the Kaplan–Meier
//   summaries of every group, the log-rank test and the Cox model (Efron), and the process's peak resident memory.
// dotnet run -c Release --project bench/Survival.Bench -- --generate 1000000 FILE.csv [--seed 1]
//   writes a two-group file of that many subjects.
var options = Arguments.Parse(args);
if (options.Generate is { } subjects)
{
    BenchData.Generate(subjects, options.Path, options.Seed);
    Console.Error.WriteLine($"wrote {subjects} subjects to {options.Path}");
    return 0;
}

var data = BenchData.Read(options.Path);
Console.Error.WriteLine($"read {data.Survival.Count} subjects in {data.Groups.LevelCount} groups from {options.Path}");

// The first pass compiles and tiers up the code; the timed passes follow.
Timings.Measure(data);
var runs = Enumerable.Range(0, options.Runs).Select(_ => Timings.Measure(data)).ToArray();
var peak = PeakMemory.ResidentBytes();
Console.Error.WriteLine($"peak resident {peak} bytes = {(double)peak / data.Survival.Count:F1} bytes per subject");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{{\"km_seconds\":{Median(runs.Select(r => r.KaplanMeier)):F4},\"logrank_seconds\":{Median(runs.Select(r => r.LogRank)):F4}," +
    $"\"cox_seconds\":{Median(runs.Select(r => r.Cox)):F4},\"peak_bytes\":{peak}}}"));
return 0;

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}
