using System.Text;
using Survival.V1;

namespace Survival.Client;

/// <summary>
/// The queries that answer a remote parametric fit's requests where the table lives: the start pass and, at each point
/// (β, log σ), one aggregation of each row's log-likelihood term and its derivatives (<c>ParametricStepSums</c>), η and
/// z = (log t − η)/σ computed in SQL. The rows are <see cref="CoxSumsQuery"/>'s (the same table, columns and summary).
/// </summary>
/// <remarks>
/// Exponential and Weibull only: their terms need exp and ln alone (events z − eᶻ − log σ − log t, censored −eᶻ). The
/// log-normal's censored term log Φ(−z) needs the normal tail, which neither engine run here has: PostgreSQL has erfc
/// only from version 16 and DuckDB has none without an extension, and an approximation in SQL would not keep 1e-9; the
/// log-normal is fitted from sums by a data side that has Φ (as the Python module and the tests' data sides do).
/// </remarks>
public static class ParametricSumsQuery
{
    /// <summary>Why the log-normal and log-logistic have no SQL here.</summary>
    public const string DistributionRequirement = "must be exponential or Weibull for a fit from SQL: the log-normal's censored term needs the normal tail (erfc), which DuckDB and PostgreSQL before 16 lack";

    /// <summary>The terms' model the summary and rows read (no strata, no entry).</summary>
    public static RemoteCoxModel Terms(RemoteParametricModel model) =>
        new() { Terms = { model.Terms }, Factors = { model.Factors }, Weighted = model.Weighted, Ties = TieMethod.Efron };

    /// <summary>rows, events, then per kind (events, censored) the upper triangle of Σw·xx' and Σw·x·y, then Σw·y², in one row.</summary>
    public static string StartSql(CoxSumsQuery query, SqlDialect dialect, RemoteParametricModel model, IReadOnlyList<RemoteDesignColumn> design)
    {
        ArgumentNullException.ThrowIfNull(query);
        var sql = new SqlText(dialect);
        var p = 1 + design.Count;
        var x = X(sql, p);
        var (w, y, d) = (sql.Quote("w"), sql.Quote("y"), sql.Quote("d"));
        var sums = new List<string> { "count(*)", $"sum({d})" };
        foreach (var kind in new[] { "1", "0" })
        {
            for (var a = 0; a < p; a++)
                for (var b = a; b < p; b++) sums.Add($"sum(CASE WHEN {d} = {kind} THEN {w} * {x[a]} * {x[b]} ELSE 0 END)");
            for (var a = 0; a < p; a++) sums.Add($"sum(CASE WHEN {d} = {kind} THEN {w} * {x[a]} * {y} ELSE 0 END)");
        }
        sums.Add($"sum({w} * {y} * {y})");
        return $"SELECT {string.Join(", ", sums)}\nFROM ({Design(query, sql, model, design)}) AS {sql.Quote("design")}";
    }

    /// <summary>rows, Σw·log t over events, then ParametricStepSums.values, in one row.</summary>
    public static string StepSql(CoxSumsQuery query, SqlDialect dialect, ParametricSumsRequest step)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(step);
        var model = step.Model;
        if (model.Distribution is not (Distribution.Exponential or Distribution.Weibull)) throw new ArgumentException(DistributionRequirement);
        var sql = new SqlText(dialect);
        var p = step.Columns;
        var free = model.Distribution == Distribution.Weibull;
        var logSigma = free ? step.Parameters[p] : 0;
        var (s, sigma) = (CoxSumsQuery.Number(logSigma), CoxSumsQuery.Number(Math.Exp(logSigma)));
        var x = X(sql, p);
        var (w, y, d, z, ez) = (sql.Quote("w"), sql.Quote("y"), sql.Quote("d"), sql.Quote("z"), sql.Quote("ez"));
        var (g, d1, ge, gee, gs, ges, gss) = (sql.Quote("g"), sql.Quote("d1"), sql.Quote("ge"), sql.Quote("gee"), sql.Quote("gs"), sql.Quote("ges"), sql.Quote("gss"));
        var eta = string.Join(" + ", Enumerable.Range(0, p).Select(c => $"{CoxSumsQuery.Number(step.Parameters[c])} * {x[c]}"));
        var columns = string.Join(", ", x);
        var sums = new List<string> { "count(*)", $"sum(CASE WHEN {d} = 1 THEN {w} * {y} ELSE 0 END)", $"sum({w} * {g})" };
        sums.AddRange(x.Select(xa => $"sum({w} * {xa} * {ge})"));
        foreach (var term in new[] { gee, $"{ge} * {ge}" })
            for (var a = 0; a < p; a++)
                for (var b = a; b < p; b++) sums.Add($"sum({w} * {x[a]} * {x[b]} * {term})");
        if (free)
        {
            sums.AddRange(x.Select(xa => $"sum({w} * {xa} * {ges})"));
            sums.AddRange(x.Select(xa => $"sum({w} * {xa} * {ge} * {gs})"));
            sums.AddRange([$"sum({w} * {gs})", $"sum({w} * {gss})", $"sum({w} * {gs} * {gs})"]);
        }
        // Extreme value: events g = z − eᶻ − log σ − y, g′ = 1 − eᶻ; censored g = g′ = −eᶻ; g″ = −eᶻ. Then the chain rule
        // g_η = −g′/σ, g_ηη = g″/σ², g_s = −z g′ − d, g_ηs = (z g″ + g′)/σ, g_ss = z² g″ + z g′.
        return new StringBuilder()
            .AppendLine($"WITH {sql.Quote("standard")} AS (")
            .AppendLine($"  SELECT {d}, {w}, {y}, {columns}, ({y} - ({eta})) / {sigma} AS {z} FROM ({Design(query, sql, model, step.Design)}) AS {sql.Quote("design")}")
            .AppendLine($"), {sql.Quote("exponentials")} AS (")
            .AppendLine($"  SELECT *, exp({z}) AS {ez} FROM {sql.Quote("standard")}")
            .AppendLine($"), {sql.Quote("terms")} AS (")
            .AppendLine($"  SELECT *, CASE WHEN {d} = 1 THEN {z} - {ez} - {s} - {y} ELSE -{ez} END AS {g}, CASE WHEN {d} = 1 THEN 1 - {ez} ELSE -{ez} END AS {d1}")
            .AppendLine($"  FROM {sql.Quote("exponentials")}")
            .AppendLine($"), {sql.Quote("chained")} AS (")
            .AppendLine($"  SELECT *, -{d1} / {sigma} AS {ge}, -{ez} / ({sigma} * {sigma}) AS {gee}, -{z} * {d1} - {d} AS {gs},")
            .AppendLine($"         ({z} * -{ez} + {d1}) / {sigma} AS {ges}, {z} * {z} * -{ez} + {z} * {d1} AS {gss}")
            .AppendLine($"  FROM {sql.Quote("terms")}")
            .AppendLine(")")
            .Append($"SELECT {string.Join(", ", sums)}\nFROM {sql.Quote("chained")}")
            .ToString();
    }

    /// <summary>The readable rows with a time &gt; 0 as d, w, y = log t and x0 = 1, x1 … the design's columns centred.</summary>
    private static string Design(CoxSumsQuery query, SqlText sql, RemoteParametricModel model, IReadOnlyList<RemoteDesignColumn> design)
    {
        var terms = Terms(model);
        var x = X(sql, 1 + design.Count);
        var columns = new List<string> { $"CAST(1 AS {sql.Double}) AS {x[0]}" };
        for (var j = 0; j < design.Count; j++)
        {
            var column = design[j];
            var v = sql.Quote($"v{terms.Terms.IndexOf(column.Term)}");
            var value = column.Level.Length == 0 ? v : $"CASE WHEN {v} = {sql.Literal(column.Level)} THEN 1 ELSE 0 END";
            columns.Add($"({value} - {CoxSumsQuery.Number(column.Centre)}) AS {x[1 + j]}");
        }
        var (t, rows) = (sql.Quote("t"), sql.Quote("rows"));
        return $"SELECT {sql.Quote("d")}, {sql.Quote("w")}, ln({t}) AS {sql.Quote("y")}, {string.Join(", ", columns)}\n" +
               $"FROM ({query.Rows(sql, terms)}) AS {rows}\nWHERE {query.Valid(sql, terms)} AND {t} > 0";
    }

    private static string[] X(SqlText sql, int p) => [.. Enumerable.Range(0, p).Select(c => sql.Quote($"x{c}"))];
}
