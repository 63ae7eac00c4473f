using System.Diagnostics;
using System.Text.Json;
using Survival.PlotBench;
using Survival.Plotting;
using Survival.TestSupport;
using Survival.Core;
using Survival.Core.Curves;

// Prints, as JSON, the median warm render time of each case: the statistics are computed once beforehand, since the
// plotting library only draws them. A benchmark, not a test: the figures depend on the machine.
const int Warmup = 10;
const int Runs = 41;

var cohort = ExampleCohort.OverallSurvival();
var sevenPatients = Series(SurvivalGroups.Summarize(cohort.Times, cohort.Events, null, "All patients"));
var trial = SyntheticTrial.Generate(10_000, seed: 20191205);
var tenThousand = Series(SurvivalGroups.Summarize(trial.Times, trial.Events, trial.Arms));
var cohortOptions = new PlotOptions { TimeUnit = "months", XTickStep = 12, Caption = ExampleCohort.Disclaimer };
var trialOptions = new PlotOptions { TimeUnit = "months", XTickStep = 12, MedianLines = true };

var results = new[]
{
    Time("seven_patients_png_at_risk_table", sevenPatients, cohortOptions, targetMs: 50),
    Time("seven_patients_svg_at_risk_table", sevenPatients, cohortOptions with { Format = PlotImageFormat.Svg }, targetMs: null),
    Time("10000_subjects_4_groups_png_at_risk_table", tenThousand, trialOptions, targetMs: 200),
    Time("10000_subjects_4_groups_png_kmunicate", tenThousand, trialOptions with { RiskTable = RiskTableStyle.KMunicate }, targetMs: null),
    Time("10000_subjects_4_groups_svg_at_risk_table", tenThousand, trialOptions with { Format = PlotImageFormat.Svg }, targetMs: null),
};
Console.WriteLine(JsonSerializer.Serialize(new
{
    runtime = Environment.Version.ToString(),
    processors = Environment.ProcessorCount,
    warmup_runs = Warmup,
    timed_runs = Runs,
    results,
}, new JsonSerializerOptions { WriteIndented = true }));

static PlotSeries[] Series(IReadOnlyList<(string Label, Survival.Core.Curves.SurvivalSummary Summary)> groups) =>
    groups.Select(g => PlotSeries.FromSummary(g.Label, g.Summary)).ToArray();

static object Time(string name, IReadOnlyList<PlotSeries> series, PlotOptions options, double? targetMs)
{
    for (var i = 0; i < Warmup; i++) SurvivalPlotRenderer.Render(series, options);
    var elapsed = new double[Runs];
    var bytes = 0;
    for (var i = 0; i < Runs; i++)
    {
        var watch = Stopwatch.StartNew();
        bytes = SurvivalPlotRenderer.Render(series, options).Bytes.Length;
        elapsed[i] = watch.Elapsed.TotalMilliseconds;
    }
    Array.Sort(elapsed);
    var median = Math.Round(elapsed[Runs / 2], 2);
    return new
    {
        name,
        subjects = series.Sum(s => s.Curve.Subjects),
        groups = series.Count,
        median_ms = median,
        min_ms = Math.Round(elapsed[0], 2),
        max_ms = Math.Round(elapsed[^1], 2),
        target_ms = targetMs,
        meets_target = targetMs is null ? (bool?)null : median < targetMs,
        image_bytes = bytes,
    };
}
