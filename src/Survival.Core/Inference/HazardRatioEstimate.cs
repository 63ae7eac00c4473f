namespace Survival.Core.Inference;

/// <summary>A hazard ratio with its confidence interval; all null, with a reason, where not estimable.</summary>
/// <param name="HazardRatio">The estimate.</param>
/// <param name="Lower">The lower confidence limit.</param>
/// <param name="Upper">The upper confidence limit.</param>
/// <param name="NotEstimableReason">Why the estimate is absent; null when it is present.</param>
public sealed record HazardRatioEstimate(double? HazardRatio, double? Lower, double? Upper, string? NotEstimableReason)
{
    /// <summary>exp(log HR ± z·se).</summary>
    internal static HazardRatioEstimate FromLog(double logHazardRatio, double stdError, ConfidenceLevel level) => new(
        Math.Exp(logHazardRatio),
        Math.Exp(logHazardRatio - level.Z * stdError),
        Math.Exp(logHazardRatio + level.Z * stdError),
        null);

    internal static HazardRatioEstimate NotEstimable(string reason) => new(null, null, null, reason);
}
