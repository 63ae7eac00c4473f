using System.Collections.Immutable;
using Survival.Core.CompetingRisks;
using Survival.Core.Regression;

namespace Survival.Core.Counting;

public sealed partial class CountingTable
{
    /// <summary>
    /// Builds a counting table from subjects and count rows fed in any order and in any number of chunks, so that a
    /// streamed cohort is counted as it arrives and never held whole. Rows of one cell and time are summed.
    /// </summary>
    public sealed class Builder
    {
        private readonly Dictionary<(string Group, string Stratum), int> _cellIndex = [];
        private readonly List<(string Group, string Stratum)> _cellLabels = [];
        private readonly List<TimeCountAccumulator> _cells = [];
        private readonly Dictionary<string, int> _causeIndex = new(StringComparer.Ordinal);
        private readonly Dictionary<(int Cell, int Cause), TimeCountAccumulator> _causeCells = [];
        private bool _fractionalWeights, _countedEntries, _counted, _rowsComplete;
        private long _added;
        private RowList? _rows;
        private (string Group, string Stratum, int Index) _lastCell = ("", "", -1);

        /// <summary>The index of the cell of <paramref name="group"/> within <paramref name="stratum"/>, created when new.</summary>
        public int Cell(string group, string stratum)
        {
            ArgumentNullException.ThrowIfNull(group);
            ArgumentNullException.ThrowIfNull(stratum);
            // Rows and subjects mostly arrive cell by cell, so the last cell is tried before the dictionary.
            if (_lastCell.Index >= 0 && string.Equals(_lastCell.Group, group, StringComparison.Ordinal) &&
                string.Equals(_lastCell.Stratum, stratum, StringComparison.Ordinal)) return _lastCell.Index;
            if (_cellIndex.TryGetValue((group, stratum), out var index))
            {
                _lastCell = (group, stratum, index);
                return index;
            }
            _cellIndex.Add((group, stratum), _cells.Count);
            _cellLabels.Add((group, stratum));
            _cells.Add(new TimeCountAccumulator());
            return _cells.Count - 1;
        }

        /// <summary>The index of the competing cause <paramref name="label"/> (not empty), created when new.</summary>
        public int Cause(string label)
        {
            ArgumentException.ThrowIfNullOrEmpty(label);
            if (_causeIndex.TryGetValue(label, out var index)) return index;
            _causeIndex.Add(label, _causeIndex.Count);
            return _causeIndex.Count - 1;
        }

        /// <summary>Adds one subject (or one (entry, time] stretch of a subject) of cell <paramref name="cell"/> (from <see cref="Cell"/>).</summary>
        /// <exception cref="InputRuleException">A time or the weight breaks <see cref="InputRules"/>, or the entry is not before the time.</exception>
        public void AddSubject(int cell, SubjectRow subject)
        {
            var (time, isEvent) = (subject.Time, subject.IsEvent);
            if (!InputRules.IsTime(time)) throw new InputRuleException("time", InputRules.TimeRequirement);
            if (subject.Entry is { } entry && !InputRules.IsEntryTime(entry, time))
                throw new InputRuleException("entry_time", InputRules.EntryTimeRequirement);
            if (subject.Weight is { } w)
            {
                if (!InputRules.IsWeight(w)) throw new InputRuleException("weight", InputRules.WeightRequirement);
                if (w != Math.Floor(w)) _fractionalWeights = true;
            }
            _cells[cell].AddSubject(time, isEvent, subject.Weight);
            if (subject.Entry is { } start) _cells[cell].AddEntry(start, subject.Weight);
            if (isEvent && subject.Cause >= 0) CauseCell(cell, subject.Cause).AddSubject(time, isEvent: true, subject.Weight);
            _rows?.Add(cell, subject);
            _added++;
        }

        /// <summary>
        /// Keeps every subject added from now on as a row beside the table (<see cref="CountingTable.Rows"/>), for the
        /// estimates that need each subject's entry and exit together; the table has rows only when this was called
        /// before the first subject.
        /// </summary>
        public void KeepRows()
        {
            if (_rows is not null) return;
            _rows = new RowList();
            _rowsComplete = _added == 0 && !_counted;
        }

        /// <summary>
        /// Adds a count row: <paramref name="events"/> events and <paramref name="censored"/> censorings at
        /// <paramref name="time"/>, and <paramref name="entered"/> delayed entries then (subjects at risk only after it).
        /// </summary>
        /// <exception cref="InputRuleException">The time or a count breaks <see cref="InputRules"/>.</exception>
        /// <param name="cell">The cell, from <see cref="Cell"/>.</param>
        /// <param name="time">The time of the row.</param>
        /// <param name="events">Events at the time.</param>
        /// <param name="censored">Censorings at the time.</param>
        /// <param name="entered">Delayed entries at the time.</param>
        /// <param name="cause">The cause of the row's events (from <see cref="Cause"/>); −1 for the single event of interest.</param>
        public void AddCount(int cell, double time, long events, long censored, long entered = 0, int cause = -1)
        {
            if (!InputRules.IsTime(time)) throw new InputRuleException("time", InputRules.TimeRequirement);
            if (!InputRules.IsCount(events)) throw new InputRuleException("events", InputRules.CountRequirement);
            if (!InputRules.IsCount(censored)) throw new InputRuleException("censored", InputRules.CountRequirement);
            if (!InputRules.IsCount(entered)) throw new InputRuleException("entered", InputRules.CountRequirement);
            _cells[cell].AddCounts(time, events, censored, entered);
            if (cause >= 0 && events > 0) CauseCell(cell, cause).AddCounts(time, events, 0, 0);
            _countedEntries |= entered > 0;
            _counted = true;
        }

        private TimeCountAccumulator CauseCell(int cell, int cause)
        {
            if ((uint)cause >= (uint)_causeIndex.Count) throw new ArgumentOutOfRangeException(nameof(cause));
            if (!_causeCells.TryGetValue((cell, cause), out var accumulator)) _causeCells.Add((cell, cause), accumulator = new TimeCountAccumulator());
            return accumulator;
        }

        /// <summary>The table of everything added; the builder is spent.</summary>
        /// <exception cref="InputRuleException">
        /// Nothing was added, more subjects than 2³¹ − 1, events both with and without a cause, or causes with entries
        /// in count rows (<see cref="CombinationRules.CausesWithEntriesInCountRows"/>).
        /// </exception>
        public CountingTable Build()
        {
            if (_countedEntries && _causeIndex.Count > 0)
                throw new InputRuleException(CombinationRules.CausesWithEntriesInCountRows.Field, CombinationRules.CausesWithEntriesInCountRows.Requirement);
            // A cohort is weighted when any subject gave a weight; the others count with weight 1, in every cell.
            var weighted = _cells.Any(cell => cell.Weighted);
            if (weighted) foreach (var cell in _cells) cell.StartWeighting();
            var tables = _cells.Select(cell => cell.Build(_fractionalWeights)).ToArray();
            var occupied = Enumerable.Range(0, tables.Length).Where(c => tables[c].Subjects > 0).ToArray();
            if (occupied.Length == 0) throw new InputRuleException("cohort", "must contain at least one subject");
            if (occupied.Sum(c => (long)tables[c].Subjects) > int.MaxValue)
                throw new InputRuleException("cohort", $"may have at most {int.MaxValue} subjects");

            var groups = SortedLabels(occupied.Select(c => _cellLabels[c].Group));
            var strata = SortedLabels(occupied.Select(c => _cellLabels[c].Stratum));
            var cells = new EventTable[groups.Length * strata.Length];
            Array.Fill(cells, EventTable.Empty);
            foreach (var c in occupied)
            {
                var (group, stratum) = _cellLabels[c];
                cells[strata.IndexOf(stratum) * groups.Length + groups.IndexOf(group)] = tables[c];
            }
            var causes = SortedLabels(_causeIndex.Keys);
            var rows = _rowsComplete ? _rows!.Build(_cellLabels, groups, strata, [.. _causeIndex.OrderBy(c => c.Value).Select(c => causes.IndexOf(c.Key))]) : null;
            return new CountingTable(groups, strata, cells, weighted, causes, CauseCells(tables, cells, groups, strata, causes)) { Rows = rows };
        }

        /// <summary>
        /// Each cell's events of each cause on the cell's own rows, so that every pooling and merging of rows applies
        /// to them as to the cell; null without causes.
        /// </summary>
        private EventTable[][]? CauseCells(
            EventTable[] tables, EventTable[] cells, ImmutableArray<string> groups, ImmutableArray<string> strata, ImmutableArray<string> causes)
        {
            if (causes.IsEmpty) return null;
            var byCause = new EventTable[cells.Length][];
            for (var c = 0; c < _cells.Count; c++)
            {
                if (tables[c].Subjects == 0) continue;
                var (group, stratum) = _cellLabels[c];
                var table = tables[c];
                var perCause = new EventTable[causes.Length];
                var causeEvents = new int[table.Count];
                foreach (var (label, index) in _causeIndex)
                {
                    var events = new int[table.Count];
                    var weights = table.Weights is null ? null : CaseWeightCounts.Zero(table.Count, table.Weights.Robust);
                    if (_causeCells.TryGetValue((c, index), out var accumulator))
                    {
                        var own = accumulator.Build(robust: false);
                        for (var row = 0; row < own.Count; row++)
                        {
                            var at = Array.BinarySearch(table.Times, own.Times[row]);
                            events[at] += own.Events[row];
                            causeEvents[at] += own.Events[row];
                            if (weights is not null) weights.Events[at] += own.Weights?.Events[row] ?? own.Events[row];
                        }
                    }
                    perCause[causes.IndexOf(label)] = EventTable.FromCounts(table.Times, events, new int[table.Count], new int[table.Count], weights?.Take(table.Count));
                }
                for (var row = 0; row < table.Count; row++)
                {
                    if (causeEvents[row] != table.Events[row]) throw new InputRuleException("cause", InputRules.CauseForEveryEventRequirement);
                }
                byCause[strata.IndexOf(stratum) * groups.Length + groups.IndexOf(group)] = perCause;
            }
            var none = Enumerable.Repeat(EventTable.Empty, causes.Length).ToArray();
            for (var cell = 0; cell < byCause.Length; cell++) byCause[cell] ??= none;
            return byCause;
        }

        /// <summary>The subjects kept as rows, as they arrive.</summary>
        private sealed class RowList
        {
            private readonly List<int> _cell = [], _cause = [];
            private readonly List<double> _time = [], _entry = [], _weight = [];
            private readonly List<bool> _event = [];
            private readonly List<string?> _id = [];
            private bool _entries, _weights, _ids;

            public void Add(int cell, SubjectRow subject)
            {
                _cell.Add(cell);
                _cause.Add(subject.IsEvent ? subject.Cause : -1);
                _time.Add(subject.Time);
                // Without an entry time a subject is at risk from 0, as the table counts it.
                _entry.Add(subject.Entry ?? 0);
                _weight.Add(subject.Weight ?? 1);
                _event.Add(subject.IsEvent);
                _id.Add(subject.Id);
                _entries |= subject.Entry is not null;
                _weights |= subject.Weight is not null;
                _ids |= subject.Id is not null;
            }

            /// <summary>The rows coded as the table codes its groups, strata and causes.</summary>
            public CohortRows Build(
                List<(string Group, string Stratum)> cellLabels, ImmutableArray<string> groups, ImmutableArray<string> strata, int[] causeOrder)
            {
                var survival = _entries
                    ? SurvivalData.Create([.. _entry], [.. _time], [.. _event])
                    : SurvivalData.Create([.. _time], [.. _event]);
                if (_weights) survival = survival.WithWeights([.. _weight]);
                var groupOf = cellLabels.Select(c => groups.IndexOf(c.Group)).ToArray();
                var stratumOf = cellLabels.Select(c => strata.IndexOf(c.Stratum)).ToArray();
                // A row without an id is a subject of its own.
                var ids = _ids ? Factor.Create([.. _id.Select((id, row) => id ?? $"\u0000{row}")]) : null;
                return new CohortRows(
                    survival,
                    new Factor(groups, [.. _cell.Select(c => groupOf[c])]),
                    new Factor(strata, [.. _cell.Select(c => stratumOf[c])]),
                    ids,
                    [.. _cause.Select(c => c < 0 ? -1 : causeOrder[c])]);
            }
        }

        private static ImmutableArray<string> SortedLabels(IEnumerable<string> labels) =>
            [.. labels.Distinct(StringComparer.Ordinal).Order(Factor.LevelOrder)];
    }
}
