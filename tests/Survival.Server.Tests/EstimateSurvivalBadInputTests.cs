using Grpc.Health.V1;
using Survival.V1;

namespace Survival.Server.Tests;

/// <summary>Each bad input gets INVALID_ARGUMENT with a field violation naming the field, and the server keeps serving.</summary>
[Collection(ServerCollection.Name)]
public class EstimateSurvivalBadInputTests(ServerFixture server)
{
    private static EstimateSurvivalRequest Valid() => new()
    {
        Cohort = Cohorts.Of((5, true), (8, false), (12, true), (3, true)),
        Options = new EstimateOptions(),
    };

    public static TheoryData<string, Action<EstimateSurvivalRequest>> BadInputs() => new()
    {
        { "cohort.subjects", r => r.Cohort.Subjects.Clear() },
        { "cohort.subjects", r => r.Cohort = null },
        { "cohort.subjects[3].time", r => r.Cohort.Subjects[3].Time = -1 },
        { "cohort.subjects[3].time", r => r.Cohort.Subjects[3].Time = double.NaN },
        { "cohort.subjects[3].time", r => r.Cohort.Subjects[3].Time = double.PositiveInfinity },
        { "cohort.subjects[1].time", r => r.Cohort.Subjects[1].ClearTime() },
        { "options.conf_level", r => r.Options.ConfLevel = 1 },
        { "options.conf_level", r => r.Options.ConfLevel = -0.5 },
        { "options.conf_level", r => r.Options.ConfLevel = double.NaN },
        { "options.conf_type", r => r.Options.ConfType = (ConfidenceType)42 },
        { "options.quantiles[1]", r => r.Options.Quantiles.Add([0.5, 1.0]) },
        { "options.quantiles[0]", r => r.Options.Quantiles.Add(0) },
        { "options.landmark_times[0]", r => r.Options.LandmarkTimes.Add(-12) },
        { "options.rmst_tau", r => r.Options.RmstTau = 0 },
        { "options.rmst_tau", r => r.Options.RmstTau = -3 },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Bad_input_is_invalid_argument_naming_the_field(string field, Action<EstimateSurvivalRequest> spoil)
    {
        // Arrange
        var request = Valid();
        spoil(request);

        // Act
        var call = () => server.Client.EstimateSurvivalAsync(request).ResponseAsync;

        // Assert
        await BadRequestAssert.FieldViolationAsync(call, field);
        var health = await new Health.HealthClient(server.Channel).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    [Fact]
    public async Task Every_violation_is_reported_not_just_the_first()
    {
        // Arrange
        var request = Valid();
        request.Cohort.Subjects[0].Time = -1;
        request.Cohort.Subjects[2].Time = double.NaN;
        request.Options.ConfLevel = 2;

        // Act
        var badRequest = await BadRequestAssert.FieldViolationAsync(
            () => server.Client.EstimateSurvivalAsync(request).ResponseAsync, "cohort.subjects[0].time");

        // Assert
        Assert.Equal(
            ["cohort.subjects[0].time", "cohort.subjects[2].time", "options.conf_level"],
            badRequest.FieldViolations.Select(v => v.Field));
    }
}
