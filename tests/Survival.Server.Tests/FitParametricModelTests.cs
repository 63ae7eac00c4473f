using Survival.TestSupport;
using Survival.V1;

namespace Survival.Server.Tests;

/// <summary>
/// FitParametricModel through a real channel: R's survreg values (tests/fixtures/r-parametric, 1e-6 relative with the
/// fixture's rel.tolerance 1e-12 reached by survreg's default here: the same iterations, compared at 1e-7), the same
/// fits from subjects, packed columns and count rows, the default six ordered by AIC, and the three figures.
/// </summary>
[Collection(ServerCollection.Name)]
public class FitParametricModelTests(ServerFixture server)
{
    /// <summary>The set's subjects with their covariates and factors, its terms and profiles.</summary>
    internal static FitParametricModelRequest FromSet(ParametricReferenceSet set)
    {
        var request = new FitParametricModelRequest { Cohort = new Cohort(), Terms = { set.Terms }, ConfLevel = set.ConfLevel };
        for (var i = 0; i < set.Times.Length; i++)
        {
            var subject = new Subject { Time = set.Times[i], Event = set.Kinds[i] == Core.Parametric.CensoringKind.Exact };
            foreach (var (name, values) in set.Covariates) subject.Covariates[name] = values[i];
            foreach (var (name, labels) in set.Factors) subject.Factors[name] = labels[i];
            if (set.Strata is not null) subject.Stratum = set.Strata[i];
            if (set.Weights is not null) subject.Weight = set.Weights[i];
            if (set.Entries is not null) subject.EntryTime = set.Entries[i];
            request.Cohort.Subjects.Add(subject);
        }
        request.Stratified = set.Strata is not null;
        foreach (var profile in set.Profiles())
        {
            request.Profiles.Add(new PredictionProfile
            {
                Label = profile.Label, Covariates = { profile.Covariates.ToDictionary() }, Factors = { profile.Factors.ToDictionary() }, Stratum = profile.Stratum ?? "",
            });
        }
        request.Times.AddRange(set.SampleTimes);
        if (set.Tau is { } tau) request.RmstTau = tau;
        return request;
    }

    /// <summary>The ILLUSTRATIVE seven-patient cohort's overall survival, in months.</summary>
    internal static Cohort SevenPatientOs()
    {
        var (times, events) = ExampleCohort.OverallSurvival();
        var cohort = Cohorts.Of([.. times.Zip(events)]);
        cohort.TimeUnit = "months";
        return cohort;
    }

    public static TheoryData<string> SurvregSets() => ["lung_age_sex_ecog", "veteran_factors", "veteran_strata", "lung_weights"];

    [Theory]
    [MemberData(nameof(SurvregSets))]
    public async Task Survreg_families_equal_R(string file)
    {
        // Arrange
        var set = ParametricReferenceSet.Named(file);
        var request = FromSet(set);
        request.Distributions.Add([Distribution.Weibull, Distribution.LogNormal, Distribution.LogLogistic]);

        // Act
        var response = await server.Client.FitParametricModelAsync(request);

        // Assert
        Assert.Equal(3, response.Fits.Count);
        foreach (var fit in response.Fits)
        {
            var name = fit.Distribution switch { Distribution.Weibull => "weibull", Distribution.LogNormal => "lognormal", _ => "loglogistic" };
            var expected = set.Fit(name);
            Assert.Equal(expected.GetProperty("iterations").GetInt32(), fit.Iterations);
            Tolerance.Equal(Json.Doubles(expected, "coef"), [.. fit.Coefficients.Select(c => (double?)c.Estimate)], $"{name} coef", 1e-7);
            Tolerance.Equal(Json.Doubles(expected, "se"), [.. fit.Coefficients.Select(c => (double?)c.StdError)], $"{name} se", 1e-6);
            Tolerance.Equal(Json.Double(expected.GetProperty("loglik")), fit.LogLikelihood, $"{name} loglik", 1e-9);
            Tolerance.Equal(Json.Double(expected.GetProperty("aic")), fit.Aic, $"{name} AIC", 1e-9);
            Assert.Equal(Json.Strings(expected.GetProperty("names")).Take(fit.Coefficients.Count), fit.Coefficients.Select(c => c.Term + c.Level));
            var predictions = expected.GetProperty("predictions").EnumerateArray().ToArray();
            Assert.Equal(predictions.Length, fit.Predictions.Count);
            for (var k = 0; k < predictions.Length; k++)
            {
                Tolerance.Equal(Json.Doubles(predictions[k], "surv"), [.. fit.Predictions[k].AtTimes.Select(p => (double?)p.Survival)], $"{name} S", 1e-6);
                Tolerance.Equal(Json.Doubles(predictions[k], "quantile"), [.. fit.Predictions[k].Quantiles.Select(q => (double?)q.Time)], $"{name} quantiles", 1e-6);
                Tolerance.Equal(Json.Double(predictions[k].GetProperty("rmst")), fit.Predictions[k].Rmst.Estimate, $"{name} RMST", 1e-6);
            }
        }
        Assert.Equal(response.Fits.Select(f => f.Aic), response.Fits.Select(f => f.Aic).Order());
    }

    [Fact]
    public async Task Subjects_columns_and_count_rows_give_the_same_fits()
    {
        // Arrange: the registry's three arms as subjects, as packed columns and as count rows of (arm, day).
        var set = ParametricReferenceSet.Named("registry_days");
        var arms = set.Factors["group"];
        var subjects = new Cohort { TimeUnit = "days" };
        var columns = new SubjectColumns();
        var labels = arms.Distinct().Order(StringComparer.Ordinal).ToList();
        var counts = new Dictionary<(string, double), CountRow>();
        for (var i = 0; i < set.Times.Length; i++)
        {
            var evt = set.Kinds[i] == Core.Parametric.CensoringKind.Exact;
            subjects.Subjects.Add(new Subject { Time = set.Times[i], Event = evt, Group = arms[i] });
            columns.Time.Add(set.Times[i]);
            columns.Event.Add(evt);
            columns.Group.Add((uint)labels.IndexOf(arms[i]));
            if (!counts.TryGetValue((arms[i], set.Times[i]), out var row)) counts[(arms[i], set.Times[i])] = row = new CountRow { Group = arms[i], Time = set.Times[i] };
            if (evt) row.Events++;
            else row.Censored++;
        }
        columns.GroupLabels.Add(labels);
        var forms = new[] { subjects, new Cohort { TimeUnit = "days", Columns = columns }, new Cohort { TimeUnit = "days", Counts = { counts.Values } } };

        // Act
        var responses = new List<FitParametricModelResponse>();
        foreach (var cohort in forms) responses.Add(await server.Client.FitParametricModelAsync(new FitParametricModelRequest { Cohort = cohort, Times = { 365 } }));

        // Assert: six fits each, the group factor by default, equal to R and to each other.
        foreach (var response in responses)
        {
            Assert.Equal(6, response.Fits.Count);
            Assert.Equal(3000, response.Subjects);
            foreach (var fit in response.Fits)
            {
                var name = fit.Distribution switch
                {
                    Distribution.Exponential => "exponential", Distribution.Weibull => "weibull", Distribution.LogNormal => "lognormal",
                    Distribution.LogLogistic => "loglogistic", Distribution.Gompertz => "gompertz", _ => "gengamma",
                };
                var expected = set.Fit(name);
                Tolerance.Equal(Json.Double(expected.GetProperty("loglik")), fit.LogLikelihood, $"{name} loglik", 1e-9);
                Assert.Equal(["(Intercept)", "groupdrug_a", "groupdrug_b"], fit.Coefficients.Select(c => c.Term + c.Level));
                Assert.Equal(["control", "drug_a", "drug_b"], fit.Predictions.Select(p => p.Label));
            }
        }
        for (var f = 0; f < 6; f++)
        {
            Tolerance.Equal(responses[0].Fits[f].LogLikelihood, responses[2].Fits[f].LogLikelihood, "counts loglik", 1e-12);
            Tolerance.Equal(responses[1].Fits[f].Coefficients.Select(c => (double?)c.Estimate).ToArray(),
                responses[2].Fits[f].Coefficients.Select(c => (double?)c.Estimate).ToArray(), "counts coef", 1e-8);
        }
    }

    [Fact]
    public async Task The_seven_patient_series_fits_what_two_events_allow_and_says_why_not_the_rest()
    {
        // Arrange: ILLUSTRATIVE data; 2 events support the two-parameter families, not the generalized gamma's three.
        var request = new FitParametricModelRequest { Cohort = SevenPatientOs(), Horizon = 60, Times = { 12, 24, 60 } };

        // Act
        var response = await server.Client.FitParametricModelAsync(request);

        // Assert
        Assert.Equal(6, response.Fits.Count);
        var gamma = response.Fits.Single(f => f.Distribution == Distribution.GeneralizedGamma);
        Assert.False(gamma.Converged);
        Assert.Contains("more than the 2 events", gamma.NotConvergedReason);
        Assert.Same(gamma, response.Fits[^1]);
        Assert.All(response.Fits.SkipLast(1), f => Assert.True(f.Converged, f.NotConvergedReason));
        Assert.Equal(51, response.LastFollowUp);
        var weibull = response.Fits.Single(f => f.Distribution == Distribution.Weibull);
        Assert.Equal(101, weibull.Predictions.Single().Curve.Count);
        Assert.Equal(60, weibull.Predictions.Single().Curve[^1].Time);
        Tolerance.Equal(Json.Double(ParametricReferenceSet.Named("seven_patient_os").Fit("weibull").GetProperty("predictions")[0].GetProperty("mean")),
            weibull.Predictions.Single().Mean.Estimate, "Weibull mean", 1e-6);
    }

    [Fact]
    public async Task The_three_figures_are_drawn_when_asked()
    {
        // Arrange
        var request = new FitParametricModelRequest
        {
            Cohort = SevenPatientOs(), Horizon = 60, Plot = new PlotOptions(),
            HazardPlot = new PlotOptions { Format = ImageFormat.Svg }, DiagnosticPlot = new PlotOptions { Width = 600, Height = 400 },
        };

        // Act
        var response = await server.Client.FitParametricModelAsync(request);

        // Assert
        Assert.Equal("image/png", response.Plot.ContentType);
        Assert.True(response.Plot.Image.Span[..8].SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }));
        Assert.Equal("image/svg+xml", response.HazardPlot.ContentType);
        Assert.Contains("Weibull (AIC", response.HazardPlot.Image.ToStringUtf8());
        Assert.Equal((600, 400), (response.DiagnosticPlot.Width, response.DiagnosticPlot.Height));
    }
}
