using System.CommandLine;
using Google.Rpc;
using Grpc.Core;
using Survival.Client;
using Survival.Service.Services;
using Survival.V1;

namespace Survival.Cli;

/// <summary>
/// <c>survival cox FILE --time COL --event COL --terms a,b,c</c>: a Cox regression, printed as a paper reports it; with
/// <c>--id COL --start COL --stop COL</c> one of (start, stop] rows with time-varying covariates, and with
/// <c>--cause COL --cause-of-interest LABEL</c> the Fine–Gray model of one competing cause.
/// </summary>
internal static class CoxCommand
{
    private static readonly Dictionary<string, TieMethod> TieNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["efron"] = TieMethod.Efron, ["breslow"] = TieMethod.Breslow, ["exact"] = TieMethod.Exact,
    };

    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = new Argument<FileInfo?>("file") { Description = "CSV or TSV file with a header row (with --remote also Parquet)", Arity = ArgumentArity.ZeroOrOne };
        file!.AcceptExistingOnly();
        var time = new Option<string>("--time", "--stop") { Description = "column of follow-up times (--stop: the end of each (start, stop] row)", Required = true };
        var start = new Option<string?>("--start", "--entry") { Description = "column of start times: each row is at risk on (start, stop], R's Surv(start, stop, event)" };
        var id = new Option<string?>("--id") { Description = "column of subject ids linking a subject's (start, stop] rows; the robust variance clusters by it" };
        var evt = new Option<string?>("--event") { Description = "column of event indicators: 1/0, true/false, yes/no, or 1/2 as R reads it (2 = event); other codes with --event-value" };
        var eventValue = new Option<string?>("--event-value") { Description = "the value of the event column that marks an event, every other value being censored" };
        var cause = new Option<string?>("--cause") { Description = "column of competing causes, for a Fine–Gray model; without --event an empty or 0 cause is censored" };
        var causeOfInterest = new Option<string?>("--cause-of-interest") { Description = "fit the Fine–Gray model of this cause (R's finegray + coxph); needs --cause" };
        var robust = new Option<bool>("--robust") { Description = "R's robust = TRUE: the sandwich variance, clustered by --id" };
        var terms = new Option<string>("--terms") { Description = "model terms in order, comma-separated (columns of the file)", Required = true };
        var factors = new Option<string[]>("--factor") { Description = "terms that are factors (comma-separated or repeated); reference = first level in R's sort order", AllowMultipleArgumentsPerToken = true };
        var strata = new Option<string?>("--strata") { Description = "column of strata, each with its own baseline hazard" };
        var weight = new Option<string?>("--weight") { Description = "column of case weights (R's weights =), each > 0; robust se when not whole" };
        var ties = new Option<string>("--ties") { Description = "tie handling", DefaultValueFactory = _ => "efron" };
        ties.AcceptOnlyFromAmong([.. TieNames.Keys]);
        var confLevel = new Option<double>("--conf-level") { Description = "confidence level", DefaultValueFactory = _ => 0.95 };
        var zph = new Option<bool>("--zph") { Description = "test proportional hazards (R's cox.zph)" };
        var forest = new Option<string?>("--forest") { Description = "write a forest plot to this .png or .svg file" };
        var server = ServerAddress.Option();
        var remote = new RemoteOptions("per-time sums");
        var command = new Command("cox", "Cox regression with covariates and factors, as R's coxph, from a CSV or TSV file, or where the data live (--remote)")
        {
            file, time, start, id, evt, eventValue, cause, causeOfInterest, terms, factors, strata, weight, ties, confLevel, zph, robust, forest, server,
        };
        foreach (var option in remote.All) command.Options.Add(option);
        command.Validators.Add(result =>
        {
            remote.Validate(result, result.GetValue(file) is not null, [id, cause, causeOfInterest, robust, forest]);
            if (result.GetValue(evt) is null && result.GetValue(cause) is null) result.AddError("--event is required (or --cause, whose empty or 0 value marks the censored)");
            if (result.GetValue(causeOfInterest) is not null && result.GetValue(cause) is null) result.AddError("--cause-of-interest needs --cause");
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            var termList = Split(parse.GetValue(terms));
            var factorList = (parse.GetValue(factors) ?? []).SelectMany(Split).ToArray();
            if (parse.GetValue(remote.Remote))
            {
                var model = new RemoteCoxModel
                {
                    Terms = { termList }, Factors = { factorList }, Ties = TieNames[parse.GetValue(ties)!], Stratified = parse.GetValue(strata) is not null,
                    ConfLevel = parse.GetValue(confLevel), TestProportionalHazards = parse.GetValue(zph),
                    Weighted = parse.GetValue(weight) is not null, DelayedEntry = parse.GetValue(start) is not null,
                };
                var remoteColumns = new CohortColumns
                {
                    Time = parse.GetValue(time), Entry = parse.GetValue(start), Event = parse.GetValue(evt), EventValue = parse.GetValue(eventValue),
                    Stratum = parse.GetValue(strata), Weight = parse.GetValue(weight),
                };
                return await RemoteCox.RunAsync(parse, remote, parse.GetValue(file), remoteColumns, model, parse.GetValue(server), output, error, cancellationToken);
            }
            var path = parse.GetValue(file)!;
            var forestPath = parse.GetValue(forest);
            if (OutputFile.FolderMissing("--forest", forestPath) is { } missing)
            {
                await error.WriteLineAsync(missing);
                return AnalyzeCommand.InputError;
            }
            var coding = new EventCoding(parse.GetValue(evt), parse.GetValue(eventValue));
            FitCoxModelRequest? request = null;
            var lines = new List<int>();
            try
            {
                var columns = new CohortColumns
                {
                    Time = parse.GetValue(time),
                    Entry = parse.GetValue(start),
                    Id = parse.GetValue(id),
                    Event = parse.GetValue(evt),
                    Cause = parse.GetValue(cause),
                    Stratum = parse.GetValue(strata),
                    Weight = parse.GetValue(weight),
                    Covariates = [.. termList.Except(factorList)],
                    Factors = [.. termList.Intersect(factorList)],
                };
                var unknownFactor = factorList.Except(termList).FirstOrDefault();
                if (unknownFactor is not null) throw new CohortFileException($"--factor {unknownFactor} is not one of --terms", 1);
                var cohort = await coding.ReadAsync(
                    value =>
                    {
                        lines.Clear();
                        return Task.FromResult(CohortFile.Read(path.FullName, columns with { EventValue = value }, subjectLines: lines));
                    },
                    () => DuckDbCohort.EventValuesAsync(path.FullName, new CountQuery { Columns = columns }, cancellationToken: cancellationToken));
                if (coding.Note is { } note) output.WriteLine($"{path.Name}: {note}");
                request = new FitCoxModelRequest
                {
                    Cohort = cohort,
                    Terms = { termList },
                    Ties = TieNames[parse.GetValue(ties)!],
                    Stratified = parse.GetValue(strata) is not null,
                    ConfLevel = parse.GetValue(confLevel),
                    TestProportionalHazards = parse.GetValue(zph),
                    Robust = parse.GetValue(robust),
                    CauseOfInterest = parse.GetValue(causeOfInterest) ?? "",
                };
                if (forestPath is not null) request.ForestPlot = new PlotOptions { Format = SurvivalImage.FormatFor(forestPath) };
                var response = await FitAsync(request, parse.GetValue(server), cancellationToken);
                new CoxTablePrinter(output).Print(request, response);
                if (forestPath is not null)
                {
                    OutputFile.Write("--forest", forestPath, () => SurvivalImage.Save(response.ForestPlot, forestPath));
                    output.WriteLine($"Forest plot written to {forestPath}");
                }
                return 0;
            }
            catch (CohortFileException exception)
            {
                await error.WriteLineAsync(exception.Line > 0 ? $"{path.Name}:{exception.Line}: {exception.Message}" : $"{path.Name}: {exception.Message}");
                return AnalyzeCommand.InputError;
            }
            catch (RpcException exception) when (exception.StatusCode == StatusCode.InvalidArgument)
            {
                var violations = exception.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations;
                if (violations is null or { Count: 0 } || request is null) await error.WriteLineAsync(exception.Status.Detail);
                else
                {
                    var text = new ViolationText(path.Name, lines, request, field => field == "time" ? parse.GetValue(time) : field == "weight" ? parse.GetValue(weight) : null, CoxOptionOfField);
                    foreach (var line in text.Lines(violations)) await error.WriteLineAsync(line);
                }
                return AnalyzeCommand.InputError;
            }
            catch (OutputFileException exception)
            {
                await error.WriteLineAsync(exception.Message);
                return AnalyzeCommand.InputError;
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or DuckDB.NET.Data.DuckDBException)
            {
                await error.WriteLineAsync($"{path.Name}: {exception.Message}");
                return AnalyzeCommand.InputError;
            }
            catch (RpcException exception)
            {
                await error.WriteLineAsync(ServerAddress.Failure(parse.GetValue(server), exception));
                return AnalyzeCommand.ServerError;
            }
        });
        return command;
    }

    private static readonly Dictionary<string, string> CoxOptionOfField = new(StringComparer.Ordinal)
    {
        ["terms"] = "--terms", ["ties"] = "--ties", ["conf_level"] = "--conf-level", ["stratified"] = "--strata",
    };

    private static string[] Split(string? list) =>
        (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static async Task<FitCoxModelResponse> FitAsync(FitCoxModelRequest request, Uri? server, CancellationToken cancellationToken)
    {
        if (server is null) return await new SurvivalAnalysisService().FitCoxModel(request, new LocalCallContext(cancellationToken));
        using var channel = SurvivalChannel.Create(server);
        return await new SurvivalAnalysis.SurvivalAnalysisClient(channel).FitCoxModelAsync(request, cancellationToken: cancellationToken);
    }
}
