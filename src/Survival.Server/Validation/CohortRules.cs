using Survival.Core;
using Survival.V1;

namespace Survival.Server.Validation;

/// <summary>What a <see cref="Cohort"/> must satisfy, reported by field path.</summary>
public static class CohortRules
{
    public static void Check(Cohort? cohort, string path, FieldViolations violations)
    {
        if (cohort is null || cohort.Subjects.Count == 0)
        {
            violations.Add($"{path}.subjects", "must contain at least one subject");
            return;
        }
        for (var i = 0; i < cohort.Subjects.Count; i++)
        {
            var subject = cohort.Subjects[i];
            var field = $"{path}.subjects[{i}].time";
            if (!subject.HasTime) violations.Add(field, $"is required and {InputRules.TimeRequirement}");
            else if (!InputRules.IsTime(subject.Time)) violations.Add(field, InputRules.TimeRequirement);
        }
    }
}
