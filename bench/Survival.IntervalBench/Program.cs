using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Survival.Core.Inference;
using Survival.Core.IntervalCensoring;

// The engine's side of bench/run-interval-bench.sh.
//   engine FILE [NPSURV_MASSES.csv]  a file of subjects (id, arm, left, right): counting, the pooled NPMLE (compared with
//                                    npsurv's masses when given), each arm's summary with 200 bootstrap replicates, the
//                                    three rank tests with the imputations; seconds each, and the process's peak memory.
//   counts N OUT.csv                 a registry of N subjects scanned every 28 days (+-3) as interval count rows.
//   registry COUNTS.csv [--bootstrap] the count rows through the engine: estimates and tests; with --bootstrap, then the
//                                    estimates with 200 bootstrap replicates on a second line.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
switch (args[0])
{
    case "engine":
        Engine(args[1], args.Length > 2 ? args[2] : null);
        break;
    case "counts":
        Counts(int.Parse(args[1]), args[2]);
        break;
    case "registry":
        Registry(args[1], args.Length > 2 && args[2] == "--bootstrap");
        break;
    default:
        throw new ArgumentException("engine FILE [MASSES] | counts N OUT | registry COUNTS [--bootstrap]");
}

static void Engine(string file, string? npsurvMasses)
{
    var total = Stopwatch.StartNew();
    var clock = Stopwatch.StartNew();
    var builder = new IntervalCountingTable.Builder();
    var subjects = 0;
    foreach (var line in File.ReadLines(file).Skip(1))
    {
        var cells = line.Split(',');
        var right = cells[3].Length == 0 ? double.PositiveInfinity : double.Parse(cells[3]);
        builder.Add(builder.Cell(cells[1].Trim('"'), ""), double.Parse(cells[2]), right);
        subjects++;
    }
    var table = builder.Build();
    var countSeconds = clock.Elapsed.TotalSeconds;

    clock.Restart();
    var pooled = table.Pooled();
    var estimate = Turnbull.Estimate(pooled);
    var pooledSeconds = clock.Elapsed.TotalSeconds;
    double? gap = npsurvMasses is null ? null : MassGap(estimate, npsurvMasses);

    clock.Restart();
    var summaries = IntervalCohortSurvival.Summarize(table, new IntervalSummaryOptions());
    var summarySeconds = clock.Elapsed.TotalSeconds;

    clock.Restart();
    var comparison = IntervalGroupComparison.Compare(table, IntervalGroupComparison.AllScores, ConfidenceLevel.Default);
    var testSeconds = clock.Elapsed.TotalSeconds;
    Console.WriteLine(JsonSerializer.Serialize(new
    {
        subjects,
        distinct_rows = pooled.Count,
        turnbull_intervals = estimate.TurnbullIntervalCount,
        intervals_with_mass = estimate.Mass.Length,
        count_seconds = Math.Round(countSeconds, 3),
        npmle_pooled_seconds = Math.Round(pooledSeconds, 3),
        npmle_iterations = estimate.Iterations,
        kuhn_tucker_residual = estimate.KuhnTuckerResidual,
        max_mass_difference_from_npsurv = gap,
        summary_with_bootstrap_seconds = Math.Round(summarySeconds, 3),
        bootstrap_replicates = summaries[0].Summary.BootstrapReplicates,
        tests_and_imputations_seconds = Math.Round(testSeconds, 3),
        sun_permutation_p = comparison.Tests[0].Permutation.Test.PValue,
        total_seconds = Math.Round(total.Elapsed.TotalSeconds, 3),
        peak_mib = Math.Round(PeakBytes() / 1048576.0, 1),
    }));
}

/// <summary>The largest difference between the engine's masses and npsurv's, matched by interval.</summary>
static double MassGap(TurnbullEstimate estimate, string file)
{
    var npsurv = File.ReadLines(file).Skip(1).Select(line => line.Split(','))
        .Select(c => (Left: double.Parse(c[0]), Right: c[1] == "Inf" ? double.PositiveInfinity : double.Parse(c[1]), P: double.Parse(c[2])))
        .ToDictionary(r => (r.Left, r.Right), r => r.P);
    var gap = 0.0;
    for (var k = 0; k < estimate.Mass.Length; k++)
        gap = Math.Max(gap, Math.Abs(estimate.Mass[k] - npsurv.GetValueOrDefault((estimate.Left[k], estimate.Right[k]))));
    foreach (var ((left, right), p) in npsurv)
        if (!Enumerable.Range(0, estimate.Mass.Length).Any(k => estimate.Left[k] == left && estimate.Right[k] == right)) gap = Math.Max(gap, p);
    return gap;
}

static void Counts(int n, string output)
{
    var random = new Random(2503);
    var arms = new[] { "A", "B", "C" };
    var rows = new Dictionary<(int Arm, int Left, int Right), long>();
    for (var i = 0; i < n; i++)
    {
        var arm = i % 3;
        var scale = 400.0 * (1 + 0.25 * arm);
        var progression = scale * Math.Pow(-Math.Log(1 - random.NextDouble()), 1 / 1.2);
        var end = 180 + random.NextDouble() * 3470;
        var (last, visit, right) = (0, 0, -1);
        while (true)
        {
            visit += 28 + random.Next(-3, 4);
            if (visit > end) break;
            if (visit >= progression)
            {
                right = visit;
                break;
            }
            last = visit;
        }
        var key = (arm, last, right);
        rows[key] = rows.GetValueOrDefault(key) + 1;
    }
    using var writer = new StreamWriter(output);
    writer.WriteLine("group,stratum,interval_left,interval_right,count");
    foreach (var ((arm, left, right), count) in rows.OrderBy(r => r.Key))
        writer.WriteLine($"{arms[arm]},,{left},{(right < 0 ? "" : right.ToString(CultureInfo.InvariantCulture))},{count}");
    Console.Error.WriteLine($"{n} subjects in {rows.Count} count rows");
}

static void Registry(string file, bool withBootstrap)
{
    var clock = Stopwatch.StartNew();
    var builder = new IntervalCountingTable.Builder();
    foreach (var line in File.ReadLines(file).Skip(1))
    {
        var cells = line.Split(',');
        var right = cells[3].Length == 0 ? double.PositiveInfinity : double.Parse(cells[3]);
        builder.Add(builder.Cell(cells[0], cells[1]), double.Parse(cells[2]), right, long.Parse(cells[4]));
    }
    var table = builder.Build();
    var readSeconds = clock.Elapsed.TotalSeconds;
    clock.Restart();
    var summaries = IntervalCohortSurvival.Summarize(table, new IntervalSummaryOptions { BootstrapReplicates = 0 });
    var estimates = clock.Elapsed.TotalSeconds;
    clock.Restart();
    IntervalGroupComparison.Compare(table, IntervalGroupComparison.AllScores, ConfidenceLevel.Default);
    var tests = clock.Elapsed.TotalSeconds;
    Console.WriteLine(JsonSerializer.Serialize(new
    {
        subjects = table.SubjectCount,
        count_rows = table.Pooled().Count,
        read_seconds = Math.Round(readSeconds, 3),
        estimates_seconds = Math.Round(estimates, 3),
        tests_and_imputations_seconds = Math.Round(tests, 3),
        npmle_iterations = summaries.Select(s => s.Summary.Estimate.Iterations).ToArray(),
        kuhn_tucker_residual = summaries.Max(s => s.Summary.Estimate.KuhnTuckerResidual),
        peak_mib = Math.Round(PeakBytes() / 1048576.0, 1),
    }));
    if (!withBootstrap) return;
    // The bootstrap on its own line: it is the long part, and the figures above stand without it.
    clock.Restart();
    var bootstrapped = IntervalCohortSurvival.Summarize(table, new IntervalSummaryOptions());
    Console.WriteLine(JsonSerializer.Serialize(new
    {
        estimates_with_200_bootstrap_seconds = Math.Round(clock.Elapsed.TotalSeconds, 3),
        intervals_with_mass = bootstrapped.Select(s => s.Summary.Estimate.Mass.Length).ToArray(),
        kuhn_tucker_residual = bootstrapped.Max(s => s.Summary.Estimate.KuhnTuckerResidual),
        peak_mib = Math.Round(PeakBytes() / 1048576.0, 1),
    }));
}

static long PeakBytes()
{
    foreach (var line in File.ReadLines("/proc/self/status"))
        if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0]) * 1024;
    return 0;
}
