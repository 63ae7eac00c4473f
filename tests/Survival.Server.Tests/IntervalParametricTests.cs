using Survival.Core.Parametric;
using Survival.TestSupport;
using Survival.V1;

namespace Survival.Server.Tests;

/// <summary>
/// FitParametricModel of interval-censored cohorts through a real channel: subjects given by interval_left/right (mixed
/// with subjects given by time and event), packed interval columns and interval count rows equal R's
/// <c>survreg(Surv(lo, hi, type = "interval2") ~ ...)</c> (tests/fixtures/r-parametric/interval_*: the log-likelihood
/// 1e-9 relative, coefficients and standard errors 1e-8 at survreg's default control; predictions 1e-6 as for
/// right-censored fits) and the written
/// Gompertz and generalized gamma likelihood; Turnbull's curve is drawn under the fits; bad intervals are refused by the
/// cohort's one set of interval rules.
/// </summary>
[Collection(ServerCollection.Name)]
public class IntervalParametricTests(ServerFixture server)
{
    private static readonly Dictionary<Distribution, string> Names = new()
    {
        [Distribution.Exponential] = "exponential", [Distribution.Weibull] = "weibull", [Distribution.LogNormal] = "lognormal",
        [Distribution.LogLogistic] = "loglogistic", [Distribution.Gompertz] = "gompertz", [Distribution.GeneralizedGamma] = "gengamma",
    };

    /// <summary>The set's subjects: exact and right-censored ones by time and event on even rows, every other by its interval.</summary>
    private static FitParametricModelRequest FromSet(ParametricReferenceSet set)
    {
        var request = FitParametricModelTests.FromSet(set);
        for (var i = 0; i < set.Times.Length; i++)
        {
            var subject = request.Cohort.Subjects[i];
            // The fixtures' factor "group" is the cohort's group labels (the term `group`).
            if (subject.Factors.Remove("group", out var group)) subject.Group = group;
            var kind = set.Kinds[i];
            if (i % 2 == 0 && kind is CensoringKind.Exact or CensoringKind.RightCensored) continue;
            subject.ClearTime();
            subject.Event = false;
            switch (kind)
            {
                case CensoringKind.Exact: (subject.IntervalLeft, subject.IntervalRight) = (set.Times[i], set.Times[i]); break;
                case CensoringKind.RightCensored: subject.IntervalLeft = set.Times[i]; break;
                case CensoringKind.LeftCensored: subject.IntervalRight = set.Times[i]; break;
                default: (subject.IntervalLeft, subject.IntervalRight) = (set.Times[i], set.Upper![i]); break;
            }
        }
        return request;
    }

    [Theory]
    [InlineData("interval_regression")]
    [InlineData("interval_regression_unstratified")]
    [InlineData("interval_bcdeter")]
    public async Task Subjects_with_intervals_equal_survreg_interval2(string file)
    {
        // Arrange
        var set = ParametricReferenceSet.Named(file);
        var request = FromSet(set);

        // Act
        var response = await server.Client.FitParametricModelAsync(request);

        // Assert
        Assert.Equal(set.Times.Length, response.Subjects);
        Assert.Equal(set.Kinds.Count(k => k != CensoringKind.RightCensored), response.Events);
        foreach (var fit in response.Fits)
        {
            var name = Names[fit.Distribution];
            if (!set.DistributionNames.Contains(name))
            {
                // R fits no exponential with strata (it has no scale to stratify): ours says so beside its fit.
                Assert.Equal(Distribution.Exponential, fit.Distribution);
                Assert.NotEmpty(fit.Note);
                continue;
            }
            var expected = set.Fit(name);
            var survreg = set.IsSurvreg(name);
            // survreg families: the service runs survreg's default control (rel.tolerance 1e-9), which stops within about
            // 1e-9 of the maximum R found at 1e-12: 1e-8 (the engine at 1e-12 equals it to 1e-9, in the Core tests). The
            // written likelihood's maximum 1e-6, its standard errors (numDeriv's Hessian) 1e-4.
            var (estimates, errors) = survreg ? (1e-8, 1e-8) : (1e-6, 1e-4);
            Assert.True(fit.Converged, fit.NotConvergedReason);
            Assert.Equal(Json.Strings(expected.GetProperty("names")).Take(fit.Coefficients.Count), fit.Coefficients.Select(c => c.Term + c.Level));
            var coef = Json.Doubles(expected, "coef");
            var se = Json.Doubles(expected, "se");
            for (var c = 0; c < coef.Length; c++)
                Tolerance.Equal(coef[c], fit.Coefficients[c].Estimate, $"{name} coef[{c}]", estimates * Math.Max(1, se[c]!.Value / Math.Abs(coef[c]!.Value)));
            Tolerance.Equal(se, [.. fit.Coefficients.Select(c => (double?)c.StdError)], $"{name} se", errors);
            if (survreg && name != "exponential")
            {
                Tolerance.Equal(Json.Doubles(expected, "ancillary"), [.. fit.Ancillary.Where(a => a.Name == "Log(scale)").Select(a => (double?)a.Estimate)], $"{name} Log(scale)", estimates);
                Tolerance.Equal(Json.Doubles(expected, "ancillary_se"), [.. fit.Ancillary.Where(a => a.Name == "Log(scale)").Select(a => a.StdError)], $"{name} se Log(scale)", errors);
            }
            Tolerance.Equal(Json.Double(expected.GetProperty("loglik")), fit.LogLikelihood, $"{name} loglik", 1e-9);
            Tolerance.Equal(Json.Double(expected.GetProperty("bic")), fit.Bic, $"{name} BIC", 1e-9);
            var predictions = expected.GetProperty("predictions").EnumerateArray().ToArray();
            Assert.Equal(predictions.Length, fit.Predictions.Count);
            for (var k = 0; k < predictions.Length; k++)
            {
                Tolerance.Equal(Json.Doubles(predictions[k], "surv"), [.. fit.Predictions[k].AtTimes.Select(p => (double?)p.Survival)], $"{name} S", 1e-6);
                Tolerance.Equal(Json.Doubles(predictions[k], "quantile"), [.. fit.Predictions[k].Quantiles.Select(q => q.HasTime ? q.Time : (double?)null)], $"{name} quantiles", 1e-6);
                Tolerance.Equal(Json.Double(predictions[k].GetProperty("rmst")), fit.Predictions[k].Rmst.Estimate, $"{name} RMST", 1e-6);
            }
        }
    }

    [Fact]
    public async Task Subjects_columns_and_interval_count_rows_give_the_same_fits()
    {
        // Arrange: the 600 PFS-like visit schedules as subjects, as packed interval columns and as count rows of
        // (arm, left, right) — what `GROUP BY grp, l, r` returns.
        var set = ParametricReferenceSet.Named("interval_visit_schedule");
        var arms = set.Factors["group"];
        var labels = arms.Distinct().Order(StringComparer.Ordinal).ToList();
        var subjects = new Cohort { TimeUnit = "days" };
        var columns = new SubjectColumns { GroupLabels = { labels } };
        var rows = new Dictionary<(string, double, double), CountRow>();
        for (var i = 0; i < set.Times.Length; i++)
        {
            var (left, right) = set.Kinds[i] switch
            {
                CensoringKind.Exact => (set.Times[i], set.Times[i]),
                CensoringKind.RightCensored => (set.Times[i], double.PositiveInfinity),
                CensoringKind.LeftCensored => (0, set.Times[i]),
                _ => (set.Times[i], set.Upper![i]),
            };
            subjects.Subjects.Add(new Subject { Group = arms[i], IntervalLeft = left, IntervalRight = right });
            columns.IntervalLeft.Add(left);
            columns.IntervalRight.Add(right);
            columns.Group.Add((uint)labels.IndexOf(arms[i]));
            if (!rows.TryGetValue((arms[i], left, right), out var row))
                rows[(arms[i], left, right)] = row = new CountRow { Group = arms[i], IntervalLeft = left, IntervalRight = right };
            row.Count++;
        }
        Cohort[] forms = [subjects, new Cohort { TimeUnit = "days", Columns = columns }, new Cohort { TimeUnit = "days", Counts = { rows.Values } }];

        // Act
        var responses = new List<FitParametricModelResponse>();
        foreach (var cohort in forms) responses.Add(await server.Client.FitParametricModelAsync(new FitParametricModelRequest { Cohort = cohort, Times = { 365 } }));

        // Assert: all six, the arm factor by default, equal to R and to each other.
        Assert.True(rows.Count < set.Times.Length);
        foreach (var response in responses)
        {
            Assert.Equal(6, response.Fits.Count);
            Assert.Equal(600, response.Subjects);
            foreach (var fit in response.Fits)
            {
                var name = Names[fit.Distribution];
                var expected = set.Fit(name);
                Assert.Equal(["(Intercept)", "grouptreatment"], fit.Coefficients.Select(c => c.Term + c.Level));
                Tolerance.Equal(Json.Double(expected.GetProperty("loglik")), fit.LogLikelihood, $"{name} loglik", 1e-9);
                Tolerance.Equal(Json.Double(expected.GetProperty("aic")), fit.Aic, $"{name} AIC", 1e-9);
                var twin = responses[0].Fits.Single(f => f.Distribution == fit.Distribution);
                Tolerance.Equal([.. twin.Coefficients.Select(c => (double?)c.Estimate)], [.. fit.Coefficients.Select(c => (double?)c.Estimate)], $"{name} coef", 1e-9);
                Tolerance.Equal([.. twin.Coefficients.Select(c => (double?)c.StdError)], [.. fit.Coefficients.Select(c => (double?)c.StdError)], $"{name} se", 1e-8);
            }
        }
    }

    public static TheoryData<string, Action<FitParametricModelRequest>> BadRequests() => new()
    {
        // The cohort's interval rules, as every RPC applies them.
        { "cohort.subjects[0].interval_right", r => r.Cohort.Subjects[0].IntervalRight = 1 },
        { "cohort.subjects[0].interval_left", r => r.Cohort.Subjects[0].IntervalLeft = -1 },
        { "cohort.subjects[0].time", r => r.Cohort.Subjects[0].Time = 3 },
        // The parametric rules, pointing at the interval that breaks them: a time of 0 on the log scale.
        { "cohort.subjects[3].interval_right", r => (r.Cohort.Subjects[3].IntervalLeft, r.Cohort.Subjects[3].IntervalRight) = (0, 0) },
        { "cohort.subjects[2].interval_left", r => r.Cohort.Subjects[2].IntervalLeft = 0 },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_intervals_name_the_field(string field, Action<FitParametricModelRequest> spoil)
    {
        // Arrange
        var request = new FitParametricModelRequest
        {
            Cohort = new Cohort
            {
                Subjects =
                {
                    new Subject { Group = "a", IntervalLeft = 2, IntervalRight = 5 },
                    new Subject { Group = "b", IntervalLeft = 0, IntervalRight = 3 },
                    new Subject { Group = "a", IntervalLeft = 4 },
                    new Subject { Group = "b", IntervalLeft = 6, IntervalRight = 6 },
                    new Subject { Group = "a", IntervalLeft = 1, IntervalRight = 4 },
                    new Subject { Group = "b", IntervalLeft = 3, IntervalRight = 8 },
                },
            },
            Distributions = { Distribution.Weibull },
        };
        spoil(request);

        // Act and assert
        await BadRequestAssert.FieldViolationAsync(() => server.Client.FitParametricModelAsync(request).ResponseAsync, field);
    }

    [Fact]
    public async Task The_interval_plot_overlays_the_chosen_fits_and_refuses_an_unknown_one()
    {
        // Arrange
        var set = ParametricReferenceSet.Named("interval_bcdeter");
        var request = new AnalyzeCohortRequest
        {
            Cohort = FromSet(set).Cohort,
            Options = new EstimateOptions { Interval = new IntervalEstimateOptions { BootstrapReplicates = 0, OverlayDistributions = { Distribution.Weibull, Distribution.Gompertz } } },
            Plot = new V1.PlotOptions { Format = ImageFormat.Svg },
        };
        var bad = request.Clone();
        bad.Options.Interval.OverlayDistributions.Add(Distribution.Unspecified);

        // Act
        var response = await server.Client.AnalyzeCohortAsync(request);

        // Assert: one dashed line per arm and distribution, named in the legend.
        var svg = response.Plot.Image.ToStringUtf8();
        foreach (var label in new[] { "Weibull: Rad", "Weibull: RadChem", "Gompertz: Rad", "Gompertz: RadChem" }) Assert.Contains(label, svg);
        await BadRequestAssert.FieldViolationAsync(() => server.Client.AnalyzeCohortAsync(bad).ResponseAsync, "options.interval.overlay_distributions[2]");
    }

    [Fact]
    public async Task The_fits_are_drawn_over_turnbulls_curve()
    {
        // Arrange
        var set = ParametricReferenceSet.Named("interval_bcdeter");
        var request = FromSet(set);
        request.Cohort.TimeUnit = "months";
        request.Distributions.Add([Distribution.Weibull, Distribution.LogNormal]);
        request.Plot = new V1.PlotOptions { Format = ImageFormat.Svg, Title = "Breast cosmesis" };

        // Act
        var response = await server.Client.FitParametricModelAsync(request);

        // Assert: the legend names Turnbull's curves (not Kaplan–Meier's) and the two fits.
        var svg = response.Plot.Image.ToStringUtf8();
        Assert.Contains("Turnbull: Rad", svg);
        Assert.Contains("Turnbull: RadChem", svg);
        Assert.DoesNotContain("Kaplan", svg);
        Assert.Contains("Weibull", svg);
        Assert.Contains("Log-normal", svg);
    }
}
