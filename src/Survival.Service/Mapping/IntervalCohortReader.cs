using Survival.Core;
using Survival.Core.Counting;
using Survival.Core.IntervalCensoring;
using Survival.Service.Validation;
using Survival.V1;

namespace Survival.Service.Mapping;

/// <summary>
/// Checks and counts the interval-censored part of a cohort — subjects with <c>interval_left</c>/<c>interval_right</c>,
/// columns of them, count rows with an interval and a count — into an <see cref="IntervalCountingTable"/>, naming every
/// violation by its field. <see cref="CohortReader"/> hands it these and, at the end, the subjects it counted by time and
/// event, which join as exact ([t, t]) and right-censored ((t, ∞)) intervals.
/// </summary>
internal sealed class IntervalCohortReader
{
    private readonly IntervalCountingTable.Builder _builder = new();
    private long _columnsRead;

    /// <summary>The first field that gave an interval, for messages about the cohort as a whole.</summary>
    public string? FirstField { get; private set; }

    /// <summary>Subjects counted.</summary>
    public long Subjects { get; private set; }

    public static bool GivesInterval(Subject subject) => subject.HasIntervalLeft || subject.HasIntervalRight;

    public static bool GivesInterval(SubjectColumns columns) => columns.IntervalLeft.Count > 0 || columns.IntervalRight.Count > 0;

    public static bool GivesInterval(CountRow row) => row.HasIntervalLeft || row.HasIntervalRight;

    /// <summary>Reads one subject given by its interval; nothing is added when it breaks a rule.</summary>
    public void ReadSubject(Subject subject, FieldPath field, FieldViolations violations)
    {
        FirstField ??= $"{field}.{(subject.HasIntervalLeft ? "interval_left" : "interval_right")}";
        var mixed = subject.HasTime ? "time" : subject.Event ? "event" : SubjectTimes.GivesDates(subject) ? "start_date" : null;
        if (mixed is not null)
        {
            violations.Add($"{field}.{mixed}", InputRules.IntervalWithoutTimeRequirement);
            return;
        }
        var other = subject.HasEntryTime ? "entry_time" : subject.HasWeight ? "weight" : subject.Cause.Length > 0 ? "cause" : null;
        if (other is not null)
        {
            violations.Add($"{field}.{other}", CombinationRules.IntervalsWithEntryWeightsOrCauses.Requirement);
            return;
        }
        var left = subject.HasIntervalLeft ? subject.IntervalLeft : 0;
        var right = subject.HasIntervalRight ? subject.IntervalRight : double.PositiveInfinity;
        if (!Check(left, right, $"{field}.interval_left", $"{field}.interval_right", violations)) return;
        _builder.Add(_builder.Cell(subject.Group, subject.Stratum), left, right);
        Subjects++;
    }

    /// <summary>Reads a columns message that gives intervals; nothing is added when some value breaks a rule.</summary>
    public void ReadColumns(SubjectColumns columns, string field, Func<int, int, int, long, int> cellOf, FieldViolations violations)
    {
        FirstField ??= $"{field}.interval_left";
        var n = columns.IntervalLeft.Count;
        if (columns.IntervalRight.Count != n)
            violations.Add($"{field}.interval_right", $"has {columns.IntervalRight.Count} values but interval_left has {n}: give one per subject (+Infinity for right-censored)");
        if (columns.Time.Count > 0 || columns.Event.Count > 0)
            violations.Add($"{field}.{(columns.Time.Count > 0 ? "time" : "event")}", "must be empty when interval_left and interval_right give the subjects' intervals");
        foreach (var (name, count) in new[] { ("entry_time", columns.EntryTime.Count), ("weight", columns.Weight.Count), ("cause", columns.Cause.Count) })
            if (count > 0) violations.Add($"{field}.{name}", CombinationRules.IntervalsWithEntryWeightsOrCauses.Requirement);
        foreach (var (name, count) in new[] { ("group", columns.Group.Count), ("stratum", columns.Stratum.Count) })
            if (count != 0 && count != n) violations.Add($"{field}.{name}", $"has {count} values but interval_left has {n}: give one per subject or none");
        if (violations.Any) return;

        var groupLabels = columns.Group.Count == 0 ? 1 : columns.GroupLabels.Count;
        var stratumLabels = columns.Stratum.Count == 0 ? 1 : columns.StratumLabels.Count;
        for (var i = 0; i < n; i++)
        {
            var position = _columnsRead + i;
            var group = columns.Group.Count == 0 ? 0 : columns.Group[i];
            var stratum = columns.Stratum.Count == 0 ? 0 : columns.Stratum[i];
            if (group >= groupLabels) violations.Add($"{field}.group[{position}]", $"must index group_labels: below {columns.GroupLabels.Count}");
            if (stratum >= stratumLabels) violations.Add($"{field}.stratum[{position}]", $"must index stratum_labels: below {columns.StratumLabels.Count}");
            var (left, right) = (columns.IntervalLeft[i], columns.IntervalRight[i]);
            Check(left, right, $"{field}.interval_left[{position}]", $"{field}.interval_right[{position}]", violations);
            if (violations.IsFull) break;
            if (violations.Any) continue;
            _builder.Add(cellOf((int)group, (int)stratum, groupLabels, position), left, right);
        }
        if (violations.Any) return;
        _columnsRead += n;
        Subjects += n;
    }

    /// <summary>The builder's cell of a (group, stratum) pair of labels.</summary>
    public int Cell(string group, string stratum) => _builder.Cell(group, stratum);

    /// <summary>Reads one count row that gives an interval.</summary>
    public void ReadCount(CountRow row, FieldPath field, FieldViolations violations)
    {
        FirstField ??= $"{field}.{(row.HasIntervalLeft ? "interval_left" : "interval_right")}";
        var mixed = row.Time != 0 ? "time" : row.Events != 0 ? "events" : row.Censored != 0 ? "censored" : row.Entered != 0 ? "entered" : row.Cause.Length > 0 ? "cause" : null;
        if (mixed is not null)
        {
            violations.Add($"{field}.{mixed}", "must be 0 or empty in a row that gives interval_left and interval_right: the row's subjects are counted by `count`");
            return;
        }
        if (!InputRules.IsCount(row.Count))
        {
            violations.Add($"{field}.count", InputRules.CountRequirement);
            return;
        }
        var left = row.HasIntervalLeft ? row.IntervalLeft : 0;
        var right = row.HasIntervalRight ? row.IntervalRight : double.PositiveInfinity;
        if (!Check(left, right, $"{field}.interval_left", $"{field}.interval_right", violations) || row.Count == 0) return;
        _builder.Add(_builder.Cell(row.Group, row.Stratum), left, right, row.Count);
        Subjects += row.Count;
    }

    /// <summary>The table of every interval read, with the subjects of <paramref name="plain"/> (counted by time and event) joined.</summary>
    public IntervalCountingTable Build(CountingTable? plain)
    {
        if (plain is not null)
        {
            for (var s = 0; s < plain.StratumCount; s++)
                for (var g = 0; g < plain.GroupCount; g++)
                {
                    var cell = _builder.Cell(plain.Groups[g], plain.Strata[s]);
                    var times = plain.Times(s, g);
                    var events = plain.Events(s, g);
                    var censored = plain.Censored(s, g);
                    for (var row = 0; row < times.Length; row++) _builder.AddTime(cell, times[row], events[row], censored[row]);
                }
        }
        return _builder.Build();
    }

    private static bool Check(double left, double right, string leftField, string rightField, FieldViolations violations)
    {
        if (!InputRules.IsIntervalLeft(left))
        {
            violations.Add(leftField, InputRules.IntervalLeftRequirement);
            return false;
        }
        if (!InputRules.IsIntervalRight(left, right))
        {
            violations.Add(rightField, InputRules.IntervalRightRequirement);
            return false;
        }
        return true;
    }
}
