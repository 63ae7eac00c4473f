namespace Survival.Core.Curves;

/// <summary>Follow-up time from a start date (for example treatment start) to an end date (event or last follow-up).</summary>
public static class FollowUpTime
{
    /// <summary>The number of days in one <paramref name="unit"/>.</summary>
    public static double DaysPer(TimeUnit unit) => unit switch
    {
        TimeUnit.Days => 1,
        TimeUnit.Weeks => 7,
        TimeUnit.Months => 30.4375,
        TimeUnit.Years => 365.25,
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "unknown time unit"),
    };

    /// <summary>The time from <paramref name="start"/> to <paramref name="end"/> in <paramref name="unit"/>.</summary>
    /// <remarks>
    /// time = (calendar days from start to end) / (days per unit), with a month of 30.4375 days and a year of
    /// 365.25 days, so that 12 months make one year and the Julian-year average month is used throughout.
    /// </remarks>
    /// <exception cref="InputRuleException"><paramref name="end"/> is before <paramref name="start"/>.</exception>
    public static double Between(DateOnly start, DateOnly end, TimeUnit unit)
    {
        if (end < start) throw new InputRuleException("end_date", InputRules.EndDateRequirement);
        return (end.DayNumber - start.DayNumber) / DaysPer(unit);
    }
}
