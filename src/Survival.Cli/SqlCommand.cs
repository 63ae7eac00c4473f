using System.CommandLine;
using Survival.Client;

namespace Survival.Cli;

/// <summary><c>survival sql</c>: prints the aggregation, to run where the data is and send back as <c>--counts</c>.</summary>
internal static class SqlCommand
{
    private static readonly Dictionary<string, SqlDialect> DialectNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ansi"] = SqlDialect.Ansi, ["postgres"] = SqlDialect.Postgres, ["duckdb"] = SqlDialect.DuckDb, ["spark"] = SqlDialect.Spark,
    };

    public static Command Create(TextWriter output)
    {
        var data = new DataOptions();
        var dialect = new Option<string>("--dialect") { Description = "SQL dialect", DefaultValueFactory = _ => "ansi" };
        dialect.AcceptOnlyFromAmong([.. DialectNames.Keys]);
        var command = new Command("sql", "Print the query that counts subjects per group, stratum and time where the data is (group, stratum, time, events, censored; with --cause, cause)");
        foreach (var option in data.All.Append(dialect)) command.Options.Add(option);
        command.Validators.Add(result => data.Validate(result, needsTable: true));
        command.SetAction(parse => output.WriteLine(data.CountQuery(parse).ToSql(DialectNames[parse.GetValue(dialect)!]) + ";"));
        return command;
    }
}
