using Survival.TestSupport;
using Survival.V1;

namespace Survival.Server.Tests;

/// <summary>Requests built from the competing-risks fixtures (status 0 censored, c the cause labelled causes[c − 1]).</summary>
public static class CompetingCohorts
{
    public static Cohort Subjects(CompetingRisksReference set, bool withStrata = true)
    {
        var cohort = new Cohort();
        for (var i = 0; i < set.Times.Length; i++)
        {
            cohort.Subjects.Add(new Subject
            {
                Time = set.Times[i],
                Event = set.Status[i] != 0,
                Cause = Cause(set, i),
                Group = set.Groups?[i] ?? "",
                Stratum = withStrata ? set.Strata?[i] ?? "" : "",
            });
        }
        return cohort;
    }

    /// <summary>Subjects <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/> as columns; censored subjects index an empty label.</summary>
    public static SubjectColumns Columns(CompetingRisksReference set, int start, int count)
    {
        var columns = new SubjectColumns { CauseLabels = { "" } };
        columns.CauseLabels.Add(set.Causes.Reverse());
        if (set.Groups is not null) columns.GroupLabels.Add(set.Groups.Distinct());
        if (set.Strata is not null) columns.StratumLabels.Add(set.Strata.Distinct());
        for (var i = start; i < start + count; i++)
        {
            columns.Time.Add(set.Times[i]);
            columns.Event.Add(set.Status[i] != 0);
            columns.Cause.Add((uint)columns.CauseLabels.IndexOf(Cause(set, i)));
            if (set.Groups is { } g) columns.Group.Add((uint)columns.GroupLabels.IndexOf(g[i]));
            if (set.Strata is { } s) columns.Stratum.Add((uint)columns.StratumLabels.IndexOf(s[i]));
        }
        return columns;
    }

    /// <summary>
    /// The rows of <c>SELECT grp, stratum, time, cause, sum(event), count(*) - sum(event) ... GROUP BY grp, stratum,
    /// time, cause</c>, the censored with an empty cause, in reverse order.
    /// </summary>
    public static IEnumerable<CountRow> Counts(CompetingRisksReference set, int start = 0, int? count = null) =>
        Enumerable.Range(start, count ?? set.Times.Length - start)
            .GroupBy(i => (Group: set.Groups?[i] ?? "", Stratum: set.Strata?[i] ?? "", Time: set.Times[i], Cause: Cause(set, i)))
            .Select(rows => new CountRow
            {
                Group = rows.Key.Group,
                Stratum = rows.Key.Stratum,
                Time = rows.Key.Time,
                Cause = rows.Key.Cause,
                Events = rows.Count(i => set.Status[i] != 0),
                Censored = rows.Count(i => set.Status[i] == 0),
            })
            .Reverse();

    private static string Cause(CompetingRisksReference set, int i) => set.Status[i] == 0 ? "" : set.Causes[set.Status[i] - 1];
}
