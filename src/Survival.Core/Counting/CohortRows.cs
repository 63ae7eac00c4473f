using Survival.Core.Regression;

namespace Survival.Core.Counting;

/// <summary>
/// The cohort's own rows, kept beside the counting table when an estimate needs each subject's entry and exit
/// together, which the table's counts by time do not link: the robust (infinitesimal-jackknife and sandwich)
/// variances with delayed entry, with clusters of a subject's rows, and with weights that are not whole.
/// </summary>
/// <remarks>
/// A row is a subject, or one (entry, time] stretch of a subject (R's (start, stop] rows, linked by <see cref="Ids"/>).
/// Groups, strata and causes are coded as the table codes them: <see cref="Groups"/>' levels are
/// <see cref="CountingTable.Groups"/>, <see cref="Strata"/>' are <see cref="CountingTable.Strata"/>, and
/// <see cref="Causes"/> index <see cref="CountingTable.Causes"/>.
/// </remarks>
public sealed class CohortRows
{
    internal CohortRows(SurvivalData survival, Factor groups, Factor strata, Factor? ids, int[] causes)
    {
        Survival = survival;
        Groups = groups;
        Strata = strata;
        Ids = ids;
        Causes = causes;
    }

    /// <summary>Entries, times, events and weights.</summary>
    public SurvivalData Survival { get; }

    /// <summary>Each row's group.</summary>
    public Factor Groups { get; }

    /// <summary>Each row's stratum.</summary>
    public Factor Strata { get; }

    /// <summary>Each row's subject; null when every row is its own subject.</summary>
    public Factor? Ids { get; }

    /// <summary>Each row's cause (an index into the table's causes); −1 for a censored row or the single event of interest.</summary>
    public int[] Causes { get; }

    /// <summary>
    /// Whether the robust (infinitesimal-jackknife) variances must be read from the rows rather than the table's
    /// classes: they are robust (weights that are not whole, or a subject with several events), and a row's influence
    /// depends on more than its exit — its entry, or the other rows of its subject.
    /// </summary>
    public bool NeedForRobustVariance(bool fractionalWeights) =>
        (fractionalWeights || RecurrentEvents) && (!Survival.EntryTimes.IsEmpty || Ids is not null);

    /// <summary>Whether some subject has more than one event: R then clusters the robust variances by subject.</summary>
    public bool RecurrentEvents => HaveRecurrentEvents(Ids, Survival.Events.Span);

    /// <summary>Whether some subject of <paramref name="ids"/> has more than one of <paramref name="events"/> (R's <c>anyDuplicated(id[event])</c>).</summary>
    internal static bool HaveRecurrentEvents(Factor? ids, ReadOnlySpan<bool> events)
    {
        if (ids is null) return false;
        var seen = new bool[ids.LevelCount];
        for (var i = 0; i < events.Length; i++)
        {
            if (!events[i]) continue;
            if (seen[ids.Codes[i]]) return true;
            seen[ids.Codes[i]] = true;
        }
        return false;
    }
}
