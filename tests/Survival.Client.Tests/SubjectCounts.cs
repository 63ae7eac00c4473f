using Survival.V1;

namespace Survival.Client.Tests;

/// <summary>Count rows computed by hand from per-subject rows, in one canonical order, to compare readers with.</summary>
internal static class SubjectCounts
{
    public static List<(string Group, string Stratum, double Time, long Events, long Censored)> Of(IEnumerable<(string Group, string Stratum, double Time, bool Event)> subjects) =>
        subjects.GroupBy(s => (s.Group, s.Stratum, s.Time))
            .Select(g => (g.Key.Group, g.Key.Stratum, g.Key.Time, (long)g.Count(s => s.Event), (long)g.Count(s => !s.Event)))
            .OrderBy(r => r.Group, StringComparer.Ordinal).ThenBy(r => r.Stratum, StringComparer.Ordinal).ThenBy(r => r.Item3)
            .ToList();

    public static List<(string Group, string Stratum, double Time, long Events, long Censored)> Of(Cohort counts) =>
        counts.Counts.Select(r => (r.Group, r.Stratum, r.Time, r.Events, r.Censored))
            .OrderBy(r => r.Group, StringComparer.Ordinal).ThenBy(r => r.Stratum, StringComparer.Ordinal).ThenBy(r => r.Time)
            .ToList();
}
