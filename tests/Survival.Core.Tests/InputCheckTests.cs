using Survival.Core.Counting;
using Survival.Core.Curves;
using Survival.Core.Inference;

namespace Survival.Core.Tests;

/// <summary>The estimators check their inputs at the boundary and say what is allowed.</summary>
public class InputCheckTests
{
    [Theory]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_time_that_is_not_finite_and_non_negative_is_rejected(double time)
    {
        // Act
        var exception = Assert.Throws<InputRuleException>(() => SurvivalData.Create([1, time], [true, false]));

        // Assert
        Assert.Contains("times[1]", exception.Message);
        Assert.Contains(InputRules.TimeRequirement, exception.Message);
    }

    [Fact]
    public void Empty_or_mismatched_data_is_rejected()
    {
        Assert.Throws<InputRuleException>(() => SurvivalData.Create([], []));
        Assert.Throws<InputRuleException>(() => SurvivalData.Create([1, 2], [true]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(double.NaN)]
    public void Confidence_level_outside_the_open_unit_interval_is_rejected(double level) =>
        Assert.Throws<InputRuleException>(() => new ConfidenceLevel(level));

    [Fact]
    public void Quantile_probability_outside_the_open_unit_interval_is_rejected()
    {
        // Arrange
        var curve = KaplanMeier.Estimate(SurvivalData.Create([1, 2], [true, true]));
        var band = ConfidenceBand.Compute(curve, ConfidenceType.Log, ConfidenceLevel.Default);

        // Act and assert
        Assert.Throws<InputRuleException>(() => SurvivalQuantile.Estimate(curve, band, [0.5, 1]));
    }

    [Fact]
    public void Negative_landmark_and_non_positive_tau_are_rejected()
    {
        // Arrange
        var curve = KaplanMeier.Estimate(SurvivalData.Create([1, 2], [true, true]));

        // Act and assert
        Assert.Throws<InputRuleException>(() => LandmarkSurvival.Estimate(curve, -1, ConfidenceType.Log, ConfidenceLevel.Default));
        Assert.Throws<InputRuleException>(() => RestrictedMeanSurvivalTime.Estimate(curve, 0, ConfidenceLevel.Default));
    }
}
