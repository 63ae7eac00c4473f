using System.Globalization;
using System.Text;
using Survival.V1;

namespace Survival.Client;

/// <summary>
/// The queries that answer a remote Cox fit's steps where the table lives (<c>RemoteFits.FitModelRemote</c>): a
/// summary of the rows, the levels of each factor, the strata, and at each β one aggregation
/// <c>GROUP BY stratum, time, role</c> of w, w·x, r = w·exp(η), r·x and r·xx' with η computed in SQL.
/// </summary>
/// <remarks>
/// A row's role is its event status at its time (0 censored, 1 event) and, with delayed entry, 2 at its entry (a second
/// aggregation of the same rows by entry, for entries after 0: an entry at 0 takes no one out of any risk set). The
/// per-time sums are cumulated into risk sets by the service, so the database sorts nothing and runs no window:
/// one pass over the rows, grouped by (stratum, time, role), p(p + 1)/2 second moments (the upper triangle). Rows with
/// a missing or invalid time, event, entry, weight or term are counted by the summary, and a fit with any is refused.
/// </remarks>
public sealed record CoxSumsQuery
{
    /// <summary>The table (or <c>schema.table</c>) with one row per subject; give this or <see cref="Query"/>.</summary>
    public string? Table { get; init; }

    /// <summary>A query returning one row per subject, used as a subquery; give this or <see cref="Table"/>.</summary>
    public string? Query { get; init; }

    /// <summary>Which columns hold the time, the event (and its event value), the entry, the stratum and the weight.</summary>
    public required CohortColumns Columns { get; init; }

    /// <summary>A table function or other FROM item written as is (DuckDB's <c>read_parquet('...')</c>).</summary>
    internal string? FromItem { get; init; }

    /// <summary>
    /// The summary: rows, unreadable_rows, fractional_weights, zero_times, max_time (the largest readable time; null
    /// without rows), then one mean per term (0 for a factor), in one row.
    /// </summary>
    public string SummarySql(SqlDialect dialect, RemoteCoxModel model)
    {
        var sql = new SqlText(dialect);
        var means = model.Terms.Select((t, i) => model.Factors.Contains(t)
            ? $"CAST(0 AS {sql.Double}) AS {sql.Quote($"mean_{i}")}"
            : $"sum(CASE WHEN {Valid(sql, model)} THEN {sql.Quote($"v{i}")} END) / nullif(sum(CASE WHEN {Valid(sql, model)} THEN 1 ELSE 0 END), 0) AS {sql.Quote($"mean_{i}")}");
        var fractional = Columns.Weight is null ? "0" : $"sum(CASE WHEN {Valid(sql, model)} AND {sql.Quote("w")} <> floor({sql.Quote("w")}) THEN 1 ELSE 0 END)";
        return new StringBuilder()
            .AppendLine($"SELECT sum(CASE WHEN {Valid(sql, model)} THEN 1 ELSE 0 END) AS {sql.Quote("rows")},")
            .AppendLine($"       sum(CASE WHEN {Valid(sql, model)} THEN 0 ELSE 1 END) AS {sql.Quote("unreadable_rows")},")
            .AppendLine($"       {fractional} AS {sql.Quote("fractional_weights")},")
            .AppendLine($"       sum(CASE WHEN {Valid(sql, model)} AND {sql.Quote("t")} = 0 THEN 1 ELSE 0 END) AS {sql.Quote("zero_times")},")
            .AppendLine($"       max(CASE WHEN {Valid(sql, model)} THEN {sql.Quote("t")} END) AS {sql.Quote("max_time")}" + string.Concat(means.Select(m => $",\n       {m}")))
            .Append($"FROM ({Rows(sql, model)}) AS {sql.Quote("rows")}")
            .ToString();
    }

    /// <summary>The levels of <paramref name="factor"/> among the readable rows, with their numbers of rows: level, n.</summary>
    public string FactorLevelsSql(SqlDialect dialect, RemoteCoxModel model, string factor)
    {
        var sql = new SqlText(dialect);
        var column = sql.Quote($"v{model.Terms.IndexOf(factor)}");
        return $"SELECT {column} AS {sql.Quote("level")}, count(*) AS {sql.Quote("n")}\nFROM ({Rows(sql, model)}) AS {sql.Quote("rows")}\n" +
               $"WHERE {Valid(sql, model)}\nGROUP BY {column}";
    }

    /// <summary>The strata among the readable rows: stratum.</summary>
    public string StrataSql(SqlDialect dialect, RemoteCoxModel model)
    {
        var sql = new SqlText(dialect);
        return $"SELECT DISTINCT {sql.Quote("stratum")}\nFROM ({Rows(sql, model)}) AS {sql.Quote("rows")}\nWHERE {Valid(sql, model)}";
    }

    /// <summary>
    /// The step's aggregation over the model's numeric terms: stratum, time, role, n, each factor's label (in the order
    /// of <c>RemoteCoxModel.factors</c>), then the 2 + 2q + q(q + 1)/2 sums of the q numeric terms, centred, with
    /// r = w·exp(η of the numeric terms); one row per (stratum, time, role, factor levels). <see cref="RemoteCoxFit"/>
    /// completes the factors' columns, constant within a row, into <c>CoxStepSums</c>.
    /// </summary>
    public string StepSql(SqlDialect dialect, CoxSumsRequest step)
    {
        ArgumentNullException.ThrowIfNull(step);
        var sql = new SqlText(dialect);
        var numeric = step.Columns.Select((c, j) => (Column: c, Beta: step.Beta[j])).Where(c => c.Column.Level.Length == 0).ToArray();
        return StepSql(sql, step.Model, [.. numeric.Select(c => (c.Column.Term, Number(c.Column.Centre)))], [.. numeric.Select(c => Number(c.Beta))]);
    }

    /// <summary>
    /// The step's aggregation with placeholders where the service puts numbers, <c>:centre_j</c> and <c>:beta_j</c> per
    /// numeric term, as <c>survival sql --model cox</c> prints it for an engine this library does not run.
    /// </summary>
    public string StepTemplateSql(SqlDialect dialect, RemoteCoxModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var numeric = model.Terms.Select((term, j) => (term, j)).Where(t => !model.Factors.Contains(t.term)).ToArray();
        return StepSql(new SqlText(dialect), model, [.. numeric.Select(t => (t.term, $":centre_{t.j}"))], [.. numeric.Select(t => $":beta_{t.j}")]);
    }

    /// <summary>
    /// The step's aggregation with the numeric terms' centres and β written as given. The rows are grouped by their raw
    /// stratum, event and factor values, which are read (cast, trimmed, compared) once per group after: no string
    /// function runs per row, and a factor's indicator and its part of η, constant within a group, are not summed at all.
    /// </summary>
    private string StepSql(SqlText sql, RemoteCoxModel model, IReadOnlyList<(string Term, string Centre)> columns, IReadOnlyList<string> beta)
    {
        var q = columns.Count;
        var (w, r) = (sql.Quote("w"), sql.Quote("r"));
        var x = Enumerable.Range(0, q).Select(c => sql.Quote($"x{c}")).ToArray();
        var centred = columns.Select((column, c) => $"({sql.Quote($"v{model.Terms.IndexOf(column.Term)}")} - {column.Centre}) AS {x[c]}");
        var eta = q == 0 ? "0" : string.Join(" + ", beta.Select((b, c) => $"{b} * {x[c]}"));
        var sums = new List<string> { $"sum({w})" };
        sums.AddRange(x.Select(xc => $"sum({w} * {xc})"));
        sums.Add($"sum({r})");
        sums.AddRange(x.Select(xc => $"sum({r} * {xc})"));
        for (var a = 0; a < q; a++)
            for (var b = a; b < q; b++) sums.Add($"sum({r} * {x[a]} * {x[b]})");
        var named = string.Join(", ", sums.Select((s, k) => $"{s} AS {sql.Quote($"s{k}")}"));
        var summed = string.Join(", ", sums.Select((_, k) => $"sum({sql.Quote($"s{k}")}) AS {sql.Quote($"s{k}")}"));
        var (sr, t, ev, e, n) = (sql.Quote("sr"), sql.Quote("t"), sql.Quote("ev"), sql.Quote("e"), sql.Quote("n"));
        var factors = model.Factors.Select(f => sql.Quote($"f{model.Terms.IndexOf(f)}")).ToArray();
        var rawKeys = string.Join(", ", new[] { sr, t, ev }.Concat(factors));
        var stratum = $"coalesce(trim(CAST({sr} AS {sql.Text})), '')";
        var role = sql.EventExpression(ev, Columns.EventValue);
        var labels = factors.Select((f, i) => $"trim(CAST({f} AS {sql.Text}))").ToArray();
        var labelColumns = string.Concat(labels.Select((l, i) => $", {l} AS {sql.Quote($"level{i}")}"));
        var text = new StringBuilder()
            .AppendLine($"WITH {sql.Quote("centred")} AS (")
            .AppendLine($"  SELECT {rawKeys}, {e}, {w}{string.Concat(centred.Select(c => ", " + c))}")
            .AppendLine($"  FROM ({Rows(sql, model)}) AS {sql.Quote("rows")}")
            .AppendLine($"  WHERE {Valid(sql, model, decoded: false)}")
            .AppendLine($"), {sql.Quote("risks")} AS (")
            .AppendLine($"  SELECT {rawKeys}, {e}, {w}{string.Concat(x.Select(c => ", " + c))}, {w} * exp({eta}) AS {r} FROM {sql.Quote("centred")}")
            .AppendLine($"), {sql.Quote("cells")} AS (")
            .AppendLine($"  SELECT {rawKeys}, count(*) AS {n}, {named}")
            .AppendLine($"  FROM {sql.Quote("risks")}")
            .AppendLine($"  GROUP BY {rawKeys}")
            .AppendLine(")")
            .AppendLine($"SELECT {stratum} AS {sql.Quote("stratum")}, {t} AS {sql.Quote("time")}, {role} AS {sql.Quote("role")}, sum({n}) AS {n}{labelColumns}, {summed}")
            .AppendLine($"FROM {sql.Quote("cells")}")
            .Append($"GROUP BY {string.Join(", ", new[] { stratum, t, role }.Concat(labels))}");
        if (Columns.Entry is null) return text.ToString();
        var entryKeys = string.Join(", ", new[] { sr, e }.Concat(factors));
        return text
            .AppendLine()
            .AppendLine("UNION ALL")
            .AppendLine($"SELECT {stratum} AS {sql.Quote("stratum")}, {e} AS {sql.Quote("time")}, 2 AS {sql.Quote("role")}, sum({n}) AS {n}{labelColumns}, {summed}")
            .AppendLine("FROM (")
            .AppendLine($"  SELECT {entryKeys}, count(*) AS {n}, {named}")
            .AppendLine($"  FROM {sql.Quote("risks")}")
            .AppendLine($"  WHERE {e} > 0")
            .AppendLine($"  GROUP BY {entryKeys}")
            .AppendLine($") AS {sql.Quote("entries")}")
            .Append($"GROUP BY {string.Join(", ", new[] { stratum, e }.Concat(labels))}")
            .ToString();
    }

    /// <summary>
    /// Every row of the source, read: stratum (a label, '' for none), t, d (1 event, 0 censored), e (entry, 0 without),
    /// w (1 without weights) and v0, v1, … per term (a number, or a factor's label).
    /// </summary>
    internal string Rows(SqlText sql, RemoteCoxModel model)
    {
        if ((Table is null ? 0 : 1) + (Query is null ? 0 : 1) + (FromItem is null ? 0 : 1) != 1) throw new ArgumentException("give either a table or a query");
        if (Columns.Time is null || Columns.Event is null) throw new ArgumentException("name a time column and an event column");
        if (model.Stratified && Columns.Stratum is null) throw new ArgumentException("a stratified model needs a stratum column");
        if (model.DelayedEntry != (Columns.Entry is not null)) throw new ArgumentException("the model's delayed entry and the entry column disagree");
        if (model.Weighted != (Columns.Weight is not null)) throw new ArgumentException("the model's weights and the weight column disagree");
        var values = new List<string>
        {
            (model.Stratified ? $"coalesce(trim(CAST({sql.Quote(Columns.Stratum!)} AS {sql.Text})), '')" : "''") + $" AS {sql.Quote("stratum")}",
            $"CAST({sql.Quote(Columns.Time)} AS {sql.Double}) AS {sql.Quote("t")}",
            $"{sql.EventExpression(sql.Quote(Columns.Event), Columns.EventValue)} AS {sql.Quote("d")}",
            $"{sql.Quote(Columns.Event)} AS {sql.Quote("ev")}",
            (model.Stratified ? sql.Quote(Columns.Stratum!) : "''") + $" AS {sql.Quote("sr")}",
            (Columns.Entry is null ? $"CAST(0 AS {sql.Double})" : $"CAST({sql.Quote(Columns.Entry)} AS {sql.Double})") + $" AS {sql.Quote("e")}",
            (Columns.Weight is null ? $"CAST(1 AS {sql.Double})" : $"CAST({sql.Quote(Columns.Weight)} AS {sql.Double})") + $" AS {sql.Quote("w")}",
        };
        for (var i = 0; i < model.Terms.Count; i++)
        {
            var column = sql.Quote(model.Terms[i]);
            values.Add((model.Factors.Contains(model.Terms[i]) ? $"trim(CAST({column} AS {sql.Text}))" : $"CAST({column} AS {sql.Double})") + $" AS {sql.Quote($"v{i}")}");
            if (model.Factors.Contains(model.Terms[i])) values.Add($"{column} AS {sql.Quote($"f{i}")}");
        }
        return $"SELECT {string.Join(", ", values)} FROM {From(sql)}";
    }

    /// <summary>
    /// Whether a row of <see cref="Rows"/> can be read: a time ≥ 0, an event, an entry in [0, time), a weight &gt; 0 and
    /// every term. A step's rows passed the summary, whose count of unreadable rows was 0, so a step only checks that
    /// the event is there (<paramref name="decoded"/> false) and reads it per group: one it cannot read makes a role the
    /// service refuses.
    /// </summary>
    internal string Valid(SqlText sql, RemoteCoxModel model, bool decoded = true)
    {
        var (t, e, w) = (sql.Quote("t"), sql.Quote("e"), sql.Quote("w"));
        var terms = string.Concat(Enumerable.Range(0, model.Terms.Count)
            .Select(i => $" AND {sql.Quote(!decoded && model.Factors.Contains(model.Terms[i]) ? $"f{i}" : $"v{i}")} IS NOT NULL"));
        var entry = Columns.Entry is null ? "" : $" AND {e} >= 0 AND {e} < {t}";
        var weight = Columns.Weight is null ? "" : $" AND {w} > 0";
        return $"({t} >= 0 AND {sql.Quote(decoded ? "d" : "ev")} IS NOT NULL{entry}{weight}{terms})";
    }

    private string From(SqlText sql) =>
        Table is not null ? sql.QuoteQualified(Table) : Query is not null ? $"(\n{Query.Trim().TrimEnd(';')}\n) AS {sql.Quote("source")}" : FromItem!;

    /// <summary>A double literal that reads back as the same double.</summary>
    internal static string Number(double value) => value < 0 ? $"({value.ToString("R", CultureInfo.InvariantCulture)})" : value.ToString("R", CultureInfo.InvariantCulture);
}
