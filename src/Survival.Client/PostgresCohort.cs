using Npgsql;
using Survival.V1;

namespace Survival.Client;

/// <summary>Counts a PostgreSQL table or query inside the database and reads back only the count rows.</summary>
public static class PostgresCohort
{
    /// <summary>Runs <paramref name="query"/> (in the <see cref="SqlDialect.Postgres"/> dialect) on the database of <paramref name="connectionString"/>.</summary>
    /// <param name="connectionString">An Npgsql connection string, for example <c>Host=127.0.0.1;Port=5432;Database=cdm;Username=reader</c>.</param>
    /// <param name="query">The table or query and its columns.</param>
    /// <param name="timeUnit">The unit of the times, as <c>Cohort.time_unit</c>.</param>
    /// <param name="cancellationToken">Stops the query.</param>
    /// <exception cref="NpgsqlException">The database cannot be reached or rejects the query.</exception>
    /// <exception cref="CohortSourceException">Some subjects cannot be counted.</exception>
    public static async Task<Cohort> ReadAsync(string connectionString, CountQuery query, string timeUnit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand(query.ToSql(SqlDialect.Postgres));
        return await CountRows.ReadAsync(command, timeUnit, cancellationToken);
    }

    /// <summary>The distinct values of the event column of the table or query, at most <paramref name="limit"/>; null for NULL.</summary>
    /// <exception cref="NpgsqlException">The database cannot be reached or rejects the query.</exception>
    public static async Task<IReadOnlyList<string?>> EventValuesAsync(string connectionString, CountQuery query, int limit = 32, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand(query.EventValuesSql(SqlDialect.Postgres, limit));
        return await CountRows.ReadValuesAsync(command, cancellationToken);
    }
}
