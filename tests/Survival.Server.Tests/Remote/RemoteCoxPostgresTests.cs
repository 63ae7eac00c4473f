using Npgsql;
using Survival.Client;
using Survival.TestSupport;
using Survival.V1;

namespace Survival.Server.Tests.Remote;

/// <summary>
/// FitModelRemote through a real GrpcChannel, its steps answered by a real PostgreSQL server (the throwaway cluster
/// of tools/postgres/throwaway.sh) through Npgsql and through <c>psql --csv</c> as an <c>--sql-runner</c> command:
/// equal to FitCoxModel on the same subjects to 1e-9 and to R's coxph to 1e-6 (r-cox and r-remote fixtures:
/// strata, delayed entry, factors, whole case weights, Efron and Breslow).
/// </summary>
[Collection(ServerCollection.Name)]
public class RemoteCoxPostgresTests(ServerFixture server, PostgresServer postgres) : IClassFixture<PostgresServer>
{
    public static TheoryData<string, string, bool> Cases => new()
    {
        { "left_truncated", "efron", false },
        { "left_truncated", "breslow", true },
        { "lung_factors", "efron", true },
        { "colon_strata", "breslow", false },
        { "heavy_ties", "efron", true },
        { "lung_weighted_entry", "efron", false },
        { "lung_weighted_entry", "breslow", true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Remote_fit_through_postgres_equals_the_in_memory_fit_and_coxph(string file, string ties, bool throughPsql)
    {
        // Arrange
        var set = file.StartsWith("lung_weighted", StringComparison.Ordinal) ? CoxReferenceSet.Remote(file) : CoxReferenceSet.Named(file);
        var table = await RemoteCohorts.LoadPostgresAsync(postgres.ConnectionString, set);
        var inMemory = await server.Client.FitCoxModelAsync(CoxRequests.Columns(set, ties));
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        ISqlRunner runner = throughPsql ? new CommandSqlRunner(Psql(postgres.ConnectionString)) : new ConnectionSqlRunner(connection);
        var steps = new List<string>();

        // Act
        var result = await RemoteCoxFit.FitAsync(new RemoteFits.RemoteFitsClient(server.Channel), RemoteCohorts.Model(set, ties),
            new CoxSumsQuery { Table = table, Columns = RemoteCohorts.Columns(set) }, SqlDialect.Postgres, runner, onStep: steps.Add);

        // Assert
        RemoteAssert.SameFit(inMemory, result);
        RemoteAssert.EqualsCoxph(set.Fit(ties), result.Cox);
        Assert.All(steps, sql => Assert.DoesNotContain("OVER", sql, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>psql reading SQL on stdin and writing CSV with a header, as <c>--sql-runner</c> takes it.</summary>
    internal static string Psql(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"psql -X -q --csv -v ON_ERROR_STOP=1 -h {builder.Host} -p {builder.Port} -U {builder.Username} -d {builder.Database}";
    }
}
