using Survival.V1;

namespace Survival.Server.Tests.Fuzz;

/// <summary>The fuzzer's seeds of the literature RPCs are valid requests, so its mutations start from accepted ground.</summary>
[Collection(ServerCollection.Name)]
public class LiteratureSeedsTests(ServerFixture server)
{
    [Fact]
    public async Task Every_seed_is_answered()
    {
        // Act and assert: each call returns without an error.
        foreach (var seed in FuzzSeeds.Reconstruct().Cast<ReconstructCohortRequest>()) Assert.NotEmpty((await server.Client.ReconstructCohortAsync(seed)).Cohort.Subjects);
        foreach (var seed in FuzzSeeds.CompareExternal().Cast<CompareExternalRequest>()) Assert.NotEmpty((await server.Client.CompareExternalAsync(seed)).Tests);
        foreach (var seed in FuzzSeeds.Pool().Cast<PoolStudiesRequest>()) Assert.NotEmpty((await server.Client.PoolStudiesAsync(seed)).Studies);
    }
}
