namespace Survival.Core;

/// <summary>
/// The rules every input to the estimators must meet, with the sentence that says what is allowed.
/// Estimators enforce them at their boundary; a transport layer may check them first to name the offending field.
/// Rules about combinations of inputs are in <see cref="CombinationRules"/>.
/// </summary>
public static class InputRules
{
    /// <summary>What a survival time must be.</summary>
    public const string TimeRequirement = "must be a finite number ≥ 0";

    /// <summary>What a confidence level must be.</summary>
    public const string ConfidenceLevelRequirement = "must be strictly between 0 and 1 (0 means the default 0.95)";

    /// <summary>What a quantile probability must be.</summary>
    public const string ProbabilityRequirement = "must be strictly between 0 and 1";

    /// <summary>What a landmark time must be.</summary>
    public const string LandmarkTimeRequirement = "must be a finite number ≥ 0";

    /// <summary>What the RMST truncation time must be.</summary>
    public const string TauRequirement = "must be a finite number > 0";

    /// <summary>What an end date must be.</summary>
    public const string EndDateRequirement = "must not be before start_date";

    /// <summary>How many groups a comparison needs.</summary>
    public const string GroupCountRequirement = "a comparison needs at least two groups";

    /// <summary>What a reference or control group must be.</summary>
    public const string GroupLabelRequirement = "must be one of the group labels";

    /// <summary>What a Fleming–Harrington exponent p or q must be.</summary>
    public const string FlemingHarringtonExponentRequirement = "must be a finite number ≥ 0";

    /// <summary>What trend scores must be.</summary>
    public const string TrendScoresRequirement = "must be empty (scores 1, 2, …, k) or one finite score per group, not all equal";

    /// <summary>What a count of subjects in a count row must be.</summary>
    public const string CountRequirement = "must be a whole number from 0 to 2147483647";

    /// <summary>What a delayed entry time must be.</summary>
    public const string EntryTimeRequirement = "must be a finite number ≥ 0 and less than the subject's time (an event at entry is not estimable)";

    /// <summary>What the entry counts of a cell must be.</summary>
    public const string EntriesRequirement = "must count only subjects who leave later: at no time may more subjects have entered at or after it than leave after it";

    /// <summary>The rule for causes of events: all events name one, or none does (the single event of interest).</summary>
    public const string CauseForEveryEventRequirement =
        "must name the cause of every event once any event names one (an empty cause is the single event of interest, which cannot be mixed with competing causes)";

    /// <summary>What a case weight must be.</summary>
    public const string WeightRequirement = "must be a finite number > 0";

    /// <summary>Where a simultaneous band may lie.</summary>
    public const string BandRangeRequirement =
        "must lie within the follow-up: from no earlier than the first death time, to no later than the last observed time before the curve reaches 0, and from ≤ to (each group needs a death with survivors after it)";

    /// <summary>How many Monte Carlo resamples may be asked for.</summary>
    public const string ResamplesRequirement = "must be a whole number from 1 to 10000000";

    /// <summary>What to do instead when the exact distribution is too large.</summary>
    public const string ExactTooLargeAdvice =
        "ask for the Monte Carlo distribution with a number of resamples (its standard error is reported), or coarser times";

    /// <summary>A Monte Carlo resample count.</summary>
    public static bool IsResampleCount(int resamples) => resamples is >= 1 and <= 10_000_000;

    /// <summary>What the left end of a censoring interval must be.</summary>
    public const string IntervalLeftRequirement =
        "must be a finite number ≥ 0: the last time the subject was known to be event-free (absent or 0: the event happened by interval_right)";

    /// <summary>What the right end of a censoring interval must be.</summary>
    public const string IntervalRightRequirement =
        "must be absent or +∞ (right-censored at interval_left) or a number ≥ interval_left: the first time the event was seen (equal to interval_left: observed exactly then)";

    /// <summary>Why a subject gives either an interval or a time, not both.</summary>
    public const string IntervalWithoutTimeRequirement =
        "must not be combined with time, event, start_date or end_date on one subject: give the event as an interval (interval_left, interval_right] or as a time";

    /// <summary>The left end of a censoring interval is a finite time ≥ 0.</summary>
    public static bool IsIntervalLeft(double left) => IsTime(left);

    /// <summary>The right end of a censoring interval is at or after its left end, +∞ for a right-censored subject.</summary>
    public static bool IsIntervalRight(double left, double right) => !double.IsNaN(right) && right >= left;

    /// <summary>A case weight is finite and positive.</summary>
    public static bool IsWeight(double weight) => double.IsFinite(weight) && weight > 0;

    /// <summary>A survival time is finite and not negative.</summary>
    public static bool IsTime(double time) => double.IsFinite(time) && time >= 0;

    /// <summary>An entry time is a time before the subject's own time.</summary>
    public static bool IsEntryTime(double entry, double time) => IsTime(entry) && entry < time;

    /// <summary>A count of subjects is not negative and fits the engine's 32-bit counts.</summary>
    public static bool IsCount(long count) => count is >= 0 and <= int.MaxValue;

    /// <summary>A confidence level lies in (0, 1).</summary>
    public static bool IsConfidenceLevel(double level) => level > 0 && level < 1;

    /// <summary>A quantile probability lies in (0, 1).</summary>
    public static bool IsProbability(double probability) => probability > 0 && probability < 1;

    /// <summary>A landmark time is finite and not negative.</summary>
    public static bool IsLandmarkTime(double time) => IsTime(time);

    /// <summary>The RMST truncation time is finite and positive.</summary>
    public static bool IsTau(double tau) => double.IsFinite(tau) && tau > 0;

    /// <summary>A Fleming–Harrington exponent is finite and not negative.</summary>
    public static bool IsFlemingHarringtonExponent(double exponent) => double.IsFinite(exponent) && exponent >= 0;

    /// <summary>Trend scores are absent (the default 1..k) or one finite value per group, not all equal (equal scores test nothing).</summary>
    public static bool AreTrendScores(IReadOnlyList<double> scores, int groupCount) =>
        scores.Count == 0 || (scores.Count == groupCount && scores.All(double.IsFinite) && scores.Distinct().Count() > 1);

    // ---- Study planning (Survival.Core.Design) ----

    /// <summary>How many sides a planned test has.</summary>
    public const string SidesRequirement = "must be 1 or 2 (0 means 1)";

    /// <summary>What a hazard ratio of a plan must be.</summary>
    public const string HazardRatioRequirement = "must be a finite number > 0 and not 1: a hazard ratio of 1 is no effect, which no number of patients can detect";

    /// <summary>What a hazard of a planned curve must be.</summary>
    public const string HazardRequirement = "must be finite numbers > 0, one per piece";

    /// <summary>What the starts of the pieces of a piecewise-exponential curve must be.</summary>
    public const string PieceStartsRequirement = "must start at 0 and increase, one start per hazard";

    /// <summary>What a median of a planned curve must be.</summary>
    public const string MedianRequirement = "must be a finite number > 0";

    /// <summary>What the accrual must be.</summary>
    public const string AccrualRequirement = "must be one or more finite times > 0 in increasing order (the end of each accrual piece; the last is the accrual period)";

    /// <summary>What the relative accrual intensities must be.</summary>
    public const string AccrualIntensityRequirement = "must be empty (uniform) or one finite number ≥ 0 per accrual piece, not all 0";

    /// <summary>What a planned allocation ratio must be.</summary>
    public const string AllocationRequirement = "must be a finite number > 0 (patients on treatment per patient on control; 0 means 1)";

    /// <summary>What a dropout rate must be.</summary>
    public const string DropoutRateRequirement = "must be ≥ 0 and < 1 (the share of an arm lost by dropout_time)";

    /// <summary>What a planned follow-up must be.</summary>
    public const string FollowUpRequirement = "must be a finite number ≥ 0 (the shortest follow-up, after the last patient enters)";

    /// <summary>What a planned number of events must be.</summary>
    public const string EventsRequirement = "must be a finite number > 0";

    /// <summary>What a planned number of patients must be.</summary>
    public const string PatientsRequirement = "must be a finite number > 0";

    /// <summary>Patients too few for the events.</summary>
    public const string PatientsForEventsRequirement =
        "must be more than the events divided by the share of patients whose event is ever observed (with dropout, not every patient's event is)";

    /// <summary>What a power calculation needs.</summary>
    public const string PowerInputsRequirement = "or patients with follow_up must be given for the power";

    /// <summary>What a Weibull shape must be.</summary>
    public const string ShapeRequirement = "must be a finite number > 0 (1: exponential)";

    /// <summary>What a reference cohort must be.</summary>
    public const string ReferenceCohortRequirement = "must be unweighted right-censored subjects without delayed entry to be a reference curve";

    /// <summary>A Kaplan–Meier median reference needs a median.</summary>
    public const string ReferenceMedianRequirement =
        "must reach survival 0.5 for its Kaplan–Meier median to be the reference; fit the exponential (events over time at risk) instead";

    /// <summary>A piecewise fit needs an event in each piece.</summary>
    public const string ReferencePieceRequirement = "must leave at least one event in each piece of the reference cohort";

    /// <summary>A rate, time or count of a plan is finite and positive.</summary>
    public static bool IsRate(double value) => double.IsFinite(value) && value > 0;

    /// <summary>A hazard ratio of a plan is finite, positive and not 1.</summary>
    public static bool IsHazardRatio(double ratio) => IsRate(ratio) && ratio != 1;

    /// <summary>A dropout rate lies in [0, 1).</summary>
    public static bool IsDropoutRate(double rate) => rate >= 0 && rate < 1;
}
