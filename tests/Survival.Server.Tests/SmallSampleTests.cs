using Grpc.Core;
using Survival.V1;

namespace Survival.Server.Tests;

/// <summary>
/// The small-sample intervals, the simultaneous bands and the exact tests through a real channel, and their bad inputs
/// named by their field paths (figures from tests/fixtures-small-sample, written by tools/reference/*.R).
/// </summary>
[Collection(ServerCollection.Name)]
public class SmallSampleTests(ServerFixture server)
{
    // The illustrative seven patients' OS (shared/examples), months.
    private static Cohort SevenOs() => Cohorts.Of((9, true), (51, false), (14, true), (8, false), (11, false), (13, false), (10, false));

    /// <summary>The seven patients' OS and PFS as two samples of seven (coin's fixture exact-seven_os_vs_pfs).</summary>
    private static Cohort OsAgainstPfs()
    {
        var cohort = new Cohort();
        (double, bool)[] os = [(9, true), (51, false), (14, true), (8, false), (11, false), (13, false), (10, false)];
        (double, bool)[] pfs = [(7, true), (43, true), (12, true), (8, false), (11, true), (13, false), (10, false)];
        foreach (var (time, ev) in os) cohort.Subjects.Add(new Subject { Time = time, Event = ev, Group = "os" });
        foreach (var (time, ev) in pfs) cohort.Subjects.Add(new Subject { Time = time, Event = ev, Group = "pfs" });
        return cohort;
    }

    [Fact]
    public async Task Beta_product_median_and_hall_wellner_band_come_back()
    {
        // Arrange
        var request = new EstimateSurvivalRequest
        {
            Cohort = SevenOs(),
            Options = new EstimateOptions
            {
                ConfType = ConfidenceType.BetaProduct,
                SimultaneousBand = new SimultaneousBandOptions { Method = BandMethod.HallWellner },
            },
        };

        // Act
        var response = await server.Client.EstimateSurvivalAsync(request);

        // Assert: median 14, its interval read off the beta-product curves (9 to not reached); the band from 9 to 14.
        var group = response.Groups[0];
        Assert.Equal(14, group.Median.Time);
        Assert.Equal(9, group.Median.Lower);
        Assert.False(group.Median.HasUpper);
        // intervals-seven_os.json beta_product upper at 9 months (Fay, Brittain & Proschan's method of moments).
        Assert.Equal(0.995789255485511, group.Curve.Single(p => p.Time == 9).Upper, 12);
        Assert.NotNull(group.SimultaneousBand);
        Assert.Equal(9, group.SimultaneousBand.From);
        Assert.Equal(14, group.SimultaneousBand.To);
        Assert.True(group.SimultaneousBand.CriticalValue > 0);
        Assert.All(group.SimultaneousBand.Points, p => Assert.InRange(p.Lower, 0, p.Upper));
    }

    [Fact]
    public async Task Exact_log_rank_p_equals_coin_and_says_so()
    {
        // Arrange
        var request = new CompareGroupsRequest
        {
            Cohort = OsAgainstPfs(),
            Distribution = new TestDistributionOptions { Distribution = TestDistribution.Exact },
        };

        // Act
        var response = await server.Client.CompareGroupsAsync(request);

        // Assert: coin's pvalue(logrank_test(Surv(months, event) ~ endpoint, distribution = "exact")) = 0.313519813519814.
        var test = response.Tests[0];
        Assert.Equal(0.313519813519814, test.PValue, 12);
        Assert.Equal(TestDistribution.Exact, test.PValueSource.Distribution);
        // The chi-square p of survdiff stays beside it; coin's statistic is Z of the first group.
        Assert.True(test.PValueSource.HasAsymptoticPValue);
        Assert.NotEqual(test.PValue, test.PValueSource.AsymptoticPValue);
        Assert.Equal(1.0760948268347, Math.Abs(test.PValueSource.Statistic), 9);
    }

    [Fact]
    public async Task Monte_Carlo_p_comes_with_its_seed_and_standard_error()
    {
        var request = new CompareGroupsRequest
        {
            Cohort = OsAgainstPfs(),
            Distribution = new TestDistributionOptions { Distribution = TestDistribution.MonteCarlo, Resamples = 20000, Seed = 3 },
        };

        var test = (await server.Client.CompareGroupsAsync(request)).Tests[0];

        Assert.Equal(TestDistribution.MonteCarlo, test.PValueSource.Distribution);
        Assert.Equal(20000, test.PValueSource.Resamples);
        Assert.Equal(3, test.PValueSource.Seed);
        Assert.InRange(Math.Abs(test.PValue - 0.313519813519814), 0, 4 * test.PValueSource.MonteCarloStdError);
    }

    [Fact]
    public async Task Exact_with_three_groups_is_invalid_argument()
    {
        var cohort = OsAgainstPfs();
        cohort.Subjects[0].Group = "third";
        cohort.Subjects[1].Group = "third";
        var request = new CompareGroupsRequest { Cohort = cohort, Distribution = new TestDistributionOptions { Distribution = TestDistribution.Exact } };

        var badRequest = await BadRequestAssert.FieldViolationAsync(() => server.Client.CompareGroupsAsync(request).ResponseAsync, "distribution.distribution");

        Assert.Contains("Monte Carlo", badRequest.FieldViolations[0].Description);
    }

    [Theory]
    [InlineData(60.0, null, "options.simultaneous_band.to")]
    [InlineData(null, 2.0, "options.simultaneous_band.from")]
    public async Task A_band_range_outside_the_follow_up_is_invalid_argument(double? to, double? from, string field)
    {
        var band = new SimultaneousBandOptions { Method = BandMethod.EqualPrecision };
        if (to is { } t) band.To = t;
        if (from is { } f) band.From = f;
        var request = new EstimateSurvivalRequest { Cohort = SevenOs(), Options = new EstimateOptions { SimultaneousBand = band } };

        await BadRequestAssert.FieldViolationAsync(() => server.Client.EstimateSurvivalAsync(request).ResponseAsync, field);
    }

    [Fact]
    public async Task A_band_range_outside_the_follow_up_is_named_under_options_in_analyze_too()
    {
        var request = new AnalyzeCohortRequest
        {
            Cohort = SevenOs(),
            Options = new EstimateOptions { SimultaneousBand = new SimultaneousBandOptions { Method = BandMethod.HallWellner, To = 60 } },
        };

        await BadRequestAssert.FieldViolationAsync(() => server.Client.AnalyzeCohortAsync(request).ResponseAsync, "options.simultaneous_band.to");
    }

    [Fact]
    public async Task An_exact_test_past_the_memory_budget_is_resource_exhausted_before_any_work()
    {
        // Arrange: 300 distinct times in two groups: the log-rank scores are real and all distinct.
        var random = new Random(9);
        var cohort = new Cohort();
        for (var i = 0; i < 300; i++)
            cohort.Subjects.Add(new Subject { Time = random.NextDouble() * 100, Event = random.NextDouble() < 0.8, Group = i % 2 == 0 ? "a" : "b" });
        var request = new CompareGroupsRequest { Cohort = cohort, Distribution = new TestDistributionOptions { Distribution = TestDistribution.Exact } };

        // Act
        var started = DateTime.UtcNow;
        var error = await Assert.ThrowsAsync<RpcException>(() => server.Client.CompareGroupsAsync(request).ResponseAsync);

        // Assert: refused at once, naming the budget and what to use instead.
        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Contains("Monte Carlo", error.Status.Detail);
        Assert.Contains("memory budget", error.Status.Detail);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
    }
}
