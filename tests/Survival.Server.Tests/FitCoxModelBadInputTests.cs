using Survival.V1;

namespace Survival.Server.Tests;

/// <summary>Each bad FitCoxModel input gets INVALID_ARGUMENT with a field violation naming the field.</summary>
[Collection(ServerCollection.Name)]
public class FitCoxModelBadInputTests(ServerFixture server)
{
    /// <summary>Six subjects, three events, covariate age and factor stage with two levels.</summary>
    private static FitCoxModelRequest Valid()
    {
        var request = new FitCoxModelRequest { Terms = { "age", "stage" }, Cohort = new Cohort() };
        (double Time, bool Event, double Age, string Stage)[] rows =
            [(5, true, 61, "I"), (8, false, 70, "II"), (12, true, 55, "I"), (3, true, 66, "II"), (9, false, 59, "I"), (14, true, 72, "II")];
        foreach (var (time, evt, age, stage) in rows)
            request.Cohort.Subjects.Add(new Subject { Time = time, Event = evt, Covariates = { ["age"] = age }, Factors = { ["stage"] = stage } });
        return request;
    }

    public static TheoryData<string, Action<FitCoxModelRequest>> BadInputs() => new()
    {
        { "terms[1]", r => r.Terms[1] = "grade" },
        { "terms[1]", r => r.Terms[1] = "age" },
        { "cohort.subjects[2].covariates[\"age\"]", r => r.Cohort.Subjects[2].Covariates.Remove("age") },
        { "cohort.subjects[4].covariates[\"age\"]", r => r.Cohort.Subjects[4].Covariates["age"] = double.NaN },
        { "cohort.subjects[4].covariates[\"age\"]", r => r.Cohort.Subjects[4].Covariates["age"] = double.PositiveInfinity },
        { "cohort.subjects[0].factors[\"stage\"]", r => r.Cohort.Subjects[0].Factors.Remove("stage") },
        { "terms[1]", r => { foreach (var s in r.Cohort.Subjects) s.Factors["stage"] = "I"; } },
        { "terms", r => { foreach (var s in r.Cohort.Subjects.Skip(1)) s.Event = false; } },
        { "terms", r => r.Terms.Clear() },
        { "cohort.counts", r => { r.Cohort.Subjects.Clear(); r.Cohort.Counts.Add(new CountRow { Time = 1, Events = 1 }); } },
        { "cohort.subjects[1].time", r => r.Cohort.Subjects[1].Time = -2 },
        { "cohort.subjects", r => r.Cohort = null },
        { "ties", r => r.Ties = (TieMethod)9 },
        { "conf_level", r => r.ConfLevel = 1.5 },
        { "curves_at[0].covariates[\"age\"]", r => r.CurvesAt.Add(new CovariateProfile { Factors = { ["stage"] = "I" } }) },
        { "curves_at[0].factors[\"stage\"]", r => r.CurvesAt.Add(new CovariateProfile { Covariates = { ["age"] = 60 }, Factors = { ["stage"] = "IV" } }) },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Bad_input_is_invalid_argument_naming_the_field(string field, Action<FitCoxModelRequest> spoil)
    {
        // Arrange
        var request = Valid();
        spoil(request);

        // Act
        var badRequest = await BadRequestAssert.FieldViolationAsync(async () => await server.Client.FitCoxModelAsync(request), field);

        // Assert
        Assert.NotEmpty(badRequest.FieldViolations);
    }

    [Fact]
    public async Task More_coefficients_than_events_names_both_counts()
    {
        // Arrange
        var request = Valid();
        foreach (var s in request.Cohort.Subjects.Skip(1)) s.Event = false;

        // Act
        var badRequest = await BadRequestAssert.FieldViolationAsync(async () => await server.Client.FitCoxModelAsync(request), "terms");

        // Assert
        Assert.Contains(badRequest.FieldViolations, v => v.Description.Contains("2 coefficients") && v.Description.Contains("1 events"));
    }

    [Fact]
    public async Task A_forest_plot_comes_back_as_png()
    {
        // Arrange
        var request = Valid();
        request.ForestPlot = new PlotOptions();

        // Act
        var response = await server.Client.FitCoxModelAsync(request);

        // Assert
        Assert.Equal("image/png", response.ForestPlot.ContentType);
        Assert.True(response.ForestPlot.Image.Length > 1000);
    }

    [Fact]
    public async Task The_valid_request_fits()
    {
        // Act
        var response = await server.Client.FitCoxModelAsync(Valid());

        // Assert
        Assert.Equal(["age", "stageII"], response.Coefficients.Select(c => c.Term + c.Level));
        Assert.Equal("I", response.Coefficients[1].ReferenceLevel);
    }
}
