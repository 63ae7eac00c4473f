namespace Survival.Core.MetaAnalysis;

/// <summary>One study's estimate on the scale it is pooled on (a log hazard ratio, a log median), with its standard error.</summary>
/// <param name="Label">The study's name.</param>
/// <param name="Estimate">y_i, finite.</param>
/// <param name="StdError">√v_i, finite and > 0.</param>
public sealed record StudyEstimate(string Label, double Estimate, double StdError)
{
    /// <summary>What a study's standard error must be.</summary>
    public const string StdErrorRequirement = "must be a finite number > 0: every pooled study needs its standard error";

    /// <summary>v_i = se².</summary>
    public double Variance => StdError * StdError;

    /// <summary>The estimate on its ratio scale with its Wald interval: exp(y), exp(y ∓ z·se).</summary>
    /// <remarks>The interval papers print for a hazard ratio or a median; the inverse of <see cref="StdErrorFromInterval"/>.</remarks>
    public (double Ratio, double Lower, double Upper) RatioInterval(Inference.ConfidenceLevel level)
    {
        ArgumentNullException.ThrowIfNull(level);
        return (Math.Exp(Estimate), Math.Exp(Estimate - level.Z * StdError), Math.Exp(Estimate + level.Z * StdError));
    }

    /// <summary>The standard error of a log estimate from its confidence interval: (ln upper − ln lower)/(2z).</summary>
    /// <remarks>The inverse of the Wald interval exp(y ± z·se) that papers print for hazard ratios and, on the log scale, medians.</remarks>
    public static double StdErrorFromInterval(double lower, double upper, Inference.ConfidenceLevel level)
    {
        ArgumentNullException.ThrowIfNull(level);
        return (Math.Log(upper) - Math.Log(lower)) / (2 * level.Z);
    }
}
