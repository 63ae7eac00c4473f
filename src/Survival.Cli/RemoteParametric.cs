using Survival.Client;
using Survival.V1;

namespace Survival.Cli;

/// <summary>
/// <c>survival fit --remote</c>: an exponential, Weibull, log-normal or log-logistic model (strata, delayed entry and case
/// weights allowed) fitted where the data live. The service runs survreg's iteration; the start pass and each step's
/// sums are computed where the table lives (<see cref="RemoteOptions"/>, <see cref="RemoteParametricFit"/>). Only the
/// sums reach the fit.
/// </summary>
internal static class RemoteParametric
{
    /// <summary>Fits and prints; the exit code.</summary>
    public static Task<int> RunAsync(
        System.CommandLine.ParseResult parse, RemoteOptions options, FileInfo? file, CohortColumns columns, RemoteParametricModel model, string unit,
        bool coefficients, Uri? server, TextWriter output, TextWriter error, CancellationToken cancellationToken) =>
        options.RunAsync(parse, file, columns, server, error,
            (client, query, dialect, runner, callOptions) => RemoteParametricFit.FitAsync(client, model, query, dialect, runner, callOptions),
            result =>
            {
                var response = result.Parametric;
                response.TimeUnit = unit;
                var request = new FitParametricModelRequest { Terms = { model.Terms }, ConfLevel = model.ConfLevel, Stratified = model.Stratified };
                new ParametricTablePrinter(output).Print(request, response, coefficients);
                output.WriteLine($"Fitted where the data live: {result.Steps} steps of sums, no row read here.");
                foreach (var absent in result.NotComputed) output.WriteLine($"Not computed: {absent.Statistic.Replace('_', ' ')} ({absent.Reason}).");
            }, cancellationToken);
}
