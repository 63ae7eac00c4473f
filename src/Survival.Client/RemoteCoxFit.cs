using System.Globalization;
using Grpc.Core;
using Survival.V1;

namespace Survival.Client;

/// <summary>
/// The data side of a remote Cox fit (<c>RemoteFits.FitModelRemote</c>) answered from SQL: the service asks, this
/// runs <see cref="CoxSumsQuery"/>'s queries where the table lives and sends back only their sums.
/// </summary>
public static class RemoteCoxFit
{
    /// <summary>Fits <paramref name="model"/> on the rows of <paramref name="query"/>, every step run by <paramref name="runner"/>.</summary>
    /// <param name="client">The service.</param>
    /// <param name="model">The model; its weights and delayed entry must match the query's columns.</param>
    /// <param name="query">The table and its columns.</param>
    /// <param name="dialect">The SQL the runner speaks.</param>
    /// <param name="runner">Runs each query.</param>
    /// <param name="options">The call's deadline and cancellation.</param>
    /// <param name="onStep">Told the SQL of each step before it runs (for a log of the queries); may be null.</param>
    /// <returns>The fit, as FitCoxModel answers, with what a remote fit does not compute.</returns>
    /// <exception cref="RpcException">The service refused the model or the sums, or the call's deadline passed.</exception>
    public static async Task<RemoteFitResult> FitAsync(
        RemoteFits.RemoteFitsClient client, RemoteCoxModel model, CoxSumsQuery query, SqlDialect dialect, ISqlRunner runner,
        CallOptions options = default, Action<string>? onStep = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(runner);
        // The deadline stops this side's queries too, not only the call.
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(options.CancellationToken);
        if (options.Deadline is { } deadline) cancel.CancelAfter(deadline - DateTime.UtcNow is { Ticks: > 0 } left ? left : TimeSpan.Zero);
        try
        {
            return await StepsAsync(client, model, query, dialect, runner, options, onStep, cancel.Token);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested && !options.CancellationToken.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.DeadlineExceeded, "the call's deadline passed during a step"));
        }
    }

    private static async Task<RemoteFitResult> StepsAsync(
        RemoteFits.RemoteFitsClient client, RemoteCoxModel model, CoxSumsQuery query, SqlDialect dialect, ISqlRunner runner,
        CallOptions options, Action<string>? onStep, CancellationToken token)
    {
        using var call = client.FitModelRemote(options.WithCancellationToken(token));
        await call.RequestStream.WriteAsync(new RemoteFitUpload { Cox = model }, token);
        string[] strata = [];
        while (await call.ResponseStream.MoveNext(token))
        {
            var step = call.ResponseStream.Current;
            switch (step.StepCase)
            {
                case RemoteFitStep.StepOneofCase.Summary:
                    var summary = await SummaryAsync(query, dialect, runner, step.Summary.Model, onStep, token);
                    strata = [.. summary.Strata];
                    await call.RequestStream.WriteAsync(new RemoteFitUpload { Summary = summary }, token);
                    break;
                case RemoteFitStep.StepOneofCase.CoxSums:
                    var sql = query.StepSql(dialect, step.CoxSums);
                    onStep?.Invoke(sql);
                    var sums = ReadSums(await runner.RunAsync(sql, token), step.CoxSums, strata);
                    await call.RequestStream.WriteAsync(new RemoteFitUpload { CoxSums = sums }, token);
                    break;
                case RemoteFitStep.StepOneofCase.Result:
                    // The service ends the call once this side has closed its stream, so that no write of ours is cut.
                    await call.RequestStream.CompleteAsync();
                    while (await call.ResponseStream.MoveNext(token)) { }
                    return step.Result;
            }
        }
        throw new RpcException(new Status(StatusCode.Aborted, "the service closed the call without a result"));
    }

    /// <summary>The summary of the rows: their number, the unreadable ones, the terms' means, the factors' levels, the strata.</summary>
    public static async Task<RemoteSummary> SummaryAsync(
        CoxSumsQuery query, SqlDialect dialect, ISqlRunner runner, RemoteCoxModel model, Action<string>? onStep, CancellationToken token)
    {
        var sql = query.SummarySql(dialect, model);
        onStep?.Invoke(sql);
        var row = (await runner.RunAsync(sql, token)).Single();
        var summary = new RemoteSummary { Rows = Long(row[0]), UnreadableRows = Long(row[1]), FractionalWeights = Long(row[2]) };
        for (var t = 0; t < model.Terms.Count; t++) summary.TermMeans.Add(row[3 + t] is null ? 0 : Double(row[3 + t]));
        foreach (var factor in model.Factors)
        {
            var levelsSql = query.FactorLevelsSql(dialect, model, factor);
            onStep?.Invoke(levelsSql);
            var levels = new FactorLevelCounts { Term = factor };
            foreach (var level in await runner.RunAsync(levelsSql, token))
            {
                levels.Levels.Add(Convert.ToString(level[0], CultureInfo.InvariantCulture) ?? "");
                levels.Counts.Add(Long(level[1]));
            }
            summary.FactorLevels.Add(levels);
        }
        if (model.Stratified)
        {
            var strataSql = query.StrataSql(dialect, model);
            onStep?.Invoke(strataSql);
            summary.Strata.AddRange((await runner.RunAsync(strataSql, token)).Select(s => Convert.ToString(s[0], CultureInfo.InvariantCulture) ?? "").Order(StringComparer.Ordinal));
        }
        return summary;
    }

    /// <summary>The step's rows (stratum, time, role, n, sums…) as the message the service reads.</summary>
    private static CoxStepSums ReadSums(IReadOnlyList<object?[]> rows, CoxSumsRequest step, string[] strata)
    {
        var index = strata.Select((s, i) => (s, i)).ToDictionary(p => p.s, p => (uint)p.i, StringComparer.Ordinal);
        var message = new CoxStepSums { Step = step.Step };
        foreach (var row in rows)
        {
            var label = Convert.ToString(row[0], CultureInfo.InvariantCulture) ?? "";
            // An unstratified model has one stratum; a label the summary did not list is sent as an index past the end,
            // which the service refuses.
            message.Stratum.Add(strata.Length == 0 ? 0 : index.GetValueOrDefault(label, (uint)strata.Length));
            message.Time.Add(Double(row[1]));
            // An event value the query could not read has no role: sent as one the service refuses.
            message.Role.Add(row[2] is null ? (CoxSumsRole)(-1) : (CoxSumsRole)(int)Long(row[2]));
            message.Count.Add(Long(row[3]));
            for (var k = 4; k < row.Length; k++) message.Sums.Add(row[k] is null ? double.NaN : Double(row[k]));
        }
        return message;
    }

    /// <summary>A count as any engine gives it: an integer of any width (DuckDB sums to HUGEINT), or its text from a runner's CSV.</summary>
    private static long Long(object? value) => value switch
    {
        null => 0,
        string text => (long)decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
        System.Numerics.BigInteger big => (long)big,
        _ => Convert.ToInt64(value, CultureInfo.InvariantCulture),
    };

    private static double Double(object? value) => value switch
    {
        string text => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
        System.Numerics.BigInteger big => (double)big,
        _ => Convert.ToDouble(value, CultureInfo.InvariantCulture),
    };
}
