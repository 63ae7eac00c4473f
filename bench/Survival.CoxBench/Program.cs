using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Survival.Core.Counting;
using Survival.Core.Cox;
using Survival.Core.Regression;

// dotnet run -c Release --project bench/Survival.CoxBench -- --generate 1000000 FILE.csv
//   writes time,status,x1..x5,g: five standard-normal covariates, a 4-level factor, exponential times rounded to
//   0.01 (so there are ties) and uniform censoring, from a fixed seed; with --distinct-times the times are not rounded
//   (a million distinct times, near-ties merged by timefix).
// dotnet run -c Release --project bench/Survival.CoxBench -- --input FILE.csv [--runs 3] [--no-r]
//   fits coxph(Surv(time, status) ~ x1 + ... + x5 + g, ties = "efron") here (median of the runs, after three warm-up
//   fits whose first, the cold start, is reported apart)
//   and with R on the same file in the same run, and prints one JSON line with both times, the speed-up, the bytes
//   allocated per subject by one fit, the peak resident memory per subject and the largest coefficient difference.
var culture = CultureInfo.InvariantCulture;
if (args.Length >= 3 && args[0] == "--generate")
{
    Generate(int.Parse(args[1], culture), args[2], distinctTimes: args.Contains("--distinct-times"));
    return 0;
}
if (args.Length < 2 || args[0] != "--input") throw new ArgumentException("use --generate N FILE or --input FILE [--runs R] [--no-r]");
var path = args[1];
var runs = args.Contains("--runs") ? int.Parse(args[Array.IndexOf(args, "--runs") + 1], culture) : 3;
var withR = !args.Contains("--no-r");

var data = Read(path);
var options = CoxRegressionOptions.Default;
// The first fits run while the JIT is still recompiling the hot loops with full optimization (tiered compilation);
// a running server is past them, so they are reported apart and not timed with the others.
var warmUp = new List<double>();
for (var run = 0; run < 3; run++)
{
    GC.Collect();
    var clock = Stopwatch.StartNew();
    CoxRegression.Fit(data, options);
    warmUp.Add(clock.Elapsed.TotalSeconds);
}
var seconds = new List<double>();
long allocated = 0;
CoxModel? fit = null;
for (var run = 0; run < runs; run++)
{
    GC.Collect();
    var before = GC.GetTotalAllocatedBytes(precise: true);
    var clock = Stopwatch.StartNew();
    fit = CoxRegression.Fit(data, options);
    seconds.Add(clock.Elapsed.TotalSeconds);
    allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
}
var ours = seconds.Order().ElementAt(seconds.Count / 2);
var n = data.Survival.Count;
var peak = PeakResident();
Console.Error.WriteLine($"warm-up fits: {string.Join(", ", warmUp.Select(t => t.ToString("F3", culture)))} s");
Console.Error.WriteLine($"fits: {string.Join(", ", seconds.Select(t => t.ToString("F3", culture)))} s");
Console.Error.WriteLine($"ours: {ours:F3} s, {fit!.Iterations} iterations, {(double)allocated / n:F1} bytes allocated per subject, peak resident {(double)peak / n:F1} bytes per subject");

double? rSeconds = null, maxDifference = null;
if (withR)
{
    var script = Path.Combine(AppContext.BaseDirectory, "coxph-bench.R");
    var process = Process.Start(new ProcessStartInfo("Rscript", [script, path]) { RedirectStandardOutput = true })!;
    var line = process.StandardOutput.ReadToEnd();
    process.WaitForExit();
    using var json = JsonDocument.Parse(line);
    rSeconds = json.RootElement.GetProperty("seconds").GetDouble();
    var rCoef = json.RootElement.GetProperty("coef").EnumerateArray().Select(e => e.GetDouble()).ToArray();
    maxDifference = rCoef.Zip(fit.Coefficients).Max(p => Math.Abs(p.First - p.Second.Estimate.Coefficient!.Value) / Math.Abs(p.First));
    Console.Error.WriteLine($"R coxph: {rSeconds:F3} s; largest relative coefficient difference {maxDifference:E2}");
}
Console.WriteLine(string.Create(culture,
    $"{{\"subjects\":{n},\"ours_seconds\":{ours:F4},\"ours_best_seconds\":{seconds.Min():F4},\"r_seconds\":{(rSeconds is { } r ? r.ToString("F3", culture) : "null")}," +
    $"\"first_fit_seconds\":{warmUp[0]:F4},\"speedup\":{(rSeconds is { } s ? (s / ours).ToString("F1", culture) : "null")},\"allocated_bytes_per_subject\":{(double)allocated / n:F1}," +
    $"\"peak_resident_bytes_per_subject\":{(double)peak / n:F1},\"max_relative_coef_difference\":{(maxDifference is { } m ? m.ToString("E2", culture) : "null")}}}"));
return 0;

static void Generate(int subjects, string path, bool distinctTimes)
{
    var random = new Random(20261202);
    double[] effects = [0.3, -0.2, 0.1, 0.0, 0.05];
    double[] level = [0, 0.2, -0.3, 0.5];
    using var writer = new StreamWriter(path);
    writer.WriteLine("time,status,x1,x2,x3,x4,x5,g");
    Span<double> x = stackalloc double[5];
    for (var i = 0; i < subjects; i++)
    {
        var eta = 0.0;
        for (var c = 0; c < 5; c++)
        {
            x[c] = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            eta += effects[c] * x[c];
        }
        var g = random.Next(4);
        eta += level[g];
        var eventTime = -Math.Log(1 - random.NextDouble()) / (0.1 * Math.Exp(eta));
        var censorTime = 30 * random.NextDouble();
        var time = (distinctTimes ? Math.Min(eventTime, censorTime) : Math.Round(Math.Min(eventTime, censorTime), 2)) + 0.01;
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{(distinctTimes ? time.ToString("R", CultureInfo.InvariantCulture) : time.ToString("0.00", CultureInfo.InvariantCulture))},{(eventTime <= censorTime ? 1 : 0)},{x[0]:R},{x[1]:R},{x[2]:R},{x[3]:R},{x[4]:R},{"ABCD"[g]}"));
    }
}

static CoxRegressionData Read(string path)
{
    var times = new List<double>();
    var events = new List<bool>();
    var covariates = Enumerable.Range(0, 5).Select(_ => new List<double>()).ToArray();
    var factor = new List<string>();
    foreach (var line in File.ReadLines(path).Skip(1))
    {
        var cells = line.Split(',');
        times.Add(double.Parse(cells[0], CultureInfo.InvariantCulture));
        events.Add(cells[1] == "1");
        for (var c = 0; c < 5; c++) covariates[c].Add(double.Parse(cells[2 + c], CultureInfo.InvariantCulture));
        factor.Add(cells[7]);
    }
    var terms = covariates.Select((values, c) => (CoxCovariate)new NumericCovariate($"x{c + 1}", [.. values]))
        .Append(new FactorCovariate("g", Factor.Create(factor))).ToArray();
    return CoxRegressionData.Create(SurvivalData.Create([.. times], [.. events]), terms);
}

static long PeakResident()
{
    foreach (var line in File.ReadLines("/proc/self/status"))
    {
        if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }
    return 0;
}
