using System.CommandLine;
using System.Globalization;
using Survival.Client;
using Survival.V1;

namespace Survival.Cli;

/// <summary>
/// <c>survival compare-external FILE --time COL --event COL (--median M | … | --reference-cohort FILE)</c>: a cohort
/// against an external control, by the one-sample log-rank test and, with a rebuilt control cohort, as two groups.
/// </summary>
internal static class CompareExternalCommand
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = new Argument<FileInfo>("file") { Description = "CSV or TSV file of the cohort, one row per patient" };
        file.AcceptExistingOnly();
        var time = new Option<string?>("--time") { Description = "column of follow-up times" };
        var evt = new Option<string>("--event") { Description = "column of event indicators: 1/0, true/false or yes/no", Required = true };
        var start = new Option<string?>("--start") { Description = "column of start dates (YYYY-MM-DD), with --end instead of --time" };
        var end = new Option<string?>("--end") { Description = "column of event or last-follow-up dates (YYYY-MM-DD)" };
        var unit = new Option<string>("--unit") { Description = "time unit: with dates days, weeks, months or years; it must be the reference's", DefaultValueFactory = _ => "" };
        var group = new Option<string?>("--group") { Description = "column of group labels: each group is tested" };
        var entry = new Option<string?>("--entry") { Description = "column of delayed-entry times" };
        var median = new Option<double?>("--median") { Description = "reference: exponential with this median" };
        var rate = new Option<double?>("--rate") { Description = "reference: exponential with this hazard rate" };
        var weibull = new Option<string?>("--weibull") { Description = "reference: Weibull SHAPE,SCALE (R's pweibull)" };
        var lognormal = new Option<string?>("--lognormal") { Description = "reference: log-normal MEANLOG,SDLOG (R's plnorm)" };
        var loglogistic = new Option<string?>("--loglogistic") { Description = "reference: log-logistic SHAPE,SCALE" };
        var gompertz = new Option<string?>("--gompertz") { Description = "reference: Gompertz SHAPE,RATE (flexsurv)" };
        var points = new Option<FileInfo>("--reference-points") { Description = "reference: CSV of its curve's points (time, survival), piecewise exponential between them" };
        points.AcceptExistingOnly();
        var cohort = new Option<FileInfo>("--reference-cohort") { Description = "reference: CSV of its patients (time, event), as survival reconstruct writes them; also compared as a second group" };
        cohort.AcceptExistingOnly();
        var label = new Option<string?>("--reference-label") { Description = "the reference's name in the output and the plot" };
        var wu = new Option<bool>("--wu") { Description = "variance (O + E)/2 (Wu 2014) instead of E (Finkelstein et al. 2003)" };
        var confLevel = new Option<double>("--conf-level") { Description = "confidence level", DefaultValueFactory = _ => 0.95 };
        var tau = new Option<double?>("--rmst-tau") { Description = "with --reference-cohort: contrast the restricted mean survival up to this time" };
        var plot = new Option<string?>("--plot") { Description = "write the cohort over the reference to this .png or .svg file" };
        var caption = new Option<string?>("--caption") { Description = "a line under the plot's title, for example \"Illustrative data\"" };
        var server = new Option<Uri?>("--server") { Description = "address of a Survival server (default: run in-process)" };
        var apiKey = new Option<string?>("--api-key") { Description = "API key or bearer token for the server" };
        Option[] references = [median, rate, weibull, lognormal, loglogistic, gompertz, points, cohort];
        var command = new Command("compare-external", "A cohort against an external control: the one-sample log-rank test against a reference curve (Finkelstein et al. 2003)")
        {
            file, time, evt, start, end, unit, group, entry, median, rate, weibull, lognormal, loglogistic, gompertz, points, cohort, label, wu, confLevel, tau, plot,
            caption, server, apiKey,
        };
        command.Validators.Add(result =>
        {
            if (references.Count(o => result.GetResult(o) is not null) != 1)
                result.AddError("give exactly one reference: --median, --rate, --weibull, --lognormal, --loglogistic, --gompertz, --reference-points or --reference-cohort");
            if ((result.GetValue(time) is null) == (result.GetValue(start) is null || result.GetValue(end) is null))
                result.AddError("give either --time or both --start and --end");
        });
        command.SetAction((parse, cancellationToken) => ServiceCall.ReportingAsync(parse.GetValue(file)!.Name, error, async () =>
        {
            var timeUnit = parse.GetValue(unit) is { Length: > 0 } u ? u : parse.GetValue(start) is not null ? "days" : "";
            var columns = new CohortColumns
            {
                Time = parse.GetValue(time), Event = parse.GetValue(evt), StartDate = parse.GetValue(start), EndDate = parse.GetValue(end),
                Group = parse.GetValue(group), Entry = parse.GetValue(entry),
            };
            var request = new CompareExternalRequest
            {
                Cohort = CohortFile.Read(parse.GetValue(file)!.FullName, columns, timeUnit),
                Reference = Reference(parse, median, rate, weibull, lognormal, loglogistic, gompertz, points, cohort),
                Variance = parse.GetValue(wu) ? OneSampleVariance.MeanOfObservedAndExpected : OneSampleVariance.Expected,
                ConfLevel = parse.GetValue(confLevel),
            };
            if (parse.GetValue(label) is { } name) request.Reference.Label = name;
            if (parse.GetValue(tau) is { } t) request.RmstTau = t;
            var plotPath = parse.GetValue(plot);
            if (plotPath is not null)
            {
                request.Plot = new PlotOptions { Format = SurvivalImage.FormatFor(plotPath), Caption = parse.GetValue(caption) ?? "" };
                if (request.Reference.Cohort is not null) (request.Plot.ShowPValue, request.Plot.ShowHazardRatio) = (true, columns.Group is null);
            }
            var response = await ServiceCall.RunAsync(parse.GetValue(server), parse.GetValue(apiKey),
                (service, context) => service.CompareExternal(request, context),
                async (client, token) => await client.CompareExternalAsync(request, cancellationToken: token), cancellationToken);
            Print(output, request, response);
            if (plotPath is not null)
            {
                SurvivalImage.Save(response.Plot, plotPath);
                output.WriteLine($"Plot written to {plotPath}");
            }
            return 0;
        }));
        return command;
    }

    private static ReferenceCurve Reference(ParseResult parse, Option<double?> median, Option<double?> rate, Option<string?> weibull,
        Option<string?> lognormal, Option<string?> loglogistic, Option<string?> gompertz, Option<FileInfo> points, Option<FileInfo> cohort)
    {
        (double, double) Pair(Option<string?> option)
        {
            var parts = parse.GetValue(option)!.Split(',', StringSplitOptions.TrimEntries);
            if (parts.Length == 2 && double.TryParse(parts[0], NumberStyles.Float, Invariant, out var a) && double.TryParse(parts[1], NumberStyles.Float, Invariant, out var b))
                return (a, b);
            throw new CohortFileException($"{option.Name} takes two numbers separated by a comma");
        }
        if (parse.GetValue(median) is { } m) return new ReferenceCurve { Label = $"Exponential, median {NumberText.Of(m)}", Exponential = new ExponentialReference { Median = m } };
        if (parse.GetValue(rate) is { } r) return new ReferenceCurve { Label = $"Exponential, rate {NumberText.Of(r)}", Exponential = new ExponentialReference { Rate = r } };
        if (parse.GetValue(weibull) is not null)
        {
            var (shape, scale) = Pair(weibull);
            return new ReferenceCurve { Label = "Weibull", Weibull = new WeibullReference { Shape = shape, Scale = scale } };
        }
        if (parse.GetValue(lognormal) is not null)
        {
            var (meanlog, sdlog) = Pair(lognormal);
            return new ReferenceCurve { Label = "Log-normal", LogNormal = new LogNormalReference { Meanlog = meanlog, Sdlog = sdlog } };
        }
        if (parse.GetValue(loglogistic) is not null)
        {
            var (shape, scale) = Pair(loglogistic);
            return new ReferenceCurve { Label = "Log-logistic", LogLogistic = new LogLogisticReference { Shape = shape, Scale = scale } };
        }
        if (parse.GetValue(gompertz) is not null)
        {
            var (shape, gompertzRate) = Pair(gompertz);
            return new ReferenceCurve { Label = "Gompertz", Gompertz = new GompertzReference { Shape = shape, Rate = gompertzRate } };
        }
        if (parse.GetValue(points) is { } pointsFile)
        {
            var curve = new ReferencePoints { Points = { PublishedCurveFile.Read(pointsFile.FullName, null)[0].Points } };
            return new ReferenceCurve { Label = "Reference", Points = curve };
        }
        var patients = CohortFile.Read(parse.GetValue(cohort)!.FullName, new CohortColumns { Time = "time", Event = "event" });
        return new ReferenceCurve { Label = "Reference", Cohort = patients };
    }

    private static void Print(TextWriter output, CompareExternalRequest request, CompareExternalResponse response)
    {
        var level = request.ConfLevel == 0 ? 0.95 : request.ConfLevel;
        var variance = request.Variance == OneSampleVariance.MeanOfObservedAndExpected ? "V = (O + E)/2, Wu" : "V = E, Finkelstein et al.";
        var referenceLabel = request.Reference.Label.Length > 0 ? request.Reference.Label : "Reference";
        output.WriteLine($"One-sample log-rank test against {referenceLabel} ({variance})" +
                         (response.HasReferenceMedian ? $"; the reference's median is {NumberText.Of(response.ReferenceMedian)}" : ""));
        output.WriteLine();
        var ci = $"O/E ({level * 100:0.##}% CI, exact)";
        TextTable.Write(output, ["group", "n", "O", "E", ci, "Z", "p", "p (fewer)", "exact p"],
            [.. response.Tests.Select(t => new[]
            {
                t.Group.Length > 0 ? t.Group : "all", t.Subjects.ToString(Invariant), t.Observed.ToString(Invariant), NumberText.Of(t.Expected),
                t.HasRatio ? $"{NumberText.Ratio(t.Ratio)} ({NumberText.Ratio(t.Lower)} to {NumberText.Ratio(t.Upper)})" : "not estimable",
                t.HasZ ? NumberText.Of(t.Z) : "", t.HasPValue ? NumberText.PValueCell(t.PValue) : "", t.HasPValueFewer ? NumberText.PValueCell(t.PValueFewer) : "", t.HasExactPValue ? NumberText.PValueCell(t.ExactPValue) : "",
            })]);
        foreach (var t in response.Tests.Where(t => t.BeyondReference > 0))
            output.WriteLine($"{t.BeyondReference} {(t.BeyondReference == 1 ? "patient" : "patients")} of {(t.Group.Length > 0 ? t.Group : "the cohort")} followed past the reference's last point: the expected events extrapolate its last piece.");
        if (response.Comparison is not { } comparison) return;
        output.WriteLine();
        output.WriteLine($"Two-sample comparison with {referenceLabel}'s patients:");
        if (comparison.Tests.FirstOrDefault() is { HasChiSquare: true } logRank)
            output.WriteLine($"Log-rank test: chi-square {NumberText.Of(logRank.ChiSquare)} on {logRank.DegreesOfFreedom} df, p {NumberText.PValueCell(logRank.PValue)}");
        foreach (var term in comparison.Cox.Terms.Where(t => t.HasHazardRatio_))
            output.WriteLine($"Cox hazard ratio, {(term.Group.Length > 0 ? term.Group : "cohort")} against {comparison.Cox.ReferenceGroup}: {NumberText.Ratio(term.HazardRatio_)} ({NumberText.Ratio(term.Lower)} to {NumberText.Ratio(term.Upper)}), p {NumberText.PValueCell(term.PValue)}");
        foreach (var contrast in comparison.Contrasts.Where(c => c.HasEstimate && c.Measure == ContrastMeasure.RmstDifference))
            output.WriteLine($"RMST difference at {NumberText.Of(contrast.Time)}: {NumberText.Of(contrast.Estimate)} ({NumberText.Of(contrast.Lower)} to {NumberText.Of(contrast.Upper)}), p {NumberText.PValueCell(contrast.PValue)}");
    }



}
