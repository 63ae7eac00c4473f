using System.Globalization;
using Survival.V1;

namespace Survival.Cli;

/// <summary>
/// The summary of an interval-censored analysis, as a PFS analysis reports it: Turnbull's medians (or the interval in
/// which each is not identified) and landmark rates with bootstrap intervals, the interval-censored log-rank family, and
/// the midpoint and right-point sensitivity analyses side by side.
/// </summary>
internal sealed class IntervalSummaryPrinter(TextWriter output)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public void Print(AnalyzeCohortRequest request, AnalyzeCohortResponse response)
    {
        var groups = response.Estimates.Groups;
        var unit = request.Cohort.TimeUnit;
        var level = request.Options.ConfLevel == 0 ? 0.95 : request.Options.ConfLevel;
        var ci = $"{level * 100:0.##}% CI";
        var intervals = groups.Select(g => g.Interval).ToArray();
        output.WriteLine($"{groups.Sum(g => g.Subjects)} subjects, interval-censored (Turnbull's estimate): {groups.Sum(g => g.Events)} events — " +
                         $"{intervals.Sum(i => i.IntervalCensored)} between two assessments, {intervals.Sum(i => i.LeftCensored)} by the first, " +
                         $"{intervals.Sum(i => i.Exact)} exact — and {intervals.Sum(i => i.RightCensored)} without an event seen" +
                         (unit.Length > 0 ? $"; times in {unit}" : ""));
        var first = intervals[0];
        output.WriteLine(first.BootstrapReplicates > 0
            ? $"Intervals from {first.BootstrapReplicates} bootstrap replicates (seed {first.BootstrapSeed})."
            : "No bootstrap: no standard errors or intervals.");
        output.WriteLine();

        var header = new List<string> { "group", "n", "events", $"median ({ci})" };
        header.AddRange(request.Options.LandmarkTimes.Select(t => $"S({NumberText.UpToThreeDecimals(t)}) ({ci})"));
        var rows = groups.Select(g =>
        {
            var row = new List<string> { Label(g.Group), g.Subjects.ToString(Invariant), g.Events.ToString(Invariant), Median(g.Interval.Median) };
            row.AddRange(g.Interval.Landmarks.Select(Landmark));
            return row;
        }).ToList();
        WriteTable(header, rows);
        if (groups.Any(g => g.Interval.Median is { HasTime: false, HasRangeStart: true }))
            output.WriteLine("A median \"in (a, b]\" is not identified: the curve falls past 0.5 somewhere inside that Turnbull interval, and every curve doing so fits the data equally.");
        foreach (var group in groups.Where(g => g.Interval.Median is { HasTime: false, HasRangeStart: false }))
            output.WriteLine($"Median not reached in {Label(group.Group)}.");

        if (response.Comparison?.Interval is { } comparison) PrintComparison(comparison, groups, ci);
        else PrintSensitivity(groups, null);
        output.WriteLine();
        output.WriteLine("Turnbull's NPMLE (Wang's constrained Newton method): " + string.Join("; ", groups.Select(g =>
            $"{Label(g.Group)} {g.Interval.Intervals.Count} intervals with mass of {g.Interval.TurnbullIntervals}, Kuhn–Tucker residual {g.Interval.KuhnTuckerResidual:0.#e+0}{(g.Interval.Converged ? "" : " (NOT converged)")}")));
    }

    private void PrintComparison(IntervalComparison comparison, IReadOnlyList<GroupEstimate> groups, string ci)
    {
        output.WriteLine();
        output.WriteLine("Interval-censored tests (Fay & Shaw 2010): permutation form; score-test form");
        foreach (var test in comparison.Tests)
            output.WriteLine($"  {TestName(test.Score)}: {Statistic(test.Permutation)}; {Statistic(test.ScoreTest)}");
        PrintSensitivity(groups, comparison, ci);
    }

    /// <summary>Kaplan–Meier medians, the log-rank test and the Cox hazard ratios with each interval at its midpoint and at its right end.</summary>
    private void PrintSensitivity(IReadOnlyList<GroupEstimate> groups, IntervalComparison? comparison, string ci = "95% CI")
    {
        output.WriteLine();
        output.WriteLine("Sensitivity analyses, each interval replaced by one point (Kaplan–Meier; log-rank; Cox, Efron ties):");
        var header = new List<string> { "imputation" };
        header.AddRange(groups.Select(g => $"median {Label(g.Group)}"));
        if (comparison is not null)
        {
            header.Add("log-rank");
            header.AddRange(comparison.Imputed[0].HazardRatios.Select(h => $"HR {Label(h.Group)} vs {Label(h.ReferenceGroup)} ({ci})"));
        }
        var rows = new[] { ImputationRule.Midpoint, ImputationRule.RightPoint }.Select(rule =>
        {
            var row = new List<string> { rule == ImputationRule.Midpoint ? "midpoint" : "right end" };
            row.AddRange(groups.Select(g => g.Interval.Imputed.First(i => i.Rule == rule) is var m && m.HasMedian
                ? $"{NumberText.UpToThreeDecimals(m.Median)} ({Bound(m.HasLower, m.Lower)} to {Bound(m.HasUpper, m.Upper)})"
                : "not reached"));
            if (comparison?.Imputed.First(i => i.Rule == rule) is { } imputed)
            {
                row.Add(imputed.HasLogrankPValue ? NumberText.PValueStatement(imputed.LogrankPValue) : "n/a");
                row.AddRange(imputed.HazardRatios.Select(h => h.HasHazardRatio ? $"{NumberText.UpToThreeDecimals(h.HazardRatio)} ({NumberText.UpToThreeDecimals(h.Lower)} to {NumberText.UpToThreeDecimals(h.Upper)})" : "not estimable"));
            }
            return row;
        }).ToList();
        WriteTable(header, rows, numericColumns: []);
    }

    private static string Statistic(IntervalTestStatistic statistic) => statistic.HasChiSquare
        ? $"chi-square {NumberText.UpToThreeDecimals(statistic.ChiSquare)} on {statistic.DegreesOfFreedom} df, {NumberText.PValueStatement(statistic.PValue)}"
        : $"not estimable ({statistic.NotEstimableReason})";

    private static string TestName(IntervalScore score) => score switch
    {
        IntervalScore.SunLogrank => "Sun's log-rank",
        IntervalScore.FinkelsteinLogrank => "Finkelstein's log-rank",
        IntervalScore.PetoPetoWilcoxon => "Peto–Peto Wilcoxon",
        _ => score.ToString(),
    };

    private static string Median(IntervalQuantile median)
    {
        var interval = $"({Bound(median.HasLower, median.Lower)} to {Bound(median.HasUpper, median.Upper)})";
        if (median.HasTime) return $"{NumberText.UpToThreeDecimals(median.Time)} {interval}";
        if (median.HasRangeStart) return $"in ({NumberText.UpToThreeDecimals(median.RangeStart)}, {NumberText.UpToThreeDecimals(median.RangeEnd)}] {interval}";
        return "not reached";
    }

    private static string Landmark(IntervalLandmark landmark) => landmark.HasSurvival
        ? $"{NumberText.Percent(landmark.Survival)} ({(landmark.HasLower ? NumberText.Percent(landmark.Lower) : "n/a")} to {(landmark.HasUpper ? NumberText.Percent(landmark.Upper) : "n/a")})"
        : $"{NumberText.Percent(landmark.SurvivalLower)}–{NumberText.Percent(landmark.SurvivalUpper)}, not identified";

    private void WriteTable(List<string> header, List<List<string>> rows, int[]? numericColumns = null)
    {
        numericColumns ??= [1, 2];
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Prepend(h.Length).Max()).ToArray();
        void Line(IReadOnlyList<string> cells) =>
            output.WriteLine(string.Join("  ", cells.Select((c, i) => numericColumns.Contains(i) ? c.PadLeft(widths[i]) : c.PadRight(widths[i]))).TrimEnd());
        Line(header);
        foreach (var row in rows) Line(row);
    }

    private static string Label(string group) => group.Length > 0 ? group : "all";

    private static string Bound(bool has, double value) => has ? NumberText.UpToThreeDecimals(value) : "not reached";



}
