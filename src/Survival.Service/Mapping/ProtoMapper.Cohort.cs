using Survival.Core;
using Survival.V1;

namespace Survival.Service.Mapping;

internal static partial class ProtoMapper
{
    /// <summary>The label a figure gives the subjects without a group label: all of them, or those among groups.</summary>
    public static string DisplayLabel(string group, int groupCount) =>
        group.Length > 0 ? group : groupCount == 1 ? "All subjects" : "(no group)";

    public static CohortData ToCore(Cohort cohort)
    {
        SubjectTimes.TryParseUnit(cohort.TimeUnit, out var unit);
        var count = cohort.Subjects.Count;
        var times = new double[count];
        var events = new bool[count];
        var groups = new string[count];
        var strata = new string[count];
        for (var i = 0; i < count; i++)
        {
            var subject = cohort.Subjects[i];
            times[i] = SubjectTimes.Resolve(subject, unit);
            events[i] = subject.Event;
            groups[i] = subject.Group;
            strata[i] = subject.Stratum;
        }
        var timeUnit = cohort.TimeUnit.Length == 0 && cohort.Subjects.Any(SubjectTimes.GivesDates) ? "days" : cohort.TimeUnit;
        return new CohortData(SurvivalData.Create(times, events), Factor.Create(groups), Factor.Create(strata), timeUnit);
    }
}
