using Survival.Core.IntervalCensoring;

namespace Survival.Core.Tests.IntervalCensoring;

/// <summary>The edge cases of Turnbull's estimate and the interval data rules.</summary>
public sealed class TurnbullEdgeCaseTests
{
    [Fact]
    public void All_right_censored_put_the_mass_beyond_the_last_assessment()
    {
        // Act
        var estimate = Turnbull.Estimate(IntervalCensoredData.FromSubjects([3, 5, 9], [double.PositiveInfinity, double.PositiveInfinity, double.PositiveInfinity]));

        // Assert
        Assert.Equal([9.0], estimate.Left.ToArray());
        Assert.Equal([double.PositiveInfinity], estimate.Right.ToArray());
        Assert.Equal(1, estimate.SurvivalAt(9).Upper);
        Assert.False(estimate.SurvivalAt(10).Identified);
    }

    [Fact]
    public void One_subject_has_all_the_mass_on_its_interval()
    {
        // Act
        var estimate = Turnbull.Estimate(IntervalCensoredData.FromSubjects([2], [5]));

        // Assert
        Assert.Equal([1.0], estimate.Mass.ToArray());
        Assert.Equal(2, estimate.Left[0]);
        Assert.Equal(5, estimate.Right[0]);
    }

    [Fact]
    public void Current_status_data_give_the_isotonic_estimate()
    {
        // Arrange: left-censored (event by c) or right-censored (none by c) at each inspection c — current status data,
        // whose NPMLE of F is the isotonic regression of the event indicators on c (Groeneboom & Wellner 1992).
        // Inspections 1..4 with events 0/1, 1/1, 0/1, 1/1 (sorted by c): pooled adjacent violators give F = 0, 1/2, 1/2, 1.
        var data = IntervalCensoredData.FromSubjects([1, 0, 3, 0], [double.PositiveInfinity, 2, double.PositiveInfinity, 4]);

        // Act
        var estimate = Turnbull.Estimate(data);

        // Assert
        Assert.Equal(0.5, 1 - estimate.SurvivalAt(2).Upper, 1e-12);
        Assert.Equal(0.5, 1 - estimate.SurvivalAt(3).Upper, 1e-12);
        Assert.Equal(1, 1 - estimate.SurvivalAt(4).Upper, 1e-12);
    }

    [Fact]
    public void Exact_time_at_zero_is_a_point_mass()
    {
        // Act
        var estimate = Turnbull.Estimate(IntervalCensoredData.FromSubjects([0, 2], [0, 3]));

        // Assert
        Assert.Equal([0.0, 2.0], estimate.Left.ToArray());
        Assert.Equal(0.5, estimate.SurvivalAt(0).Upper, 1e-12);
    }

    [Theory]
    [InlineData(-1, 2, "left")]
    [InlineData(double.NaN, 2, "left")]
    [InlineData(double.PositiveInfinity, double.PositiveInfinity, "left")]
    [InlineData(3, 2, "right")]
    [InlineData(3, double.NaN, "right")]
    public void Bad_bounds_are_rejected_naming_the_end(double left, double right, string end)
    {
        // Act
        var exception = Assert.Throws<InputRuleException>(() => IntervalCensoredData.FromSubjects([left], [right]));

        // Assert
        Assert.StartsWith(end, exception.Input);
    }

    [Fact]
    public void Counts_of_each_kind_add_up()
    {
        // Act
        var counts = IntervalCounts.Of(IntervalCensoredData.FromSubjects([0, 2, 3, 4, 0], [5, 2, 6, double.PositiveInfinity, 5]));

        // Assert
        Assert.Equal(new IntervalCounts(5, 1, 2, 1, 1), counts);
        Assert.Equal(4, counts.Events);
    }
}
