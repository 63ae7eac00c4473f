using System.CommandLine;
using System.Globalization;
using Survival.Client;
using Survival.V1;

namespace Survival.Cli;

/// <summary>
/// <c>survival pool FILE</c>: studies' hazard ratios or medians pooled by fixed and random effects (metafor's rma), from a
/// table of estimates or from the patients of every study (<c>--study COL</c>), with the curves by study.
/// </summary>
internal static class PoolCommand
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private static readonly Dictionary<string, PoolingMethod> MethodNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["fe"] = PoolingMethod.FixedEffect, ["dl"] = PoolingMethod.DersimonianLaird, ["reml"] = PoolingMethod.Reml,
    };

    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = new Argument<FileInfo>("file")
        {
            Description = "CSV of studies (study and log_estimate with std_error, or estimate with lower and upper), or with --study of patients",
        };
        file.AcceptExistingOnly();
        var study = new Option<string?>("--study") { Description = "column naming each patient's study: the file holds patients, not estimates" };
        var time = new Option<string?>("--time") { Description = "with --study: column of follow-up times" };
        var evt = new Option<string?>("--event") { Description = "with --study: column of event indicators" };
        var start = new Option<string?>("--start") { Description = "with --study: column of start dates, with --end instead of --time" };
        var end = new Option<string?>("--end") { Description = "with --study: column of event or last-follow-up dates" };
        var unit = new Option<string>("--unit") { Description = "time unit: days, weeks, months or years with dates", DefaultValueFactory = _ => "" };
        var group = new Option<string?>("--group") { Description = "with --study: column of the two arms compared by the hazard ratio" };
        var measure = new Option<string>("--measure") { Description = "what is pooled: hr (hazard ratios) or median (single-arm medians)", DefaultValueFactory = _ => "hr" };
        measure.AcceptOnlyFromAmong("hr", "median");
        var methods = new Option<string[]>("--method") { Description = "fe, dl or reml (comma-separated or repeated; default all three)", AllowMultipleArgumentsPerToken = true };
        var reference = new Option<string?>("--reference-group") { Description = "with --study: the arm the other is compared with" };
        var confLevel = new Option<double>("--conf-level") { Description = "confidence level", DefaultValueFactory = _ => 0.95 };
        var forest = new Option<string?>("--forest") { Description = "write the forest plot to this .png or .svg file" };
        var curves = new Option<string?>("--survival-plot") { Description = "with --study: write the curves by study and of all studies to this .png or .svg file" };
        var server = new Option<Uri?>("--server") { Description = "address of a Survival server (default: run in-process)" };
        var apiKey = new Option<string?>("--api-key") { Description = "API key or bearer token for the server" };
        var command = new Command("pool", "Studies' hazard ratios or medians pooled by fixed and random effects (as metafor's rma), with a forest plot")
        {
            file, study, time, evt, start, end, unit, group, measure, methods, reference, confLevel, forest, curves, server, apiKey,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(study) is null) return;
            if (result.GetValue(evt) is null) result.AddError("--study needs --event");
            if ((result.GetValue(time) is null) == (result.GetValue(start) is null || result.GetValue(end) is null))
                result.AddError("--study needs either --time or both --start and --end");
        });
        command.SetAction((parse, cancellationToken) => ServiceCall.ReportingAsync(parse.GetValue(file)!.Name, error, async () =>
        {
            var path = parse.GetValue(file)!.FullName;
            var request = new PoolStudiesRequest
            {
                Measure = parse.GetValue(measure) == "median" ? PooledMeasure.Median : PooledMeasure.HazardRatio,
                ConfLevel = parse.GetValue(confLevel),
                ReferenceGroup = parse.GetValue(reference) ?? "",
            };
            foreach (var name in (parse.GetValue(methods) ?? []).SelectMany(m => m.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
                request.Methods.Add(MethodNames.TryGetValue(name, out var method) ? method : throw new CohortFileException($"--method takes fe, dl or reml, not '{name}'"));
            if (parse.GetValue(study) is { } studyColumn)
            {
                var timeUnit = parse.GetValue(unit) is { Length: > 0 } u ? u : parse.GetValue(start) is not null ? "days" : "";
                var columns = new CohortColumns
                {
                    Time = parse.GetValue(time), Event = parse.GetValue(evt), StartDate = parse.GetValue(start), EndDate = parse.GetValue(end),
                    Group = parse.GetValue(group), Stratum = studyColumn,
                };
                request.Studies.Add(ByStudy(CohortFile.Read(path, columns, timeUnit)));
            }
            else request.Studies.Add(StudiesFile.Read(path));
            var (forestPath, curvesPath) = (parse.GetValue(forest), parse.GetValue(curves));
            if (forestPath is not null) request.ForestPlot = new PlotOptions { Format = SurvivalImage.FormatFor(forestPath) };
            if (curvesPath is not null) request.SurvivalPlot = new PlotOptions { Format = SurvivalImage.FormatFor(curvesPath) };

            var response = await ServiceCall.RunAsync(parse.GetValue(server), parse.GetValue(apiKey),
                (service, context) => service.PoolStudies(request, context),
                async (client, token) => await client.PoolStudiesAsync(request, cancellationToken: token), cancellationToken);
            Print(output, request, response);
            foreach (var (image, target) in new[] { (response.ForestPlot, forestPath), (response.SurvivalPlot, curvesPath) })
            {
                if (target is null) continue;
                if (image is null)
                {
                    output.WriteLine($"No forest plot: no study has an estimate to pool ({target} not written)");
                    continue;
                }
                SurvivalImage.Save(image, target);
                output.WriteLine($"Plot written to {target}");
            }
            return 0;
        }));
        return command;
    }

    /// <summary>One study per value of the study column (read as the stratum), in the order they first appear.</summary>
    private static IEnumerable<Study> ByStudy(Cohort patients) => patients.Subjects
        .GroupBy(s => s.Stratum)
        .Select(g => new Study
        {
            Label = g.Key,
            Cohort = new Cohort { TimeUnit = patients.TimeUnit, Subjects = { g.Select(s => new Subject(s) { Stratum = "" }) } },
        });

    private static void Print(TextWriter output, PoolStudiesRequest request, PoolStudiesResponse response)
    {
        var level = request.ConfLevel == 0 ? 0.95 : request.ConfLevel;
        var what = request.Measure == PooledMeasure.Median ? "median" : "HR";
        var ci = $"{what} ({level * 100:0.##}% CI)";
        var methods = response.Pooled.Select(p => Name(p.Method)).ToArray();
        var withPatients = response.Studies.Any(s => s.Subjects > 0);
        string[] header = [ "study", .. withPatients ? new[] { "n", "events" } : [], ci, .. methods.Select(m => $"weight {m}") ];
        TextTable.Write(output, header, [.. response.Studies.Select(s => (IReadOnlyList<string>)
        [
            s.Label, .. withPatients ? new[] { s.Subjects.ToString(Invariant), s.Events.ToString(Invariant) } : [],
            s.HasEstimate ? $"{NumberText.Ratio(s.Estimate)} ({NumberText.Ratio(s.Lower)} to {NumberText.Ratio(s.Upper)})" : $"not estimable: {s.NotEstimableReason}",
            .. s.Weights.Select(w => $"{w.ToString("0.0", Invariant)}%"), .. Enumerable.Repeat("", methods.Length - s.Weights.Count),
        ])]);
        output.WriteLine();
        if (response.Pooled.Count == 0) output.WriteLine("Nothing pooled: no study has an estimate.");
        else
        {
            TextTable.Write(output, ["pooled", ci, "p", "tau²", "I²", "Q (df, p)", "prediction interval"],
                [.. response.Pooled.Select(p => (IReadOnlyList<string>)
                [
                    Name(p.Method), $"{NumberText.Ratio(p.Estimate)} ({NumberText.Ratio(p.Lower)} to {NumberText.Ratio(p.Upper)})", NumberText.PValueCell(p.PValue), p.Tau2.ToString("0.####", Invariant),
                    p.HasI2 ? $"{p.I2.ToString("0.0", Invariant)}%" : "", p.HasQPValue ? $"{p.Q.ToString("0.##", Invariant)} ({p.QDegreesOfFreedom}, {NumberText.PValueCell(p.QPValue)})" : "",
                    p.HasPredictionLower ? $"{NumberText.Ratio(p.PredictionLower)} to {NumberText.Ratio(p.PredictionUpper)}" : "",
                ])]);
        }
        if (response.StratifiedCox is { } cox && cox.Terms.FirstOrDefault() is { HasHazardRatio_: true } term)
            output.WriteLine($"One-stage Cox model stratified by study: HR {term.Group} against {cox.ReferenceGroup} {NumberText.Ratio(term.HazardRatio_)} ({NumberText.Ratio(term.Lower)} to {NumberText.Ratio(term.Upper)}), p {NumberText.PValueCell(term.PValue)}");
        if (response.Survival is { } survival)
        {
            output.WriteLine();
            output.WriteLine("Kaplan–Meier curves by study and of all studies:");
            TextTable.Write(output, ["curve", "n", "events", $"median ({level * 100:0.##}% CI)", "median follow-up"],
                [.. survival.Groups.Select(g => (IReadOnlyList<string>)
                [
                    g.Group, g.Subjects.ToString(Invariant), g.Events.ToString(Invariant), Median(g.Median), g.MedianFollowUp is { } f ? Median(f) : "",
                ])]);
        }
    }

    private static string Median(QuantileEstimate q) => q.HasTime
        ? $"{NumberText.Of(q.Time)} ({(q.HasLower ? NumberText.Of(q.Lower) : "NR")} to {(q.HasUpper ? NumberText.Of(q.Upper) : "NR")})"
        : "not reached";

    private static string Name(PoolingMethod method) => method switch
    {
        PoolingMethod.FixedEffect => "fixed effect",
        PoolingMethod.DersimonianLaird => "random (DL)",
        _ => "random (REML)",
    };



}
