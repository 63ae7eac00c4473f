using Survival.V1;
using Survival.Core;
using Survival.Core.CompetingRisks;
using Survival.Core.Counting;
using Survival.Core.Regression;

namespace Survival.Service.Mapping;

/// <summary>
/// A checked cohort one subject at a time, for the one model that cannot be reduced to the counting table: Cox
/// regression on per-subject covariates.
/// </summary>
/// <param name="Data">Times and events (and entry times, and case weights, when given).</param>
/// <param name="Groups">Each subject's group.</param>
/// <param name="Strata">Each subject's stratum.</param>
internal sealed record SubjectCohort(SurvivalData Data, Factor Groups, Factor Strata)
{
    /// <summary>Each row's subject id (R's <c>id</c>, linking a subject's (start, stop] rows); null when no row gives one.</summary>
    public Factor? Ids { get; init; }

    /// <summary>Each row's event cause, empty when censored or without one; null when no event names a cause.</summary>
    public IReadOnlyList<string>? Causes { get; init; }

    /// <summary>The subjects of a cohort in the subjects form, already checked by <see cref="CohortReader"/>.</summary>
    public static SubjectCohort FromSubjects(Cohort cohort)
    {
        SubjectTimes.TryParseUnit(cohort.TimeUnit, out var unit);
        var count = cohort.Subjects.Count;
        var times = new double[count];
        var events = new bool[count];
        var groups = new string[count];
        var strata = new string[count];
        // A subject without an entry time is at risk from 0, as the cohort's counting table takes it.
        var entries = cohort.Subjects.Any(s => s.HasEntryTime) ? new double[count] : null;
        var weights = new double[count];
        var ids = new string[count];
        var causes = new string[count];
        for (var i = 0; i < count; i++)
        {
            var subject = cohort.Subjects[i];
            times[i] = SubjectTimes.Resolve(subject, unit);
            if (entries is not null && subject.HasEntryTime) entries[i] = subject.EntryTime;
            events[i] = subject.Event;
            groups[i] = subject.Group;
            strata[i] = subject.Stratum;
            weights[i] = subject.HasWeight ? subject.Weight : 1;
            ids[i] = subject.Id;
            causes[i] = subject.Cause;
        }
        var data = entries is null ? SurvivalData.Create(times, events) : SurvivalData.Create(entries, times, events);
        return new SubjectCohort(IsWeighted(cohort) ? data.WithWeights(weights) : data, Factor.Create(groups), Factor.Create(strata))
        {
            Ids = IdsOf(ids),
            Causes = causes.Any(c => c.Length > 0) ? causes : null,
        };
    }

    /// <summary>The rows' ids as a factor, a row without one a subject of its own; null when no row gives one.</summary>
    public static Factor? IdsOf(IReadOnlyList<string> ids) =>
        ids.Any(id => id.Length > 0) ? Factor.Create([.. ids.Select((id, row) => id.Length > 0 ? id : $"\u0000{row}")]) : null;

    /// <summary>Whether any subject of the cohort has a case weight (absent ones then count as 1).</summary>
    public static bool IsWeighted(Cohort cohort) =>
        cohort.Subjects.Any(s => s.HasWeight) || cohort.Columns is { Weight.Count: > 0 };
}
