using Survival.Client;
using Survival.TestSupport;
using Survival.V1;

namespace Survival.Server.Tests.Remote;

/// <summary>
/// FitModelRemote through a real GrpcChannel, its steps answered by embedded DuckDB from a CSV file, equals FitCoxModel
/// on the same subjects to 1e-9 relative (the same β path: the same iterations) and R's coxph (survival 3.5-3, the
/// r-cox fixtures: strata, delayed entry, factors, Efron and Breslow) to 1e-6, with the concordance absent and named.
/// </summary>
[Collection(ServerCollection.Name)]
public class RemoteCoxDuckDbTests(ServerFixture server)
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var (file, ties) in CoxReferenceSet.Fits())
            if (ties != "exact") data.Add(file, ties);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Remote_fit_equals_the_in_memory_fit_and_coxph(string file, string ties) => FitAndCompare(CoxReferenceSet.Named(file), ties);

    [Theory]
    [InlineData("efron")]
    [InlineData("breslow")]
    public Task Remote_fit_with_whole_case_weights_entry_and_strata_equals_coxph(string ties) =>
        // coxph(Surv(entry, time, status) ~ age + ph.ecog + sex + strata(s), weights = w), tools/reference/generate-remote-reference.R
        FitAndCompare(CoxReferenceSet.Remote("lung_weighted_entry"), ties);

    private async Task FitAndCompare(CoxReferenceSet set, string ties)
    {
        // Arrange
        var path = RemoteCohorts.WriteCsv(set);
        var inMemory = await server.Client.FitCoxModelAsync(CoxRequests.Columns(set, ties));
        await using var connection = await DuckDbCohort.OpenAsync();

        try
        {
            // Act
            var result = await RemoteCoxFit.FitAsync(new RemoteFits.RemoteFitsClient(server.Channel), RemoteCohorts.Model(set, ties),
                DuckDbCohort.CoxSums(path, RemoteCohorts.Columns(set)), SqlDialect.DuckDb, new ConnectionSqlRunner(connection));

            // Assert
            RemoteAssert.SameFit(inMemory, result);
            RemoteAssert.EqualsCoxph(set.Fit(ties), result.Cox);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
