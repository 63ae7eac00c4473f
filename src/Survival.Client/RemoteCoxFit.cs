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
        string[] strata = [];
        IReadOnlyList<FactorLevelCounts> levels = [];
        return await RemoteFitCall.RunAsync(client, new RemoteFitUpload { Cox = model }, options, async (step, token) =>
        {
            switch (step.StepCase)
            {
                case RemoteFitStep.StepOneofCase.Summary:
                    var summary = await SummaryAsync(query, dialect, runner, step.Summary.Model, onStep, token);
                    strata = [.. summary.Strata];
                    levels = summary.FactorLevels;
                    return new RemoteFitUpload { Summary = summary };
                case RemoteFitStep.StepOneofCase.CoxSums:
                    var sql = query.StepSql(dialect, step.CoxSums);
                    onStep?.Invoke(sql);
                    return new RemoteFitUpload { CoxSums = ReadSums(await runner.RunAsync(sql, token), step.CoxSums, strata, levels) };
                default:
                    throw RemoteFitCall.Unexpected(step, "Cox");
            }
        });
    }

    /// <summary>The summary of the rows: their number, the unreadable ones, the largest time, the terms' means, the factors' levels, the strata.</summary>
    public static async Task<RemoteSummary> SummaryAsync(
        CoxSumsQuery query, SqlDialect dialect, ISqlRunner runner, RemoteCoxModel model, Action<string>? onStep, CancellationToken token)
    {
        var sql = query.SummarySql(dialect, model);
        onStep?.Invoke(sql);
        var row = (await runner.RunAsync(sql, token)).Single();
        var summary = new RemoteSummary
        {
            Rows = Long(row[0]), UnreadableRows = Long(row[1]), FractionalWeights = Long(row[2]), ZeroTimes = Long(row[3]), MaxTime = row[4] is null ? 0 : Double(row[4]),
        };
        for (var t = 0; t < model.Terms.Count; t++) summary.TermMeans.Add(row[5 + t] is null ? 0 : Double(row[5 + t]));
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

    /// <summary>
    /// The step's rows (stratum, time, role, n, factor labels, numeric sums: <see cref="CoxSumsQuery.StepSql(SqlDialect, CoxSumsRequest)"/>) as the
    /// message the service reads: each row's factor columns, constant within it, completed from its labels — the
    /// indicators less their centres c, and exp(Σβ·c) on the risk sums — then the rows of one (stratum, time, role) added.
    /// </summary>
    /// <exception cref="CohortSourceException">A factor label the summary did not have: the data changed during the fit.</exception>
    private static CoxStepSums ReadSums(IReadOnlyList<object?[]> rows, CoxSumsRequest step, string[] strata, IReadOnlyList<FactorLevelCounts> levels)
    {
        var model = step.Model;
        var index = strata.Select((s, i) => (s, i)).ToDictionary(p => p.s, p => (uint)p.i, StringComparer.Ordinal);
        var known = levels.Select(l => l.Levels.ToHashSet(StringComparer.Ordinal)).ToArray();
        var p = step.Columns.Count;
        var factorOf = step.Columns.Select(c => c.Level.Length == 0 ? -1 : model.Factors.IndexOf(c.Term)).ToArray();
        var numericOf = new int[p];
        var q = 0;
        for (var j = 0; j < p; j++) numericOf[j] = factorOf[j] < 0 ? q++ : -1;
        var factors = model.Factors.Count;
        var width = 2 + 2 * p + p * (p + 1) / 2;
        var groups = new Dictionary<(uint Stratum, double Time, int Role), (long Count, double[] Sums)>();
        var c = new double[p];
        foreach (var row in rows)
        {
            var label = Convert.ToString(row[0], CultureInfo.InvariantCulture) ?? "";
            // An unstratified model has one stratum; a label the summary did not list is sent as an index past the end,
            // which the service refuses; so is an event value the query could not read, which has no role.
            var key = (strata.Length == 0 ? 0 : index.GetValueOrDefault(label, (uint)strata.Length), Double(row[1]), row[2] is null ? -1 : (int)Long(row[2]));
            var labels = new string[factors];
            for (var f = 0; f < factors; f++)
            {
                labels[f] = Convert.ToString(row[4 + f], CultureInfo.InvariantCulture) ?? "";
                if (!known[f].Contains(labels[f]))
                    throw new CohortSourceException($"factor {model.Factors[f]} has a level the summary did not have: the data changed during the fit");
            }
            var v = row.Skip(4 + factors).Select(value => value is null ? double.NaN : Double(value)).ToArray();
            var etaFactors = 0.0;
            for (var j = 0; j < p; j++)
            {
                if (factorOf[j] < 0) continue;
                c[j] = (labels[factorOf[j]] == step.Columns[j].Level ? 1 : 0) - step.Columns[j].Centre;
                etaFactors += step.Beta[j] * c[j];
            }
            var scale = Math.Exp(etaFactors);
            double W(int j) => numericOf[j] >= 0 ? v[1 + numericOf[j]] : c[j] * v[0];
            double R(int j) => numericOf[j] >= 0 ? v[2 + q + numericOf[j]] : c[j] * v[1 + q];
            if (!groups.TryGetValue(key, out var group)) group = (0, new double[width]);
            var sums = group.Sums;
            sums[0] += v[0];
            sums[1 + p] += scale * v[1 + q];
            var packed = 2 + 2 * p;
            for (var a = 0; a < p; a++)
            {
                sums[1 + a] += W(a);
                sums[2 + p + a] += scale * R(a);
                for (var b = a; b < p; b++)
                {
                    var (na, nb) = (numericOf[a], numericOf[b]);
                    var rxx = na >= 0 && nb >= 0 ? v[2 + 2 * q + Packed(na, nb, q)]
                        : na >= 0 ? c[b] * v[2 + q + na]
                        : nb >= 0 ? c[a] * v[2 + q + nb]
                        : c[a] * c[b] * v[1 + q];
                    sums[packed++] += scale * rxx;
                }
            }
            groups[key] = (group.Count + Long(row[3]), sums);
        }
        var message = new CoxStepSums { Step = step.Step };
        foreach (var (key, group) in groups)
        {
            message.Stratum.Add(key.Stratum);
            message.Time.Add(key.Time);
            message.Role.Add((CoxSumsRole)key.Role);
            message.Count.Add(group.Count);
            message.Sums.Add(group.Sums);
        }
        return message;
    }

    /// <summary>The position of (a, b), a ≤ b, in the upper triangle of a q × q matrix packed row by row.</summary>
    private static int Packed(int a, int b, int q) => a * q - a * (a - 1) / 2 + (b - a);

    /// <summary>A count as any engine gives it: an integer of any width (DuckDB sums to HUGEINT), or its text from a runner's CSV.</summary>
    internal static long Long(object? value) => value switch
    {
        null => 0,
        string text => (long)decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
        System.Numerics.BigInteger big => (long)big,
        _ => Convert.ToInt64(value, CultureInfo.InvariantCulture),
    };

    internal static double Double(object? value) => value switch
    {
        string text => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
        System.Numerics.BigInteger big => (double)big,
        _ => Convert.ToDouble(value, CultureInfo.InvariantCulture),
    };
}
