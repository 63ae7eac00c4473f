using DuckDB.NET.Data;
using Survival.V1;

namespace Survival.Client;

/// <summary>
/// Counts a CSV, TSV or Parquet file of subjects inside an embedded DuckDB (no server), so that only the count rows,
/// a few per distinct time, are read into this process however many subjects the file holds.
/// </summary>
public static class DuckDbCohort
{
    /// <summary>Whether <paramref name="path"/> names a Parquet file (by its extension, <c>.parquet</c> or <c>.pq</c>).</summary>
    public static bool IsParquet(string path) => Path.GetExtension(path).ToLowerInvariant() is ".parquet" or ".pq";

    /// <summary>The distinct values of the event column of <paramref name="path"/>, at most <paramref name="limit"/>; null for an empty cell.</summary>
    /// <exception cref="DuckDBException">The file cannot be read or lacks the column.</exception>
    public static async Task<IReadOnlyList<string?>> EventValuesAsync(string path, CountQuery query, int limit = 32, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = new DuckDBConnection("Data Source=:memory:");
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = FromFile(path, query).EventValuesSql(SqlDialect.DuckDb, limit);
        return await CountRows.ReadValuesAsync(command, cancellationToken);
    }

    /// <summary>The aggregation DuckDB runs on <paramref name="path"/>.</summary>
    /// <remarks>
    /// CSV and TSV cells are read as text (<c>all_varchar</c>) and cast in the query, so a label keeps its spelling and a
    /// time is read as <see cref="CohortFile"/> reads it; a <c>.tsv</c> or <c>.tab</c> file is tab-separated.
    /// </remarks>
    public static string Sql(string path, CountQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return FromFile(path, query).ToSql(SqlDialect.DuckDb);
    }

    private static CountQuery FromFile(string path, CountQuery query) => query with { Table = null, Query = null, FromItem = FileSource(path) };

    /// <summary>The queries of a remote Cox fit on the subjects of a CSV, TSV or Parquet file, for DuckDB to run.</summary>
    /// <param name="path">A CSV, TSV or Parquet file with one row per subject.</param>
    /// <param name="columns">Which columns hold the time, event, entry, stratum and weight.</param>
    public static CoxSumsQuery CoxSums(string path, CohortColumns columns) => new() { Columns = columns, FromItem = FileSource(path) };

    /// <summary>
    /// An embedded DuckDB for a remote fit's queries: in memory, within a memory limit (it spills to disk rather than take
    /// more), and free to aggregate in any order. The caller disposes it.
    /// </summary>
    public static async Task<DuckDBConnection> OpenAsync(string memoryLimit = "1GB", CancellationToken cancellationToken = default)
    {
        var connection = new DuckDBConnection("Data Source=:memory:");
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SET memory_limit = '{memoryLimit.Replace("'", "", StringComparison.Ordinal)}'; SET preserve_insertion_order = false";
        await command.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    /// <summary>The table function that reads <paramref name="path"/>.</summary>
    private static string FileSource(string path)
    {
        var file = new SqlText(SqlDialect.DuckDb).Literal(path);
        var delimiter = Path.GetExtension(path).ToLowerInvariant() is ".tsv" or ".tab" ? "\\t" : ",";
        return IsParquet(path)
            ? $"read_parquet({file})"
            : $"read_csv({file}, header = true, all_varchar = true, delim = '{delimiter}', quote = '\"')";
    }

    /// <summary>Reads the count rows of the subjects in <paramref name="path"/>.</summary>
    /// <param name="path">A CSV, TSV or Parquet file with one row per subject.</param>
    /// <param name="query">Which columns hold what; its table and query are ignored.</param>
    /// <param name="timeUnit">The unit of the times, as <c>Cohort.time_unit</c>.</param>
    /// <param name="cancellationToken">Stops the query.</param>
    /// <exception cref="DuckDBException">The file cannot be read or lacks a column.</exception>
    /// <exception cref="CohortSourceException">Some subjects cannot be counted.</exception>
    public static async Task<Cohort> ReadAsync(string path, CountQuery query, string timeUnit, CancellationToken cancellationToken = default)
    {
        await using var connection = new DuckDBConnection("Data Source=:memory:");
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // Counting needs little memory; DuckDB spills to disk rather than take more than this process is allowed.
        command.CommandText = "SET memory_limit = '256MB'; SET preserve_insertion_order = false";
        await command.ExecuteNonQueryAsync(cancellationToken);
        command.CommandText = Sql(path, query);
        return await CountRows.ReadAsync(command, timeUnit, cancellationToken);
    }
}
