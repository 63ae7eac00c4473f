using Survival.Client;
using Survival.V1;

namespace Survival.Cli;

/// <summary>
/// <c>survival fit --remote</c>: an exponential or Weibull model fitted where the data live. The service (in-process,
/// or <c>--server</c>) runs survreg's iteration; the start pass and each step's sums are computed by embedded DuckDB
/// on FILE (<see cref="RemoteParametricFit"/>). Only the sums reach the fit.
/// </summary>
internal static class RemoteParametric
{
    /// <summary>Fits and prints; the exit code. Refusals and source errors are reported by the caller's <c>ServiceCall.ReportingAsync</c>.</summary>
    public static async Task<int> RunAsync(
        FileInfo file, CohortColumns columns, RemoteParametricModel model, string unit, bool coefficients, Uri? server, TextWriter output,
        CancellationToken cancellationToken)
    {
        using var channel = server is null ? null : SurvivalChannel.Create(server);
        var client = channel is null ? InProcessRemoteFits.Client() : new RemoteFits.RemoteFitsClient(channel);
        await using var connection = await DuckDbCohort.OpenAsync(cancellationToken: cancellationToken);
        var result = await RemoteParametricFit.FitAsync(client, model, DuckDbCohort.CoxSums(file.FullName, columns), SqlDialect.DuckDb,
            new ConnectionSqlRunner(connection), new Grpc.Core.CallOptions(cancellationToken: cancellationToken));
        var response = result.Parametric;
        response.TimeUnit = unit;
        var request = new FitParametricModelRequest { Terms = { model.Terms }, ConfLevel = model.ConfLevel };
        new ParametricTablePrinter(output).Print(request, response, coefficients);
        output.WriteLine($"Fitted where the data live: {result.Steps} steps of sums, no row read here.");
        foreach (var absent in result.NotComputed) output.WriteLine($"Not computed: {absent.Statistic.Replace('_', ' ')} ({absent.Reason}).");
        return 0;
    }
}
