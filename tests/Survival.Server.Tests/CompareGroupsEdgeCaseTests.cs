using Grpc.Health.V1;
using Survival.V1;

namespace Survival.Server.Tests;

/// <summary>The comparison's edge cases, each with a clear answer, and its bad inputs.</summary>
[Collection(ServerCollection.Name)]
public class CompareGroupsEdgeCaseTests(ServerFixture server)
{
    private static Cohort TwoGroups(bool bEvents = true, bool aEvents = true)
    {
        var cohort = new Cohort();
        double[] times = [2, 3, 5, 7, 11, 13];
        foreach (var t in times) cohort.Subjects.Add(new Subject { Time = t, Event = aEvents && t < 10, Group = "a" });
        foreach (var t in times) cohort.Subjects.Add(new Subject { Time = t + 1, Event = bEvents && t > 4, Group = "b" });
        return cohort;
    }

    [Fact]
    public async Task All_censored_leaves_the_statistic_absent_with_a_reason()
    {
        // Act
        var response = await server.Client.CompareGroupsAsync(new CompareGroupsRequest { Cohort = TwoGroups(bEvents: false, aEvents: false) });

        // Assert
        var test = response.Tests.Single();
        Assert.False(test.HasChiSquare);
        Assert.False(test.HasPValue);
        Assert.NotEmpty(test.NotEstimableReason);
        Assert.All(response.Cox.Terms, t => Assert.False(t.HasHazardRatio_));
    }

    [Fact]
    public async Task Group_without_events_is_tested_and_its_Cox_fit_reports_non_convergence()
    {
        // Act
        var response = await server.Client.CompareGroupsAsync(new CompareGroupsRequest { Cohort = TwoGroups(bEvents: false) });

        // Assert: the log-rank test is well defined; the hazard ratio of b against a is 0 at the limit.
        Assert.True(response.Tests.Single().HasPValue);
        Assert.False(response.Cox.Converged);
        Assert.NotEmpty(response.Cox.ConvergenceMessage);
        Assert.False(response.Cox.Terms.Single().HasHazardRatio_);
        Assert.True(response.Cox.LikelihoodRatio.HasPValue);
    }

    [Fact]
    public async Task Reference_group_sets_the_direction_of_the_hazard_ratio()
    {
        // Act
        var first = await server.Client.CompareGroupsAsync(new CompareGroupsRequest { Cohort = TwoGroups() });
        var flipped = await server.Client.CompareGroupsAsync(new CompareGroupsRequest { Cohort = TwoGroups(), ReferenceGroup = "b" });

        // Assert
        Assert.Equal(("a", "b"), (first.Cox.ReferenceGroup, first.Cox.Terms.Single().Group));
        Assert.Equal(("b", "a"), (flipped.Cox.ReferenceGroup, flipped.Cox.Terms.Single().Group));
        Assert.Equal(1 / first.Cox.Terms[0].HazardRatio_, flipped.Cox.Terms[0].HazardRatio_, 9);
    }

    public static TheoryData<string, Action<CompareGroupsRequest>> BadInputs() => new()
    {
        { "cohort.subjects", r => { foreach (var s in r.Cohort.Subjects) s.Group = "only"; } },
        { "reference_group", r => r.ReferenceGroup = "c" },
        { "control_group", r => { r.Pairwise = true; r.ControlGroup = "nope"; } },
        { "fh_p", r => r.FhP = -1 },
        { "fh_q", r => r.FhQ = double.NaN },
        { "weights[1]", r => r.Weights.Add([TestWeight.Logrank, (TestWeight)99]) },
        { "ties", r => r.Ties = (TieMethod)7 },
        { "p_adjust", r => r.PAdjust = (PAdjustMethod)9 },
        { "trend_scores", r => { r.Trend = true; r.TrendScores.Add([1, 2, 3]); } },
        { "conf_level", r => r.ConfLevel = 1.5 },
        { "cohort.subjects[0].time", r => r.Cohort.Subjects[0].Time = -2 },
        { "cohort.subjects[0].stratum", r => r.Stratified = true },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Bad_input_is_invalid_argument_naming_the_field(string field, Action<CompareGroupsRequest> spoil)
    {
        // Arrange
        var request = new CompareGroupsRequest { Cohort = TwoGroups() };
        spoil(request);

        // Act
        var call = () => server.Client.CompareGroupsAsync(request).ResponseAsync;

        // Assert
        await BadRequestAssert.FieldViolationAsync(call, field);
        var health = await new Health.HealthClient(server.Channel).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }
}
