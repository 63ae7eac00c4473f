using Survival.Core;
using Survival.Service.Mapping;
using Survival.V1;

namespace Survival.Service.Validation;

/// <summary>What a <see cref="Cohort"/> must satisfy, reported by field path.</summary>
internal static class CohortRules
{
    public static void Check(Cohort? cohort, string path, FieldViolations violations)
    {
        if (cohort is null || cohort.Subjects.Count == 0)
        {
            violations.Add($"{path}.subjects", "must contain at least one subject");
            return;
        }
        var anyDates = false;
        for (var i = 0; i < cohort.Subjects.Count; i++)
        {
            var subject = cohort.Subjects[i];
            var field = $"{path}.subjects[{i}]";
            if (SubjectTimes.GivesDates(subject))
            {
                anyDates = true;
                if (subject.HasTime) violations.Add(field, "gives both a time and dates; give one or the other");
                else CheckDates(subject, field, violations);
            }
            else if (!subject.HasTime) violations.Add($"{field}.time", $"is required (or start_date and end_date) and {InputRules.TimeRequirement}");
            else if (!InputRules.IsTime(subject.Time)) violations.Add($"{field}.time", InputRules.TimeRequirement);
        }
        if (anyDates && !SubjectTimes.TryParseUnit(cohort.TimeUnit, out _))
            violations.Add($"{path}.time_unit", SubjectTimes.UnitRequirement);
    }

    private static void CheckDates(Subject subject, string field, FieldViolations violations)
    {
        var hasStart = SubjectTimes.TryParseDate(subject.StartDate, out var start);
        var hasEnd = SubjectTimes.TryParseDate(subject.EndDate, out var end);
        if (!hasStart) violations.Add($"{field}.start_date", SubjectTimes.DateRequirement);
        if (!hasEnd) violations.Add($"{field}.end_date", SubjectTimes.DateRequirement);
        if (hasStart && hasEnd && end < start) violations.Add($"{field}.end_date", InputRules.EndDateRequirement);
    }
}
