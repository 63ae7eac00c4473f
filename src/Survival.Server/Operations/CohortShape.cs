using Survival.V1;

namespace Survival.Server.Operations;

/// <summary>
/// The size of a cohort as it arrives — subjects, packed columns or count rows — and its number of groups; what
/// a cost estimate and a trace span may know of a cohort, and nothing about any subject.
/// </summary>
public readonly record struct CohortShape(long Rows, int Groups)
{
    public static CohortShape Of(Cohort? cohort)
    {
        if (cohort is null) return new(0, 0);
        var rows = (long)cohort.Subjects.Count + (cohort.Columns?.Time.Count ?? 0) + cohort.Counts.Count;
        return new(rows, Math.Max(1, GroupsOf(cohort)));
    }

    private static int GroupsOf(Cohort cohort)
    {
        if (cohort.Columns is { Time.Count: > 0 } columns)
            return Math.Max(columns.GroupLabels.Count, columns.Group.Count == 0 ? 1 : (int)Math.Min(int.MaxValue, columns.Group.Max() + 1L));
        var labels = new HashSet<string>(StringComparer.Ordinal);
        foreach (var subject in cohort.Subjects) labels.Add(subject.Group);
        foreach (var row in cohort.Counts) labels.Add(row.Group);
        return labels.Count;
    }
}
