using MathNet.Numerics;

namespace Survival.Core.External;

/// <summary>
/// A log-normal reference in R's parametrisation (<c>plnorm(t, meanlog, sdlog)</c>): S₀(t) = 1 − Φ((ln t − μ)/σ),
/// Λ₀(t) = −ln S₀(t).
/// </summary>
public sealed record LogNormalReference : IReferenceCurve
{
    /// <exception cref="InputRuleException">μ is not finite, or σ not finite and > 0.</exception>
    public LogNormalReference(double meanLog, double sdLog)
    {
        if (!double.IsFinite(meanLog)) throw new InputRuleException("meanlog", "must be a finite number");
        ReferenceRules.CheckPositive(sdLog, "sdlog");
        (MeanLog, SdLog) = (meanLog, sdLog);
    }

    /// <summary>μ, the mean of log time (the median is e^μ).</summary>
    public double MeanLog { get; }

    /// <summary>σ, the standard deviation of log time.</summary>
    public double SdLog { get; }

    /// <inheritdoc />
    /// <remarks>1 − Φ(z) = erfc(z/√2)/2, which keeps its relative precision far in the upper tail.</remarks>
    public double CumulativeHazard(double time) =>
        time <= 0 ? 0 : -Math.Log(SpecialFunctions.Erfc((Math.Log(time) - MeanLog) / (SdLog * Math.Sqrt(2))) / 2);
}
