using Survival.Client;
using Survival.V1;

namespace Survival.Cli;

/// <summary>
/// <c>survival cox --remote</c>: the Cox model fitted where the data live. The service runs R's iteration; each step's
/// per-time sums are computed where the table lives (<see cref="RemoteOptions"/>). Only the sums reach the fit.
/// </summary>
internal static class RemoteCox
{
    /// <summary>Fits and prints; the exit code.</summary>
    public static Task<int> RunAsync(
        System.CommandLine.ParseResult parse, RemoteOptions options, FileInfo? file, CohortColumns columns, RemoteCoxModel model, Uri? server,
        TextWriter output, TextWriter error, CancellationToken cancellationToken) =>
        options.RunAsync(parse, file, columns, server, error,
            (client, query, dialect, runner, callOptions) => RemoteCoxFit.FitAsync(client, model, query, dialect, runner, callOptions),
            result =>
            {
                var request = new FitCoxModelRequest { Terms = { model.Terms }, Ties = model.Ties, Stratified = model.Stratified, ConfLevel = model.ConfLevel };
                new CoxTablePrinter(output).Print(request, result.Cox);
                output.WriteLine($"Fitted where the data live: {result.Steps} steps of per-time sums, no row read here.");
                foreach (var absent in result.NotComputed) output.WriteLine($"Not computed: {absent.Statistic.Replace('_', ' ')} ({absent.Reason}).");
            }, cancellationToken);
}
