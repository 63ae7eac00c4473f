using Survival.Service.Validation;
using Survival.V1;
using Survival.Core;
using Survival.Core.CompetingRisks;
using Survival.Core.Counting;
using Survival.Core.Cox;
using Survival.Core.IntervalCensoring;

namespace Survival.Service.Mapping;

/// <summary>
/// Checks and counts a cohort in one pass, in any of its three forms (subjects, packed columns, count rows) and over
/// any number of messages of a stream: each subject or row goes straight into the counting table, so a streamed cohort
/// is never held whole. Every violation is reported by its field path, positions counted over the whole stream.
/// </summary>
internal sealed class CohortReader(string path = "cohort")
{
    /// <summary>A bound on group × stratum labels of one columns message, so that its lookup table stays small.</summary>
    public const int MaxLabelCombinations = 1 << 22;

    private readonly CountingTable.Builder _builder = new();
    private readonly Dictionary<string, string> _groupFields = new(StringComparer.Ordinal);
    private readonly List<FieldPath> _emptyStratumFields = [];
    private long _subjectsRead, _columnsRead, _countsRead, _subjectTotal;
    private string? _timeUnit;
    private bool _givesDates;
    private string? _dataField;
    private string? _causeField, _eventWithoutCauseField, _countEntryField;
    // The first field that gives a delayed entry or a case weight: interval-censored data take neither.
    private string? _entryField, _weightField;
    private IntervalCohortReader? _intervals;

    /// <summary>The reader of the cohort's interval-censored subjects and rows, created with the first of them.</summary>
    private IntervalCohortReader Intervals => _intervals ??= new IntervalCohortReader();

    /// <summary>Reads one message's cohort; nothing is added once a violation has been found.</summary>
    public void Read(Cohort? cohort, FieldViolations violations)
    {
        if (cohort is null) return;
        var forms = (cohort.Subjects.Count > 0 ? 1 : 0) + (cohort.Columns is null ? 0 : 1) + (cohort.Counts.Count > 0 ? 1 : 0);
        if (forms > 1)
        {
            violations.Add(path, "must give exactly one of subjects, columns or counts");
            return;
        }
        ReadTimeUnit(cohort.TimeUnit, violations);
        if (NeedsRows(cohort)) _builder.KeepRows();

        if (cohort.Subjects.Count > 0) ReadSubjects(cohort, violations);
        else if (cohort.Columns is { } columns) ReadColumns(columns, violations);
        else if (cohort.Counts.Count > 0) ReadCounts(cohort, violations);
    }

    /// <summary>The cohort read so far; null, with the violation recorded, when it has no subject or any violation was found.</summary>
    public CohortData? Finish(FieldViolations violations)
    {
        if (_subjectTotal + (_intervals?.Subjects ?? 0) == 0 && !violations.Any)
            violations.Add(_dataField ?? $"{path}.subjects", "must contain at least one subject");
        if (_causeField is not null && _eventWithoutCauseField is not null)
            violations.Add(_eventWithoutCauseField, $"{InputRules.CauseForEveryEventRequirement}; {_causeField} names one");
        if (_causeField is not null && _countEntryField is not null)
            violations.Add(_causeField, $"{CombinationRules.CausesWithEntriesInCountRows.Requirement}; {_countEntryField} is one");
        if (_intervals is not null && (_causeField ?? _entryField ?? _countEntryField ?? _weightField) is { } excluded)
            violations.Add(excluded, $"{CombinationRules.IntervalsWithEntryWeightsOrCauses.Requirement}; {_intervals.FirstField} gives an interval");
        if (violations.Any) return null;
        var unit = _timeUnit ?? "";
        try
        {
            if (_intervals is not null) return FinishIntervals(unit.Length == 0 && _givesDates ? "days" : unit);
            return new CohortData(_builder.Build(), unit.Length == 0 && _givesDates ? "days" : unit, _dataField!, _groupFields, _emptyStratumFields);
        }
        catch (InputRuleException rule)
        {
            // Count rows may be each valid and inconsistent together (more entries than subjects who leave later).
            violations.Add(rule.Input == "weight" && _dataField!.EndsWith(".columns", StringComparison.Ordinal) ? $"{_dataField}.weight" : _dataField!,
                $"{rule.Input} {rule.Requirement}");
            return null;
        }
    }

    /// <summary>
    /// An interval-censored cohort: its own table, the subjects counted by time and event joined to it, and as the
    /// counting table every group rule reads, the same subjects with each interval at its right end.
    /// </summary>
    private CohortData FinishIntervals(string unit)
    {
        var intervals = _intervals!.Build(_subjectTotal > 0 ? _builder.Build() : null);
        return new CohortData(IntervalImputation.ToCountingTable(intervals, Core.IntervalCensoring.ImputationRule.RightPoint), unit, _dataField!, _groupFields, _emptyStratumFields)
        {
            Intervals = intervals,
        };
    }

    /// <summary>The first unit given holds for the whole stream, unless dates were already read in days, the default.</summary>
    private void ReadTimeUnit(string unit, FieldViolations violations)
    {
        if (unit.Length > 0 && (_timeUnit is null || (_timeUnit.Length == 0 && !_givesDates))) _timeUnit = unit;
        else if (unit.Length > 0 && unit != _timeUnit)
            violations.Add($"{path}.time_unit", $"must be empty or \"{_timeUnit}\", the unit of the stream's earlier messages");
        _timeUnit ??= "";
    }

    private void ReadSubjects(Cohort cohort, FieldViolations violations)
    {
        var subjectsField = $"{path}.subjects";
        _dataField ??= subjectsField;
        var unitKnown = SubjectTimes.TryParseUnit(_timeUnit!, out var unit);
        for (var i = 0; i < cohort.Subjects.Count; i++)
        {
            var subject = cohort.Subjects[i];
            var field = new FieldPath(subjectsField, _subjectsRead + i);
            if (IntervalCohortReader.GivesInterval(subject))
            {
                NoteCell(subject.Group, subject.Stratum, $"{field}.group", field with { Suffix = ".stratum" });
                Intervals.ReadSubject(subject, field, violations);
                if (violations.IsFull) break;
                continue;
            }
            if (subject.HasEntryTime) _entryField ??= $"{field}.entry_time";
            if (subject.HasWeight) _weightField ??= $"{field}.weight";
            double? time = null;
            if (SubjectTimes.GivesDates(subject))
            {
                if (!_givesDates && !unitKnown) violations.Add($"{path}.time_unit", SubjectTimes.UnitRequirement);
                _givesDates = true;
                if (subject.HasTime) violations.Add(field.ToString(), "gives both a time and dates; give one or the other");
                else if (CheckDates(subject, field, violations) && unitKnown) time = SubjectTimes.Resolve(subject, unit);
            }
            else if (!subject.HasTime) violations.Add($"{field}.time", $"is required (or start_date and end_date) and {InputRules.TimeRequirement}");
            else time = subject.Time;
            var values = time is { } t
                ? CheckSubject(t, subject.HasEntryTime ? subject.EntryTime : null, subject.HasWeight ? subject.Weight : null, subject.Event, subject.Cause,
                    new ValueFields(subjectsField, _subjectsRead + i, PerColumn: false), violations)
                : null;
            if (violations.IsFull) break;
            if (violations.Any) continue;

            NoteCell(subject.Group, subject.Stratum, $"{field}.group", field with { Suffix = ".stratum" });
            AddSubject(_builder.Cell(subject.Group, subject.Stratum), values!.Value, subject.Id, field with { Suffix = ".cause" });
        }
        _subjectsRead += cohort.Subjects.Count;
    }

    /// <summary>Whether both dates parse and the end is not before the start; each violation recorded.</summary>
    private static bool CheckDates(Subject subject, FieldPath field, FieldViolations violations)
    {
        var hasStart = SubjectTimes.TryParseDate(subject.StartDate, out var start);
        var hasEnd = SubjectTimes.TryParseDate(subject.EndDate, out var end);
        if (!hasStart) violations.Add($"{field}.start_date", SubjectTimes.DateRequirement);
        if (!hasEnd) violations.Add($"{field}.end_date", SubjectTimes.DateRequirement);
        if (hasStart && hasEnd && end < start) violations.Add($"{field}.end_date", InputRules.EndDateRequirement);
        return hasStart && hasEnd && end >= start;
    }

    private void ReadColumns(SubjectColumns columns, FieldViolations violations)
    {
        var field = $"{path}.columns";
        _dataField ??= field;
        if (IntervalCohortReader.GivesInterval(columns))
        {
            var intervalCells = new Dictionary<(int, int), int>();
            Intervals.ReadColumns(columns, field, (group, stratum, _, position) =>
            {
                if (!intervalCells.TryGetValue((group, stratum), out var cell)) intervalCells.Add((group, stratum), cell = ColumnsCell(columns, group, stratum, position, Intervals.Cell));
                return cell;
            }, violations);
            return;
        }
        if (columns.EntryTime.Count > 0) _entryField ??= $"{field}.entry_time";
        if (columns.Weight.Count > 0) _weightField ??= $"{field}.weight";
        var n = columns.Time.Count;
        CheckLength("event", columns.Event.Count, n, field, violations, required: true);
        CheckLength("group", columns.Group.Count, n, field, violations, required: false);
        CheckLength("stratum", columns.Stratum.Count, n, field, violations, required: false);
        CheckLength("entry_time", columns.EntryTime.Count, n, field, violations, required: false);
        CheckLength("cause", columns.Cause.Count, n, field, violations, required: false);
        CheckLength("weight", columns.Weight.Count, n, field, violations, required: false);
        CheckLength("id", columns.Id.Count, n, field, violations, required: false);
        var groupLabels = columns.Group.Count == 0 ? 1 : columns.GroupLabels.Count;
        var stratumLabels = columns.Stratum.Count == 0 ? 1 : columns.StratumLabels.Count;
        if ((long)groupLabels * stratumLabels > MaxLabelCombinations)
            violations.Add($"{field}.group_labels", $"times stratum_labels must be at most {MaxLabelCombinations} combinations");
        if (violations.Any) return;

        var cells = new int[groupLabels * stratumLabels];
        Array.Fill(cells, -1);
        var causeField = $"{field}.cause";
        var (delayed, weighted) = (columns.EntryTime.Count > 0, columns.Weight.Count > 0);
        for (var i = 0; i < n; i++)
        {
            var position = _columnsRead + i;
            var group = columns.Group.Count == 0 ? 0 : columns.Group[i];
            if (group >= groupLabels) violations.Add($"{field}.group[{position}]", $"must index group_labels: below {columns.GroupLabels.Count}");
            var stratum = columns.Stratum.Count == 0 ? 0 : columns.Stratum[i];
            if (stratum >= stratumLabels) violations.Add($"{field}.stratum[{position}]", $"must index stratum_labels: below {columns.StratumLabels.Count}");
            var causeLabel = CauseLabel(columns, i, new FieldPath(causeField, position), violations);
            var values = CheckSubject(columns.Time[i], delayed ? columns.EntryTime[i] : null, weighted ? columns.Weight[i] : null, columns.Event[i],
                causeLabel ?? "", new ValueFields(field, position, PerColumn: true), violations);
            if (violations.IsFull) break;
            if (violations.Any) continue;

            var slot = (int)stratum * groupLabels + (int)group;
            if (cells[slot] < 0) cells[slot] = ColumnsCell(columns, (int)group, (int)stratum, position, _builder.Cell);
            AddSubject(cells[slot], values!.Value, columns.Id.Count > 0 ? columns.Id[i] : "",
                columns.Cause.Count > 0 ? new FieldPath(causeField, position) : new FieldPath(causeField));
        }
        _columnsRead += n;
    }

    /// <summary>The cause label of column subject <paramref name="i"/>: empty without a cause column; null, with the violation, when its index is bad.</summary>
    private static string? CauseLabel(SubjectColumns columns, int i, FieldPath field, FieldViolations violations)
    {
        if (columns.Cause.Count == 0) return "";
        if (columns.Cause[i] >= columns.CauseLabels.Count)
        {
            violations.Add(field.ToString(), $"must index cause_labels: below {columns.CauseLabels.Count}");
            return null;
        }
        return columns.CauseLabels[(int)columns.Cause[i]];
    }

    /// <summary>
    /// The counting table's index of an event's cause (−1 for none, and for a censored subject), noting the first field
    /// that names a cause and the first event without one, which cannot be mixed.
    /// </summary>
    private int Cause(bool isEvent, string? label, FieldPath field)
    {
        if (!isEvent) return -1;
        if (string.IsNullOrEmpty(label))
        {
            _eventWithoutCauseField ??= field.ToString();
            return -1;
        }
        _causeField ??= field.ToString();
        return _builder.Cause(label);
    }

    /// <summary>The cell of a (group, stratum) index pair of a columns message, noting the fields that name it.</summary>
    private int ColumnsCell(SubjectColumns columns, int group, int stratum, long position, Func<string, string, int> cellOf)
    {
        var field = $"{path}.columns";
        var groupLabel = columns.Group.Count == 0 ? "" : columns.GroupLabels[group];
        var stratumLabel = columns.Stratum.Count == 0 ? "" : columns.StratumLabels[stratum];
        NoteGroup(groupLabel, columns.Group.Count == 0 ? $"{field}.group" : $"{field}.group_labels[{group}]");
        if (stratumLabel.Length == 0) NoteEmptyStratum(columns.Stratum.Count == 0 ? new FieldPath($"{field}.stratum") : new FieldPath($"{field}.stratum", position));
        return cellOf(groupLabel, stratumLabel);
    }

    /// <summary>A column must have one value per time; the violation names the shorter of the two.</summary>
    private static void CheckLength(string name, int count, int times, string field, FieldViolations violations, bool required)
    {
        if (count == times || (!required && count == 0)) return;
        if (count < times) violations.Add($"{field}.{name}", $"has {count} values but time has {times}: give one per subject{(required ? "" : " or none")}");
        else violations.Add($"{field}.time", $"has {times} values but {name} has {count}: give one per subject");
    }

    private void ReadCounts(Cohort cohort, FieldViolations violations)
    {
        var countsField = $"{path}.counts";
        _dataField ??= countsField;
        for (var i = 0; i < cohort.Counts.Count; i++)
        {
            var row = cohort.Counts[i];
            string Field() => new FieldPath(countsField, _countsRead + i).ToString();
            if (IntervalCohortReader.GivesInterval(row))
            {
                NoteCell(row.Group, row.Stratum, $"{Field()}.group", new FieldPath(countsField, _countsRead + i, ".stratum"));
                Intervals.ReadCount(row, new FieldPath(countsField, _countsRead + i), violations);
                if (violations.IsFull) break;
                continue;
            }
            CheckTime(row.Time, new ValueFields(countsField, _countsRead + i, PerColumn: false), violations);
            if (!InputRules.IsCount(row.Events)) violations.Add($"{Field()}.events", InputRules.CountRequirement);
            if (!InputRules.IsCount(row.Censored)) violations.Add($"{Field()}.censored", InputRules.CountRequirement);
            if (!InputRules.IsCount(row.Entered)) violations.Add($"{Field()}.entered", InputRules.CountRequirement);
            if (violations.IsFull) break;
            if (violations.Any || row.Events + row.Censored + row.Entered == 0) continue;

            NoteCell(row.Group, row.Stratum, $"{Field()}.group", new FieldPath(countsField, _countsRead + i, ".stratum"));
            if (row.Entered > 0) _countEntryField ??= $"{Field()}.entered";
            var cause = row.Events > 0 ? Cause(isEvent: true, row.Cause, new FieldPath(countsField, _countsRead + i, ".cause")) : -1;
            _builder.AddCount(_builder.Cell(row.Group, row.Stratum), row.Time, row.Events, row.Censored, row.Entered, cause);
            _subjectTotal += row.Events + row.Censored;
        }
        _countsRead += cohort.Counts.Count;
        if (_subjectTotal > int.MaxValue) violations.Add($"{path}.counts", $"may count at most {int.MaxValue} subjects in all");
    }

    /// <summary>
    /// Whether the estimates may need each subject's row beside the counting table (<see cref="CountingTable.Builder.KeepRows"/>):
    /// with entry times, case weights or ids, the robust variances need a subject's entry and exit together.
    /// </summary>
    private static bool NeedsRows(Cohort cohort) =>
        cohort.Columns is { } columns
            ? columns.EntryTime.Count + columns.Weight.Count + columns.Id.Count > 0
            : cohort.Subjects.Any(s => s.HasEntryTime || s.HasWeight || s.Id.Length > 0);

    private const string CensoredCauseRequirement = "must be empty for a censored subject (event false): a cause names the event that happened";

    /// <summary>One subject's values once its rules hold, whichever form gave them.</summary>
    private readonly record struct SubjectValues(double Time, double? Entry, double? Weight, bool Event, string Cause);

    /// <summary>
    /// How a form names the field of subject <paramref name="Index"/>'s value: <c>cohort.subjects[i].time</c>, or per
    /// column <c>cohort.columns.time[i]</c>. Built only for a violation, so a valid subject costs no string.
    /// </summary>
    private readonly record struct ValueFields(string Prefix, long Index, bool PerColumn)
    {
        public string Of(string name) => PerColumn ? $"{Prefix}.{name}[{Index}]" : $"{Prefix}[{Index}].{name}";
    }

    /// <summary>
    /// The rules of one subject's values, the same for a subject and for a row of columns: a time, an entry before it, a
    /// cause only for an event, a weight; <paramref name="fields"/> names a value's field as the form gives it. Every
    /// broken rule is recorded; null when one is.
    /// </summary>
    private static SubjectValues? CheckSubject(
        double time, double? entry, double? weight, bool isEvent, string cause, ValueFields fields, FieldViolations violations)
    {
        var holds = CheckTime(time, fields, violations);
        if (holds && entry is { } e && !InputRules.IsEntryTime(e, time)) holds = Broken(fields.Of("entry_time"), InputRules.EntryTimeRequirement, violations);
        if (cause.Length > 0 && !isEvent) holds = Broken(fields.Of("cause"), CensoredCauseRequirement, violations);
        if (weight is { } w && !InputRules.IsWeight(w)) holds = Broken(fields.Of("weight"), InputRules.WeightRequirement, violations);
        return holds ? new SubjectValues(time, entry, weight, isEvent, cause) : null;
    }

    /// <summary>The rule of a time, of a subject, a row of columns or a count row.</summary>
    private static bool CheckTime(double time, ValueFields fields, FieldViolations violations) =>
        InputRules.IsTime(time) || Broken(fields.Of("time"), InputRules.TimeRequirement, violations);

    private static bool Broken(string field, string requirement, FieldViolations violations)
    {
        violations.Add(field, requirement);
        return false;
    }

    /// <summary>Counts a subject whose values hold into <paramref name="cell"/>.</summary>
    private void AddSubject(int cell, SubjectValues values, string id, FieldPath causeField)
    {
        _builder.AddSubject(cell, new SubjectRow(values.Time, values.Event)
        {
            Entry = values.Entry,
            Weight = values.Weight,
            Cause = Cause(values.Event, values.Cause, causeField),
            Id = id.Length > 0 ? id : null,
        });
        _subjectTotal++;
    }

    /// <summary>Notes the fields that first name a subject's group and, while there is room, its empty stratum.</summary>
    private void NoteCell(string group, string stratum, string groupField, FieldPath stratumField)
    {
        if (!_groupFields.ContainsKey(group)) NoteGroup(group, groupField);
        if (stratum.Length == 0) NoteEmptyStratum(stratumField);
    }

    private void NoteGroup(string label, string field) => _groupFields.TryAdd(label, field);

    private bool NotesEmptyStrata => _emptyStratumFields.Count < FieldViolations.MaxReported;

    private void NoteEmptyStratum(FieldPath field)
    {
        if (NotesEmptyStrata) _emptyStratumFields.Add(field);
    }
}
