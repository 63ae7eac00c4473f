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

    /// <summary>Groups of packed columns: as many as labels, or as the largest code needs.</summary>
    public static int ColumnGroups(int labels, uint? largestCode) =>
        Math.Max(labels, largestCode is { } code ? (int)Math.Min(int.MaxValue, code + 1L) : 1);

    private static int GroupsOf(Cohort cohort)
    {
        if (cohort.Columns is { Time.Count: > 0 } columns)
            return ColumnGroups(columns.GroupLabels.Count, columns.Group.Count == 0 ? null : columns.Group.Max());
        var labels = new HashSet<string>(StringComparer.Ordinal);
        foreach (var subject in cohort.Subjects) labels.Add(subject.Group);
        foreach (var row in cohort.Counts) labels.Add(row.Group);
        return labels.Count;
    }
}
