using System.CommandLine;
using System.Globalization;
using Survival.Client;
using Survival.V1;

namespace Survival.Cli;

/// <summary>
/// <c>survival fit FILE --time COL --event COL [--group COL] [--terms a,b] [--dist weibull,lognormal] [--horizon 120]</c>:
/// the six parametric distributions of NICE DSU TSD 14 side by side, printed as an HTA submission tabulates them.
/// With <c>--left COL --right COL</c> (or <c>--start</c> with <c>--last-negative-scan</c> and <c>--first-positive-scan</c>
/// dates) instead of a time and an event, the subjects are interval-censored (R's
/// <c>Surv(left, right, type = "interval2")</c>) and the plot draws the fits over Turnbull's estimate. With
/// <c>--remote</c> one exponential, Weibull, log-normal or log-logistic model (strata, entry, weights) is fitted where the
/// data live, from sums (<see cref="RemoteParametric"/>).
/// </summary>
internal static class FitCommand
{
    /// <summary>The distributions by their command-line names.</summary>
    internal static readonly Dictionary<string, Distribution> DistributionNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["exponential"] = Distribution.Exponential, ["weibull"] = Distribution.Weibull, ["lognormal"] = Distribution.LogNormal,
        ["loglogistic"] = Distribution.LogLogistic, ["gompertz"] = Distribution.Gompertz, ["gengamma"] = Distribution.GeneralizedGamma,
    };

    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = new Argument<FileInfo?>("file") { Description = "CSV or TSV file with a header row (with --remote also Parquet)", Arity = ArgumentArity.ZeroOrOne };
        file!.AcceptExistingOnly();
        var time = new Option<string?>("--time") { Description = "column of follow-up times (> 0, except for the Gompertz); with --event, or --left and --right instead" };
        var evt = new Option<string?>("--event") { Description = "column of event indicators: 1/0, true/false or yes/no" };
        var left = new Option<string?>("--left") { Description = "interval censoring: column of left ends, the last assessment without the event (empty or 0: the event by the right end); with --right instead of --time and --event" };
        var right = new Option<string?>("--right") { Description = "interval censoring: column of right ends, the first assessment that showed the event (empty or Inf: not seen, right-censored)" };
        var start = new Option<string?>("--start") { Description = "interval censoring from dates: column of start dates (YYYY-MM-DD), with --first-positive-scan" };
        var lastNegative = new Option<string?>("--last-negative-scan") { Description = "interval censoring from dates: column of the last scan without the event (YYYY-MM-DD; empty: the start)" };
        var firstPositive = new Option<string?>("--first-positive-scan") { Description = "interval censoring from dates: column of the first scan that showed the event (empty: not seen, right-censored)" };
        var group = new Option<string?>("--group") { Description = "column of group labels: the model's factor when --terms is not given, and the Kaplan–Meier curves of the plots" };
        var terms = new Option<string?>("--terms") { Description = "model terms in order, comma-separated (columns of the file; 'group' is --group)" };
        var factors = new Option<string[]>("--factor") { Description = "terms that are factors (comma-separated or repeated); reference = first level in R's sort order", AllowMultipleArgumentsPerToken = true };
        var strata = new Option<string?>("--strata") { Description = "column of strata, each with its own scale (R's strata())" };
        var entry = new Option<string?>("--entry") { Description = "column of delayed-entry times (left truncation)" };
        var weight = new Option<string?>("--weight") { Description = "column of case weights (R's weights =), each > 0" };
        var dist = new Option<string?>("--dist") { Description = "distributions, comma-separated: " + string.Join(", ", DistributionNames.Keys) + " (default: all six)" };
        var horizon = new Option<double?>("--horizon") { Description = "extrapolate the curves to this time (default: the last follow-up)" };
        var times = new Option<string?>("--times") { Description = "times at which to report S(t), comma-separated (default: the horizon)" };
        var rmst = new Option<double?>("--rmst-tau") { Description = "restricted mean survival up to this time (default: none)" };
        var unit = new Option<string>("--unit") { Description = "the unit of the times, for labels", DefaultValueFactory = _ => "" };
        var confLevel = new Option<double>("--conf-level") { Description = "confidence level", DefaultValueFactory = _ => 0.95 };
        var coefficients = new Option<bool>("--coefficients") { Description = "also print each fit's coefficients, as summary(survreg)" };
        var plot = new Option<string?>("--plot") { Description = "write Kaplan–Meier with the fits, extrapolated, to this .png or .svg file" };
        var hazardPlot = new Option<string?>("--hazard-plot") { Description = "write the fitted hazards to this .png or .svg file" };
        var diagnosticPlot = new Option<string?>("--diagnostic-plot") { Description = "write log(-log S) against log t to this .png or .svg file" };
        var server = new Option<Uri?>("--server") { Description = "address of a Survival server (default: run in-process)" };
        var remote = new RemoteOptions("sums");
        var command = new Command("fit", "Parametric survival models (exponential, Weibull, log-normal, log-logistic, Gompertz, generalized gamma) from a CSV or TSV file, as R's survreg and flexsurv")
        {
            file, time, evt, left, right, start, lastNegative, firstPositive, group, terms, factors, strata, entry, weight, dist, horizon, times, rmst, unit, confLevel, coefficients, plot, hazardPlot,
            diagnosticPlot, server,
        };
        foreach (var option in remote.All) command.Options.Add(option);
        command.Validators.Add(result =>
        {
            var ends = result.GetValue(left) is not null || result.GetValue(right) is not null;
            var scans = result.GetValue(lastNegative) is not null || result.GetValue(firstPositive) is not null;
            if (ends && (result.GetValue(left) is null || result.GetValue(right) is null)) result.AddError("give both --left and --right");
            if (scans && (result.GetValue(start) is null || result.GetValue(firstPositive) is null))
                result.AddError("scan dates need --start and --first-positive-scan (and --last-negative-scan unless the last scan without the event is the start)");
            if (ends && scans) result.AddError("give either --left and --right or the scan dates, not both");
            if ((ends || scans) && (result.GetValue(time) ?? result.GetValue(evt)) is not null) result.AddError("give either --time and --event or interval ends (--left and --right, or scan dates), not both");
            if (!ends && !scans && (result.GetValue(time) is null || result.GetValue(evt) is null))
                result.AddError("give --time and --event (or --left and --right, or --start with the scan dates, for interval-censored data)");
            var unknown = Split(result.GetValue(dist)).FirstOrDefault(d => !DistributionNames.ContainsKey(d));
            if (unknown is not null) result.AddError($"--dist: '{unknown}' is not one of {string.Join(", ", DistributionNames.Keys)}");
            remote.Validate(result, result.GetValue(file) is not null, [left, right, start, lastNegative, firstPositive, group, plot, hazardPlot, diagnosticPlot]);
            if (result.GetValue(remote.Remote))
            {
                var remoteDists = Split(result.GetValue(dist));
                if (remoteDists.Length != 1 || !RemoteDistributions.Contains(remoteDists[0], StringComparer.OrdinalIgnoreCase))
                    result.AddError($"--remote fits one --dist, {string.Join(", ", RemoteDistributions)} (the Gompertz and generalized gamma need the rows)");
            }
            foreach (var t in Split(result.GetValue(times)))
                if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out _)) result.AddError($"--times: '{t}' is not a number");
        });
        command.SetAction((parse, cancellationToken) => ServiceCall.ReportingAsync(parse.GetValue(file)?.Name ?? parse.GetValue(remote.Table) ?? "query", error, async () =>
        {
            var termList = Split(parse.GetValue(terms));
            var factorList = (parse.GetValue(factors) ?? []).SelectMany(Split).ToArray();
            var unknownFactor = factorList.Except(termList).FirstOrDefault();
            if (unknownFactor is not null) throw new CohortFileException($"--factor {unknownFactor} is not one of --terms", 1);
            if (parse.GetValue(remote.Remote))
            {
                var model = new RemoteParametricModel
                {
                    Terms = { termList }, Factors = { factorList }, Distribution = DistributionNames[Split(parse.GetValue(dist))[0]],
                    ConfLevel = parse.GetValue(confLevel), Weighted = parse.GetValue(weight) is not null,
                    Stratified = parse.GetValue(strata) is not null, DelayedEntry = parse.GetValue(entry) is not null,
                };
                var (remoteTimes, remoteHorizon, remoteTau) = Predictions(parse, times, horizon, rmst);
                model.Times.AddRange(remoteTimes);
                if (remoteHorizon is { } remoteH) model.Horizon = remoteH;
                if (remoteTau is { } remoteT) model.RmstTau = remoteT;
                var remoteColumns = new CohortColumns
                {
                    Time = parse.GetValue(time), Event = parse.GetValue(evt), Weight = parse.GetValue(weight), Stratum = parse.GetValue(strata), Entry = parse.GetValue(entry),
                };
                return await RemoteParametric.RunAsync(parse, remote, parse.GetValue(file), remoteColumns, model, parse.GetValue(unit) ?? "",
                    parse.GetValue(coefficients), parse.GetValue(server), output, error, cancellationToken);
            }
            var path = parse.GetValue(file)!;
            var columns = new CohortColumns
            {
                Time = parse.GetValue(time),
                Event = parse.GetValue(evt),
                IntervalLeft = parse.GetValue(left),
                IntervalRight = parse.GetValue(right),
                StartDate = parse.GetValue(start),
                LastNegativeScan = parse.GetValue(lastNegative),
                FirstPositiveScan = parse.GetValue(firstPositive),
                Group = parse.GetValue(group),
                Stratum = parse.GetValue(strata),
                Entry = parse.GetValue(entry),
                Weight = parse.GetValue(weight),
                Covariates = [.. termList.Except(factorList).Where(t => t != "group")],
                Factors = [.. termList.Intersect(factorList).Where(t => t != "group")],
            };
            var request = new FitParametricModelRequest
            {
                Cohort = CohortFile.Read(path.FullName, columns, parse.GetValue(unit) ?? ""),
                Terms = { termList },
                Stratified = parse.GetValue(strata) is not null,
                ConfLevel = parse.GetValue(confLevel),
                Distributions = { Split(parse.GetValue(dist)).Select(d => DistributionNames[d]) },
            };
            var (atTimes, until, restricted) = Predictions(parse, times, horizon, rmst);
            request.Times.AddRange(atTimes);
            if (until is { } h) request.Horizon = h;
            if (restricted is { } tau) request.RmstTau = tau;
            var plots = new (string? Path, Action<PlotOptions> Set, Func<FitParametricModelResponse, RenderSurvivalPlotResponse> Get)[]
            {
                (parse.GetValue(plot), o => request.Plot = o, r => r.Plot),
                (parse.GetValue(hazardPlot), o => request.HazardPlot = o, r => r.HazardPlot),
                (parse.GetValue(diagnosticPlot), o => request.DiagnosticPlot = o, r => r.DiagnosticPlot),
            };
            foreach (var (plotPath, set, _) in plots)
                if (plotPath is not null) set(new PlotOptions { Format = SurvivalImage.FormatFor(plotPath) });
            var response = await ServiceCall.RunAsync(parse.GetValue(server), null,
                (service, context) => service.FitParametricModel(request, context),
                (client, token) => client.FitParametricModelAsync(request, cancellationToken: token).ResponseAsync, cancellationToken);
            new ParametricTablePrinter(output).Print(request, response, parse.GetValue(coefficients));
            foreach (var (plotPath, _, get) in plots)
            {
                if (plotPath is null) continue;
                SurvivalImage.Save(get(response), plotPath);
                output.WriteLine($"Plot written to {plotPath}");
            }
            return 0;
        }));
        return command;
    }

    /// <summary>
    /// What to predict, in memory and where the data live alike: the --times, the --horizon (also the one time when
    /// --times is not given) and the --rmst-tau.
    /// </summary>
    private static (double[] Times, double? Horizon, double? RmstTau) Predictions(
        ParseResult parse, Option<string?> times, Option<double?> horizon, Option<double?> rmst)
    {
        double[] at = [.. Split(parse.GetValue(times)).Select(t => double.Parse(t, CultureInfo.InvariantCulture))];
        var until = parse.GetValue(horizon);
        return (at.Length == 0 && until is { } h ? [h] : at, until, parse.GetValue(rmst));
    }

    /// <summary>The families fitted where the data live: one location and at most one scale, all in SQL.</summary>
    internal static readonly string[] RemoteDistributions = ["exponential", "weibull", "lognormal", "loglogistic"];

    /// <summary>The names in a comma-separated list of distributions.</summary>
    internal static string[] Distributions(string? list) => Split(list);

    private static string[] Split(string? list) =>
        (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
