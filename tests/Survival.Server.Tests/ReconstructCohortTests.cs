using Survival.Core.Reconstruction;
using Survival.TestSupport;
using Survival.V1;

namespace Survival.Server.Tests;

/// <summary>ReconstructCohort through a real channel: the engine's patients, ready for the other RPCs.</summary>
[Collection(ServerCollection.Name)]
public class ReconstructCohortTests(ServerFixture server)
{
    private static ReconstructCohortRequest Lung(PublishedInformation given = PublishedInformation.AtRiskAndEvents)
    {
        var set = RoundTripSet.Named("lung");
        return new ReconstructCohortRequest { TimeUnit = "months", Arms = { set.Arms.Select(a => LiteratureRequests.Arm(a, given)) } };
    }

    [Fact]
    public async Task The_rebuilt_subjects_are_the_engines_and_carry_the_arms_labels()
    {
        // Arrange
        var set = RoundTripSet.Named("lung");

        // Act
        var response = await server.Client.ReconstructCohortAsync(Lung());

        // Assert
        foreach (var arm in set.Arms)
        {
            var expected = GuyotReconstruction.Rebuild(arm.Published(PublishedInformation.AtRiskAndEvents));
            var subjects = response.Cohort.Subjects.Where(s => s.Group == arm.Label).ToArray();
            Assert.Equal(expected.Times.ToArray(), subjects.Select(s => s.Time).ToArray());
            Assert.Equal(expected.Events.ToArray(), subjects.Select(s => s.Event).ToArray());
            var quality = response.Arms.Single(a => a.Label == arm.Label);
            Assert.Equal(expected.Quality.MaxAbsoluteDifference, quality.MaxAbsoluteDifference);
            Assert.Equal(arm.TotalEvents, quality.TotalEventsGiven);
            Assert.All(quality.AtRisk, check => Assert.Equal(check.Given, check.Rebuilt));
        }
        Assert.Equal("months", response.Cohort.TimeUnit);
    }

    [Fact]
    public async Task The_rebuilt_cohort_goes_straight_into_CompareGroups()
    {
        // Arrange
        var rebuilt = await server.Client.ReconstructCohortAsync(Lung());

        // Act
        var comparison = await server.Client.CompareGroupsAsync(new CompareGroupsRequest { Cohort = rebuilt.Cohort });

        // Assert: R's HR on the real patients is 1.70 (male against female); the rebuilt arms give it within 5%.
        var ratio = comparison.Cox.Terms[0].HazardRatio_;
        Assert.InRange(Math.Abs(Math.Log(ratio / RoundTripSet.Named("lung").HazardRatio)), 0, 0.05);
    }

    [Fact]
    public async Task The_plot_draws_the_rebuilt_curves_over_the_points()
    {
        // Arrange
        var request = Lung();
        request.Plot = new PlotOptions { Width = 700, Height = 500, RiskTable = RiskTable.None };

        // Act
        var response = await server.Client.ReconstructCohortAsync(request);

        // Assert
        Assert.Equal("image/png", response.Plot.ContentType);
        Assert.Equal((700, 500), (response.Plot.Width, response.Plot.Height));
        Assert.True(response.Plot.Image.Length > 1000);
    }

    public static TheoryData<string, Action<ReconstructCohortRequest>> BadInputs() => new()
    {
        { "arms", r => r.Arms.Clear() },
        { "arms[0].points", r => { var p = r.Arms[0].Points[0]; r.Arms[0].Points.Clear(); r.Arms[0].Points.Add(p); } },
        { "arms[0].points[3].survival", r => r.Arms[0].Points[3].Survival = 1.5 },
        { "arms[1].points[0].time", r => r.Arms[1].Points[0].Time = -0.5 },
        { "arms[0].at_risk[2].at_risk", r => r.Arms[0].AtRisk[2].AtRisk = r.Arms[0].AtRisk[1].AtRisk + 5 },
        { "arms[0].at_risk[1].at_risk", r => r.Arms[0].AtRisk[1].AtRisk = r.Arms[0].AtRisk[0].AtRisk },
        { "arms[0].at_risk[1].time", r => r.Arms[0].AtRisk[1].Time = 0 },
        { "arms[1].subjects", r => { r.Arms[1].AtRisk.Clear(); r.Arms[1].ClearSubjects(); } },
        { "arms[0].total_events", r => r.Arms[0].TotalEvents = 100_000 },
        { "arms[1].label", r => r.Arms[1].Label = r.Arms[0].Label },
        { "arms[0].subjects", r => r.Arms[0].Subjects = 5_000_000_000 },
        { "monotone_fix", r => r.MonotoneFix = (V1.MonotoneFix)7 },
        { "plot.show_p_value", r => r.Plot = new PlotOptions { ShowPValue = true } },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Bad_input_is_invalid_argument_naming_the_field(string field, Action<ReconstructCohortRequest> spoil)
    {
        // Arrange
        var request = Lung();
        spoil(request);

        // Act and assert
        await BadRequestAssert.FieldViolationAsync(async () => await server.Client.ReconstructCohortAsync(request), field);
    }
}
