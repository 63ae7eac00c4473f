using System.Globalization;
using Grpc.Core;
using Survival.V1;

namespace Survival.Client;

/// <summary>
/// The data side of a remote parametric fit (<c>RemoteFits.FitModelRemote</c> opened with a parametric model) answered
/// from SQL: the summary as <see cref="RemoteCoxFit.SummaryAsync"/>, the start pass and each step as
/// <see cref="ParametricSumsQuery"/> writes them, run where the table lives; only the sums are sent, one block per
/// stratum in the order the service gave the strata.
/// </summary>
public static class RemoteParametricFit
{
    /// <summary>Fits <paramref name="model"/> on the rows of <paramref name="query"/>, every query run by <paramref name="runner"/>.</summary>
    /// <exception cref="RpcException">The service refused the model or the sums, or the call's deadline passed.</exception>
    /// <exception cref="CohortSourceException">A stratum the summary did not have: the data changed during the fit.</exception>
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
                    var start = step.ParametricStart;
                    var startSql = ParametricSumsQuery.StartSql(query, dialect, model, start.Columns);
                    onStep?.Invoke(startSql);
                    return new RemoteFitUpload { ParametricStart = ReadStart(await runner.RunAsync(startSql, token), 1 + start.Columns.Count, start.Strata) };
                case RemoteFitStep.StepOneofCase.ParametricSums:
                    var request = step.ParametricSums;
                    var sql = ParametricSumsQuery.StepSql(query, dialect, request);
                    onStep?.Invoke(sql);
                    return new RemoteFitUpload { ParametricSums = ReadSums(await runner.RunAsync(sql, token), request) };
                default:
                    throw RemoteFitCall.Unexpected(step, "parametric");
            }
        });
    }

    /// <summary>The start query's rows, one per stratum (<see cref="ParametricSumsQuery.StartSql"/>), as the message's blocks.</summary>
    private static ParametricStartSums ReadStart(IReadOnlyList<object?[]> rows, int p, IReadOnlyList<string> strata)
    {
        var triangle = p * (p + 1) / 2;
        var blocks = Math.Max(1, strata.Count);
        var (eventGram, censoredGram) = (new double[triangle * blocks], new double[triangle * blocks]);
        var (eventCross, censoredCross) = (new double[p * blocks], new double[p * blocks]);
        var sums = new ParametricStartSums();
        foreach (var row in rows)
        {
            var block = Block(row[0], strata);
            var values = row.Skip(3).Select(Double).ToArray();
            sums.Rows += Long(row[1]);
            sums.Events += Long(row[2]);
            sums.SquaredLogTimes += values[^1];
            values[..triangle].CopyTo(eventGram, block * triangle);
            values[triangle..(triangle + p)].CopyTo(eventCross, block * p);
            values[(triangle + p)..(2 * triangle + p)].CopyTo(censoredGram, block * triangle);
            values[(2 * triangle + p)..(2 * triangle + 2 * p)].CopyTo(censoredCross, block * p);
        }
        sums.EventGram.Add(eventGram);
        sums.EventCross.Add(eventCross);
        sums.CensoredGram.Add(censoredGram);
        sums.CensoredCross.Add(censoredCross);
        return sums;
    }

    /// <summary>The step query's rows, one per stratum (<see cref="ParametricSumsQuery.StepSql"/>), as the message's blocks.</summary>
    private static ParametricStepSums ReadSums(IReadOnlyList<object?[]> rows, ParametricSumsRequest request)
    {
        var width = rows.Count == 0 ? 0 : rows[0].Length - 3;
        var values = new double[width * Math.Max(1, request.Strata.Count)];
        var sums = new ParametricStepSums { Step = request.Step };
        foreach (var row in rows)
        {
            var block = Block(row[0], request.Strata);
            sums.Rows += Long(row[1]);
            sums.ExactLogTimes += Double(row[2]);
            for (var j = 0; j < width; j++) values[block * width + j] = Double(row[3 + j]);
        }
        sums.Values.Add(values);
        return sums;
    }

    /// <summary>The block of a row's stratum: its place among the service's strata (the only block when there are none).</summary>
    private static int Block(object? label, IReadOnlyList<string> strata)
    {
        if (strata.Count == 0) return 0;
        var text = Convert.ToString(label, CultureInfo.InvariantCulture) ?? "";
        for (var k = 0; k < strata.Count; k++)
            if (string.Equals(strata[k], text, StringComparison.Ordinal)) return k;
        throw new CohortSourceException($"a stratum the summary did not have appeared during the fit: the data changed");
    }

    private static long Long(object? value) => RemoteCoxFit.Long(value);

    private static double Double(object? value) => RemoteCoxFit.Double(value);
}
