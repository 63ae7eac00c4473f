using System.Collections.Immutable;
using Survival.Core.Regression;

namespace Survival.Core.IntervalCensoring;

/// <summary>
/// The counting table of interval-censored data: for every stratum × group cell, the distinct intervals (left, right]
/// with the number of subjects who have each. Subjects, packed columns, count rows and a SQL
/// <c>GROUP BY grp, stratum, l, r</c> all give this table, and every interval-censored method reads only it.
/// </summary>
/// <remarks>
/// It is the interval-censored counterpart of <see cref="Counting.CountingTable"/>, which counts subjects by one exit time
/// and cannot hold an event known only to lie between two assessments. Groups and strata with no subjects do not appear;
/// both are in the order R's <c>factor()</c> gives their labels (<see cref="Factor.LevelOrder"/>).
/// </remarks>
public sealed partial class IntervalCountingTable
{
    private readonly IntervalCensoredData[] _cells;

    private IntervalCountingTable(ImmutableArray<string> groups, ImmutableArray<string> strata, IntervalCensoredData[] cells)
    {
        Groups = groups;
        Strata = strata;
        _cells = cells;
        foreach (var cell in cells) SubjectCount += cell.Subjects;
    }

    /// <summary>The group labels, sorted as R sorts them.</summary>
    public ImmutableArray<string> Groups { get; }

    /// <summary>The stratum labels, sorted as R sorts them.</summary>
    public ImmutableArray<string> Strata { get; }

    /// <summary>Number of groups.</summary>
    public int GroupCount => Groups.Length;

    /// <summary>Number of strata.</summary>
    public int StratumCount => Strata.Length;

    /// <summary>Number of subjects.</summary>
    public long SubjectCount { get; }

    /// <summary>The intervals of one cell.</summary>
    public IntervalCensoredData Cell(int stratum, int group)
    {
        if ((uint)stratum >= (uint)StratumCount) throw new ArgumentOutOfRangeException(nameof(stratum));
        if ((uint)group >= (uint)GroupCount) throw new ArgumentOutOfRangeException(nameof(group));
        return _cells[stratum * GroupCount + group];
    }

    /// <summary>One group's intervals over every stratum.</summary>
    public IntervalCensoredData Group(int group) =>
        StratumCount == 1 ? Cell(0, group) : IntervalCensoredData.Pool(Enumerable.Range(0, StratumCount).Select(s => Cell(s, group)));

    /// <summary>Every subject's interval, groups and strata pooled: the sample of the null hypothesis of equal groups.</summary>
    public IntervalCensoredData Pooled() =>
        _cells.Length == 1 ? _cells[0] : IntervalCensoredData.Pool(_cells);

    /// <summary>The index of <paramref name="label"/> among the groups, or −1.</summary>
    public int IndexOfGroup(string label) => Groups.IndexOf(label, StringComparer.Ordinal);

    /// <summary>
    /// Builds the table from subjects, count rows and right-censored counts fed in any order and in any number of chunks,
    /// so that a streamed cohort is counted as it arrives and never held whole.
    /// </summary>
    public sealed class Builder
    {
        private readonly Dictionary<(string Group, string Stratum), int> _cellIndex = [];
        private readonly List<(string Group, string Stratum)> _cellLabels = [];
        private readonly List<IntervalCounter> _cells = [];

        /// <summary>The index of the cell of <paramref name="group"/> within <paramref name="stratum"/>, created when new.</summary>
        public int Cell(string group, string stratum)
        {
            ArgumentNullException.ThrowIfNull(group);
            ArgumentNullException.ThrowIfNull(stratum);
            if (_cellIndex.TryGetValue((group, stratum), out var index)) return index;
            _cellIndex.Add((group, stratum), _cells.Count);
            _cellLabels.Add((group, stratum));
            _cells.Add(new IntervalCounter());
            return _cells.Count - 1;
        }

        /// <summary>Adds <paramref name="count"/> subjects whose event lies in (<paramref name="left"/>, <paramref name="right"/>].</summary>
        /// <exception cref="InputRuleException">A bound or the count breaks <see cref="InputRules"/>.</exception>
        public void Add(int cell, double left, double right, long count = 1) => _cells[cell].Add(left, right, count, "");

        /// <summary>
        /// Adds subjects known by one time, as a right-censored cohort gives them: <paramref name="events"/> observed
        /// exactly at <paramref name="time"/> (the interval [t, t]) and <paramref name="censored"/> right-censored then ((t, ∞)).
        /// </summary>
        public void AddTime(int cell, double time, long events, long censored)
        {
            if (events > 0) _cells[cell].Add(time, time, events, "");
            if (censored > 0) _cells[cell].Add(time, double.PositiveInfinity, censored, "");
        }

        /// <summary>The table of everything added.</summary>
        /// <exception cref="InputRuleException">Nothing was added, or more than 2³¹ − 1 subjects.</exception>
        public IntervalCountingTable Build()
        {
            var occupied = Enumerable.Range(0, _cells.Count).Where(c => _cells[c].Subjects > 0).ToArray();
            if (occupied.Length == 0) throw new InputRuleException("cohort", "must contain at least one subject");
            if (occupied.Sum(c => _cells[c].Subjects) > int.MaxValue) throw new InputRuleException("cohort", $"may have at most {int.MaxValue} subjects");
            var groups = SortedLabels(occupied.Select(c => _cellLabels[c].Group));
            var strata = SortedLabels(occupied.Select(c => _cellLabels[c].Stratum));
            var empty = new IntervalCensoredData([], [], []);
            var cells = new IntervalCensoredData[groups.Length * strata.Length];
            Array.Fill(cells, empty);
            foreach (var c in occupied)
            {
                var (group, stratum) = _cellLabels[c];
                cells[strata.IndexOf(stratum) * groups.Length + groups.IndexOf(group)] = _cells[c].Build();
            }
            return new IntervalCountingTable(groups, strata, cells);
        }

        private static ImmutableArray<string> SortedLabels(IEnumerable<string> labels) =>
            [.. labels.Distinct(StringComparer.Ordinal).Order(Factor.LevelOrder)];
    }
}
