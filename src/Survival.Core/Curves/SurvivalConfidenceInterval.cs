using Survival.Core.Inference;

namespace Survival.Core.Curves;

/// <summary>Pointwise confidence intervals for a survival probability under the five transformations of R's <c>survfit</c>.</summary>
public static class SurvivalConfidenceInterval
{
    /// <summary>The interval for S given σ = se(log S) (Greenwood) and the critical value z.</summary>
    /// <remarks>
    /// <code>
    /// Log      exp(log S ± zσ), upper capped at 1
    /// LogLog   exp(−exp(log(−log S) ± zσ/|log S|))  (lower takes +)              Kalbfleisch &amp; Prentice (1980)
    /// Plain    S ± zSσ, clipped to [0, 1]                                        Greenwood (1926)
    /// Logit    1 − 1/(1 + exp(log(S/(1−S)) ± zσ/(1−S)))
    /// Arcsine  sin²(arcsin √S ± ½zσ √(S/(1−S))), the angle kept within [0, π/2]    Borgan &amp; Liestøl (1990)
    /// </code>
    /// As in R, no bound is estimable where S = 0 (any transformation), or where S = 1 for the log-log, logit and
    /// arcsine transformations, whose scale is unbounded there; but where S = 0 with σ = 0 (the robust variance of a
    /// weighted curve that has reached 0) the plain interval is [0, 0], as R's.
    /// </remarks>
    public static ConfidenceInterval Compute(ConfidenceType type, double survival, double stdErrLog, double z)
    {
        // A curve at 0 with a known standard error 0 (the robust variance with case weights) has the plain interval [0, 0], as R's.
        if (survival <= 0 && stdErrLog == 0 && type == ConfidenceType.Plain) return new(0, 0);
        if (survival <= 0 || !double.IsFinite(stdErrLog)) return ConfidenceInterval.NotEstimable;
        if (survival >= 1 && type is ConfidenceType.LogLog or ConfidenceType.Logit or ConfidenceType.Arcsine)
            return ConfidenceInterval.NotEstimable;

        var width = z * stdErrLog;
        return type switch
        {
            ConfidenceType.Log => new(survival * Math.Exp(-width), Math.Min(1, survival * Math.Exp(width))),
            ConfidenceType.LogLog => LogLog(survival, width),
            ConfidenceType.Plain => new(Math.Max(0, survival - width * survival), Math.Min(1, survival + width * survival)),
            ConfidenceType.Logit => Logit(survival, width),
            ConfidenceType.Arcsine => Arcsine(survival, width),
            // The small-sample intervals read the whole curve: ConfidenceBand.Compute.
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a transformation of S and se(log S)"),
        };
    }

    private static ConfidenceInterval LogLog(double survival, double width)
    {
        var logMinusLog = Math.Log(-Math.Log(survival));
        var shift = width / -Math.Log(survival);
        return new(Math.Exp(-Math.Exp(logMinusLog + shift)), Math.Exp(-Math.Exp(logMinusLog - shift)));
    }

    private static ConfidenceInterval Logit(double survival, double width)
    {
        var logit = Math.Log(survival / (1 - survival));
        var shift = width / (1 - survival);
        return new(1 - 1 / (1 + Math.Exp(logit - shift)), 1 - 1 / (1 + Math.Exp(logit + shift)));
    }

    private static ConfidenceInterval Arcsine(double survival, double width)
    {
        var angle = Math.Asin(Math.Sqrt(survival));
        var shift = 0.5 * width * Math.Sqrt(survival / (1 - survival));
        var lower = Math.Sin(Math.Max(0, angle - shift));
        var upper = Math.Sin(Math.Min(Math.PI / 2, angle + shift));
        return new(lower * lower, upper * upper);
    }
}
