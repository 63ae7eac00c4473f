using System.CommandLine;
using Grpc.Core;
using Npgsql;
using Survival.Client;
using Survival.V1;

namespace Survival.Cli;

/// <summary>
/// The options of a fit where the data live (<c>survival cox --remote</c>, <c>survival fit --remote</c>), their rules,
/// and the one place that opens the source and reports what went wrong: embedded DuckDB on FILE (CSV, TSV or Parquet),
/// PostgreSQL (<c>--postgres</c>), or any command reading SQL on stdin and writing CSV (<c>--sql-runner</c>, with
/// <c>--dialect</c>), on <c>--table</c> or <c>--query</c>. The service runs in this process, or on <c>--server</c>.
/// </summary>
internal sealed class RemoteOptions
{
    public static readonly Dictionary<string, SqlDialect> DialectNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ansi"] = SqlDialect.Ansi, ["postgres"] = SqlDialect.Postgres, ["duckdb"] = SqlDialect.DuckDb, ["spark"] = SqlDialect.Spark,
    };

    public RemoteOptions(string sums) =>
        Remote = new("--remote") { Description = $"fit where the data live: only {sums} at each step reach the fit (FILE through embedded DuckDB, or --table/--query with --postgres or --sql-runner)" };

    public Option<bool> Remote { get; }
    public Option<string?> Table { get; } = new("--table") { Description = "with --remote: the database table with one row per subject" };
    public Option<string?> Query { get; } = new("--query") { Description = "with --remote: a SQL query returning one row per subject, instead of --table" };
    public Option<string?> Postgres { get; } = new("--postgres") { Description = "with --remote: the Npgsql connection string of the PostgreSQL database holding --table" };
    public Option<string?> SqlRunner { get; } = new("--sql-runner") { Description = "with --remote: a command reading SQL on stdin and writing CSV with a header (psql --csv, spark-sql, trino, bq), run once per step" };
    public Option<string> Dialect { get; } = DialectOption();

    public IEnumerable<Option> All => [Remote, Table, Query, Postgres, SqlRunner, Dialect];

    private static Option<string> DialectOption()
    {
        var dialect = new Option<string>("--dialect") { Description = "with --sql-runner: the SQL dialect it speaks", DefaultValueFactory = _ => "ansi" };
        dialect.AcceptOnlyFromAmong([.. DialectNames.Keys]);
        return dialect;
    }

    /// <summary>The rules of the remote options among themselves and with the file argument.</summary>
    public void Validate(System.CommandLine.Parsing.CommandResult result, bool hasFile, IEnumerable<Option> notRemote)
    {
        var database = result.GetValue(Table) is not null || result.GetValue(Query) is not null;
        if (!result.GetValue(Remote))
        {
            if (!hasFile) result.AddError("give the FILE of subjects (or --remote with --table and --postgres or --sql-runner)");
            foreach (var option in All.Skip(1))
                if (result.GetResult(option) is { Implicit: false }) result.AddError($"{option.Name} needs --remote");
            return;
        }
        if (hasFile == database) result.AddError("with --remote give either FILE or --table/--query");
        if (result.GetValue(Table) is not null && result.GetValue(Query) is not null) result.AddError("give either --table or --query");
        if (database && (result.GetValue(Postgres) is null) == (result.GetValue(SqlRunner) is null))
            result.AddError("with --table or --query give either --postgres or --sql-runner");
        foreach (var option in notRemote)
            if (result.GetResult(option) is { Implicit: false }) result.AddError($"{option.Name} does not go with --remote (it needs every subject's rows)");
    }

    /// <summary>
    /// Runs <paramref name="fit"/> on the source the options name and prints its result with <paramref name="print"/>;
    /// the exit code, a refused field, an unreadable source or an absent server reported on <paramref name="error"/>.
    /// </summary>
    public async Task<int> RunAsync(
        ParseResult parse, FileInfo? file, CohortColumns columns, Uri? server, TextWriter error,
        Func<RemoteFits.RemoteFitsClient, CoxSumsQuery, SqlDialect, ISqlRunner, CallOptions, Task<RemoteFitResult>> fit, Action<RemoteFitResult> print,
        CancellationToken cancellationToken)
    {
        var source = file?.Name ?? parse.GetValue(Table) ?? "query";
        try
        {
            using var channel = server is null ? null : SurvivalChannel.Create(server);
            var client = channel is null ? InProcessRemoteFits.Client() : new RemoteFits.RemoteFitsClient(channel);
            var callOptions = new CallOptions(cancellationToken: cancellationToken);
            RemoteFitResult result;
            if (file is not null)
            {
                await using var connection = await DuckDbCohort.OpenAsync(cancellationToken: cancellationToken);
                result = await fit(client, DuckDbCohort.CoxSums(file.FullName, columns), SqlDialect.DuckDb, new ConnectionSqlRunner(connection), callOptions);
            }
            else
            {
                var query = new CoxSumsQuery { Table = parse.GetValue(Table), Query = parse.GetValue(Query), Columns = columns };
                if (parse.GetValue(Postgres) is { } connectionString)
                {
                    await using var connection = new NpgsqlConnection(connectionString);
                    await connection.OpenAsync(cancellationToken);
                    result = await fit(client, query, SqlDialect.Postgres, new ConnectionSqlRunner(connection), callOptions);
                }
                else
                {
                    result = await fit(client, query, DialectNames[parse.GetValue(Dialect)!], new CommandSqlRunner(parse.GetValue(SqlRunner)!), callOptions);
                }
            }
            print(result);
            return 0;
        }
        catch (RpcException exception) when (exception.StatusCode == StatusCode.InvalidArgument)
        {
            await error.WriteLineAsync($"{source}: {exception.Status.Detail}");
            return AnalyzeCommand.InputError;
        }
        catch (Exception exception) when (exception is IOException or ArgumentException or CohortSourceException or NpgsqlException or DuckDB.NET.Data.DuckDBException)
        {
            await error.WriteLineAsync($"{source}: {exception.Message}");
            return AnalyzeCommand.InputError;
        }
        catch (RpcException exception)
        {
            await error.WriteLineAsync(ServerAddress.Failure(server, exception));
            return AnalyzeCommand.ServerError;
        }
    }
}
