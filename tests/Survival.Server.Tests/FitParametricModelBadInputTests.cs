using Survival.V1;

namespace Survival.Server.Tests;

/// <summary>Each bad FitParametricModel input gets INVALID_ARGUMENT with a field violation naming the field.</summary>
[Collection(ServerCollection.Name)]
public class FitParametricModelBadInputTests(ServerFixture server)
{
    /// <summary>Eight subjects, five events, covariate age and factor stage.</summary>
    private static FitParametricModelRequest Valid()
    {
        var request = new FitParametricModelRequest { Terms = { "age", "stage" }, Cohort = new Cohort(), Distributions = { Distribution.Weibull } };
        (double Time, bool Event, double Age, string Stage)[] rows =
        [
            (5, true, 61, "I"), (8, false, 70, "II"), (12, true, 55, "I"), (3, true, 66, "II"), (9, false, 59, "I"), (14, true, 72, "II"),
            (7, true, 64, "I"), (20, false, 58, "II"),
        ];
        foreach (var (time, evt, age, stage) in rows)
            request.Cohort.Subjects.Add(new Subject { Time = time, Event = evt, Covariates = { ["age"] = age }, Factors = { ["stage"] = stage } });
        return request;
    }

    public static TheoryData<string, Action<FitParametricModelRequest>> BadInputs() => new()
    {
        { "cohort.subjects[2].time", r => r.Cohort.Subjects[2].Time = 0 },
        { "cohort.subjects[1].time", r => r.Cohort.Subjects[1].Time = -2 },
        { "distributions[1]", r => r.Distributions.Add((Distribution)17) },
        { "distributions[1]", r => r.Distributions.Add(Distribution.Unspecified) },
        { "horizon", r => r.Horizon = double.PositiveInfinity },
        { "horizon", r => r.Horizon = -5 },
        { "times[0]", r => r.Times.Add(double.NaN) },
        { "times[1]", r => r.Times.Add([1, -1]) },
        { "quantiles[0]", r => r.Quantiles.Add(1) },
        { "rmst_tau", r => r.RmstTau = 0 },
        { "conf_level", r => r.ConfLevel = 2 },
        { "grid_points", r => r.GridPoints = 1 },
        { "terms[1]", r => r.Terms[1] = "grade" },
        { "terms[1]", r => r.Terms[1] = "age" },
        { "cohort.subjects[3].covariates[\"age\"]", r => r.Cohort.Subjects[3].Covariates["age"] = double.NaN },
        { "profiles[0].covariates[\"age\"]", r => r.Profiles.Add(new PredictionProfile { Factors = { ["stage"] = "I" } }) },
        { "profiles[0].factors[\"stage\"]", r => r.Profiles.Add(new PredictionProfile { Covariates = { ["age"] = 60 }, Factors = { ["stage"] = "IV" } }) },
        { "profiles[0].factors[\"nodes\"]", r => { r.Terms.Clear(); r.Terms.Add("nodes"); foreach (var s in r.Cohort.Subjects) s.Factors["nodes"] = s.Factors["stage"]; r.Profiles.Add(new PredictionProfile()); } },
        { "profiles[0].stratum", r => r.Profiles.Add(new PredictionProfile { Covariates = { ["age"] = 60 }, Factors = { ["stage"] = "I" }, Stratum = "s1" }) },
        { "terms", r => { r.Distributions[0] = Distribution.GeneralizedGamma; foreach (var s in r.Cohort.Subjects.Skip(2)) s.Event = false; } },
        { "cohort", r => { foreach (var s in r.Cohort.Subjects) s.Event = false; } },
        { "terms[0]", r => { r.Cohort.Subjects.Clear(); r.Cohort.Counts.Add(new CountRow { Time = 1, Events = 1, Group = "a" }); } },
        { "cohort.counts[0].time", r => { r.Terms.Clear(); r.Cohort.Subjects.Clear(); r.Cohort.Counts.Add([new CountRow { Time = 0, Events = 1, Group = "a" }, new CountRow { Time = 3, Events = 2, Censored = 1, Group = "b" }]); } },
        { "plot.format", r => r.Plot = new PlotOptions { Format = (ImageFormat)9 } },
        { "diagnostic_plot.width", r => r.DiagnosticPlot = new PlotOptions { Width = 50 } },
        { "cohort.subjects", r => r.Cohort = null },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Bad_input_is_invalid_argument_naming_the_field(string field, Action<FitParametricModelRequest> spoil)
    {
        // Arrange
        var request = Valid();
        spoil(request);

        // Act
        var badRequest = await BadRequestAssert.FieldViolationAsync(async () => await server.Client.FitParametricModelAsync(request), field);

        // Assert
        Assert.NotEmpty(badRequest.FieldViolations);
    }

    [Fact]
    public async Task A_time_of_zero_leaves_the_default_six_to_the_Gompertz_and_says_why()
    {
        // Arrange: no distribution named, so the five on the log scale are reported unfitted rather than refused.
        var request = Valid();
        request.Distributions.Clear();
        request.Cohort.Subjects[2].Time = 0;

        // Act
        var response = await server.Client.FitParametricModelAsync(request);

        // Assert
        Assert.Equal(Distribution.Gompertz, response.Fits[0].Distribution);
        Assert.True(response.Fits[0].Converged, response.Fits[0].NotConvergedReason);
        Assert.All(response.Fits.Skip(1), f => Assert.Contains("cohort.subjects[2].time", f.NotConvergedReason));
    }

    [Fact]
    public async Task A_valid_request_succeeds()
    {
        // Act
        var response = await server.Client.FitParametricModelAsync(Valid());

        // Assert
        Assert.Single(response.Fits);
        Assert.Equal(["(Intercept)", "age", "stageII"], response.Fits[0].Coefficients.Select(c => c.Term + c.Level));
    }
}
