using System.Collections.Immutable;
using Survival.Core.Regression;

namespace Survival.Core.Counting;

/// <summary>
/// The counting table: for every stratum × group cell, the distinct observed times in increasing order with the number
/// of events and of censorings at each; the number at risk at a time is the cell's count from that time on. It is the
/// engine's one seam: every estimator and test reads the data only through it, so subjects, packed columns, streamed
/// chunks and count rows from a SQL <c>GROUP BY</c> give the same numbers.
/// </summary>
/// <remarks>
/// Times are kept as given. Near-equal times are merged by the estimators as R merges them before each fit
/// (<see cref="TimeFix"/>): over one group's times for its curve, over the whole table for a comparison — so the merge
/// reads only the table's distinct times, whatever form the data came in. Groups and strata with no subjects do not
/// appear; both are in the order R's <c>factor()</c> gives their labels (<see cref="Factor.LevelOrder"/>).
/// </remarks>
public sealed partial class CountingTable
{
    private readonly EventTable[] _cells;
    private readonly EventTable[][]? _causeCells;

    private CountingTable(
        ImmutableArray<string> groups, ImmutableArray<string> strata, EventTable[] cells, bool weighted, ImmutableArray<string> causes,
        EventTable[][]? causeCells)
    {
        Weighted = weighted;
        RobustVariance = weighted && cells.Any(cell => cell.Weights?.Robust == true);
        Groups = groups;
        Strata = strata;
        Causes = causes;
        _cells = cells;
        _causeCells = causeCells;
        foreach (var cell in cells) SubjectCount += cell.Subjects;
    }

    /// <summary>The group labels, sorted as R sorts them; the empty label is the group of subjects given none.</summary>
    public ImmutableArray<string> Groups { get; }

    /// <summary>The stratum labels, sorted as R sorts them.</summary>
    public ImmutableArray<string> Strata { get; }

    /// <summary>
    /// The competing causes of the events, sorted as R sorts them; empty when every event is the single event of
    /// interest. They are the labels given to <see cref="Builder.Cause"/>; the service gives those that at least one event has.
    /// </summary>
    public ImmutableArray<string> Causes { get; }

    /// <summary>Number of competing causes; 0 without causes.</summary>
    public int CauseCount => Causes.Length;

    /// <summary>Number of groups.</summary>
    public int GroupCount => Groups.Length;

    /// <summary>Number of strata.</summary>
    public int StratumCount => Strata.Length;

    /// <summary>Number of subjects.</summary>
    public int SubjectCount { get; }

    /// <summary>Whether subjects came with case weights (R's <c>weights =</c>); every estimate is then weighted.</summary>
    public bool Weighted { get; }

    /// <summary>
    /// Whether some weight is not a whole number, so that variances are R's robust (infinitesimal-jackknife or sandwich)
    /// ones; whole weights count as frequencies, as R treats them.
    /// </summary>
    public bool RobustVariance { get; }

    /// <summary>
    /// The cohort's own rows, when the builder kept them (<see cref="Builder.KeepRows"/>) from the first subject: what
    /// the robust variances need with delayed entry, weights that are not whole, or a subject's several rows; null otherwise.
    /// </summary>
    public CohortRows? Rows { get; private init; }

    /// <summary>The distinct times of one cell, increasing.</summary>
    public ReadOnlySpan<double> Times(int stratum, int group) => Cell(stratum, group).Times;

    /// <summary>Events at each of the cell's times.</summary>
    public ReadOnlySpan<int> Events(int stratum, int group) => Cell(stratum, group).Events;

    /// <summary>Censorings at each of the cell's times.</summary>
    public ReadOnlySpan<int> Censored(int stratum, int group) => Cell(stratum, group).Censored;

    /// <summary>Events of cause <paramref name="cause"/> at each of the cell's times; with causes, they add up to <see cref="Events"/>.</summary>
    public ReadOnlySpan<int> CauseEvents(int stratum, int group, int cause) => CauseCell(stratum, group, cause).Events;

    /// <summary>Subjects of the cell at risk at each of its times: those whose time is at or after it.</summary>
    public ReadOnlySpan<int> AtRisk(int stratum, int group) => Cell(stratum, group).AtRisk;

    /// <summary>The table of subjects given one by one.</summary>
    /// <param name="data">Times and event indicators.</param>
    /// <param name="groups">Each subject's group; null for one group.</param>
    /// <param name="strata">Each subject's stratum; null for one stratum.</param>
    /// <exception cref="InputRuleException">A factor does not code one label per subject.</exception>
    public static CountingTable FromSubjects(SurvivalData data, Factor? groups = null, Factor? strata = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        groups?.CheckCodes(data.Count, "groups");
        strata?.CheckCodes(data.Count, "strata");
        var builder = new Builder();
        // The cohort's rows are kept when the robust variance of delayed entry needs them.
        if (!data.EntryTimes.IsEmpty && !data.Weights.IsEmpty) builder.KeepRows();
        var groupLabels = groups?.Levels ?? [""];
        var strataLabels = strata?.Levels ?? [""];
        var cells = new int[strataLabels.Length * groupLabels.Length];
        for (var s = 0; s < strataLabels.Length; s++)
            for (var g = 0; g < groupLabels.Length; g++) cells[s * groupLabels.Length + g] = builder.Cell(groupLabels[g], strataLabels[s]);

        var times = data.Times.Span;
        var events = data.Events.Span;
        var entries = data.EntryTimes.Span;
        var weights = data.Weights.Span;
        for (var i = 0; i < times.Length; i++)
        {
            var cell = cells[(strata is null ? 0 : strata.Codes[i] * groupLabels.Length) + (groups is null ? 0 : groups.Codes[i])];
            builder.AddSubject(cell, new SubjectRow(times[i], events[i])
            {
                Entry = entries.IsEmpty ? null : entries[i],
                Weight = weights.IsEmpty ? null : weights[i],
            });
        }
        return builder.Build();
    }

    internal EventTable Cell(int stratum, int group)
    {
        if ((uint)stratum >= (uint)StratumCount) throw new ArgumentOutOfRangeException(nameof(stratum));
        if ((uint)group >= (uint)GroupCount) throw new ArgumentOutOfRangeException(nameof(group));
        return _cells[stratum * GroupCount + group];
    }

    /// <summary>The events of one cause in one cell, on the rows of <see cref="Cell"/>.</summary>
    internal EventTable CauseCell(int stratum, int group, int cause)
    {
        Cell(stratum, group);
        if (_causeCells is null || (uint)cause >= (uint)CauseCount) throw new ArgumentOutOfRangeException(nameof(cause));
        return _causeCells[stratum * GroupCount + group][cause];
    }

    /// <summary>The events of one cause in one group over every stratum, on the rows of <see cref="GroupTable"/>.</summary>
    internal EventTable GroupCauseTable(int group, int cause) =>
        EventTable.Pool([.. Enumerable.Range(0, StratumCount).Select(s => CauseCell(s, group, cause))]);

    /// <summary>One group's subjects over every stratum, times as given.</summary>
    internal EventTable GroupTable(int group) =>
        EventTable.Pool([.. Enumerable.Range(0, StratumCount).Select(s => Cell(s, group))]);

    /// <summary>The index of <paramref name="label"/> among the groups.</summary>
    /// <param name="label">The label to find.</param>
    /// <param name="input">The input that carried it, for the exception (for example <c>reference_group</c>).</param>
    /// <exception cref="InputRuleException">No group has that label; the requirement lists the labels.</exception>
    internal int IndexOfGroup(string label, string input)
    {
        var index = Groups.IndexOf(label, StringComparer.Ordinal);
        if (index < 0)
            throw new InputRuleException(input, $"{InputRules.GroupLabelRequirement}: {string.Join(", ", Groups.Select(l => $"\"{l}\""))}");
        return index;
    }
}
