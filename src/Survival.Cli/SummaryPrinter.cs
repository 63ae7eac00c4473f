using System.Globalization;
using Survival.V1;

namespace Survival.Cli;

/// <summary>Writes an analysis as the plain summary a researcher reads: medians, landmarks, RMST, tests, hazard ratios.</summary>
internal sealed class SummaryPrinter(TextWriter output)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public void Print(AnalyzeCohortRequest request, AnalyzeCohortResponse response)
    {
        if (response.Estimates.Groups.Any(g => g.Interval is not null))
        {
            new IntervalSummaryPrinter(output).Print(request, response);
            return;
        }
        var groups = response.Estimates.Groups;
        var unit = request.Cohort.TimeUnit;
        var level = request.Options.ConfLevel == 0 ? 0.95 : request.Options.ConfLevel;
        var ci = $"{level * 100:0.##}% CI";
        var weighted = groups.Any(g => g.Curve.Any(p => p.HasWeightedAtRisk));
        output.WriteLine($"{groups.Sum(g => g.Subjects)} subjects, {groups.Sum(g => g.Events)} events" + (unit.Length > 0 ? $"; times in {unit}" : "") +
                         (weighted ? "; estimates weighted by the case weights (no log-rank test: it takes no weights)" : ""));
        output.WriteLine();

        var header = new List<string> { "group", "n", "events", $"median ({ci})" };
        header.AddRange(request.Options.LandmarkTimes.Select(t => $"S({NumberText.UpToThreeDecimals(t)}) ({ci})"));
        if (request.Options.HasRmstTau) header.Add($"RMST({NumberText.UpToThreeDecimals(request.Options.RmstTau)}) ({ci})");
        if (request.Options.MedianFollowUp) header.Add($"median follow-up ({ci})");
        var rows = groups.Select(g =>
        {
            var row = new List<string> { Label(g.Group), g.Subjects.ToString(Invariant), g.Events.ToString(Invariant), Median(g.Median) };
            row.AddRange(g.Landmarks.Select(l => $"{Percent(l.Survival)} ({Percent(l.HasLower ? l.Lower : null)} to {Percent(l.HasUpper ? l.Upper : null)})"));
            if (g.Rmst is { } rmst) row.Add($"{NumberText.UpToThreeDecimals(rmst.Estimate)} ({NumberText.UpToThreeDecimals(rmst.Lower)} to {NumberText.UpToThreeDecimals(rmst.Upper)})");
            if (g.MedianFollowUp is { } followUp) row.Add(Median(followUp));
            return row;
        }).ToList();
        WriteTable(header, rows);

        foreach (var group in groups.Where(g => !g.Median.HasTime))
        {
            var last = group.Curve.Count > 0 ? group.Curve[^1].Time : 0;
            output.WriteLine($"Median not reached in {Label(group.Group)}: fewer than half had the event by the last follow-up ({NumberText.UpToThreeDecimals(last)}{(unit.Length > 0 ? " " + unit : "")}).");
        }
        PrintBands(groups, unit, level);
        PrintIncidence(groups, request.Options.LandmarkTimes, ci);
        if (response.Comparison is { } comparison) PrintComparison(comparison, ci);
    }

    /// <summary>Each group's simultaneous band: its method, scale, range and computed critical value (the band itself is in --json and the plot).</summary>
    private void PrintBands(IReadOnlyList<GroupEstimate> groups, string unit, double level)
    {
        foreach (var group in groups.Where(g => g.SimultaneousBand is not null))
        {
            var band = group.SimultaneousBand;
            var method = band.Method == BandMethod.EqualPrecision ? "equal-precision (Nair)" : "Hall–Wellner";
            var scale = band.Transform switch { BandTransform.Linear => "linear", BandTransform.ArcsineSquareRoot => "arcsine-square-root", _ => "log-log" };
            output.WriteLine($"{level * 100:0.##}% simultaneous band, {Label(group.Group)}: {method}, {scale} scale, {NumberText.UpToThreeDecimals(band.From)} to {NumberText.UpToThreeDecimals(band.To)}{(unit.Length > 0 ? " " + unit : "")}, critical value {NumberText.UpToThreeDecimals(band.CriticalValue)}");
        }
    }

    /// <summary>With competing causes, each group's cumulative incidence of each cause at the landmarks (or at its last time).</summary>
    private void PrintIncidence(IReadOnlyList<GroupEstimate> groups, IReadOnlyList<double> landmarks, string ci)
    {
        if (groups.All(g => g.CumulativeIncidence.Count == 0)) return;
        var times = landmarks.Count > 0 ? landmarks : [groups.Max(g => g.Curve[^1].Time)];
        output.WriteLine();
        output.WriteLine("Cumulative incidence of each competing cause (Aalen–Johansen):");
        var header = new List<string> { "group", "cause" };
        header.AddRange(times.Select(t => $"F({NumberText.UpToThreeDecimals(t)}) ({ci})"));
        var rows = groups.SelectMany(g => g.CumulativeIncidence.Select(cause =>
        {
            var row = new List<string> { Label(g.Group), cause.Cause };
            row.AddRange(times.Select(t => Incidence(cause.Curve, t)));
            return row;
        })).ToList();
        WriteTable(header, rows, numericColumns: []);
    }

    /// <summary>
    /// The estimate in force at <paramref name="time"/>, as R's <c>summary(fit, times = t)</c> reads the step function:
    /// 0 before the first row, the last row at or before the time, and n/a after the curve ends.
    /// </summary>
    private static string Incidence(IReadOnlyList<IncidencePoint> curve, double time)
    {
        if (time > curve[^1].Time) return "n/a";
        var point = curve.LastOrDefault(p => p.Time <= time);
        if (point is null) return "0%";
        return $"{Percent(point.Incidence)} ({Percent(point.HasLower ? point.Lower : null)} to {Percent(point.HasUpper ? point.Upper : null)})";
    }

    private void PrintComparison(CompareGroupsResponse comparison, string ci)
    {
        output.WriteLine();
        foreach (var test in comparison.Tests)
        {
            var name = TestName(test.Weight, test.FhP, test.FhQ) + " test" + (test.Stratified ? " (stratified)" : "");
            var source = test.PValueSource?.Distribution switch
            {
                TestDistribution.Exact => " (exact permutation p)",
                TestDistribution.MonteCarlo => $" (Monte Carlo, {test.PValueSource.Resamples} resamples, se {NumberText.UpToThreeDecimals(test.PValueSource.MonteCarloStdError)})",
                _ => "",
            };
            output.WriteLine(test.HasChiSquare
                ? $"{char.ToUpperInvariant(name[0])}{name[1..]}: chi-square {NumberText.UpToThreeDecimals(test.ChiSquare)} on {test.DegreesOfFreedom} df, {NumberText.PValueStatement(test.PValue)}{source}"
                : $"{char.ToUpperInvariant(name[0])}{name[1..]}: not estimable ({test.NotEstimableReason})");
            if (test.HasTrendChiSquare) output.WriteLine($"  test for trend: chi-square {NumberText.UpToThreeDecimals(test.TrendChiSquare)} on 1 df, {NumberText.PValueStatement(test.TrendPValue)}");
        }
        foreach (var gray in comparison.GrayTests)
        {
            output.WriteLine(gray.HasChiSquare
                ? $"Gray's test, cumulative incidence of {gray.Cause}: chi-square {NumberText.UpToThreeDecimals(gray.ChiSquare)} on {gray.DegreesOfFreedom} df, {NumberText.PValueStatement(gray.PValue)}"
                : $"Gray's test, cumulative incidence of {gray.Cause}: not estimable ({gray.NotEstimableReason})");
        }
        if (comparison.Pairwise.Count > 0) output.WriteLine("Pairwise comparisons (p, adjusted p):");
        foreach (var pair in comparison.Pairwise)
        {
            var name = $"{Label(pair.GroupA)} vs {Label(pair.GroupB)}, {TestName(pair.Weight, pair.FhP, pair.FhQ)}";
            output.WriteLine(pair.HasPValue
                ? $"  {name}: {NumberText.PValueStatement(pair.PValue)}, adjusted {NumberText.PValueStatement(pair.AdjustedPValue)}"
                : $"  {name}: not estimable ({pair.NotEstimableReason})");
        }
        foreach (var ratio in comparison.DescriptiveHazardRatios)
        {
            var method = ratio.Method == HazardRatioMethod.Logrank ? "log-rank" : "Mantel–Haenszel";
            output.WriteLine(ratio.HasHazardRatio
                ? $"Hazard ratio {Label(ratio.Group)} vs {Label(ratio.ReferenceGroup)} ({method} method): {NumberText.UpToThreeDecimals(ratio.HazardRatio)} ({ci} {NumberText.UpToThreeDecimals(ratio.Lower)} to {NumberText.UpToThreeDecimals(ratio.Upper)})"
                : $"Hazard ratio {Label(ratio.Group)} vs {Label(ratio.ReferenceGroup)} ({method} method): not estimable ({ratio.NotEstimableReason})");
        }
        if (comparison.Cox is { } cox)
        {
            output.WriteLine($"Cox model ({cox.Ties.ToString().ToLowerInvariant()} ties{(cox.Stratified ? ", stratified" : "")}), hazard ratios against {Label(cox.ReferenceGroup)}:");
            foreach (var term in cox.Terms)
            {
                output.WriteLine(term.HasHazardRatio_
                    ? $"  {Label(term.Group)}: {NumberText.UpToThreeDecimals(term.HazardRatio_)} ({ci} {NumberText.UpToThreeDecimals(term.Lower)} to {NumberText.UpToThreeDecimals(term.Upper)}), {NumberText.PValueStatement(term.PValue)}"
                    : $"  {Label(term.Group)}: not estimable");
            }
            if (!cox.Converged) output.WriteLine($"  the fit did not converge: {cox.ConvergenceMessage}");
            if (cox.LikelihoodRatio is { HasChiSquare: true } lr)
                output.WriteLine($"  likelihood-ratio test: chi-square {NumberText.UpToThreeDecimals(lr.ChiSquare)} on {lr.DegreesOfFreedom} df, {NumberText.PValueStatement(lr.PValue)}");
        }
        PrintContrasts(comparison.Contrasts, ci);
    }

    private void PrintContrasts(IReadOnlyCollection<GroupContrast> contrasts, string ci)
    {
        if (contrasts.Count == 0) return;
        output.WriteLine($"Contrasts against {Label(contrasts.First().ReferenceGroup)}:");
        foreach (var contrast in contrasts)
        {
            var (what, percent) = contrast.Measure switch
            {
                ContrastMeasure.RmstDifference => ($"RMST({NumberText.UpToThreeDecimals(contrast.Time)}) difference", false),
                ContrastMeasure.RmstRatio => ($"RMST({NumberText.UpToThreeDecimals(contrast.Time)}) ratio", false),
                _ => ($"S({NumberText.UpToThreeDecimals(contrast.Time)}) difference", true),
            };
            string Value(double value) => percent ? NumberText.PercentagePoints(value) : NumberText.UpToThreeDecimals(value);
            var Unit = percent ? " percentage points" : "";
            output.WriteLine(contrast.HasEstimate
                ? $"  {Label(contrast.Group)}, {what}: {Value(contrast.Estimate)}{Unit} ({ci} {Value(contrast.Lower)} to {Value(contrast.Upper)}), {NumberText.PValueStatement(contrast.PValue)}"
                : $"  {Label(contrast.Group)}, {what}: not estimable ({contrast.NotEstimableReason})");
        }
    }

    private void WriteTable(List<string> header, List<List<string>> rows, int[]? numericColumns = null)
    {
        numericColumns ??= [1, 2];
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Prepend(h.Length).Max()).ToArray();
        void Line(IReadOnlyList<string> cells) =>
            output.WriteLine(string.Join("  ", cells.Select((c, i) => numericColumns.Contains(i) ? c.PadLeft(widths[i]) : c.PadRight(widths[i]))).TrimEnd());
        Line(header);
        foreach (var row in rows) Line(row);
    }

    private static string TestName(TestWeight weight, double fhP, double fhQ) => weight switch
    {
        TestWeight.Unspecified or TestWeight.Logrank => "log-rank",
        TestWeight.GehanBreslow => "Gehan–Breslow",
        TestWeight.TaroneWare => "Tarone–Ware",
        TestWeight.PetoPeto => "Peto–Peto",
        TestWeight.ModifiedPetoPeto => "modified Peto–Peto",
        TestWeight.FlemingHarrington => $"Fleming–Harrington({NumberText.UpToThreeDecimals(fhP)}, {NumberText.UpToThreeDecimals(fhQ)})",
        _ => weight.ToString(),
    };

    private static string Label(string group) => group.Length > 0 ? group : "all";

    private static string Median(QuantileEstimate median) => median.HasTime
        ? $"{NumberText.UpToThreeDecimals(median.Time)} ({Bound(median.HasLower, median.Lower)} to {Bound(median.HasUpper, median.Upper)})"
        : "not reached";

    private static string Bound(bool has, double value) => has ? NumberText.UpToThreeDecimals(value) : "not reached";


    private static string Percent(double? value) => value is { } v ? NumberText.Percent(v) : "n/a";

}
