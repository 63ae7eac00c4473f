using Survival.TestSupport;
using Survival.Core.Counting;
using Survival.Core.Cox;
using Survival.Core.Curves;
using Survival.Core.GroupTests;
using Survival.Core.Regression;

namespace Survival.Core.Tests;

/// <summary>Case weights at their edges: all equal to one, doubling as frequencies, bad values and unsupported combinations.</summary>
public class CaseWeightsEdgeCaseTests
{
    private static readonly WeightedReference Set = WeightedReference.Named("synthetic-fractional");

    private static SurvivalData Unweighted() => SurvivalData.Create(Set.Times, Set.Events);

    private static SurvivalData Ones() => Unweighted().WithWeights([.. Set.Weights.Select(_ => 1.0)]);

    private static readonly SurvivalSummaryOptions Options = new() { LandmarkTimes = [6, 12, 60], RmstTau = 24, MedianFollowUp = true };

    [Fact]
    public void Weights_all_one_give_exactly_the_unweighted_curves()
    {
        // Act
        var unweighted = CohortSurvival.Summarize(Unweighted(), Factor.Create(Set.Groups), Options);
        var ones = CohortSurvival.Summarize(Ones(), Factor.Create(Set.Groups), Options);

        // Assert: bit for bit, beyond the weighted columns themselves.
        for (var g = 0; g < unweighted.Length; g++)
        {
            var (a, b) = (unweighted[g].Summary, ones[g].Summary);
            Same(a.Curve.Survival, b.Curve.Survival, "survival");
            Same(a.Curve.StdErrLogSurvival, b.Curve.StdErrLogSurvival, "se(log S)");
            Same(a.Curve.CumulativeHazardStdErr, b.Curve.CumulativeHazardStdErr, "se(H)");
            Same(a.Band.Lower, b.Band.Lower, "lower");
            Same(a.Band.Upper, b.Band.Upper, "upper");
            Same(a.Quantiles, b.Quantiles, "quantiles");
            Same(a.Landmarks, b.Landmarks, "landmarks");
            Assert.Equal(a.Rmst, b.Rmst);
            Assert.Equal(a.MedianFollowUp, b.MedianFollowUp);
            Same([.. a.Curve.AtRisk.Select(n => (double)n)], b.Curve.WeightedAtRisk, "at risk");
        }
    }

    [Theory]
    [InlineData(TieMethod.Efron, false)]
    [InlineData(TieMethod.Breslow, true)]
    public void Weights_all_one_give_exactly_the_unweighted_cox_models(TieMethod ties, bool stratified)
    {
        // Arrange
        var groups = Factor.Create(Set.Groups);
        var strata = Factor.Create(Set.Strata);

        // Act
        var unweighted = CoxProportionalHazards.Fit(Unweighted(), groups, stratified ? strata : null, ties);
        var ones = CoxProportionalHazards.Fit(Ones(), groups, stratified ? strata : null, ties);
        var regression = CoxRegression.Fit(CoxRegressionData.Create(Unweighted(), Terms()), CoxRegressionOptions.Default with { Ties = ties });
        var regressionOnes = CoxRegression.Fit(CoxRegressionData.Create(Ones(), Terms()), CoxRegressionOptions.Default with { Ties = ties });

        // Assert
        Same(unweighted.Coefficients, ones.Coefficients, "terms");
        Same(unweighted.Variance, ones.Variance, "group variance");
        Assert.Equal(unweighted with { Coefficients = [], Variance = [] }, ones with { Coefficients = [], Variance = [] });
        Same(regression.Coefficients, regressionOnes.Coefficients, "coefficients");
        Same(regression.Variance, regressionOnes.Variance, "variance");
        Assert.Equal((regression.Wald, regression.Score, regression.Concordance), (regressionOnes.Wald, regressionOnes.Score, regressionOnes.Concordance));
    }

    [Fact]
    public void Whole_weights_are_frequencies_equal_to_repeating_the_subjects()
    {
        // Arrange: weight 2 for every subject equals each subject given twice.
        double[] times = [1, 2, 2, 3, 5, 8];
        bool[] events = [true, false, true, true, false, true];
        var doubled = SurvivalData.Create([.. times, .. times], [.. events, .. events]);
        var weighted = SurvivalData.Create(times, events).WithWeights([2, 2, 2, 2, 2, 2]);

        // Act
        var a = SurvivalSummary.Summarize(doubled, Options);
        var b = SurvivalSummary.Summarize(weighted, Options);

        // Assert
        Same(a.Curve.Survival, b.Curve.Survival, "survival");
        Same(a.Curve.StdErrLogSurvival, b.Curve.StdErrLogSurvival, "se(log S)");
        Assert.Equal(a.Rmst, b.Rmst);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_weight_that_is_not_finite_and_positive_is_rejected(double weight)
    {
        // Act
        var error = Assert.Throws<InputRuleException>(() => SurvivalData.Create([1, 2], [true, false]).WithWeights([1, weight]));

        // Assert
        Assert.Equal("weights[1]", error.Input);
        Assert.Equal(InputRules.WeightRequirement, error.Requirement);
    }

    [Fact]
    public void Fractional_weights_with_delayed_entry_keep_the_cohorts_rows_for_the_robust_variances()
    {
        // Arrange
        var data = SurvivalData.Create([0, 1, 0], [2, 3, 4], [true, true, false]);

        // Act
        var fractional = CountingTable.FromSubjects(data.WithWeights([1, 0.5, 2]));
        var whole = CountingTable.FromSubjects(data.WithWeights([1, 3, 2]));

        // Assert: the rows link each subject's entry to its exit, as the table's counts by time cannot.
        Assert.True(fractional.RobustVariance);
        Assert.Equal([0.0, 1, 0], fractional.Rows!.Survival.EntryTimes.ToArray());
        Assert.Equal([1, 0.5, 2], fractional.Rows.Survival.Weights.ToArray());
        Assert.True(whole.Weighted);
        Assert.False(whole.RobustVariance);
    }

    [Fact]
    public void The_log_rank_family_and_exact_ties_reject_weights()
    {
        // Arrange
        var counts = CountingTable.FromSubjects(Unweighted().WithWeights(Set.Weights), Factor.Create(Set.Groups));

        // Act
        var tests = Assert.Throws<InputRuleException>(() => GroupComparison.Compare(counts, new GroupComparisonOptions { Weights = [TestWeight.LogRank] }));
        var pairwise = Assert.Throws<InputRuleException>(() => GroupComparison.Compare(counts, new GroupComparisonOptions { Pairwise = true }));
        var exact = Assert.Throws<InputRuleException>(() => CoxProportionalHazards.Fit(counts, false, TieMethod.Exact));
        var direct = Assert.Throws<InputRuleException>(() => WeightedLogRank.Test(counts, false, TestWeight.PetoPeto));
        var byDefault = GroupComparison.Compare(counts, new GroupComparisonOptions());

        // Assert: by default only the weighted Cox model is computed.
        Assert.Equal(("weights", "pairwise", "ties", "weights"), (tests.Input, pairwise.Input, exact.Input, direct.Input));
        Assert.Empty(byDefault.Tests);
        Assert.Null(byDefault.HazardRatios);
        Assert.All(byDefault.Cox.Coefficients, t => Assert.NotNull(t.Estimate.NaiveStdError));
    }

    /// <summary>Element by element, bit for bit (NaN and ∞ included), naming the first place that differs.</summary>
    private static void Same<T>(IReadOnlyList<T> expected, IReadOnlyList<T> actual, string what)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
            Assert.True(Equals(expected[i], actual[i]), $"{what}[{i}]: {expected[i]} unweighted, {actual[i]} with weights 1");
    }

    private static CoxCovariate[] Terms() => [new NumericCovariate("x1", [.. Set.X1]), new FactorCovariate("f", Factor.Create(Set.F))];
}

/// <summary>
/// The counting table's weighted columns in both of its counting modes: hashed while times repeat, sorted keys once
/// nearly every time is distinct (more than 16,384 distinct times), and weights arriving after unweighted subjects.
/// </summary>
public class CaseWeightsCountingTableTests
{
    private const int Subjects = 40_000;

    private static (double[] Times, bool[] Events) DistinctTimes()
    {
        var random = new Random(9);
        var times = Enumerable.Range(0, Subjects).Select(_ => random.NextDouble() * 1000).ToArray();
        var events = times.Select((_, i) => i % 3 != 0).ToArray();
        return (times, events);
    }

    [Fact]
    public void Sorted_keys_carry_weights_as_repeated_subjects()
    {
        // Arrange: weight 2 everywhere equals every subject twice, in the sorting mode too.
        var (times, events) = DistinctTimes();
        var doubled = SurvivalData.Create([.. times, .. times], [.. events, .. events]);
        var weighted = SurvivalData.Create(times, events).WithWeights([.. times.Select(_ => 2.0)]);

        // Act
        var a = KaplanMeier.Estimate(doubled);
        var b = KaplanMeier.Estimate(weighted);

        // Assert
        Assert.Equal(a.Times.Length, b.Times.Length);
        Assert.True(a.Survival.SequenceEqual(b.Survival));
        Assert.True(a.StdErrLogSurvival.SequenceEqual(b.StdErrLogSurvival));
    }

    [Fact]
    public void Weights_that_start_after_unweighted_subjects_count_those_as_one()
    {
        // Arrange: the first half without a weight (hashing given up by then), the second with weight 1.
        var (times, events) = DistinctTimes();
        var builder = new CountingTable.Builder();
        var cell = builder.Cell("", "");
        for (var i = 0; i < Subjects; i++) builder.AddSubject(cell, new SubjectRow(times[i], events[i]) { Entry = times[i] / 2, Weight = i < Subjects / 2 ? null : 1.0 });

        // Act
        var mixed = KaplanMeier.Estimate(builder.Build(), 0);
        var unweighted = KaplanMeier.Estimate(SurvivalData.Create([.. times.Select(t => t / 2)], times, events));

        // Assert
        Assert.True(mixed.Weighted);
        Assert.True(unweighted.Survival.SequenceEqual(mixed.Survival));
        Assert.True(unweighted.StdErrLogSurvival.SequenceEqual(mixed.StdErrLogSurvival));
        Assert.True(unweighted.AtRisk.Select(n => (double)n).SequenceEqual(mixed.WeightedAtRisk));
    }

    [Fact]
    public void Whole_weights_with_delayed_entry_are_frequencies()
    {
        // Arrange
        double[] entries = [0, 1, 0, 2.5, 0];
        double[] times = [2, 3, 4, 6, 7];
        bool[] events = [true, true, false, true, true];
        var doubled = SurvivalData.Create([.. entries, .. entries], [.. times, .. times], [.. events, .. events]);
        var weighted = SurvivalData.Create(entries, times, events).WithWeights([2, 2, 2, 2, 2]);

        // Act
        var a = SurvivalSummary.Summarize(doubled, new SurvivalSummaryOptions { RmstTau = 6 });
        var b = SurvivalSummary.Summarize(weighted, new SurvivalSummaryOptions { RmstTau = 6 });

        // Assert
        Assert.True(a.Curve.Survival.SequenceEqual(b.Curve.Survival));
        Assert.True(a.Curve.StdErrLogSurvival.SequenceEqual(b.Curve.StdErrLogSurvival));
        Assert.Equal(a.Rmst, b.Rmst);
    }
}
