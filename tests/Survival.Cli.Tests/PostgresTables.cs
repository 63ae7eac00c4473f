using Npgsql;
using Survival.TestSupport;

namespace Survival.Cli.Tests;

/// <summary>The command line tests' tables in the throwaway PostgreSQL server (<see cref="PostgresServer"/>).</summary>
public static class PostgresTables
{
    /// <summary>A new table holding examples/veteran.csv, with integer times, a 0/1 status and text labels.</summary>
    public static async Task<string> LoadVeteranAsync(this PostgresServer postgres)
    {
        var table = $"veteran_{Guid.NewGuid():N}";
        await using var dataSource = NpgsqlDataSource.Create(postgres.ConnectionString);
        await using (var create = dataSource.CreateCommand($"CREATE TABLE {table} (time integer, status integer, trt text, celltype text)"))
            await create.ExecuteNonQueryAsync();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using (var writer = await connection.BeginTextImportAsync($"COPY {table} FROM STDIN (FORMAT csv, HEADER true)"))
            await writer.WriteAsync(await File.ReadAllTextAsync(Path.Combine(CliRun.Examples, "veteran.csv")));
        return table;
    }
}
