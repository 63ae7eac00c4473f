using Survival.TestSupport;
using Survival.V1;

namespace Survival.Server.Tests;

/// <summary>
/// Case weights through the real server: R's weighted curves, Cox model and Cox regression, the same response from
/// subjects, columns and a stream, and the bad inputs and combinations that are rejected by field.
/// </summary>
[Collection(ServerCollection.Name)]
public class CaseWeightsTests(ServerFixture server)
{
    private static readonly WeightedReference Lung = WeightedReference.Named("lung-iptw");

    private static Cohort Subjects(WeightedReference set)
    {
        var cohort = new Cohort { TimeUnit = "days" };
        for (var i = 0; i < set.Times.Length; i++)
        {
            var subject = new Subject { Time = set.Times[i], Event = set.Events[i], Group = set.Groups[i], Stratum = set.Strata[i], Weight = set.Weights[i] };
            subject.Covariates["x1"] = set.X1[i];
            subject.Covariates["x2"] = set.X2[i];
            subject.Factors["f"] = set.F[i];
            cohort.Subjects.Add(subject);
        }
        return cohort;
    }

    private static SubjectColumns Columns(WeightedReference set, int start, int count)
    {
        var groups = set.Groups.Distinct().Order(StringComparer.Ordinal).ToList();
        var strata = set.Strata.Distinct().Order(StringComparer.Ordinal).ToList();
        var columns = new SubjectColumns { GroupLabels = { groups }, StratumLabels = { strata } };
        var x1 = new NumericColumn { Name = "x1" };
        var x2 = new NumericColumn { Name = "x2" };
        var levels = set.F.Distinct().Order(StringComparer.Ordinal).ToList();
        var f = new FactorColumn { Name = "f", Labels = { levels } };
        for (var i = start; i < start + count; i++)
        {
            columns.Time.Add(set.Times[i]);
            columns.Event.Add(set.Events[i]);
            columns.Group.Add((uint)groups.IndexOf(set.Groups[i]));
            columns.Stratum.Add((uint)strata.IndexOf(set.Strata[i]));
            columns.Weight.Add(set.Weights[i]);
            x1.Values.Add(set.X1[i]);
            x2.Values.Add(set.X2[i]);
            f.Codes.Add((uint)levels.IndexOf(set.F[i]));
        }
        columns.Covariates.Add(x1);
        columns.Covariates.Add(x2);
        columns.Factors.Add(f);
        return columns;
    }

    private static AnalyzeCohortRequest Analysis(Cohort? cohort) => new()
    {
        Cohort = cohort,
        Options = new EstimateOptions { LandmarkTimes = { 180, 365 }, RmstTau = 730, MedianFollowUp = true },
        Comparison = new ComparisonOptions { RmstTau = 730, LandmarkTimes = { 365 } },
        Plot = new PlotOptions { Format = ImageFormat.Svg, ShowHazardRatio = true },
    };

    // R: survfit(Surv(time, status) ~ group, weights = weight) and coxph(Surv(time, status) ~ group, weights = weight):
    // curves 1e-9, Cox 1e-6 relative.
    [Fact]
    public async Task Analyze_gives_R_weighted_curves_and_cox_model()
    {
        // Act
        var response = await server.Client.AnalyzeCohortAsync(Analysis(Subjects(Lung)));

        // Assert
        foreach (var group in response.Estimates.Groups)
        {
            var expected = Lung.Root.GetProperty("km").GetProperty(group.Group).GetProperty("log");
            Tolerance.Equal(Json.Doubles(expected, "surv"), [.. group.Curve.Select(p => (double?)p.Survival)], "surv");
            Tolerance.Equal(Json.Doubles(expected, "std_err"), [.. group.Curve.Select(p => p.HasStdError ? p.StdError : (double?)null)], "std.err");
            Tolerance.Equal(Json.Doubles(expected, "lower"), [.. group.Curve.Select(p => p.HasLower ? p.Lower : (double?)null)], "lower");
            Tolerance.Equal(Json.Doubles(expected, "n_risk"), [.. group.Curve.Select(p => (double?)p.WeightedAtRisk)], "n.risk");
            Tolerance.Equal(Json.Doubles(expected, "n_event"), [.. group.Curve.Select(p => (double?)p.WeightedEvents)], "n.event");
            var rmean = Lung.Root.GetProperty("rmean").GetProperty(group.Group);
            Tolerance.Equal(rmean.GetProperty("se").GetDouble(), group.Rmst.StdError, "se(rmean)");
        }
        var cox = Lung.Root.GetProperty("cox").GetProperty("efron").GetProperty("unstratified");
        var term = Assert.Single(response.Comparison.Cox.Terms);
        Tolerance.Equal(Json.Doubles(cox, "coef")[0], term.Coefficient, "coef", 1e-6);
        Tolerance.Equal(Json.Doubles(cox, "se")[0], term.StdError, "robust se", 1e-6);
        Tolerance.Equal(Json.Doubles(cox, "naive_se")[0], term.NaiveStdError, "naive se", 1e-6);
        Tolerance.Equal(cox.GetProperty("wald").GetDouble(), response.Comparison.Cox.Wald.ChiSquare, "Wald", 1e-6);
        Assert.Empty(response.Comparison.Tests);
        Assert.Equal(3, response.Comparison.Contrasts.Count);
        Assert.Contains("<svg", System.Text.Encoding.UTF8.GetString(response.Plot.Image.Span));
    }

    [Fact]
    public async Task Subjects_columns_and_stream_give_the_same_response()
    {
        // Arrange
        var n = Lung.Times.Length;
        var byColumns = Analysis(new Cohort { TimeUnit = "days", Columns = Columns(Lung, 0, n) });

        // Act
        var expected = await server.Client.AnalyzeCohortAsync(Analysis(Subjects(Lung)));
        var fromColumns = await server.Client.AnalyzeCohortAsync(byColumns);
        using var call = server.Client.AnalyzeCohortStream();
        await call.RequestStream.WriteAsync(Analysis(null));
        for (var start = 0; start < n; start += 50)
            await call.RequestStream.WriteAsync(new AnalyzeCohortRequest { Cohort = new Cohort { TimeUnit = "days", Columns = Columns(Lung, start, Math.Min(50, n - start)) } });
        await call.RequestStream.CompleteAsync();
        var fromStream = await call;

        // Assert
        Assert.Equal(expected, fromColumns);
        Assert.Equal(expected, fromStream);
    }

    // R: coxph(Surv(time, status) ~ x1 + x2 + f, weights = weight): coef, robust and naive se; 1e-6 relative.
    [Fact]
    public async Task Fit_cox_model_gives_R_weighted_regression_in_both_forms()
    {
        // Arrange
        var expected = Lung.Root.GetProperty("coxreg").GetProperty("efron");
        var bySubjects = new FitCoxModelRequest { Cohort = Subjects(Lung), Terms = { "x1", "x2", "f" } };
        var byColumns = new FitCoxModelRequest { Cohort = new Cohort { Columns = Columns(Lung, 0, Lung.Times.Length) }, Terms = { "x1", "x2", "f" } };

        // Act
        var fit = await server.Client.FitCoxModelAsync(bySubjects);
        var fromColumns = await server.Client.FitCoxModelAsync(byColumns);

        // Assert
        Tolerance.Equal(Json.Doubles(expected, "coef"), [.. fit.Coefficients.Select(c => (double?)c.Coefficient)], "coef", 1e-6);
        Tolerance.Equal(Json.Doubles(expected, "se"), [.. fit.Coefficients.Select(c => (double?)c.StdError)], "se", 1e-6);
        Tolerance.Equal(Json.Doubles(expected, "naive_se"), [.. fit.Coefficients.Select(c => (double?)c.NaiveStdError)], "naive se", 1e-6);
        Assert.Equal(fit, fromColumns);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-2.0)]
    [InlineData(double.NaN)]
    public async Task A_bad_weight_is_named_in_every_form(double weight)
    {
        // Arrange
        var subjects = Subjects(Lung);
        subjects.Subjects[3].Weight = weight;
        var columns = new Cohort { Columns = Columns(Lung, 0, Lung.Times.Length) };
        columns.Columns.Weight[5] = weight;

        // Act / Assert
        await BadRequestAssert.FieldViolationAsync(() => server.Client.EstimateSurvivalAsync(new() { Cohort = subjects }).ResponseAsync, "cohort.subjects[3].weight");
        await BadRequestAssert.FieldViolationAsync(() => server.Client.EstimateSurvivalAsync(new() { Cohort = columns }).ResponseAsync, "cohort.columns.weight[5]");
        await BadRequestAssert.FieldViolationAsync(() => server.Client.FitCoxModelAsync(new() { Cohort = subjects }).ResponseAsync, "cohort.subjects[3].weight");
    }

    [Fact]
    public async Task A_weight_column_of_the_wrong_length_is_named()
    {
        // Arrange
        var cohort = new Cohort { Columns = Columns(Lung, 0, Lung.Times.Length) };
        cohort.Columns.Weight.RemoveAt(0);

        // Act / Assert
        await BadRequestAssert.FieldViolationAsync(() => server.Client.EstimateSurvivalAsync(new() { Cohort = cohort }).ResponseAsync, "cohort.columns.weight");
    }

    [Fact]
    public async Task Tests_that_take_no_weights_are_rejected_by_field()
    {
        // Arrange
        var request = new CompareGroupsRequest { Cohort = Subjects(Lung), Weights = { TestWeight.Logrank }, Pairwise = true, Ties = V1.TieMethod.Exact };
        var analysis = Analysis(Subjects(Lung));
        analysis.Plot.ShowPValue = true;

        // Act / Assert
        var badRequest = await BadRequestAssert.FieldViolationAsync(() => server.Client.CompareGroupsAsync(request).ResponseAsync, "weights");
        Assert.Contains(badRequest.FieldViolations, v => v.Field == "pairwise");
        Assert.Contains(badRequest.FieldViolations, v => v.Field == "ties");
        await BadRequestAssert.FieldViolationAsync(() => server.Client.AnalyzeCohortAsync(analysis).ResponseAsync, "plot.show_p_value");
    }

    [Fact]
    public async Task Fractional_weights_with_delayed_entry_are_estimated()
    {
        // Arrange
        var cohort = new Cohort { Subjects = { new Subject { Time = 5, Event = true, Weight = 0.5, EntryTime = 1 }, new Subject { Time = 7, Event = false } } };

        // Act
        var response = await server.Client.EstimateSurvivalAsync(new() { Cohort = cohort });

        // Assert: at 5 the weight at risk is 0.5 + 1 and the event's 0.5, so S = 1 − 0.5/1.5.
        var point = Assert.Single(response.Groups).Curve.First(p => p.Time == 5);
        Assert.Equal(2.0 / 3, point.Survival, 12);
    }
}
