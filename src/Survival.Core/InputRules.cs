namespace Survival.Core;

/// <summary>
/// The rules every input to the estimators must meet, with the sentence that says what is allowed.
/// Estimators enforce them at their boundary; a transport layer may check them first to name the offending field.
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

    /// <summary>The rule against combining causes with case weights.</summary>
    public const string CauseWithoutWeightsRequirement =
        "cannot be combined with case weights (weight): the weighted Aalen–Johansen estimate and Gray's test are not implemented";

    /// <summary>The rule against combining causes with delayed entry.</summary>
    public const string CauseWithoutEntryRequirement =
        "cannot be combined with delayed entry (entry_time): the Aalen–Johansen standard errors need each subject's entry and exit together, which the counting table does not keep";
    /// <summary>What a case weight must be.</summary>
    public const string WeightRequirement = "must be a finite number > 0";

    /// <summary>Why weights that are not whole numbers cannot go with delayed entry.</summary>
    public const string WeightWithEntryRequirement =
        "must be whole numbers when subjects enter late: the robust variance R reports for other weights needs each subject's entry and exit together, which the counting table does not keep";

    /// <summary>Why the exact partial likelihood takes no weights.</summary>
    public const string ExactTiesWithWeightsRequirement =
        "must be Efron or Breslow with case weights: the exact partial likelihood takes none (R's coxph stops with \"Case weights are not supported for the exact method\")";

    /// <summary>Why the log-rank family is not run on weighted cohorts.</summary>
    public const string TestsWithWeightsRequirement =
        "must be empty or off when subjects have case weights: the log-rank family (R's survdiff) takes no weights; the weighted Cox model's score test is reported instead";

    /// <summary>What the left end of a censoring interval must be.</summary>
    public const string IntervalLeftRequirement =
        "must be a finite number ≥ 0: the last time the subject was known to be event-free (absent or 0: the event happened by interval_right)";

    /// <summary>What the right end of a censoring interval must be.</summary>
    public const string IntervalRightRequirement =
        "must be absent or +∞ (right-censored at interval_left) or a number ≥ interval_left: the first time the event was seen (equal to interval_left: observed exactly then)";

    /// <summary>Why a subject gives either an interval or a time, not both.</summary>
    public const string IntervalWithoutTimeRequirement =
        "must not be combined with time, event, start_date or end_date on one subject: give the event as an interval (interval_left, interval_right] or as a time";

    /// <summary>What interval-censored data cannot be combined with.</summary>
    public const string IntervalWithoutEntryWeightsCausesRequirement =
        "cannot be combined with delayed entry, case weights or competing causes: Turnbull's estimate and the interval-censored tests take none of them";

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
}
