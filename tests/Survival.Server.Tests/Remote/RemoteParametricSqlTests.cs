using System.Globalization;
using System.Text;
using Npgsql;
using Survival.Client;
using Survival.TestSupport;
using Survival.V1;

namespace Survival.Server.Tests.Remote;

/// <summary>
/// Remote parametric fits through a real GrpcChannel, the summary, start pass and every step answered by SQL
/// (<see cref="ParametricSumsQuery"/>) in embedded DuckDB from a CSV file, in a real PostgreSQL server through Npgsql and
/// through <c>psql --csv</c> as an <c>--sql-runner</c> command: the four families (the log-normal by Cody's erfc in SQL)
/// on lung with covariates and a factor, veteran with strata (each its own σ), lung with case weights, and generated
/// data with delayed entry; equal to FitParametricModel on the same rows (the same iterations, 1e-9; with profiles,
/// times, quantiles, a horizon and τ asked, the last follow-up from the summary's max(time) and every prediction, the
/// curves included, 1e-9) and, where the
/// fixture is survreg's, to R (coefficients 1e-7, standard errors 1e-6, log-likelihood 1e-9, as FitParametricModelTests).
/// </summary>
[Collection(ServerCollection.Name)]
public class RemoteParametricSqlTests(ServerFixture server, PostgresServer postgres) : IClassFixture<PostgresServer>
{
    public enum Engine
    {
        DuckDb,
        Postgres,
        Psql,
    }

    private static readonly (Distribution Distribution, string Name)[] Families =
        [(Distribution.Exponential, "exponential"), (Distribution.Weibull, "weibull"), (Distribution.LogNormal, "lognormal"), (Distribution.LogLogistic, "loglogistic")];

    /// <summary>Every family on every set through DuckDB and PostgreSQL; through psql the families on the strata and entry sets.</summary>
    public static TheoryData<string, Distribution, string, Engine> Fits()
    {
        var fits = new TheoryData<string, Distribution, string, Engine>();
        foreach (var set in new[] { "lung_age_sex_ecog", "veteran_strata", "lung_weights", "delayed_entry" })
            foreach (var (distribution, name) in Families)
            {
                // R refuses strata with the exponential's fixed scale: veteran_strata has no exponential fit.
                if (set == "veteran_strata" && distribution == Distribution.Exponential) continue;
                fits.Add(set, distribution, name, Engine.DuckDb);
                fits.Add(set, distribution, name, Engine.Postgres);
                if (set is "veteran_strata" or "delayed_entry") fits.Add(set, distribution, name, Engine.Psql);
            }
        return fits;
    }

    [Theory]
    [MemberData(nameof(Fits))]
    public async Task Through_sql_equals_the_in_memory_fit_and_survreg(string file, Distribution distribution, string name, Engine engine)
    {
        // Arrange
        var set = ParametricReferenceSet.Named(file);
        var client = new RemoteFits.RemoteFitsClient(server.Channel);
        var request = InMemory(set, distribution);
        var model = RemoteParametricTests.WithPredictions(RemoteParametricTests.Model(set, distribution), request);
        RemoteFitResult result;
        if (engine == Engine.DuckDb)
        {
            var path = Path.Combine(Path.GetTempPath(), $"remote-parametric-{Guid.NewGuid():N}.csv");
            await File.WriteAllTextAsync(path, Csv(set));
            await using var connection = await DuckDbCohort.OpenAsync();
            try
            {
                // Act
                result = await RemoteParametricFit.FitAsync(client, model, DuckDbCohort.CoxSums(path, Columns(set)), SqlDialect.DuckDb,
                    new ConnectionSqlRunner(connection));
            }
            finally
            {
                File.Delete(path);
            }
        }
        else
        {
            var table = $"remote_parametric_{Guid.NewGuid():N}";
            await using var connection = new NpgsqlConnection(postgres.ConnectionString);
            await connection.OpenAsync();
            var columns = string.Join(", ", Header(set).Select(h => $"\"{h}\" {(set.Factors.ContainsKey(h) || h == "stratum" ? "text" : h == "status" ? "integer" : "double precision")}"));
            await using (var create = new NpgsqlCommand($"CREATE TABLE {table} ({columns})", connection)) await create.ExecuteNonQueryAsync();
            await using (var writer = await connection.BeginTextImportAsync($"COPY {table} FROM STDIN (FORMAT csv, HEADER true)"))
                await writer.WriteAsync(Csv(set));
            ISqlRunner runner = engine == Engine.Psql ? new CommandSqlRunner(RemoteCoxPostgresTests.Psql(postgres.ConnectionString)) : new ConnectionSqlRunner(connection);

            // Act
            result = await RemoteParametricFit.FitAsync(client, model, new CoxSumsQuery { Table = table, Columns = Columns(set) },
                SqlDialect.Postgres, runner);
        }

        // Assert
        var expected = await server.Client.FitParametricModelAsync(request);
        RemoteAssert.SameParametricFit(expected, result);
        RemoteAssert.SamePredictions(expected, result);
        // survreg has no delayed entry: that fixture's reference is the in-memory fit's own (ParametricReferenceTests).
        RemoteAssert.EqualsSurvreg(set, name, result.Parametric.Fits.Single());
    }

    /// <summary>
    /// FitParametricModel of the fixture's rows for one family, predicting at its profiles, times and τ, at quantiles
    /// other than the default, on a grid of 51 points to a horizon past the last follow-up.
    /// </summary>
    private static FitParametricModelRequest InMemory(ParametricReferenceSet set, Distribution distribution)
    {
        var request = FitParametricModelTests.FromSet(set);
        request.Distributions.Add(distribution);
        request.Quantiles.Add([0.1, 0.5, 0.9]);
        request.Horizon = 1.25 * set.Times.Max();
        request.GridPoints = 51;
        return request;
    }

    private static CohortColumns Columns(ParametricReferenceSet set) => new()
    {
        Time = "time", Event = "status", Stratum = set.Strata is null ? null : "stratum", Entry = set.Entries is null ? null : "entry",
        Weight = set.Weights is null ? null : "weight",
    };

    private static IEnumerable<string> Header(ParametricReferenceSet set) =>
        ["time", "status", .. set.Strata is null ? [] : new[] { "stratum" }, .. set.Entries is null ? [] : new[] { "entry" }, .. set.Weights is null ? [] : new[] { "weight" }, .. set.Terms];

    private static string Csv(ParametricReferenceSet set)
    {
        var text = new StringBuilder().AppendLine(string.Join(",", Header(set).Select(h => $"\"{h}\"")));
        for (var i = 0; i < set.Times.Length; i++)
        {
            var cells = new List<string> { set.Times[i].ToString("R", CultureInfo.InvariantCulture), set.Kinds[i] == Core.Parametric.CensoringKind.Exact ? "1" : "0" };
            if (set.Strata is not null) cells.Add($"\"{set.Strata[i]}\"");
            if (set.Entries is not null) cells.Add(set.Entries[i].ToString("R", CultureInfo.InvariantCulture));
            if (set.Weights is not null) cells.Add(set.Weights[i].ToString("R", CultureInfo.InvariantCulture));
            cells.AddRange(set.Terms.Select(t => set.Factors.TryGetValue(t, out var labels) ? $"\"{labels[i]}\"" : set.Covariates[t][i].ToString("R", CultureInfo.InvariantCulture)));
            text.AppendLine(string.Join(",", cells));
        }
        return text.ToString();
    }
}
