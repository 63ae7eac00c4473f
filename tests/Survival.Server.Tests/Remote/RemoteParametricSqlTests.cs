using System.Globalization;
using System.Text;
using Npgsql;
using Survival.Client;
using Survival.TestSupport;
using Survival.V1;

namespace Survival.Server.Tests.Remote;

/// <summary>
/// Remote exponential and Weibull fits through a real GrpcChannel, the summary, start pass and every step answered by
/// SQL (<see cref="ParametricSumsQuery"/>) in embedded DuckDB from a CSV file and in a real PostgreSQL server: equal to
/// FitParametricModel on the same rows (the same iterations, 1e-9) and to R's survreg (lung_age_sex_ecog:
/// coefficients 1e-7, standard errors 1e-6, log-likelihood 1e-9, as FitParametricModelTests).
/// </summary>
[Collection(ServerCollection.Name)]
public class RemoteParametricSqlTests(ServerFixture server, PostgresServer postgres) : IClassFixture<PostgresServer>
{
    public static TheoryData<Distribution, string> Families() =>
        new() { { Distribution.Exponential, "exponential" }, { Distribution.Weibull, "weibull" } };

    [Theory]
    [MemberData(nameof(Families))]
    public async Task Through_duckdb_equals_the_in_memory_fit_and_survreg(Distribution distribution, string name)
    {
        // Arrange
        var set = ParametricReferenceSet.Named("lung_age_sex_ecog");
        var path = Path.Combine(Path.GetTempPath(), $"remote-parametric-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(path, Csv(set));
        await using var connection = await DuckDbCohort.OpenAsync();

        try
        {
            // Act
            var result = await RemoteParametricFit.FitAsync(new RemoteFits.RemoteFitsClient(server.Channel), Model(set, distribution),
                DuckDbCohort.CoxSums(path, new CohortColumns { Time = "time", Event = "status" }), SqlDialect.DuckDb, new ConnectionSqlRunner(connection));

            // Assert
            await AssertSameFitAndSurvreg(set, distribution, name, result);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [MemberData(nameof(Families))]
    public async Task Through_postgres_equals_the_in_memory_fit_and_survreg(Distribution distribution, string name)
    {
        // Arrange
        var set = ParametricReferenceSet.Named("lung_age_sex_ecog");
        var table = $"remote_parametric_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        var columns = string.Join(", ", Header(set).Select(h => $"\"{h}\" {(set.Factors.ContainsKey(h) ? "text" : h == "status" ? "integer" : "double precision")}"));
        await using (var create = new NpgsqlCommand($"CREATE TABLE {table} ({columns})", connection)) await create.ExecuteNonQueryAsync();
        await using (var writer = await connection.BeginTextImportAsync($"COPY {table} FROM STDIN (FORMAT csv, HEADER true)"))
            await writer.WriteAsync(Csv(set));

        // Act
        var result = await RemoteParametricFit.FitAsync(new RemoteFits.RemoteFitsClient(server.Channel), Model(set, distribution),
            new CoxSumsQuery { Table = table, Columns = new CohortColumns { Time = "time", Event = "status" } }, SqlDialect.Postgres, new ConnectionSqlRunner(connection));

        // Assert
        await AssertSameFitAndSurvreg(set, distribution, name, result);
    }

    private async Task AssertSameFitAndSurvreg(ParametricReferenceSet set, Distribution distribution, string name, RemoteFitResult result)
    {
        var request = FitParametricModelTests.FromSet(set);
        request.Distributions.Add(distribution);
        var expected = (await server.Client.FitParametricModelAsync(request)).Fits.Single();
        var actual = result.Parametric.Fits.Single();
        Assert.Equal(expected.Iterations, actual.Iterations);
        Assert.True(actual.Converged);
        Assert.Equal(expected.Coefficients.Select(c => (c.Term, c.Level)), actual.Coefficients.Select(c => (c.Term, c.Level)));
        for (var k = 0; k < expected.Coefficients.Count; k++)
        {
            Close(expected.Coefficients[k].Estimate, actual.Coefficients[k].Estimate, $"coef[{k}]");
            Close(expected.Coefficients[k].StdError, actual.Coefficients[k].StdError, $"se[{k}]");
        }
        for (var a = 0; a < expected.Ancillary.Count; a++) Close(expected.Ancillary[a].Estimate, actual.Ancillary[a].Estimate, $"ancillary[{a}]");
        Close(expected.LogLikelihood, actual.LogLikelihood, "loglik");
        Close(expected.LogLikelihoodNull, actual.LogLikelihoodNull, "loglik null");
        var r = set.Fit(name);
        Assert.Equal(r.GetProperty("iterations").GetInt32(), actual.Iterations);
        Tolerance.Equal(Json.Doubles(r, "coef"), [.. actual.Coefficients.Select(c => (double?)c.Estimate)], $"{name} coef", 1e-7);
        Tolerance.Equal(Json.Doubles(r, "se"), [.. actual.Coefficients.Select(c => (double?)c.StdError)], $"{name} se", 1e-6);
        Tolerance.Equal(Json.Double(r.GetProperty("loglik")), actual.LogLikelihood, $"{name} loglik", 1e-9);
    }

    private static RemoteParametricModel Model(ParametricReferenceSet set, Distribution distribution) =>
        new() { Terms = { set.Terms }, Factors = { set.Factors.Keys }, Distribution = distribution };

    private static IEnumerable<string> Header(ParametricReferenceSet set) => ["time", "status", .. set.Terms];

    private static string Csv(ParametricReferenceSet set)
    {
        var text = new StringBuilder().AppendLine(string.Join(",", Header(set).Select(h => $"\"{h}\"")));
        for (var i = 0; i < set.Times.Length; i++)
        {
            var cells = new List<string> { set.Times[i].ToString("R", CultureInfo.InvariantCulture), set.Kinds[i] == Core.Parametric.CensoringKind.Exact ? "1" : "0" };
            cells.AddRange(set.Terms.Select(t => set.Factors.TryGetValue(t, out var labels) ? $"\"{labels[i]}\"" : set.Covariates[t][i].ToString("R", CultureInfo.InvariantCulture)));
            text.AppendLine(string.Join(",", cells));
        }
        return text.ToString();
    }

    private static void Close(double expected, double actual, string what) =>
        Assert.True(Math.Abs(actual - expected) <= 1e-9 * Math.Max(1, Math.Abs(expected)), $"{what}: expected {expected:R}, got {actual:R}");
}
