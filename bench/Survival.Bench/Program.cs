using System.Globalization;
using Survival.Bench;

// dotnet run -c Release --project bench/Survival.Bench -- --input FILE.csv [--runs 5]
//   reads FILE.csv (columns time,event,group) and prints one JSON line with the median seconds of the counting pass,
//   the Kaplan–Meier summaries of every group, the log-rank test and the Cox model (Efron), and the process's peak
//   resident memory.
// dotnet run -c Release --project bench/Survival.Bench -- --input FILE.csv --cox-fits 60
//   fits the group Cox model (Efron) 60 times in one process and prints the minimum and median milliseconds and the
//   CPU milliseconds and bytes allocated per fit.
// dotnet run -c Release --project bench/Survival.Bench -- --generate N FILE.csv [--registry] [--seed 1]
//   writes a two-group file of continuous times, or with --registry a three-arm registry in whole days.
// dotnet run -c Release --project bench/Survival.Bench -- --stream URL --server-pid PID --input FILE.csv
//   streams the file to a running server's AnalyzeCohortStream as packed columns and prints the server's memory.
var options = Arguments.Parse(args);
if (options.Generate is { } subjects)
{
    if (options.Registry) BenchData.GenerateRegistry(subjects, options.Path, options.Seed);
    else BenchData.Generate(subjects, options.Path, options.Seed);
    Console.Error.WriteLine($"wrote {subjects} subjects to {options.Path}");
    return 0;
}

var data = BenchData.Read(options.Path);
Console.Error.WriteLine($"read {data.Survival.Count} subjects in {data.Groups.LevelCount} groups from {options.Path}");
if (options.Stream is { } server)
{
    Console.WriteLine(await StreamBench.RunAsync(data, server, options.ServerPid ?? throw new ArgumentException("--stream needs --server-pid")));
    return 0;
}

if (options.CoxFits is { } fits)
{
    Console.WriteLine(CoxFits.Run(data, fits));
    return 0;
}

// The first pass compiles and tiers up the code; the timed passes follow.
Timings.Measure(data);
var runs = Enumerable.Range(0, options.Runs).Select(_ => Timings.Measure(data)).ToArray();
var peak = PeakMemory.ResidentBytes();
Console.Error.WriteLine($"peak resident {peak} bytes = {(double)peak / data.Survival.Count:F1} bytes per subject");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{{\"counting_seconds\":{Median(runs.Select(r => r.Counting)):F4},\"km_seconds\":{Median(runs.Select(r => r.KaplanMeier)):F4}," +
    $"\"logrank_seconds\":{Median(runs.Select(r => r.LogRank)):F4},\"cox_seconds\":{Median(runs.Select(r => r.Cox)):F4}," +
    $"\"cox_best_seconds\":{runs.Min(r => r.Cox):F4}," +
    $"\"km_logrank_from_subjects_seconds\":{Median(runs.Select(r => r.KaplanMeierAndLogRank)):F4}," +
    $"\"cox_from_subjects_seconds\":{Median(runs.Select(r => r.CoxFromSubjects)):F4},\"peak_bytes\":{peak}}}"));
return 0;

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}
