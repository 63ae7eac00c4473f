using System.CommandLine;
using Google.Rpc;
using Grpc.Core;
using Grpc.Net.Client;
using Survival.Client;
using Survival.Service.Services;
using Survival.V1;

namespace Survival.Cli;

/// <summary><c>survival cox FILE --time COL --event COL --terms a,b,c</c>: a Cox regression, printed as a paper reports it.</summary>
internal static class CoxCommand
{
    private static readonly Dictionary<string, TieMethod> TieNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["efron"] = TieMethod.Efron, ["breslow"] = TieMethod.Breslow, ["exact"] = TieMethod.Exact,
    };

    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = new Argument<FileInfo>("file") { Description = "CSV or TSV file with a header row" };
        file.AcceptExistingOnly();
        var time = new Option<string>("--time") { Description = "column of follow-up times", Required = true };
        var evt = new Option<string>("--event") { Description = "column of event indicators: 1/0, true/false, yes/no, or 1/2 as R reads it (2 = event); other codes with --event-value", Required = true };
        var eventValue = new Option<string?>("--event-value") { Description = "the value of the event column that marks an event, every other value being censored" };
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
        var command = new Command("cox", "Cox regression with covariates and factors, as R's coxph, from a CSV or TSV file")
        {
            file, time, evt, eventValue, terms, factors, strata, weight, ties, confLevel, zph, forest, server,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            var termList = Split(parse.GetValue(terms));
            var factorList = (parse.GetValue(factors) ?? []).SelectMany(Split).ToArray();
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
                    Event = parse.GetValue(evt)!,
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
        using var channel = GrpcChannel.ForAddress(server, new GrpcChannelOptions { MaxReceiveMessageSize = null, MaxSendMessageSize = null });
        return await new SurvivalAnalysis.SurvivalAnalysisClient(channel).FitCoxModelAsync(request, cancellationToken: cancellationToken);
    }
}
