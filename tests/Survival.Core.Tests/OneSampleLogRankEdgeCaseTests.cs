using Survival.Core.Counting;
using Survival.Core.Curves;
using Survival.Core.External;

namespace Survival.Core.Tests;

/// <summary>Cases worked by hand, and the references and cohorts the test must refuse.</summary>
public class OneSampleLogRankEdgeCaseTests
{
    [Fact]
    public void Unit_hazard_expects_the_follow_up_time()
    {
        // Arrange: λ = 1 (median ln 2), follow-up 1 + 2 + 3 = 6, two deaths.
        var data = SurvivalData.Create([1.0, 2, 3], [true, false, true]);

        // Act
        var result = OneSampleLogRank.Test(data, ExponentialReference.FromMedian(Math.Log(2)));

        // Assert: Z = (2 − 6)/√6; with Wu's variance (2 + 6)/2 = 4, Z = −2.
        Assert.Equal(6, result.Expected, 12);
        Assert.Equal(1.0 / 3, result.Ratio!.Value, 12);
        Assert.Equal(-4 / Math.Sqrt(6), result.Z!.Value, 12);
        Assert.Equal(-2, OneSampleLogRank.Test(data, new ExponentialReference(1), OneSampleVariance.MeanOfObservedAndExpected).Z!.Value, 12);
    }

    [Fact]
    public void Delayed_entry_expects_only_the_time_at_risk()
    {
        // Arrange: at risk on (1, 3] and (0, 2]: 2 + 2 = 4 units at λ = 1.
        var data = SurvivalData.Create([1.0, 0], [3.0, 2], [true, true]);

        // Act
        var result = OneSampleLogRank.Test(data, new ExponentialReference(1));

        // Assert
        Assert.Equal(4, result.Expected, 12);
    }

    [Fact]
    public void No_follow_up_is_not_estimable()
    {
        // Act
        var result = OneSampleLogRank.Test(SurvivalData.Create([0.0, 0], [false, false]), new ExponentialReference(1));

        // Assert
        Assert.Equal((0, 0.0), (result.Observed, result.Expected));
        Assert.Null(result.Z);
        Assert.Null(result.Ratio);
        Assert.NotNull(result.NotEstimableReason);
    }

    [Fact]
    public void A_piecewise_reference_is_linear_in_cumulative_hazard_and_extrapolates_its_last_piece()
    {
        // Arrange: S = 0.5 at 2, 0.25 at 4 → Λ = ln 2 per 2 units; (0, 1) is added.
        var reference = new PiecewiseExponentialReference([2.0, 4], [0.5, 0.25]);

        // Assert
        Assert.Equal(Math.Log(2) / 2, reference.CumulativeHazard(1), 14);
        Assert.Equal(Math.Log(4), reference.CumulativeHazard(4), 14);
        Assert.Equal(Math.Log(2) * 3, reference.CumulativeHazard(6), 14);
        Assert.Equal(4, ((IReferenceCurve)reference).LastTime);
    }

    [Fact]
    public void A_Kaplan_Meier_reference_keeps_event_times_and_its_end_but_not_a_final_zero()
    {
        // Arrange: deaths at 1 and 3, censored at 2 and 5 → points (1, 0.75), (3, 0.375), (5, 0.375).
        var curve = KaplanMeier.Estimate(SurvivalData.Create([1.0, 2, 3, 5], [true, false, true, false]));
        var toZero = KaplanMeier.Estimate(SurvivalData.Create([1.0, 2], [true, true]));

        // Act
        var reference = PiecewiseExponentialReference.FromCurve(curve);
        var withoutZero = PiecewiseExponentialReference.FromCurve(toZero);

        // Assert
        Assert.Equal([0, 1, 3, 5], reference.Times.ToArray());
        Assert.Equal([1, 0.75, 0.375, 0.375], reference.Survival.ToArray());
        Assert.Equal([0, 1], withoutZero.Times.ToArray());
    }

    [Fact]
    public void Subjects_past_the_reference_are_counted()
    {
        // Act
        var result = OneSampleLogRank.Test(SurvivalData.Create([1.0, 5, 9], [true, false, true]), new PiecewiseExponentialReference([4.0], [0.5]));

        // Assert
        Assert.Equal(2, result.BeyondReference);
    }

    public static TheoryData<string, Func<IReferenceCurve>, string> BadReferences() => new()
    {
        { "rising", () => new PiecewiseExponentialReference([1.0, 2], [0.5, 0.6]), "points[1].survival" },
        { "reaching zero", () => new PiecewiseExponentialReference([1.0, 2], [0.5, 0]), "points[1].survival" },
        { "times out of order", () => new PiecewiseExponentialReference([2.0, 1], [0.5, 0.4]), "points[1].time" },
        { "not starting at one", () => new PiecewiseExponentialReference([0.0, 1], [0.9, 0.4]), "points[0].survival" },
        { "no point after zero", () => new PiecewiseExponentialReference([0.0], [1]), "points" },
        { "a median of zero", () => ExponentialReference.FromMedian(0), "median" },
        { "a negative Weibull shape", () => new WeibullReference(-1, 3), "shape" },
        { "an infinite log-normal sd", () => new LogNormalReference(1, double.PositiveInfinity), "sdlog" },
        { "a Gompertz rate of zero", () => new GompertzReference(0.1, 0), "rate" },
    };

    [Theory]
    [MemberData(nameof(BadReferences))]
    public void A_reference_that_is_not_a_survival_function_is_refused(string _, Func<IReferenceCurve> create, string input)
    {
        // Act
        var error = Assert.Throws<InputRuleException>(() => create());

        // Assert
        Assert.Equal(input, error.Input);
    }

    [Fact]
    public void Case_weights_are_refused()
    {
        // Arrange
        var builder = new CountingTable.Builder();
        builder.AddSubject(builder.Cell("", ""), 2, true, 0.5);

        // Act
        var error = Assert.Throws<InputRuleException>(() => OneSampleLogRank.TestEachGroup(builder.Build(), new ExponentialReference(1)));

        // Assert
        Assert.Equal("weight", error.Input);
    }
}
