namespace Survival.Core.Parametric;

/// <summary>What is known of one subject's event time: the four contributions to a parametric likelihood.</summary>
/// <remarks>
/// As R's <c>Surv(type = "interval")</c> codes them: exact, log f(t); right-censored, log S(t); left-censored,
/// log F(t) = log(1 − S(t)); interval-censored in (l, r], log(S(l) − S(r)). With delayed entry e each is divided by
/// S(e) (left truncation), adding −log S(e).
/// </remarks>
public enum CensoringKind
{
    /// <summary>The event was observed at the time.</summary>
    Exact,

    /// <summary>The event happens after the time (R's status 0).</summary>
    RightCensored,

    /// <summary>The event happened at or before the time (R's status 2).</summary>
    LeftCensored,

    /// <summary>The event happened in (lower, upper] (R's status 3).</summary>
    Interval,
}
