using Survival.Core.Counting;
using Survival.Core.Parametric;
using Survival.Core.Regression;
using Survival.TestSupport;

namespace Survival.Core.Tests;

/// <summary>
/// The parametric engine's forms and edges: the counting-table form equals the per-subject form; a hand-worked
/// exponential; bad data and options named; fits that cannot be trusted reported as such, with their values.
/// </summary>
public class ParametricEdgeCaseTests
{
    public static TheoryData<string> GroupSets() => ["registry_days", "lung_sex"];

    [Theory]
    [MemberData(nameof(GroupSets))]
    public void The_counting_table_gives_the_per_subject_fit(string file)
    {
        // Arrange: the group factor alone, as subjects and as the counting table of those subjects.
        var set = ParametricReferenceSet.Named(file);
        var factor = (FactorCovariate)set.TermList().Single();
        var survival = SurvivalData.Create(set.Times, [.. set.Kinds.Select(k => k == CensoringKind.Exact)]);
        var counts = ParametricData.FromCounts(CountingTable.FromSubjects(survival, factor.Factor), groupTerm: true, stratified: false);
        var options = ParametricReferenceTests.Options(set) with { Profiles = [] };

        foreach (var distribution in ParametricRegression.AllDistributions)
        {
            // Act
            var subjects = ParametricRegression.Fit(set.Data(), distribution, options);
            var table = ParametricRegression.Fit(counts, distribution, options);

            // Assert
            Assert.Equal(subjects.Iterations, table.Iterations);
            Tolerance.Equal([.. subjects.Coefficients.Select(c => c.Estimate)], [.. table.Coefficients.Select(c => c.Estimate)], $"{distribution} coef", 1e-9);
            Tolerance.Equal([.. subjects.Coefficients.Select(c => c.StdError)], [.. table.Coefficients.Select(c => c.StdError)], $"{distribution} se", 1e-8);
            Tolerance.Equal(subjects.LogLikelihood, table.LogLikelihood, $"{distribution} loglik", 1e-12);
            Tolerance.Equal(subjects.Bic, table.Bic, $"{distribution} BIC", 1e-12);
            Assert.Equal(subjects.Coefficients.Select(c => c.Level), table.Coefficients.Select(c => c.Level));
        }
    }

    [Fact]
    public void Delayed_entry_in_the_counting_table_gives_the_per_subject_fit()
    {
        // Arrange: entries counted by time are the truncation terms −log S(e), which add over subjects.
        var set = ParametricReferenceSet.Named("delayed_entry");
        var group = Factor.Create(set.Factors["g"]);
        var survival = SurvivalData.Create(set.Entries!, set.Times, [.. set.Kinds.Select(k => k == CensoringKind.Exact)]);
        var subjects = ParametricData.Create(survival, [new FactorCovariate("group", group)]);
        var counts = ParametricData.FromCounts(CountingTable.FromSubjects(survival, group), groupTerm: true, stratified: false);

        foreach (var distribution in ParametricRegression.AllDistributions)
        {
            // Act
            var a = ParametricRegression.Fit(subjects, distribution);
            var b = ParametricRegression.Fit(counts, distribution);

            // Assert
            Tolerance.Equal(a.LogLikelihood, b.LogLikelihood, $"{distribution} loglik", 1e-12);
            Tolerance.Equal([.. a.Coefficients.Select(c => c.Estimate)], [.. b.Coefficients.Select(c => c.Estimate)], $"{distribution} coef", 1e-8);
        }
    }

    [Fact]
    public void The_exponential_without_covariates_is_events_over_time_at_risk()
    {
        // Arrange: D events in T time at risk: rate D/T, survreg's intercept log(T/D) with se 1/√D, mean T/D,
        // median log 2 · T/D (Collett 2015, section 5.1).
        double[] times = [2, 3, 5, 7, 11, 13, 17, 19];
        bool[] events = [true, false, true, true, false, true, false, true];
        var data = ParametricData.Create(SurvivalData.Create(times, events), []);
        double d = events.Count(e => e), t = times.Sum();

        // Act
        var fit = ParametricRegression.Fit(data, ParametricDistribution.Exponential, new ParametricOptions { Tolerance = 1e-12, Quantiles = [0.5] });

        // Assert
        var intercept = fit.Coefficients.Single();
        Assert.Equal(Math.Log(t / d), intercept.Estimate!.Value, 10);
        Assert.Equal(1 / Math.Sqrt(d), intercept.StdError!.Value, 10);
        Assert.Equal(d * Math.Log(d / t) - d, fit.LogLikelihood!.Value, 10);
        var prediction = fit.Predictions.Single();
        Assert.Equal(t / d, prediction.Mean.Estimate!.Value, 8);
        Assert.Equal(Math.Log(2) * t / d, prediction.Quantiles.Single().Time!.Value, 10);
        Assert.Equal(1, fit.ParameterCount);
        Assert.Null(fit.LikelihoodRatio.ChiSquare);
    }

    [Fact]
    public void A_time_of_zero_is_refused_on_the_log_scale_and_fitted_by_the_Gompertz()
    {
        // Arrange
        var data = ParametricData.Create(SurvivalData.Create([0, 3, 5, 8, 9], [true, true, false, true, true]), []);

        // Act
        var refused = Assert.Throws<InputRuleException>(() => ParametricRegression.Fit(data, ParametricDistribution.Weibull));
        var gompertz = ParametricRegression.Fit(data, ParametricDistribution.Gompertz);

        // Assert
        Assert.Equal("cohort", refused.Input);
        Assert.Contains("Weibull", refused.Message);
        Assert.True(gompertz.Converged, gompertz.NotConvergedReason);
    }

    [Fact]
    public void More_parameters_than_events_and_no_events_are_refused()
    {
        // Arrange
        var two = ParametricData.Create(SurvivalData.Create([1, 2, 3, 4], [true, false, true, false]), []);
        var none = ParametricData.Create(SurvivalData.Create([1, 2, 3], [false, false, false]), []);

        // Act
        var tooMany = Assert.Throws<InputRuleException>(() => ParametricRegression.Fit(two, ParametricDistribution.GeneralizedGamma));
        var noEvents = Assert.Throws<InputRuleException>(() => ParametricRegression.Fit(none, ParametricDistribution.Weibull));

        // Assert
        Assert.Equal("terms", tooMany.Input);
        Assert.Contains("3 parameters", tooMany.Message);
        Assert.Equal("cohort", noEvents.Input);
        Assert.True(ParametricRegression.Fit(two, ParametricDistribution.Weibull).Converged);
    }

    [Theory]
    [InlineData("horizon")]
    [InlineData("times[0]")]
    [InlineData("quantiles[0]")]
    [InlineData("rmst_tau")]
    public void Options_that_break_their_rules_are_named(string input)
    {
        // Arrange
        var data = ParametricReferenceSet.Named("lung_sex").Data();
        var options = input switch
        {
            "horizon" => new ParametricOptions { Horizon = double.PositiveInfinity },
            "times[0]" => new ParametricOptions { Times = [-1] },
            "quantiles[0]" => new ParametricOptions { Quantiles = [1] },
            _ => new ParametricOptions { RmstTau = 0 },
        };

        // Act
        var error = Assert.Throws<InputRuleException>(() => ParametricRegression.Fit(data, ParametricDistribution.Weibull, options));

        // Assert
        Assert.Equal(input, error.Input);
    }

    [Fact]
    public void A_fit_stopped_early_is_reported_with_its_values_and_the_reason()
    {
        // Arrange
        var data = ParametricReferenceSet.Named("lung_age_sex_ecog").Data();

        // Act
        var fit = ParametricRegression.Fit(data, ParametricDistribution.Weibull, new ParametricOptions { MaxIterations = 1 });

        // Assert
        Assert.False(fit.Converged);
        Assert.Contains("did not converge in 1 iterations", fit.NotConvergedReason);
        Assert.All(fit.Coefficients, c => Assert.True(double.IsFinite(c.Estimate!.Value)));
    }

    [Fact]
    public void The_exponential_with_strata_notes_that_it_has_no_scale_to_stratify()
    {
        // Arrange
        var set = ParametricReferenceSet.Named("veteran_strata");

        // Act
        var fits = ParametricRegression.Fit(set.Data(), [ParametricDistribution.Exponential, ParametricDistribution.Weibull]);

        // Assert
        var exponential = fits.Single(f => f.Distribution == ParametricDistribution.Exponential);
        Assert.Contains("no scale", exponential.Note);
        Assert.Empty(exponential.Ancillary);
        var weibull = fits.Single(f => f.Distribution == ParametricDistribution.Weibull);
        Assert.Equal(4, weibull.Ancillary.Length);
        Assert.All(weibull.Coefficients.Skip(1), c => Assert.NotNull(c.HazardRatio!.NotEstimableReason));
    }

    [Fact]
    public void Fits_come_ordered_by_AIC_and_the_generalized_gamma_is_never_below_its_special_cases()
    {
        // Arrange
        var data = ParametricReferenceSet.Named("lung_age_sex_ecog").Data();

        // Act
        var fits = ParametricRegression.Fit(data, []);

        // Assert
        Assert.Equal(6, fits.Length);
        Assert.Equal(fits.Select(f => f.Aic), fits.Select(f => f.Aic).Order());
        var gamma = fits.Single(f => f.Distribution == ParametricDistribution.GeneralizedGamma).LogLikelihood!.Value;
        Assert.True(gamma >= fits.Single(f => f.Distribution == ParametricDistribution.Weibull).LogLikelihood!.Value - 1e-9);
        Assert.True(gamma >= fits.Single(f => f.Distribution == ParametricDistribution.LogNormal).LogLikelihood!.Value - 1e-9);
    }

    [Fact]
    public void Default_profiles_are_the_levels_of_the_first_factor_and_a_missing_term_is_named()
    {
        // Arrange
        var data = ParametricReferenceSet.Named("lung_age_sex_ecog").Data();
        var incomplete = new ParametricProfile("no age", new Dictionary<string, double> { ["ph.ecog"] = 1 }, new Dictionary<string, string> { ["sex"] = "male" });

        // Act
        var fit = ParametricRegression.Fit(data, ParametricDistribution.LogNormal);
        var error = Assert.Throws<InputRuleException>(() =>
            ParametricRegression.Fit(data, ParametricDistribution.LogNormal, new ParametricOptions { Profiles = [incomplete] }));

        // Assert
        Assert.Equal(["female", "male"], fit.Predictions.Select(p => p.Label));
        Assert.Equal("profiles[0].covariates[\"age\"]", error.Input);
    }

    [Fact]
    public void A_Gompertz_with_a_falling_hazard_has_a_cured_fraction_no_mean_and_quantiles_beyond_it_not_reached()
    {
        // Arrange: events early, then long survivors: a < 0.
        double[] times = [1, 1.5, 2, 2.2, 3, 4, 30, 40, 50, 60, 70, 80];
        bool[] events = [true, true, true, true, true, true, false, false, false, false, false, false];
        var data = ParametricData.Create(SurvivalData.Create(times, events), []);

        // Act
        var fit = ParametricRegression.Fit(data, ParametricDistribution.Gompertz, new ParametricOptions { Quantiles = [0.25, 0.75] });

        // Assert
        Assert.True(fit.Ancillary.Single().Estimate < 0);
        var prediction = fit.Predictions.Single();
        Assert.NotNull(prediction.Quantiles[0].Time);
        Assert.Null(prediction.Quantiles[1].Time);
        Assert.Null(prediction.Mean.Estimate);
        Assert.Contains("never has the event", prediction.Mean.NotEstimableReason);
    }
}
