namespace Survival.Client;

/// <summary>Which columns of a table hold what; a subject has either a time or a start and an end date.</summary>
public sealed record CohortColumns
{
    /// <summary>The follow-up time column; leave null when the table gives dates.</summary>
    public string? Time { get; init; }

    /// <summary>
    /// The event column: 1/0, true/false or yes/no (1 = event observed, 0 = censored). Null when <see cref="Cause"/>
    /// tells the events: every subject whose cause is not censored had one.
    /// </summary>
    public string? Event { get; init; }

    /// <summary>
    /// The value of <see cref="Event"/> that marks an event, every other non-empty value a censoring (an empty cell is
    /// refused); null reads 1/0, true/false or yes/no (see <see cref="EventCodes"/>).
    /// </summary>
    public string? EventValue { get; init; }

    /// <summary>
    /// The column of competing causes: for an event, which one happened (for example "pcm" or "death"). A subject whose
    /// cause is <see cref="CensoredCause"/> was censored; without <see cref="Event"/> that is how censoring is told.
    /// </summary>
    public string? Cause { get; init; }

    /// <summary>The value of <see cref="Cause"/> that marks a censored subject; null for an empty cell or 0.</summary>
    public string? CensoredCause { get; init; }

    /// <summary>Whether a cause cell marks a censored subject.</summary>
    public bool IsCensoredCause(string? cell) =>
        CensoredCause is null ? string.IsNullOrWhiteSpace(cell) || cell.Trim() == "0" : (cell ?? "").Trim() == CensoredCause;

    /// <summary>The delayed-entry column: the time at which each subject came under observation (left truncation), before its time.</summary>
    public string? Entry { get; init; }

    /// <summary>The group column, if the cohort is to be split into groups.</summary>
    public string? Group { get; init; }

    /// <summary>The stratum column, for stratified comparisons.</summary>
    public string? Stratum { get; init; }

    /// <summary>The subject identifier column (sent, never logged by the server).</summary>
    public string? Id { get; init; }

    /// <summary>The start-of-follow-up date column (ISO 8601), with <see cref="EndDate"/> instead of <see cref="Time"/>.</summary>
    public string? StartDate { get; init; }

    /// <summary>The event or last-follow-up date column (ISO 8601).</summary>
    public string? EndDate { get; init; }

    /// <summary>Column of case weights (R's <c>weights =</c>), each a finite number &gt; 0; null for none.</summary>
    public string? Weight { get; init; }

    /// <summary>
    /// Interval censoring: the column of left ends (the last assessment without the event; empty or 0 when the first
    /// assessment already showed it), with <see cref="IntervalRight"/> instead of a time and an event.
    /// </summary>
    public string? IntervalLeft { get; init; }

    /// <summary>The column of right ends (the first assessment that showed the event; empty when none did, right-censored).</summary>
    public string? IntervalRight { get; init; }

    /// <summary>Interval censoring from dates: the date of the last assessment without the event (with <see cref="StartDate"/>; empty: the start).</summary>
    public string? LastNegativeScan { get; init; }

    /// <summary>The date of the first assessment that showed the event (with <see cref="StartDate"/>; empty: not seen, right-censored).</summary>
    public string? FirstPositiveScan { get; init; }

    /// <summary>Whether the subjects are given by intervals (ends or scan dates) rather than by a time and an event.</summary>
    public bool GivesIntervals => IntervalLeft is not null || IntervalRight is not null || LastNegativeScan is not null || FirstPositiveScan is not null;

    /// <summary>Numeric covariate columns, read into <c>Subject.covariates</c> for a Cox model.</summary>
    public IReadOnlyList<string> Covariates { get; init; } = [];

    /// <summary>Factor columns, read into <c>Subject.factors</c> for a Cox model.</summary>
    public IReadOnlyList<string> Factors { get; init; } = [];
}
