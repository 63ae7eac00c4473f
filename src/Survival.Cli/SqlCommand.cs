using System.CommandLine;
using Survival.Client;
using Survival.V1;

namespace Survival.Cli;

/// <summary>
/// <c>survival sql</c>: prints the aggregation, to run where the data is and send back as <c>--counts</c>; with
/// <c>--model cox</c>, the queries that answer a remote Cox fit's steps (<c>survival cox --remote</c>); with
/// <c>--model weibull</c> (exponential, lognormal, loglogistic) a remote parametric fit's (<c>survival fit --remote</c>).
/// </summary>
internal static class SqlCommand
{
    public static Command Create(TextWriter output)
    {
        var data = new DataOptions();
        var dialect = new Option<string>("--dialect") { Description = "SQL dialect", DefaultValueFactory = _ => "ansi" };
        dialect.AcceptOnlyFromAmong([.. RemoteOptions.DialectNames.Keys]);
        var model = new Option<string>("--model")
        {
            Description = "counts: the count rows; cox: the summary and per-step queries of a remote Cox fit; exponential, weibull, lognormal, loglogistic: those of a remote parametric fit",
            DefaultValueFactory = _ => "counts",
        };
        model.AcceptOnlyFromAmong(["counts", "cox", .. FitCommand.RemoteDistributions]);
        var terms = new Option<string?>("--terms") { Description = "with --model cox: the model's terms in order, comma-separated (a parametric model may have none)" };
        var factors = new Option<string[]>("--factor") { Description = "with --model: the terms that are factors", AllowMultipleArgumentsPerToken = true };
        var weight = new Option<string?>("--weight") { Description = "with --model: column of case weights" };
        var command = new Command("sql", "Print the query that counts subjects per group, stratum and time where the data is (group, stratum, time, events, censored; with --cause, cause), or with --model the queries of a remote Cox or parametric fit");
        foreach (var option in data.All.Append(dialect).Append(model).Append(terms).Append(factors).Append(weight)) command.Options.Add(option);
        command.Validators.Add(result =>
        {
            data.Validate(result, needsTable: true);
            if (result.GetValue(model) == "cox" && result.GetValue(terms) is null) result.AddError("--model cox needs --terms");
            if (result.GetValue(model) == "counts" && (result.GetValue(terms) ?? result.GetValue(weight)) is not null) result.AddError("--terms and --weight need --model");
        });
        command.SetAction(parse =>
        {
            var sqlDialect = RemoteOptions.DialectNames[parse.GetValue(dialect)!];
            var name = parse.GetValue(model)!;
            if (name == "counts")
            {
                output.WriteLine(data.CountQuery(parse).ToSql(sqlDialect) + ";");
                return;
            }
            var termList = Split(parse.GetValue(terms));
            var factorList = (parse.GetValue(factors) ?? []).SelectMany(Split).ToArray();
            var columns = data.Columns(parse) with { Weight = parse.GetValue(weight) };
            var cox = new RemoteCoxModel
            {
                Terms = { termList }, Factors = { factorList }, Stratified = columns.Stratum is not null, Weighted = columns.Weight is not null,
                DelayedEntry = columns.Entry is not null,
            };
            var query = new CoxSumsQuery { Table = parse.GetValue(data.Table), Query = parse.GetValue(data.Query), Columns = columns };
            var parametric = name == "cox" ? null : new RemoteParametricModel
            {
                Terms = { termList }, Factors = { factorList }, Distribution = FitCommand.DistributionNames[name], Stratified = cox.Stratified, Weighted = cox.Weighted,
                DelayedEntry = cox.DelayedEntry,
            };
            output.WriteLine(parametric is null
                ? "-- A remote Cox fit (survival cox --remote --sql-runner COMMAND runs these itself)."
                : $"-- A remote {name} fit (survival fit --remote --dist {name} --sql-runner COMMAND runs these itself).");
            output.WriteLine("-- 1. Summary: rows, unreadable rows, weights not whole, times of 0, the largest time, each term's mean.");
            output.WriteLine(query.SummarySql(sqlDialect, cox) + ";");
            foreach (var factor in factorList)
            {
                output.WriteLine($"-- Levels of factor {factor}: the first in R's sort order is the reference.");
                output.WriteLine(query.FactorLevelsSql(sqlDialect, cox, factor) + ";");
            }
            if (cox.Stratified)
            {
                output.WriteLine("-- Strata.");
                output.WriteLine(query.StrataSql(sqlDialect, cox) + ";");
            }
            if (parametric is null)
            {
                output.WriteLine("-- 2. Each Newton-Raphson step: the sums per (stratum, time, role) at the step's beta. :centre_j is column j's mean");
                output.WriteLine("-- (a level's share for a factor's indicator, one column per level after the first, :level_j), :beta_j its coefficient.");
                output.WriteLine(query.StepTemplateSql(sqlDialect, cox) + ";");
                return;
            }
            output.WriteLine("-- 2. Start: per stratum, the sums of x x' and x log t by kind of row and of (log t)^2. :centre_j is design column j's mean");
            output.WriteLine("-- (a level's share for a factor's indicator, one column per level after the first, :level_j).");
            output.WriteLine(ParametricSumsQuery.StartTemplateSql(query, sqlDialect, parametric) + ";");
            output.WriteLine("-- 3. Each Newton-Raphson step: per stratum, the sums of each row's log-likelihood term and its derivatives at :beta_j");
            output.WriteLine("-- (:beta_0 the intercept)" + (parametric.Distribution == Distribution.Exponential ? "." : " and the stratum's log scale :log_scale_k (:scale_k its exponential; one WHEN per stratum)."));
            output.WriteLine(ParametricSumsQuery.StepTemplateSql(query, sqlDialect, parametric) + ";");
        });
        return command;
    }

    private static string[] Split(string? list) =>
        (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
