using Survival.Core.Inference;

namespace Survival.Plotting;

/// <summary>
/// A hazard ratio with its confidence interval, conventionally of the second group against the first (R's reference
/// level), printed as "HR 0.55 (95% CI 0.40–0.76)".
/// </summary>
/// <param name="Ratio">The estimate.</param>
/// <param name="Lower">The lower confidence limit.</param>
/// <param name="Upper">The upper confidence limit.</param>
public sealed record HazardRatioAnnotation(double Ratio, double Lower, double Upper)
{
    /// <summary>The level of the interval; 0.95 by default.</summary>
    public ConfidenceLevel Level { get; init; } = ConfidenceLevel.Default;

    /// <summary>The group whose hazard is the numerator, printed when both names are given.</summary>
    public string? Group { get; init; }

    /// <summary>The reference group, whose hazard is the denominator.</summary>
    public string? ReferenceGroup { get; init; }
}
