using System.Globalization;
using Grpc.Core;
using Survival.V1;

namespace Survival.Client;

/// <summary>
/// The data side of a remote parametric fit (<c>RemoteFits.FitModelRemote</c> opened with a parametric model) answered
/// from SQL: the summary as <see cref="RemoteCoxFit.SummaryAsync"/>, the start pass and each step as
/// <see cref="ParametricSumsQuery"/> writes them, run where the table lives; only the sums are sent.
/// </summary>
public static class RemoteParametricFit
{
    /// <summary>Fits <paramref name="model"/> (exponential or Weibull) on the rows of <paramref name="query"/>, every query run by <paramref name="runner"/>.</summary>
    /// <exception cref="RpcException">The service refused the model or the sums, or the call's deadline passed.</exception>
    public static async Task<RemoteFitResult> FitAsync(
        RemoteFits.RemoteFitsClient client, RemoteParametricModel model, CoxSumsQuery query, SqlDialect dialect, ISqlRunner runner,
        CallOptions options = default, Action<string>? onStep = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(runner);
        return await RemoteFitCall.RunAsync(client, new RemoteFitUpload { Parametric = model }, options, async (step, token) =>
        {
            switch (step.StepCase)
            {
                case RemoteFitStep.StepOneofCase.Summary:
                    return new RemoteFitUpload { Summary = await RemoteCoxFit.SummaryAsync(query, dialect, runner, ParametricSumsQuery.Terms(model), onStep, token) };
                case RemoteFitStep.StepOneofCase.ParametricStart:
                    var startSql = ParametricSumsQuery.StartSql(query, dialect, model, step.ParametricStart.Columns);
                    onStep?.Invoke(startSql);
                    var start = (await runner.RunAsync(startSql, token)).Single();
                    return new RemoteFitUpload { ParametricStart = ReadStart(start, 1 + step.ParametricStart.Columns.Count) };
                case RemoteFitStep.StepOneofCase.ParametricSums:
                    var sql = ParametricSumsQuery.StepSql(query, dialect, step.ParametricSums);
                    onStep?.Invoke(sql);
                    var row = (await runner.RunAsync(sql, token)).Single();
                    var sums = new ParametricStepSums { Step = step.ParametricSums.Step, Rows = Long(row[0]), ExactLogTimes = Double(row[1]) };
                    sums.Values.AddRange(row.Skip(2).Select(Double));
                    return new RemoteFitUpload { ParametricSums = sums };
                default:
                    throw RemoteFitCall.Unexpected(step, "parametric");
            }
        });
    }

    /// <summary>The start query's row (<see cref="ParametricSumsQuery.StartSql"/>) as the message.</summary>
    private static ParametricStartSums ReadStart(object?[] row, int p)
    {
        var triangle = p * (p + 1) / 2;
        var values = row.Skip(2).Select(Double).ToArray();
        var sums = new ParametricStartSums { Rows = Long(row[0]), Events = Long(row[1]), SquaredLogTimes = values[^1] };
        sums.EventGram.AddRange(values[..triangle]);
        sums.EventCross.AddRange(values[triangle..(triangle + p)]);
        sums.CensoredGram.AddRange(values[(triangle + p)..(2 * triangle + p)]);
        sums.CensoredCross.AddRange(values[(2 * triangle + p)..(2 * triangle + 2 * p)]);
        return sums;
    }

    private static long Long(object? value) => RemoteCoxFit.Long(value);

    private static double Double(object? value) => RemoteCoxFit.Double(value);
}
