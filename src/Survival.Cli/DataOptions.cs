using System.CommandLine;
using Survival.Client;

namespace Survival.Cli;

/// <summary>The options naming where the subjects are and which columns hold what, shared by <c>analyze</c> and <c>sql</c>.</summary>
internal sealed class DataOptions
{
    public Option<string?> Time { get; } = new("--time") { Description = "column of follow-up times" };
    public Option<string?> Entry { get; } = new("--entry") { Description = "column of delayed-entry times (left truncation): each subject is at risk from its entry to its time" };
    public Option<string?> Event { get; } = new("--event") { Description = "column of event indicators: 1/0, true/false, yes/no, or 1/2 as R reads it (2 = event); other codes with --event-value" };
    public Option<string?> Group { get; } = new("--group") { Description = "column of group labels" };
    public Option<string?> Stratum { get; } = new("--stratum") { Description = "column of strata, for stratified tests" };
    public Option<string?> Start { get; } = new("--start") { Description = "column of start dates (YYYY-MM-DD), with --end instead of --time" };
    public Option<string?> End { get; } = new("--end") { Description = "column of event or last-follow-up dates (YYYY-MM-DD)" };
    public Option<string> Unit { get; } = new("--unit") { Description = "time unit: days, weeks, months or years (dates default to days)", DefaultValueFactory = _ => "" };
    public Option<string?> Table { get; } = new("--table") { Description = "database table (or schema.table) with one row per subject" };
    public Option<string?> Query { get; } = new("--query") { Description = "SQL query returning one row per subject, instead of --table" };
    public Option<string?> EventValue { get; } = new("--event-value") { Description = "the value of the event column that marks an event (for example 2, dead or relapse), every other value being censored" };
    public Option<string?> Cause { get; } = new("--cause") { Description = "column of competing causes (for example pcm or death); without --event, a censored subject's cause is --censored-cause" };
    public Option<string?> CensoredCause { get; } = new("--censored-cause") { Description = "the value of the cause column that marks a censored subject (default: empty or 0)" };

    public Option<string?> Left { get; } = new("--left") { Description = "interval censoring: column of left ends, the last assessment without the event (empty or 0: the event by the right end); with --right instead of --time and --event" };
    public Option<string?> Right { get; } = new("--right") { Description = "interval censoring: column of right ends, the first assessment that showed the event (empty or Inf: not seen, right-censored)" };
    public Option<string?> LastNegativeScan { get; } = new("--last-negative-scan") { Description = "interval censoring from dates: column of the last scan without the event (YYYY-MM-DD; empty: the start), with --start and --first-positive-scan" };
    public Option<string?> FirstPositiveScan { get; } = new("--first-positive-scan") { Description = "interval censoring from dates: column of the first scan that showed the event (empty: not seen, right-censored)" };

    /// <summary>Case weights need one row per subject, so only <c>analyze</c> of a CSV or TSV file takes them.</summary>
    public Option<string?> Weight { get; } = new("--weight") { Description = "column of case weights (R's weights =), each > 0; CSV or TSV files only" };

    public IEnumerable<Option> All => [Time, Entry, Event, Group, Stratum, Start, End, Unit, Table, Query, EventValue, Cause, CensoredCause, Left, Right, LastNegativeScan, FirstPositiveScan];

    /// <summary>Whether the subjects are given by intervals (ends or scan dates) rather than by a time and an event.</summary>
    public bool GivesIntervals(ParseResult parse) =>
        new[] { Left, Right, LastNegativeScan, FirstPositiveScan }.Any(option => parse.GetValue(option) is not null);

    /// <summary>The time unit; dates without one are counted in days, as the service counts them.</summary>
    public string TimeUnit(ParseResult parse) =>
        parse.GetValue(Unit) is { Length: > 0 } unit ? unit : parse.GetValue(Start) is not null ? "days" : "";

    public CohortColumns Columns(ParseResult parse, string? id = null) => new()
    {
        Time = parse.GetValue(Time),
        Entry = parse.GetValue(Entry),
        Event = parse.GetValue(Event),
        EventValue = parse.GetValue(EventValue),
        Cause = parse.GetValue(Cause),
        CensoredCause = parse.GetValue(CensoredCause),
        Group = parse.GetValue(Group),
        Stratum = parse.GetValue(Stratum),
        Id = id,
        StartDate = parse.GetValue(Start),
        EndDate = parse.GetValue(End),
        Weight = parse.GetValue(Weight),
        IntervalLeft = parse.GetValue(Left),
        IntervalRight = parse.GetValue(Right),
        LastNegativeScan = parse.GetValue(LastNegativeScan),
        FirstPositiveScan = parse.GetValue(FirstPositiveScan),
    };

    /// <summary>The aggregation of the named table or query; the unit has been checked by <see cref="Validate"/>.</summary>
    public CountQuery CountQuery(ParseResult parse)
    {
        TryParseUnit(TimeUnit(parse), out var unit);
        return new CountQuery
        {
            Table = parse.GetValue(Table), Query = parse.GetValue(Query), Columns = Columns(parse), Unit = unit, EventValue = parse.GetValue(EventValue),
        };
    }

    /// <summary>Rules the parser cannot state: an event (or cause) column, a time or two dates, and a unit of days where dates give the time.</summary>
    public void Validate(System.CommandLine.Parsing.CommandResult result, bool needsTable)
    {
        if (new[] { Left, Right, LastNegativeScan, FirstPositiveScan }.Any(option => result.GetValue(option) is not null))
        {
            ValidateIntervals(result, needsTable);
            return;
        }
        if (result.GetValue(Event) is null && result.GetValue(Cause) is null) result.AddError("--event is required (or --cause, whose censored value marks the censored)");
        if (result.GetValue(CensoredCause) is not null && result.GetValue(Cause) is null) result.AddError("--censored-cause needs --cause");
        if (result.GetValue(EventValue) is not null && result.GetValue(Event) is null) result.AddError("--event-value needs --event, the column whose value it names");
        if ((result.GetValue(Time) is null) == (result.GetValue(Start) is null || result.GetValue(End) is null))
            result.AddError("give either --time or both --start and --end");
        if (result.GetValue(Start) is not null && !TryParseUnit(result.GetValue(Unit) ?? "", out _))
            result.AddError("--unit must be days, weeks, months or years when times come from dates");
        if (needsTable && (result.GetValue(Table) is null) == (result.GetValue(Query) is null))
            result.AddError("give either --table or --query");
    }

    /// <summary>Interval censoring: two ends, or a start date and the scan dates; nothing of the time-and-event form.</summary>
    private void ValidateIntervals(System.CommandLine.Parsing.CommandResult result, bool needsTable)
    {
        var fromDates = result.GetValue(LastNegativeScan) is not null || result.GetValue(FirstPositiveScan) is not null;
        if (fromDates && (result.GetValue(Left) ?? result.GetValue(Right)) is not null)
            result.AddError("give either --left and --right or the scan dates, not both");
        else if (fromDates && (result.GetValue(Start) is null || result.GetValue(FirstPositiveScan) is null))
            result.AddError("scan dates need --start and --first-positive-scan (and --last-negative-scan unless the last scan without the event is the start)");
        else if (!fromDates && (result.GetValue(Left) is null || result.GetValue(Right) is null))
            result.AddError("give both --left and --right");
        foreach (var option in new[] { Time, Event, End, Entry, Cause, CensoredCause, EventValue })
            if (result.GetValue(option) is not null) result.AddError($"{option.Name} does not go with interval censoring (--left/--right or scan dates)");
        if (fromDates && !TryParseUnit(result.GetValue(Unit) ?? "", out _))
            result.AddError("--unit must be days, weeks, months or years when times come from dates");
        if (needsTable && (result.GetValue(Table) is null) == (result.GetValue(Query) is null))
            result.AddError("give either --table or --query");
    }

    private static bool TryParseUnit(string text, out Core.TimeUnit unit)
    {
        var name = text.Trim().ToLowerInvariant();
        unit = Core.TimeUnit.Days;
        return name.Length == 0 || Enum.TryParse(name.EndsWith('s') ? name : name + "s", ignoreCase: true, out unit);
    }
}
