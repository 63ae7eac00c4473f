using Survival.Core.Counting;
using Survival.Core.Cox;
using Survival.Core.GroupTests;
using Survival.Core.Regression;

namespace Survival.Core.Tests;

/// <summary>The edge cases of issue 3 that have clear answers, and the checks at the boundary of the comparison API.</summary>
public class GroupComparisonEdgeCaseTests
{
    private static readonly SurvivalData Data = SurvivalData.Create(
        [1, 2, 3, 4, 5, 6, 2, 3, 5, 7, 8, 9],
        [true, true, false, true, true, false, true, false, true, true, false, true]);

    private static readonly Factor TwoGroups = Factor.Create(["a", "a", "a", "a", "a", "a", "b", "b", "b", "b", "b", "b"]);

    [Fact]
    public void One_group_is_rejected_with_a_message_saying_two_are_needed()
    {
        // Arrange
        var oneGroup = Factor.Create(Enumerable.Repeat("only", Data.Count).ToArray());

        // Act
        var error = Assert.Throws<InputRuleException>(() => GroupComparison.Compare(Data, oneGroup, null, new GroupComparisonOptions()));

        // Assert
        Assert.Contains(InputRules.GroupCountRequirement, error.Message);
        Assert.Contains("\"only\"", error.Message);
    }

    [Fact]
    public void A_group_without_events_is_tested_and_its_Cox_model_reported_not_converged()
    {
        // Arrange
        var events = new[] { true, true, false, true, true, false, false, false, false, false, false, false };
        var data = SurvivalData.Create([1, 2, 3, 4, 5, 6, 2, 3, 5, 7, 8, 9], events);

        // Act
        var result = GroupComparison.Compare(data, TwoGroups, null, new GroupComparisonOptions());

        // Assert
        var test = Assert.Single(result.Tests);
        Assert.NotNull(test.Test.ChiSquare);
        Assert.Equal(0, test.Observed[1]);
        Assert.False(result.Cox.Converged);
        Assert.Contains("'b'", result.Cox.NotConvergedReason);
        Assert.Null(Assert.Single(result.Cox.Coefficients).Estimate.HazardRatio);
        Assert.NotNull(result.Cox.LikelihoodRatio.ChiSquare);
        Assert.NotNull(result.HazardRatios!.LogRank.NotEstimableReason);
    }

    [Fact]
    public void All_censored_gives_statistics_that_are_not_estimable_with_a_reason()
    {
        // Arrange
        var censored = SurvivalData.Create(Data.Times.Span, new bool[Data.Count]);
        var options = new GroupComparisonOptions { Weights = [TestWeight.LogRank, TestWeight.PetoPeto], Trend = true, Pairwise = true };

        // Act
        var result = GroupComparison.Compare(censored, TwoGroups, null, options);

        // Assert
        Assert.All(result.Tests, t =>
        {
            Assert.Null(t.Test.ChiSquare);
            Assert.Null(t.Test.PValue);
            Assert.Contains("no events", t.Test.NotEstimableReason);
            Assert.Null(t.Trend!.Test.ChiSquare);
        });
        Assert.All(result.Pairwise, p => Assert.Null(p.AdjustedPValue));
        Assert.False(result.Cox.Converged);
        Assert.Contains("no events", result.Cox.NotConvergedReason);
        Assert.All(result.Cox.Coefficients, t => Assert.Null(t.Estimate.Coefficient));
        Assert.Null(result.Cox.Concordance);
    }

    [Theory]
    [InlineData("reference_group")]
    [InlineData("control_group")]
    public void An_unknown_reference_or_control_group_is_named(string role)
    {
        // Arrange
        var options = role == "reference_group"
            ? new GroupComparisonOptions { ReferenceGroup = "placebo" }
            : new GroupComparisonOptions { Pairwise = true, ControlGroup = "placebo" };

        // Act
        var error = Assert.Throws<InputRuleException>(() => GroupComparison.Compare(Data, TwoGroups, null, options));

        // Assert
        Assert.Equal(role, error.Input);
        Assert.StartsWith(InputRules.GroupLabelRequirement, error.Requirement);
    }

    [Fact]
    public void Stratification_without_strata_is_rejected()
    {
        // Arrange
        var options = new GroupComparisonOptions { Stratified = true };

        // Act
        var error = Assert.Throws<InputRuleException>(() => GroupComparison.Compare(Data, TwoGroups, null, options));

        // Assert
        Assert.Equal("strata", error.Input);
    }

    [Theory]
    [InlineData(-1, 0)]
    [InlineData(0, double.NaN)]
    [InlineData(double.PositiveInfinity, 1)]
    public void Fleming_Harrington_exponents_must_be_finite_and_not_negative(double p, double q)
    {
        // Arrange
        var options = new GroupComparisonOptions { Weights = [TestWeight.FlemingHarrington], FlemingHarringtonP = p, FlemingHarringtonQ = q };

        // Act
        var error = Assert.Throws<InputRuleException>(() => GroupComparison.Compare(Data, TwoGroups, null, options));

        // Assert
        Assert.Contains(InputRules.FlemingHarringtonExponentRequirement, error.Message);
    }

    [Theory]
    [InlineData(new[] { 1.0 })]
    [InlineData(new[] { 2.0, 2.0 })]
    [InlineData(new[] { 1.0, double.NaN })]
    public void Trend_scores_need_one_finite_score_per_group_not_all_equal(double[] scores)
    {
        // Arrange
        var options = new GroupComparisonOptions { Trend = true, TrendScores = [.. scores] };

        // Act
        var error = Assert.Throws<InputRuleException>(() => GroupComparison.Compare(Data, TwoGroups, null, options));

        // Assert
        Assert.Contains(InputRules.TrendScoresRequirement, error.Message);
    }

    [Fact]
    public void A_factor_of_another_length_is_rejected()
    {
        // Arrange
        var shorter = Factor.Create(["a", "b"]);

        // Act
        var error = Assert.Throws<InputRuleException>(() => GroupComparison.Compare(Data, shorter, null, new GroupComparisonOptions()));

        // Assert
        Assert.Equal("groups", error.Input);
    }

    [Fact]
    public void A_chosen_reference_group_turns_the_hazard_ratios_around()
    {
        // Arrange
        var byFirst = new GroupComparisonOptions();
        var bySecond = new GroupComparisonOptions { ReferenceGroup = "b" };

        // Act
        var first = GroupComparison.Compare(Data, TwoGroups, null, byFirst);
        var second = GroupComparison.Compare(Data, TwoGroups, null, bySecond);

        // Assert
        Assert.Equal("b", second.Cox.Coefficients[0].ReferenceLevel);
        Assert.Equal("a", Assert.Single(second.Cox.Coefficients).Level);
        Assert.Equal(-first.Cox.Coefficients[0].Estimate.Coefficient!.Value, second.Cox.Coefficients[0].Estimate.Coefficient!.Value, 1e-9);
        Assert.Equal(1 / first.HazardRatios!.MantelHaenszel.HazardRatio!.Value, second.HazardRatios!.MantelHaenszel.HazardRatio!.Value, 1e-12);
        Assert.Equal(1 / first.HazardRatios.LogRank.HazardRatio!.Value, second.HazardRatios.LogRank.HazardRatio!.Value, 1e-12);
    }

    [Fact]
    public void A_group_never_at_risk_at_an_event_time_drops_out_as_in_R()
    {
        // Arrange: group c is censored before the first event, so it enters no risk set of an event time; R's
        // survdiff leaves it out of the degrees of freedom and coxph reports its coefficient as NA.
        var withC = SurvivalData.Create([.. Data.Times.Span, 0.5, 0.5], [.. Data.Events.Span, false, false]);
        var threeGroups = Factor.Create([.. TwoGroups.Codes.Select(c => TwoGroups.Levels[c]), "c", "c"]);
        var options = new GroupComparisonOptions();

        // Act
        var three = GroupComparison.Compare(withC, threeGroups, null, options);
        var two = GroupComparison.Compare(Data, TwoGroups, null, options);

        // Assert
        Assert.Equal(1, three.Tests[0].Test.DegreesOfFreedom);
        Assert.Equal(two.Tests[0].Test.ChiSquare!.Value, three.Tests[0].Test.ChiSquare!.Value, 1e-12);
        Assert.True(three.Cox.Converged);
        Assert.Equal(two.Cox.Coefficients[0].Estimate.Coefficient!.Value, three.Cox.Coefficients[0].Estimate.Coefficient!.Value, 1e-9);
        Assert.Equal(1, three.Cox.LikelihoodRatio.DegreesOfFreedom);
        Assert.Null(three.Cox.Coefficients[1].Estimate.Coefficient);
        Assert.Contains("at risk", three.Cox.Coefficients[1].Estimate.NotEstimableReason);
    }
}
