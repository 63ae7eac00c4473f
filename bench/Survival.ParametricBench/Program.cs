using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Survival.Core.Counting;
using Survival.Core.Parametric;
using Survival.Core.Regression;

// dotnet run -c Release --project bench/Survival.ParametricBench -- generate N FILE.csv
//   time,status,x1..x5: five standard-normal covariates, Weibull times (shape 1.5) and uniform censoring, fixed seed.
// dotnet run -c Release --project bench/Survival.ParametricBench -- subjects FILE.csv DIST [--runs 3] [--no-r]
//   fits DIST (weibull, lognormal, ...) on time ~ x1 + ... + x5 here (median of the runs after two warm-up fits) and
//   R's survreg on the same file in the same run; one JSON line with both times, the speed-up and the largest relative
//   difference of the parameters.
// dotnet run -c Release --project bench/Survival.ParametricBench -- registry N COUNTS.csv [--runs 3] [--no-r]
//   a registry of N subjects in three arms with integer days up to 3650, as count rows (time, group, events,
//   censored), written to COUNTS.csv for R; times all six distributions on the group factor from the counting table,
//   and R's survreg for its four on the same rows (weights = counts), in the same run.
var culture = CultureInfo.InvariantCulture;
var runs = args.Contains("--runs") ? int.Parse(args[Array.IndexOf(args, "--runs") + 1], culture) : 3;
var withR = !args.Contains("--no-r");
return args switch
{
    ["generate", var n, var path, ..] => Generate(int.Parse(n, culture), path),
    ["subjects", var path, var dist, ..] => Subjects(path, dist),
    ["registry", var n, var path, ..] => Registry(long.Parse(n, culture), path),
    _ => Usage(),
};

int Usage()
{
    Console.Error.WriteLine("usage: generate N FILE.csv | subjects FILE.csv DIST [--runs R] [--no-r] | registry N COUNTS.csv [--runs R] [--no-r]");
    return 2;
}

int Subjects(string path, string dist)
{
    var before = GC.GetTotalMemory(forceFullCollection: true);
    var data = ReadSubjects(path);
    var distribution = Distribution(dist);
    var options = new ParametricOptions();
    var (ours, oursCpu, fit) = Time(() => ParametricRegression.Fit(data, distribution, options));
    // What the data holds once fitted (its caches built), the fits themselves collected: the memory a server keeps per cohort.
    var held = (GC.GetTotalMemory(forceFullCollection: true) - before) / 1048576.0;
    Console.Error.WriteLine($"data held after the fits: {held:F1} MiB");
    Console.Error.WriteLine($"ours {dist}: {ours:F3} s, {fit.Iterations} iterations, log L {fit.LogLikelihood:R}");
    var r = withR ? Survreg("subjects", path, dist) : null;
    double? difference = r is null ? null : Parameters(fit).Zip(r.Value.Parameters).Max(p => Math.Abs(p.First - p.Second) / Math.Max(1e-300, Math.Abs(p.Second)));
    Report(new { bench = "subjects", distribution = dist, subjects = data.Subjects, data_mebibytes = held, ours_seconds = ours, ours_cpu_seconds = oursCpu, r_seconds = r?.Seconds,
        r_cpu_seconds = r?.CpuSeconds, speedup = r is null ? (double?)null : r.Value.Seconds / ours,
        // Ours runs on two threads: its processor time is the sum of both, so this ratio is the smaller one.
        speedup_cpu = r is null ? (double?)null : r.Value.CpuSeconds / oursCpu, max_relative_parameter_difference = difference,
        loglik_difference = r is null ? (double?)null : Math.Abs(fit.LogLikelihood!.Value - r.Value.LogLikelihood) });
    return 0;
}

int Registry(long n, string path)
{
    var table = GenerateRegistry(n, path);
    var data = ParametricData.FromCounts(table, groupTerm: true, stratified: false);
    var options = new ParametricOptions();
    var (ours, oursCpu, fits) = Time(() => ParametricRegression.Fit(data, [], options));
    foreach (var f in fits) Console.Error.WriteLine($"ours {f.Distribution}: AIC {f.Aic:F1}, {f.Iterations} iterations, converged {f.Converged}");
    Console.Error.WriteLine($"ours, all six from the counting table: {ours:F3} s");
    double rTotal = 0, difference = 0;
    if (withR)
    {
        foreach (var (name, distribution) in new[] { ("exponential", ParametricDistribution.Exponential), ("weibull", ParametricDistribution.Weibull),
                     ("lognormal", ParametricDistribution.LogNormal), ("loglogistic", ParametricDistribution.LogLogistic) })
        {
            var r = Survreg("counts", path, name)!.Value;
            rTotal += r.Seconds;
            var fit = fits.Single(f => f.Distribution == distribution);
            difference = Math.Max(difference, Parameters(fit).Zip(r.Parameters).Max(p => Math.Abs(p.First - p.Second) / Math.Max(1e-300, Math.Abs(p.Second))));
            Console.Error.WriteLine($"R survreg {name} on the count rows: {r.Seconds:F3} s");
        }
    }
    Report(new { bench = "registry", subjects = n, groups = table.GroupCount, ours_seconds_all_six = ours, ours_cpu_seconds_all_six = oursCpu,
        r_seconds_survreg_four_on_count_rows = withR ? rTotal : (double?)null, max_relative_parameter_difference = withR ? difference : (double?)null });
    return 0;
}

(double Seconds, double CpuSeconds, T Result) Time<T>(Func<T> fit)
{
    // The first fits run while the JIT recompiles the hot loops with full optimization; a server is past them.
    for (var i = 0; i < 2; i++) fit();
    var seconds = new List<double>();
    var cpu = new List<double>();
    var process = Process.GetCurrentProcess();
    T result = default!;
    for (var run = 0; run < runs; run++)
    {
        GC.Collect();
        process.Refresh();
        var processor = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        result = fit();
        seconds.Add(clock.Elapsed.TotalSeconds);
        process.Refresh();
        cpu.Add((process.TotalProcessorTime - processor).TotalSeconds);
    }
    // The processor time of both threads is steadier than the clock on a shared machine.
    Console.Error.WriteLine($"runs: {string.Join(", ", seconds.Select(s => s.ToString("F3", culture)))} s; processor: {string.Join(", ", cpu.Select(s => s.ToString("F3", culture)))} s");
    return (seconds.Order().ElementAt(seconds.Count / 2), cpu.Order().ElementAt(cpu.Count / 2), result);
}

static double[] Parameters(ParametricFit fit) =>
    [.. fit.Coefficients.Select(c => c.Estimate!.Value), .. fit.Ancillary.Where(a => a.Name == "Log(scale)").Select(a => a.Estimate)];

static (double Seconds, double CpuSeconds, double[] Parameters, double LogLikelihood)? Survreg(string kind, string path, string dist)
{
    var script = Path.Combine(AppContext.BaseDirectory, "survreg-bench.R");
    var process = Process.Start(new ProcessStartInfo("Rscript", [script, kind, path, dist]) { RedirectStandardOutput = true })!;
    var line = process.StandardOutput.ReadToEnd();
    process.WaitForExit();
    using var json = JsonDocument.Parse(line);
    var root = json.RootElement;
    var parameters = root.GetProperty("coef").EnumerateArray().Select(e => e.GetDouble()).ToArray();
    // The exponential has no scale: R's log(scale) is 0 and is not a parameter.
    if (dist == "exponential") parameters = parameters[..^1];
    return (root.GetProperty("seconds").GetDouble(), root.GetProperty("cpu_seconds").GetDouble(), parameters, root.GetProperty("loglik").GetDouble());
}

void Report(object figures) => Console.WriteLine(JsonSerializer.Serialize(figures));

static ParametricDistribution Distribution(string name) => name switch
{
    "exponential" => ParametricDistribution.Exponential,
    "weibull" => ParametricDistribution.Weibull,
    "lognormal" => ParametricDistribution.LogNormal,
    "loglogistic" => ParametricDistribution.LogLogistic,
    "gompertz" => ParametricDistribution.Gompertz,
    "gengamma" => ParametricDistribution.GeneralizedGamma,
    _ => throw new ArgumentException($"unknown distribution '{name}'"),
};

static int Generate(int subjects, string path)
{
    var random = new Random(20261206);
    double[] effects = [0.3, -0.2, 0.1, 0.0, 0.05];
    using var writer = new StreamWriter(path);
    writer.WriteLine("time,status,x1,x2,x3,x4,x5");
    Span<double> x = stackalloc double[5];
    for (var i = 0; i < subjects; i++)
    {
        var eta = 2.0;
        for (var c = 0; c < 5; c++)
        {
            x[c] = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            eta += effects[c] * x[c];
        }
        // log T = η + σW, W standard extreme value, σ = 1/1.5.
        var eventTime = Math.Exp(eta + Math.Log(-Math.Log(1 - random.NextDouble())) / 1.5);
        var censorTime = 30 * random.NextDouble();
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Math.Min(eventTime, censorTime):R},{(eventTime <= censorTime ? 1 : 0)},{x[0]:R},{x[1]:R},{x[2]:R},{x[3]:R},{x[4]:R}"));
    }
    return 0;
}

static ParametricData ReadSubjects(string path)
{
    var times = new List<double>();
    var events = new List<bool>();
    var covariates = Enumerable.Range(0, 5).Select(_ => new List<double>()).ToArray();
    foreach (var line in File.ReadLines(path).Skip(1))
    {
        var cells = line.Split(',');
        times.Add(double.Parse(cells[0], CultureInfo.InvariantCulture));
        events.Add(cells[1] == "1");
        for (var c = 0; c < 5; c++) covariates[c].Add(double.Parse(cells[2 + c], CultureInfo.InvariantCulture));
    }
    var terms = covariates.Select((values, c) => (CoxCovariate)new NumericCovariate($"x{c + 1}", [.. values])).ToArray();
    return ParametricData.Create(SurvivalData.Create([.. times], [.. events]), terms);
}

// Three arms with exponential event times (medians about 2.9, 3.6 and 4.4 years) and uniform censoring over ten years,
// in whole days: the counts per arm and day are drawn subject by subject and written as count rows.
static CountingTable GenerateRegistry(long subjects, string path)
{
    const int days = 3650;
    string[] arms = ["A", "B", "C"];
    double[] rates = [Math.Log(2) / (2.9 * 365.25), Math.Log(2) / (3.6 * 365.25), Math.Log(2) / (4.4 * 365.25)];
    var events = new long[arms.Length, days + 1];
    var censored = new long[arms.Length, days + 1];
    var random = new Random(20261206);
    for (long i = 0; i < subjects; i++)
    {
        var arm = (int)(i % arms.Length);
        var eventTime = -Math.Log(1 - random.NextDouble()) / rates[arm];
        var censorTime = days * random.NextDouble();
        var day = (int)Math.Ceiling(Math.Min(eventTime, censorTime));
        if (day < 1) day = 1;
        if (eventTime <= censorTime) events[arm, day]++;
        else censored[arm, day]++;
    }
    var builder = new CountingTable.Builder();
    using var writer = new StreamWriter(path);
    writer.WriteLine("time,group,events,censored");
    for (var a = 0; a < arms.Length; a++)
    {
        var cell = builder.Cell(arms[a], "");
        for (var d = 1; d <= days; d++)
        {
            if (events[a, d] + censored[a, d] == 0) continue;
            builder.AddCount(cell, d, events[a, d], censored[a, d]);
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{d},{arms[a]},{events[a, d]},{censored[a, d]}"));
        }
    }
    return builder.Build();
}
