using System.Globalization;
using Survival.V1;
using Survival.Core;
using Survival.Core.Curves;

namespace Survival.Service.Mapping;

/// <summary>How a subject's follow-up time is read: its <c>time</c>, or its two ISO 8601 dates in the cohort's unit.</summary>
internal static class SubjectTimes
{
    public const string DateRequirement = "must be an ISO 8601 date YYYY-MM-DD";
    public const string UnitRequirement = "must be days, weeks, months or years (empty means days) when subjects give dates";

    public static bool GivesDates(Subject subject) => subject.StartDate.Length > 0 || subject.EndDate.Length > 0;

    public static bool TryParseDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    /// <summary>The unit named by <c>Cohort.time_unit</c>, singular or plural, any case; empty means days.</summary>
    public static bool TryParseUnit(string text, out TimeUnit unit)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "" or "day" or "days": unit = TimeUnit.Days; return true;
            case "week" or "weeks": unit = TimeUnit.Weeks; return true;
            case "month" or "months": unit = TimeUnit.Months; return true;
            case "year" or "years": unit = TimeUnit.Years; return true;
            default: unit = default; return false;
        }
    }

    /// <summary>The subject's time; the request has been validated, so dates parse and are in order.</summary>
    public static double Resolve(Subject subject, TimeUnit unit)
    {
        if (subject.HasTime) return subject.Time;
        TryParseDate(subject.StartDate, out var start);
        TryParseDate(subject.EndDate, out var end);
        return FollowUpTime.Between(start, end, unit);
    }
}
