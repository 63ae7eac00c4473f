using Survival.Core.Curves;

namespace Survival.Core.Tests;

/// <summary>Follow-up time from dates: calendar days divided by the days in the unit.</summary>
public class FollowUpTimeTests
{
    [Theory]
    [InlineData(TimeUnit.Days, 366.0)]
    [InlineData(TimeUnit.Weeks, 366.0 / 7)]
    [InlineData(TimeUnit.Months, 366.0 / 30.4375)]
    [InlineData(TimeUnit.Years, 366.0 / 365.25)]
    public void Leap_year_2024_in_each_unit(TimeUnit unit, double expected)
    {
        // Act
        var time = FollowUpTime.Between(new DateOnly(2024, 1, 1), new DateOnly(2025, 1, 1), unit);

        // Assert
        Assert.Equal(expected, time, 14);
    }

    [Fact]
    public void End_before_start_is_rejected() =>
        Assert.Throws<InputRuleException>(() => FollowUpTime.Between(new DateOnly(2024, 2, 1), new DateOnly(2024, 1, 31), TimeUnit.Days));
}
