using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace Survival.Client;

/// <summary>Runs one query and gives back its rows, each cell a value or its text (null for NULL).</summary>
public interface ISqlRunner
{
    /// <summary>The rows of <paramref name="sql"/>, columns in the query's order.</summary>
    Task<IReadOnlyList<object?[]>> RunAsync(string sql, CancellationToken cancellationToken);
}

/// <summary>Runs queries on an open ADO.NET connection: embedded DuckDB, PostgreSQL through Npgsql.</summary>
/// <param name="connection">An open connection; the caller owns it.</param>
public sealed class ConnectionSqlRunner(DbConnection connection) : ISqlRunner
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<object?[]>> RunAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<object?[]>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = new object?[reader.FieldCount];
            for (var c = 0; c < row.Length; c++) row[c] = reader.IsDBNull(c) ? null : reader.GetValue(c);
            rows.Add(row);
        }
        return rows;
    }
}

/// <summary>
/// Runs each query through a command that reads SQL on its standard input and writes CSV with a header line on its
/// standard output (<c>psql --csv</c>, <c>spark-sql</c>, <c>trino --output-format CSV_HEADER</c>, <c>bq query --format=csv</c>):
/// the command line is run by <c>sh -c</c>, once per query. An empty cell is NULL.
/// </summary>
/// <param name="command">The command line.</param>
public sealed class CommandSqlRunner(string command) : ISqlRunner
{
    /// <inheritdoc />
    /// <exception cref="CohortSourceException">The command failed (its exit code and the end of its error output are given).</exception>
    public async Task<IReadOnlyList<object?[]>> RunAsync(string sql, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("sh", ["-c", command])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new CohortSourceException($"could not start '{command}'");
        await using var registration = cancellationToken.Register(() =>
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        });
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.StandardInput.WriteAsync(sql.AsMemory(), cancellationToken);
            await process.StandardInput.WriteLineAsync(";".AsMemory(), cancellationToken);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The command stopped reading (it failed, or needs no input): its exit code says which.
        }
        await process.WaitForExitAsync(cancellationToken);
        var (text, message) = (await output, await error);
        if (process.ExitCode != 0)
            throw new CohortSourceException($"the SQL runner '{command}' exited with {process.ExitCode}: {message.Trim()[^Math.Min(500, message.Trim().Length)..]}");
        using var csv = new CsvReader(new StringReader(text), new CsvConfiguration(CultureInfo.InvariantCulture) { HasHeaderRecord = true });
        var rows = new List<object?[]>();
        if (!await csv.ReadAsync()) return rows;
        csv.ReadHeader();
        while (await csv.ReadAsync())
        {
            var row = new object?[csv.Parser.Count];
            for (var c = 0; c < row.Length; c++) row[c] = csv.GetField(c) is { Length: > 0 } cell ? cell : null;
            rows.Add(row);
        }
        return rows;
    }
}
