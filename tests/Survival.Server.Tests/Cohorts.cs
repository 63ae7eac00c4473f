using Survival.TestSupport;
using Survival.V1;

namespace Survival.Server.Tests;

/// <summary>Requests built from test data.</summary>
public static class Cohorts
{
    public static Cohort From(ReferenceSet set)
    {
        var cohort = new Cohort { TimeUnit = "days" };
        for (var i = 0; i < set.Times.Length; i++)
        {
            cohort.Subjects.Add(new Subject
            {
                Id = $"s{i}",
                Time = set.Times[i],
                Event = set.Events[i],
                Group = set.Groups?[i] ?? "",
                Stratum = set.Strata?[i] ?? "",
            });
            if (set.EntryTimes is { } entries) cohort.Subjects[i].EntryTime = entries[i];
        }
        return cohort;
    }

    /// <summary>The same subjects as packed columns, with labels in order of first appearance (not R's order).</summary>
    public static SubjectColumns Columns(ReferenceSet set) => Columns(set, 0, set.Times.Length);

    /// <summary>Subjects <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/> as packed columns.</summary>
    public static SubjectColumns Columns(ReferenceSet set, int start, int count)
    {
        var columns = new SubjectColumns();
        var groups = new Dictionary<string, uint>();
        var strata = new Dictionary<string, uint>();
        for (var i = start; i < start + count; i++)
        {
            columns.Time.Add(set.Times[i]);
            columns.Event.Add(set.Events[i]);
            if (set.Groups is { } g) columns.Group.Add(Code(groups, columns.GroupLabels, g[i]));
            if (set.Strata is { } s) columns.Stratum.Add(Code(strata, columns.StratumLabels, s[i]));
            if (set.EntryTimes is { } e) columns.EntryTime.Add(e[i]);
        }
        return columns;
    }

    /// <summary>
    /// The same subjects as the rows of <c>SELECT grp, stratum, time, sum(event), count(*) - sum(event) GROUP BY ...</c>,
    /// in reverse order so that nothing depends on the rows coming sorted.
    /// </summary>
    /// With delayed entry each subject is also counted as entered at its entry time.
    public static IEnumerable<CountRow> Counts(ReferenceSet set, int start = 0, int? count = null)
    {
        var subjects = Enumerable.Range(start, count ?? set.Times.Length - start).ToArray();
        var exits = subjects.Select(i => (Subject: i, Time: set.Times[i], Exit: true));
        var entries = set.EntryTimes is { } e ? subjects.Select(i => (Subject: i, Time: e[i], Exit: false)) : [];
        return exits.Concat(entries)
            .GroupBy(x => (Group: set.Groups?[x.Subject] ?? "", Stratum: set.Strata?[x.Subject] ?? "", x.Time))
            .Select(rows => new CountRow
            {
                Group = rows.Key.Group,
                Stratum = rows.Key.Stratum,
                Time = rows.Key.Time,
                Events = rows.Count(x => x.Exit && set.Events[x.Subject]),
                Censored = rows.Count(x => x.Exit && !set.Events[x.Subject]),
                Entered = rows.Count(x => !x.Exit),
            })
            .Reverse();
    }

    private static uint Code(Dictionary<string, uint> codes, ICollection<string> labels, string label)
    {
        if (codes.TryGetValue(label, out var code)) return code;
        codes[label] = code = (uint)labels.Count;
        labels.Add(label);
        return code;
    }

    public static Cohort Of(params (double Time, bool Event)[] subjects)
    {
        var cohort = new Cohort();
        foreach (var (time, @event) in subjects) cohort.Subjects.Add(new Subject { Time = time, Event = @event });
        return cohort;
    }
}
