using System.Text;
using Survival.V1;

namespace Survival.Client;

/// <summary>
/// The queries that answer a remote parametric fit's requests where the table lives: the start pass and, at each point
/// (β, log σ of each stratum), one aggregation of each row's log-likelihood term and its derivatives
/// (<c>ParametricStepSums</c>), η and z = (log t − η)/σ computed in SQL, <c>GROUP BY</c> the stratum: one row, one block
/// of sums, per stratum. The rows are <see cref="CoxSumsQuery"/>'s (the same table, columns and summary).
/// </summary>
/// <remarks>
/// A row's term is log f₀(z) − log σ − log t for an event and log S₀(z) when censored, plus −log S₀(z₀),
/// z₀ = (log e − η)/σ, when it enters at e &gt; 0 (<see cref="StandardErrorSql"/> gives f₀ and S₀ of each family: the
/// extreme value with exp alone, the logistic with exp and ln, the normal tail by Cody's approximation,
/// <see cref="NormalTailSql"/>). The chain rule, per part at its own z: g_η = −g′/σ, g_ηη = g″/σ², g_s = −z g′ (and −1
/// for an event's density), g_ηs = (z g″ + g′)/σ, g_ss = z² g″ + z g′.
/// </remarks>
public static class ParametricSumsQuery
{
    /// <summary>The families a fit from SQL takes.</summary>
    public const string DistributionRequirement = "must be exponential, Weibull, log-normal or log-logistic for a fit from SQL";

    /// <summary>The terms' model the summary and rows read: the terms, the strata, the entry and the weights.</summary>
    public static RemoteCoxModel Terms(RemoteParametricModel model) => new()
    {
        Terms = { model.Terms }, Factors = { model.Factors }, Weighted = model.Weighted, Stratified = model.Stratified,
        DelayedEntry = model.DelayedEntry, Ties = TieMethod.Efron,
    };

    /// <summary>
    /// Per stratum, one row: stratum, rows, events, then per kind (events, censored) the upper triangle of Σw·xx' and
    /// Σw·x·y, then Σw·y².
    /// </summary>
    public static string StartSql(CoxSumsQuery query, SqlDialect dialect, RemoteParametricModel model, IReadOnlyList<RemoteDesignColumn> design)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(design);
        var sql = new SqlText(dialect);
        return Start(query, sql, model, Columns(sql, design));
    }

    /// <summary>The start pass with placeholders for the design (<c>:centre_j</c>, <c>:level_j</c>), as <see cref="StepTemplateSql"/>.</summary>
    public static string StartTemplateSql(CoxSumsQuery query, SqlDialect dialect, RemoteParametricModel model)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(model);
        return Start(query, new SqlText(dialect), model, TemplateDesign(model));
    }

    private static string Start(CoxSumsQuery query, SqlText sql, RemoteParametricModel model, IReadOnlyList<(string Term, string? Level, string Centre)> design)
    {
        var p = 1 + design.Count;
        var x = X(sql, p);
        var (w, y, d, stratum) = (sql.Quote("w"), sql.Quote("y"), sql.Quote("d"), sql.Quote("stratum"));
        var sums = new List<string> { stratum, "count(*)", $"sum({d})" };
        foreach (var kind in new[] { "1", "0" })
        {
            for (var a = 0; a < p; a++)
                for (var b = a; b < p; b++) sums.Add($"sum(CASE WHEN {d} = {kind} THEN {w} * {x[a]} * {x[b]} ELSE 0 END)");
            for (var a = 0; a < p; a++) sums.Add($"sum(CASE WHEN {d} = {kind} THEN {w} * {x[a]} * {y} ELSE 0 END)");
        }
        sums.Add($"sum({w} * {y} * {y})");
        return $"SELECT {string.Join(", ", sums)}\nFROM ({Design(query, sql, model, design)}) AS {sql.Quote("design")}\nGROUP BY {stratum}";
    }

    /// <summary>Per stratum, one row: stratum, rows, Σw·log t over events, then that stratum's block of ParametricStepSums.values.</summary>
    public static string StepSql(CoxSumsQuery query, SqlDialect dialect, ParametricSumsRequest step)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(step);
        var sql = new SqlText(dialect);
        var p = step.Columns;
        // Each stratum's log σ follows β in the request's order of the strata; one σ, unlabelled, without strata.
        (string Label, int At)[] strata = step.Strata.Count == 0 ? [("", p)] : [.. step.Strata.Select((label, k) => (sql.Literal(label), p + k))];
        var scales = step.Model.Distribution == Distribution.Exponential ? []
            : strata.Select(k => (k.Label, CoxSumsQuery.Number(step.Parameters[k.At]), CoxSumsQuery.Number(Math.Exp(step.Parameters[k.At])))).ToArray();
        return Aggregation(query, sql, step.Model, Columns(sql, [.. step.Design.Take(p - 1)]), [.. step.Parameters.Take(p).Select(CoxSumsQuery.Number)], scales);
    }

    /// <summary>
    /// The step's aggregation with placeholders where the service puts numbers, as <c>survival sql --model weibull</c>
    /// prints it: <c>:centre_j</c> and <c>:beta_j</c> per design column (<c>:level_j</c> for a factor's indicator, one
    /// column per level after the first), <c>:beta_0</c> the intercept, and <c>:log_scale_k</c>, <c>:scale_k</c> = e^log_scale_k
    /// per stratum (<c>:stratum_k</c> its label; one WHEN per stratum).
    /// </summary>
    public static string StepTemplateSql(CoxSumsQuery query, SqlDialect dialect, RemoteParametricModel model)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(model);
        var design = TemplateDesign(model);
        var scales = model.Distribution == Distribution.Exponential ? []
            : model.Stratified ? new[] { (":stratum_1", ":log_scale_1", ":scale_1"), (":stratum_2", ":log_scale_2", ":scale_2") }
            : [("", ":log_scale", ":scale")];
        return Aggregation(query, new SqlText(dialect), model, design, [.. Enumerable.Range(0, 1 + design.Length).Select(j => $":beta_{j}")], scales);
    }

    /// <summary>One placeholder column per term: a factor's stands for each indicator of a level after the first.</summary>
    private static (string Term, string? Level, string Centre)[] TemplateDesign(RemoteParametricModel model) =>
        [.. model.Terms.Select((term, j) => (term, model.Factors.Contains(term) ? $":level_{j + 1}" : null, $":centre_{j + 1}"))];

    /// <summary>The design columns as SQL: the term, its level as a literal (null for a numeric term), its centre.</summary>
    private static (string Term, string? Level, string Centre)[] Columns(SqlText sql, IReadOnlyList<RemoteDesignColumn> design) =>
        [.. design.Select(c => (c.Term, c.Level.Length == 0 ? null : sql.Literal(c.Level), CoxSumsQuery.Number(c.Centre)))];

    /// <summary>
    /// The step's aggregation, its numbers and labels written as given (SQL literals or placeholders): a factor level per
    /// indicator column, β per column, and per stratum its label (empty when not stratified), log σ and σ (none for the
    /// exponential, whose σ is 1).
    /// </summary>
    private static string Aggregation(
        CoxSumsQuery query, SqlText sql, RemoteParametricModel model, IReadOnlyList<(string Term, string? Level, string Centre)> design,
        IReadOnlyList<string> beta, IReadOnlyList<(string Label, string LogScale, string Scale)> scales)
    {
        var standard = StandardErrorSql.Of(model.Distribution);
        var free = scales.Count > 0;
        var entry = model.DelayedEntry;
        var p = beta.Count;
        var x = X(sql, p);
        string Q(string name) => sql.Quote(name);
        var (w, y, d, z, z0, s, sigma, stratum) = (Q("w"), Q("y"), Q("d"), Q("z"), Q("z0"), Q("s"), Q("sigma"), Q("stratum"));
        var eta = string.Join(" + ", Enumerable.Range(0, p).Select(c => $"{beta[c]} * {x[c]}"));
        string PerStratum(Func<(string Label, string LogScale, string Scale), string> value) =>
            !free ? "0" : scales.Count == 1 && scales[0].Label.Length == 0 ? value(scales[0])
            : $"CASE {stratum}{string.Concat(scales.Select(k => $" WHEN {k.Label} THEN {value(k)}"))} END";
        var logScale = PerStratum(k => k.LogScale);
        var scale = free ? PerStratum(k => k.Scale) : "1";

        var text = new StringBuilder()
            .AppendLine($"WITH {Q("scaled")} {sql.CommonTable} (")
            .AppendLine($"  SELECT *, {logScale} AS {s}, {scale} AS {sigma} FROM ({Design(query, sql, model, design)}) AS {Q("design")}")
            .AppendLine($"), {Q("standard")} {sql.CommonTable} (")
            .Append($"  SELECT *, ({y} - ({eta})) / {sigma} AS {z}");
        if (entry) text.Append($", CASE WHEN {Q("e")} > 0 THEN ({Q("ye")} - ({eta})) / {sigma} ELSE 0 END AS {z0}");
        text.AppendLine($" FROM {Q("scaled")}");
        // The family's helper columns, a SELECT per layer, at z and (with entries) z₀ side by side.
        var layers = standard.Columns(sql, z, "");
        var entryLayers = entry ? standard.Columns(sql, z0, "0") : [];
        var previous = "standard";
        for (var l = 0; l < layers.Count; l++)
        {
            var columns = layers[l].Concat(entry ? entryLayers[l] : []);
            text.AppendLine($"), {Q($"layer{l}")} {sql.CommonTable} (").AppendLine($"  SELECT *, {string.Join(", ", columns)} FROM {Q(previous)}");
            previous = $"layer{l}";
        }
        var density = standard.LogDensity(sql, z, "");
        var survival = standard.LogSurvival(sql, z, "");
        text.AppendLine($"), {Q("terms")} {sql.CommonTable} (")
            .Append($"  SELECT *, CASE WHEN {d} = 1 THEN {density.Value} ELSE {survival.Value} END AS {Q("tg")},")
            .Append($" CASE WHEN {d} = 1 THEN {density.First} ELSE {survival.First} END AS {Q("t1")},")
            .Append($" CASE WHEN {d} = 1 THEN {density.Second} ELSE {survival.Second} END AS {Q("t2")}");
        if (entry)
        {
            // −log S₀(z₀) at an entry after 0; nothing otherwise.
            var truncation = standard.LogSurvival(sql, z0, "0");
            text.Append($", CASE WHEN {Q("e")} > 0 THEN -({truncation.Value}) ELSE 0 END AS {Q("eg")},")
                .Append($" CASE WHEN {Q("e")} > 0 THEN -({truncation.First}) ELSE 0 END AS {Q("e1")},")
                .Append($" CASE WHEN {Q("e")} > 0 THEN -({truncation.Second}) ELSE 0 END AS {Q("e2")}");
        }
        text.AppendLine($" FROM {Q(previous)}");

        var (g, ge, gee, gs, ges, gss) = (Q("g"), Q("ge"), Q("gee"), Q("gs"), Q("ges"), Q("gss"));
        var (tg, t1, t2, eg, e1, e2) = (Q("tg"), Q("t1"), Q("t2"), Q("eg"), Q("e1"), Q("e2"));
        string Both(string time, string entryPart) => entry ? $"{time} + {entryPart}" : time;
        text.AppendLine($"), {Q("chained")} {sql.CommonTable} (")
            .AppendLine($"  SELECT *, {Both($"{tg} - {d} * ({s} + {y})", eg)} AS {g}, -({Both(t1, e1)}) / {sigma} AS {ge}, ({Both(t2, e2)}) / ({sigma} * {sigma}) AS {gee},")
            .AppendLine($"         {Both($"-{z} * {t1} - {d}", $"-{z0} * {e1}")} AS {gs}, ({Both($"{z} * {t2} + {t1}", $"{z0} * {e2} + {e1}")}) / {sigma} AS {ges},")
            .AppendLine($"         {Both($"{z} * {z} * {t2} + {z} * {t1}", $"{z0} * {z0} * {e2} + {z0} * {e1}")} AS {gss}")
            .AppendLine($"  FROM {Q("terms")}")
            .AppendLine(")");

        var sums = new List<string> { stratum, "count(*)", $"sum(CASE WHEN {d} = 1 THEN {w} * {y} ELSE 0 END)", $"sum({w} * {g})" };
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
        return text.Append($"SELECT {string.Join(", ", sums)}\nFROM {Q("chained")}\nGROUP BY {stratum}").ToString();
    }

    /// <summary>
    /// The readable rows with a time &gt; 0 as stratum, d, w, y = log t, e and ye = log e (entries only), and x0 = 1,
    /// x1 … the design's columns centred.
    /// </summary>
    private static string Design(CoxSumsQuery query, SqlText sql, RemoteParametricModel model, IReadOnlyList<(string Term, string? Level, string Centre)> design)
    {
        var terms = Terms(model);
        var x = X(sql, 1 + design.Count);
        var columns = new List<string> { $"CAST(1 AS {sql.Double}) AS {x[0]}" };
        for (var j = 0; j < design.Count; j++)
        {
            var (term, level, centre) = design[j];
            var v = sql.Quote($"v{terms.Terms.IndexOf(term)}");
            var value = level is null ? v : $"CASE WHEN {v} = {level} THEN 1 ELSE 0 END";
            columns.Add($"({value} - {centre}) AS {x[1 + j]}");
        }
        var (t, e, rows) = (sql.Quote("t"), sql.Quote("e"), sql.Quote("rows"));
        var entry = model.DelayedEntry ? $", {e}, CASE WHEN {e} > 0 THEN ln({e}) END AS {sql.Quote("ye")}" : "";
        return $"SELECT {sql.Quote("stratum")}, {sql.Quote("d")}, {sql.Quote("w")}, ln({t}) AS {sql.Quote("y")}{entry}, {string.Join(", ", columns)}\n" +
               $"FROM ({query.Rows(sql, terms)}) AS {rows}\nWHERE {query.Valid(sql, terms)} AND {t} > 0";
    }

    private static string[] X(SqlText sql, int p) => [.. Enumerable.Range(0, p).Select(c => sql.Quote($"x{c}"))];
}
