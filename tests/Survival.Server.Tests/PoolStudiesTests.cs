using Survival.TestSupport;
using Survival.V1;

namespace Survival.Server.Tests;

/// <summary>PoolStudies through a real channel: metafor's numbers from estimates, from intervals and from patients.</summary>
[Collection(ServerCollection.Name)]
public class PoolStudiesTests(ServerFixture server)
{
    private static readonly PoolingMethod[] Methods = [PoolingMethod.FixedEffect, PoolingMethod.DersimonianLaird, PoolingMethod.Reml];

    public static TheoryData<string> Sets()
    {
        var data = new TheoryData<string>();
        foreach (var set in PoolingReferenceSet.All) data.Add(set.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public async Task Log_estimates_pool_as_metafor_pools_them(string name)
    {
        // Arrange: metafor's rma (tools/reference/generate-pooling-reference.R), 1e-8 relative.
        var set = PoolingReferenceSet.Named(name);
        var request = new PoolStudiesRequest { ConfLevel = set.ConfLevel };
        request.Studies.Add(set.Studies.Select(s => new Study { Label = s.Label, LogEstimate = s.Estimate, StdError = s.StdError }));

        // Act
        var response = await server.Client.PoolStudiesAsync(request);

        // Assert
        Assert.Equal(Methods, response.Pooled.Select(p => p.Method));
        foreach (var pooled in response.Pooled)
        {
            var fit = set.Fits.GetProperty(PoolingReferenceSet.MetaforName(Survival.Service.Mapping.ProtoMapper.ToCore(pooled.Method)));
            var what = $"{name} {pooled.Method}";
            Tolerance.Equal(fit.GetProperty("estimate").GetDouble(), pooled.LogEstimate, $"{what} estimate", 1e-8);
            Tolerance.Equal(Math.Exp(fit.GetProperty("ci_ub").GetDouble()), pooled.Upper, $"{what} upper", 1e-8);
            Tolerance.Equal(fit.GetProperty("tau2").GetDouble(), pooled.Tau2, $"{what} tau2", 1e-8);
            Tolerance.Equal(fit.GetProperty("QEp").GetDouble(), pooled.QPValue, $"{what} Q p", 1e-8);
            if (fit.TryGetProperty("pi_lb", out var lower)) Tolerance.Equal(Math.Exp(lower.GetDouble()), pooled.PredictionLower, $"{what} prediction", 1e-8);
            else Assert.False(pooled.HasPredictionLower);
            var weights = Json.Doubles(fit, "weights");
            Tolerance.Equal(weights, [.. response.Studies.Select(s => (double?)s.Weights[response.Pooled.IndexOf(pooled)])], $"{what} weights", 1e-8);
        }
    }

    [Fact]
    public async Task Hazard_ratios_with_intervals_pool_as_their_log_estimates()
    {
        // Arrange: the same studies printed as HR (lower to upper) at 90%.
        var set = PoolingReferenceSet.Named("veteran_by_celltype");
        var level = new Survival.Core.Inference.ConfidenceLevel(0.9);
        var fromIntervals = new PoolStudiesRequest { Methods = { PoolingMethod.Reml } };
        fromIntervals.Studies.Add(set.Studies.Select(s => new Study
        {
            Label = s.Label, Estimate = Math.Exp(s.Estimate), IntervalLevel = 0.9,
            Lower = Math.Exp(s.Estimate - level.Z * s.StdError), Upper = Math.Exp(s.Estimate + level.Z * s.StdError),
        }));

        // Act
        var pooled = (await server.Client.PoolStudiesAsync(fromIntervals)).Pooled.Single();

        // Assert
        Tolerance.Equal(set.Fits.GetProperty("REML").GetProperty("estimate").GetDouble(), pooled.LogEstimate, "REML estimate", 1e-8);
    }

    [Fact]
    public async Task Studies_given_as_patients_pool_their_Cox_hazard_ratios_and_stratify_by_study()
    {
        // Arrange: examples/veteran.csv by cell type; R's coxph per cell type gave the fixture's yi and sei.
        var set = PoolingReferenceSet.Named("veteran_by_celltype");
        var request = new PoolStudiesRequest
        {
            ForestPlot = new PlotOptions(),
            SurvivalPlot = new PlotOptions { RiskTable = RiskTable.None, ConfidenceBand = false },
        };
        request.Studies.Add(LiteratureRequests.VeteranByCellType().Select(c => new Study { Label = c.CellType, Cohort = c.Cohort }));

        // Act
        var response = await server.Client.PoolStudiesAsync(request);

        // Assert
        Tolerance.Equal([.. set.Studies.Select(s => (double?)s.Estimate)], [.. response.Studies.Select(s => (double?)s.LogEstimate)], "study log HR", 1e-9);
        Tolerance.Equal([.. set.Studies.Select(s => (double?)s.StdError)], [.. response.Studies.Select(s => (double?)s.StdError)], "study se", 1e-9);
        Tolerance.Equal(set.Fits.GetProperty("DL").GetProperty("tau2").GetDouble(), response.Pooled[1].Tau2, "DL tau2", 1e-8);
        var stratified = set.Root().GetProperty("stratified_cox");
        Tolerance.Equal(stratified.GetProperty("coef").GetDouble(), response.StratifiedCox.Terms[0].Coefficient, "stratified coef", 1e-9);
        Tolerance.Equal(stratified.GetProperty("se").GetDouble(), response.StratifiedCox.Terms[0].StdError, "stratified se", 1e-9);
        Assert.Equal(137, response.Studies.Sum(s => s.Subjects));
        Assert.Contains(response.Survival.Groups, g => g.Group == "All studies: test");
        Assert.Contains(response.Survival.Groups, g => g.Group == "adeno: standard");
        Assert.True(response.ForestPlot.Image.Length > 1000);
        Assert.True(response.SurvivalPlot.Image.Length > 1000);
    }

    [Fact]
    public async Task Case_reports_without_events_give_curves_and_no_pooled_median()
    {
        // Arrange: five single patients, all alive.
        var request = new PoolStudiesRequest { Measure = PooledMeasure.Median, ForestPlot = new PlotOptions() };
        foreach (var (label, months) in new[] { ("a", 7.0), ("b", 30.0), ("c", 43.0), ("d", 26.0), ("e", 18.7) })
            request.Studies.Add(new Study { Label = label, Cohort = new Cohort { TimeUnit = "months", Subjects = { new Subject { Time = months } } } });

        // Act
        var response = await server.Client.PoolStudiesAsync(request);

        // Assert
        Assert.Empty(response.Pooled);
        Assert.All(response.Studies, s => Assert.Equal("the median is not reached", s.NotEstimableReason));
        Assert.Null(response.ForestPlot);
        var all = response.Survival.Groups.Single(g => g.Group == "All studies");
        Assert.Equal(5, all.Subjects);
        Assert.False(all.Median.HasTime);
    }

    public static TheoryData<string, Action<PoolStudiesRequest>> BadInputs() => new()
    {
        { "studies", r => r.Studies.Clear() },
        { "studies[1].std_error", r => r.Studies[1].ClearStdError() },
        { "studies[1].std_error", r => r.Studies[1].StdError = 0 },
        { "studies[0].log_estimate", r => r.Studies[0].LogEstimate = double.PositiveInfinity },
        { "studies[2]", r => r.Studies[2].Estimate = 0.8 },
        { "studies[2]", r => r.Studies[2] = new Study { Label = "empty" } },
        { "studies[1].label", r => r.Studies[1].Label = r.Studies[0].Label },
        { "studies[2].lower", r => r.Studies[2] = new Study { Estimate = 0.8, Upper = 1.1 } },
        { "studies[2].estimate", r => r.Studies[2] = new Study { Estimate = 1.3, Lower = 0.5, Upper = 1.1 } },
        { "studies[2].interval_level", r => r.Studies[2] = new Study { Estimate = 0.8, Lower = 0.5, Upper = 1.1, IntervalLevel = 95 } },
        { "studies[2].cohort", r => r.Studies[2] = new Study { Cohort = new Cohort { Subjects = { new Subject { Time = 3, Event = true } } } } },
        { "studies[2].cohort.subjects[0].time", r => r.Studies[2] = new Study { Cohort = new Cohort { Subjects = { new Subject { Time = -3 } } } } },
        { "methods[0]", r => r.Methods.Add((PoolingMethod)9) },
        { "measure", r => r.Measure = (PooledMeasure)4 },
        { "conf_level", r => r.ConfLevel = -0.5 },
        { "survival_plot", r => r.SurvivalPlot = new PlotOptions() },
        { "studies[0].label", r => r.Studies[0].Label = new string('g', 100_000) },
    };

    [Fact]
    public async Task A_standard_error_of_1e300_is_pooled_and_drawn_without_its_infinite_limits()
    {
        // Arrange: a fuzzer's finding: exp(±z·10³⁰⁰) has no place on the forest plot's log axis.
        var request = new PoolStudiesRequest { ForestPlot = new PlotOptions { Format = ImageFormat.Svg } };
        request.Studies.Add(new Study { Label = "a", LogEstimate = -0.3, StdError = 1e300 });
        request.Studies.Add(new Study { Label = "b", LogEstimate = 0.1, StdError = 0.3 });

        // Act
        var response = await server.Client.PoolStudiesAsync(request);

        // Assert: the study weighs nothing, and the plot is drawn.
        Assert.Equal(0, response.Studies[0].Weights[0], 12);
        Assert.Equal(0.1, response.Pooled[0].LogEstimate, 12);
        Assert.Equal("image/svg+xml", response.ForestPlot.ContentType);
    }

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Bad_input_is_invalid_argument_naming_the_field(string field, Action<PoolStudiesRequest> spoil)
    {
        // Arrange
        var request = new PoolStudiesRequest();
        request.Studies.Add(new Study { Label = "a", LogEstimate = -0.2, StdError = 0.2 });
        request.Studies.Add(new Study { Label = "b", LogEstimate = 0.1, StdError = 0.3 });
        request.Studies.Add(new Study { Label = "c", LogEstimate = -0.4, StdError = 0.25 });
        spoil(request);

        // Act and assert
        await BadRequestAssert.FieldViolationAsync(async () => await server.Client.PoolStudiesAsync(request), field);
    }
}
